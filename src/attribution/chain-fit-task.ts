/**
 * How the chain fit is split over worker threads (fitInWorker in chain-models.ts): the
 * bootstrap's resamples in contiguous ranges, one a thread, and the fit on the paths as
 * observed on the first. Each resample draws its own fixed share of the seed's random
 * numbers (bootstrap.ts), so the result is the same to the last bit on any number of threads.
 */
import type { ChainFit, ResampledShares } from "./chain-fit.ts"

export interface FitTask {
  /** Also fit the paths as observed (the shares and removal effects without intervals). */
  readonly point: boolean
  /** Resamples from .. to − 1. */
  readonly from: number
  readonly to: number
}

export interface FitShare {
  readonly point: ChainFit | null
  readonly resampled: ResampledShares | null
}

/** The tasks of `threads` threads for `resamples` resamples: ranges as even as whole resamples allow. */
export const fitTasks = (resamples: number, threads: number): ReadonlyArray<FitTask> => {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`a fit needs a whole number of threads, at least 1, not ${threads}`)
  const n = Math.max(1, Math.min(threads, resamples))
  return Array.from({ length: n }, (_, i) => ({
    point: i === 0,
    from: Math.floor((resamples * i) / n),
    to: Math.floor((resamples * (i + 1)) / n)
  }))
}
