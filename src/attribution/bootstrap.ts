/**
 * The bootstrap over customers for the markov and shapley shares: each resample draws as many
 * units (customers; a conversion without a customer is its own unit) as there are, with
 * replacement, each carrying all its converting and non-converting paths, and refits. The
 * paths are already aggregated per unit to distinct path ids, so a resample only adds up path
 * counts. share_low / share_high are the 5th and 95th percentiles of a channel's resampled
 * shares (linear interpolation). Definition: docs/attribution.md ("Uncertainty").
 */
import { randomIndex, seededRandom } from "./seeded-random.ts"
import { int, real } from "./typed-access.ts"

export interface ResamplingUnits {
  /** Unit u holds the paths pathIds[offsets[u] .. offsets[u + 1]), pathCounts[k] of each. */
  readonly offsets: Int32Array
  readonly pathIds: Int32Array
  readonly pathCounts: Float64Array
}

export interface ShareInterval {
  readonly low: number
  readonly high: number
}

/**
 * Shares per channel index from a weight per distinct path. `resample` numbers the resamples, so
 * fits of one resample can share work derived from the same weights.
 */
export type Fit = (pathWeights: Float64Array, resample: number) => Float64Array

const at = (a: ArrayLike<number>, i: number): number => a[i] ?? 0

/** The p-quantile of ascending `sorted` by linear interpolation (numpy's default, Excel's PERCENTILE.INC). */
export const percentile = (sorted: ArrayLike<number>, p: number): number => {
  if (sorted.length === 0) return Number.NaN
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return at(sorted, lo) + (h - lo) * (at(sorted, hi) - at(sorted, lo))
}

/** Units from columns of (unit_id, path_id, paths) ordered by unit_id, unit ids 0..n−1. */
export const unitsFromColumns = (unitIds: Int32Array, pathIds: Int32Array, pathCounts: Float64Array): ResamplingUnits => {
  const unitCount = unitIds.reduce((max, u) => Math.max(max, u + 1), 0)
  const offsets = new Int32Array(unitCount + 1)
  for (const u of unitIds) offsets[u + 1] = int(offsets, u + 1) + 1
  for (let u = 0; u < unitCount; u++) offsets[u + 1] = int(offsets, u + 1) + int(offsets, u)
  return { offsets, pathIds, pathCounts }
}

/**
 * For each fit, per channel index, its shares in resamples `from` .. `to` − 1 of the seed's
 * sequence (element b − from). Every resample draws exactly as many random numbers as there are
 * units, so resample b's draws are the same whichever range it is computed in: ranges computed
 * apart (on several threads) and put together in order equal one range computed whole.
 */
export const resampledShares = (
  units: ResamplingUnits,
  distinctPaths: number,
  channels: number,
  fits: ReadonlyArray<Fit>,
  options: { readonly seed: number; readonly from: number; readonly to: number }
): Array<Array<Float64Array>> => {
  const { offsets, pathIds, pathCounts } = units
  const unitCount = offsets.length - 1
  const count = Math.max(0, options.to - options.from)
  const random = seededRandom(options.seed, options.from * unitCount)
  const draws = fits.map(() => Array.from({ length: channels }, () => new Float64Array(count)))
  const weights = new Float64Array(distinctPaths)
  const drawn = new Int32Array(unitCount)
  for (let b = options.from; b < options.from + count; b++) {
    // Count how often each unit is drawn, then add each unit's paths once, times that count:
    // one pass in unit order instead of a jump per draw. Counts are whole numbers, so the
    // weights are exactly those of adding draw by draw.
    drawn.fill(0)
    for (let d = 0; d < unitCount; d++) {
      const u = randomIndex(random, unitCount)
      drawn[u] = int(drawn, u) + 1
    }
    weights.fill(0)
    for (let u = 0; u < unitCount; u++) {
      const times = int(drawn, u)
      if (times === 0) continue
      const end = int(offsets, u + 1)
      for (let k = int(offsets, u); k < end; k++) {
        const path = int(pathIds, k)
        weights[path] = real(weights, path) + times * real(pathCounts, k)
      }
    }
    fits.forEach((fit, f) => {
      const shares = fit(weights, b)
      draws[f]?.forEach((channelDraws, c) => {
        channelDraws[b - options.from] = real(shares, c)
      })
    })
  }
  return draws
}

/** The 90 % interval (5th and 95th percentile) of each channel's resampled shares. */
export const intervalsOf = (draws: ReadonlyArray<ReadonlyArray<Float64Array>>): ReadonlyArray<ReadonlyArray<ShareInterval>> =>
  draws.map((perChannel) =>
    perChannel.map((values) => {
      const sorted = Float64Array.from(values).sort()
      return { low: percentile(sorted, 0.05), high: percentile(sorted, 0.95) }
    })
  )

/**
 * For each fit, per channel index, the 90 % interval of its share over `resamples` resamples
 * (the same resamples for every fit). `channels` is the length of the fits' share vectors.
 */
export const bootstrapIntervals = (
  units: ResamplingUnits,
  distinctPaths: number,
  channels: number,
  fits: ReadonlyArray<Fit>,
  options: { readonly resamples: number; readonly seed: number }
): ReadonlyArray<ReadonlyArray<ShareInterval>> =>
  intervalsOf(resampledShares(units, distinctPaths, channels, fits, { seed: options.seed, from: 0, to: options.resamples }))
