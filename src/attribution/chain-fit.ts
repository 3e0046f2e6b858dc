/**
 * The window-level models, markov and shapley, fitted on distinct paths with the bootstrap
 * intervals: the rows of int_attribution_channel_weights and markov_transitions. A pure
 * function of its inputs, kept apart from the warehouse code so a worker thread can run it
 * (chain-fit-worker.ts) without loading DuckDB or Effect. Definition: docs/attribution.md.
 */
import { intervalsOf, resampledShares, type Fit, type ResamplingUnits } from "./bootstrap.ts"
import { removalEffects, transitionsOf } from "./markov.ts"
import { shapleyValues } from "./shapley.ts"
import { compileEncoded, edgeCounts, type EncodedPaths } from "./transition-graph.ts"

export type ChainModel = "markov" | "shapley"

export interface ChannelWeightRow {
  readonly model: ChainModel
  readonly channel: string
  readonly share: number
  readonly removal_effect: number | null
  readonly share_low: number | null
  readonly share_high: number | null
  readonly share_std_error: number | null
}

export interface TransitionRow {
  readonly from_state: string
  readonly to_state: string
  readonly transitions: number
  readonly probability: number
}

export interface ChainFit {
  readonly weights: ReadonlyArray<ChannelWeightRow>
  readonly transitions: ReadonlyArray<TransitionRow>
}

/**
 * The fit's inputs as the warehouse gives them: the distinct paths (index = path id), their
 * channels as numbers, whether each converted and how many took it; and, for the bootstrap,
 * each unit's paths. Typed arrays, so a worker thread parses nothing; the warehouse's are in
 * shared memory (chain-models.ts), so handing them to the threads copies nothing either.
 */
export interface ChainInputs {
  readonly paths: EncodedPaths
  readonly units: ResamplingUnits
}

export interface ChainSettings {
  readonly models: ReadonlyArray<ChainModel>
  readonly markovOrder: number
  readonly bootstrapResamples: number
  readonly seed: number
}

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null)

/**
 * The shares of a range of bootstrap resamples (resampledShares in bootstrap.ts), per model in
 * `models`' order, per channel in the fit's channel order: draws[m][c][b − from].
 */
export interface ResampledShares {
  readonly from: number
  readonly to: number
  readonly models: ReadonlyArray<ChainModel>
  readonly draws: ReadonlyArray<ReadonlyArray<Float64Array>>
}

/** The fit's chains on the paths as observed, and a refit for any path weights. */
export type ChainModels = ReturnType<typeof chainModels>

export const chainModels = (paths: EncodedPaths, settings: ChainSettings) => {
  const markovGraph = compileEncoded(paths, settings.markovOrder)
  const firstOrderGraph = settings.markovOrder === 1 ? markovGraph : compileEncoded(paths, 1)
  const shapleyOptions = { seed: settings.seed }
  // Both models of an order-1 fit read the same first-order edge counts: count them once a resample.
  let countedResample = -1
  let resampleCounts: Float64Array = new Float64Array(0)
  const firstOrderCounts = (weights: Float64Array, resample: number): Float64Array => {
    if (resample !== countedResample) {
      resampleCounts = edgeCounts(firstOrderGraph, weights)
      countedResample = resample
    }
    return resampleCounts
  }
  const fits: Array<{ readonly model: ChainModel; readonly fit: Fit }> = []
  if (settings.models.includes("markov")) {
    fits.push({
      model: "markov",
      fit: (w, b) => removalEffects(markovGraph, markovGraph === firstOrderGraph ? firstOrderCounts(w, b) : edgeCounts(markovGraph, w)).shares
    })
  }
  if (settings.models.includes("shapley")) fits.push({ model: "shapley", fit: (w, b) => shapleyValues(firstOrderGraph, firstOrderCounts(w, b), shapleyOptions).shares })
  return { markovGraph, firstOrderGraph, shapleyOptions, fits }
}

const converts = (paths: EncodedPaths): boolean => paths.counts.some((count, p) => count > 0 && paths.converted[p] === 1)

/**
 * The shares of bootstrap resamples `from` .. `to` − 1 (of the seed's sequence): what a thread
 * of a fit split over several computes (fitInWorker). None when no path converts.
 */
export const resampleChains = (
  paths: EncodedPaths,
  units: ResamplingUnits,
  settings: ChainSettings,
  from: number,
  to: number,
  models: ChainModels = chainModels(paths, settings)
): ResampledShares => {
  if (!converts(paths)) return { from, to, models: [], draws: [] }
  return {
    from,
    to,
    models: models.fits.map((f) => f.model),
    draws: resampledShares(units, paths.counts.length, models.markovGraph.channels.length, models.fits.map((f) => f.fit), { seed: settings.seed, from, to })
  }
}

/**
 * The fit on the paths as observed, without intervals: the shares, the removal effects, the
 * Shapley standard errors and the transitions.
 */
export const pointFit = (paths: EncodedPaths, settings: ChainSettings, models?: ChainModels): ChainFit => {
  const withMarkov = settings.models.includes("markov")
  const withShapley = settings.models.includes("shapley")
  if (!withMarkov && !withShapley) return { weights: [], transitions: [] }
  const { markovGraph, firstOrderGraph, shapleyOptions } = models ?? chainModels(paths, settings)
  const markovCounts = edgeCounts(markovGraph, markovGraph.pathCounts)
  const transitions = withMarkov
    ? transitionsOf(markovGraph, markovCounts).map((t) => ({
      from_state: t.from,
      to_state: t.to,
      transitions: t.transitions,
      probability: t.probability
    }))
    : []
  if (!converts(paths)) return { weights: [], transitions }
  const channels = markovGraph.channels
  const rowsOf = (model: ChainModel, shares: Float64Array, removal: Float64Array | null, stdErrors: Float64Array | null) =>
    channels.map((channel, c): ChannelWeightRow => ({
      model,
      channel,
      share: shares[c] ?? 0,
      removal_effect: removal === null ? null : removal[c] ?? 0,
      share_low: null,
      share_high: null,
      share_std_error: stdErrors === null ? null : stdErrors[c] ?? 0
    }))
  const weights: Array<ChannelWeightRow> = []
  if (withMarkov) {
    const fit = removalEffects(markovGraph, markovCounts)
    weights.push(...rowsOf("markov", fit.shares, fit.removalEffects, null))
  }
  if (withShapley) {
    const firstOrderCounts = firstOrderGraph === markovGraph ? markovCounts : edgeCounts(firstOrderGraph, firstOrderGraph.pathCounts)
    const fit = shapleyValues(firstOrderGraph, firstOrderCounts, shapleyOptions)
    weights.push(...rowsOf("shapley", fit.shares, null, fit.shareStdErrors))
  }
  return { weights, transitions }
}

/**
 * The point fit with each share's interval from the resamples, given in ranges that together
 * are resamples 0 .. n − 1 (in any order); none, or none with draws: no intervals.
 */
export const withIntervals = (fit: ChainFit, parts: ReadonlyArray<ResampledShares>): ChainFit => {
  const ordered = [...parts].filter((p) => p.models.length > 0).sort((a, b) => a.from - b.from)
  if (ordered.length === 0) return fit
  ordered.forEach((p, i) => {
    const expected = i === 0 ? 0 : ordered[i - 1]?.to
    if (p.from !== expected) throw new Error(`the bootstrap's resample ranges do not join up: one starts at ${p.from}, not ${expected ?? "?"}`)
  })
  const models = ordered[0]?.models ?? []
  // per model, per channel: the draws of every range, in resample order
  const draws = models.map((_, m) =>
    (ordered[0]?.draws[m] ?? []).map((_, c) => {
      const all = new Float64Array(ordered.reduce((n, p) => n + (p.to - p.from), 0))
      let at = 0
      for (const p of ordered) {
        const part = p.draws[m]?.[c] ?? new Float64Array(0)
        all.set(part, at)
        at += part.length
      }
      return all
    }))
  const intervals = intervalsOf(draws)
  const position = new Map<ChainModel, number>()
  return {
    ...fit,
    weights: fit.weights.map((row) => {
      const m = models.indexOf(row.model)
      const c = position.get(row.model) ?? 0
      position.set(row.model, c + 1)
      const interval = m < 0 ? undefined : intervals[m]?.[c]
      return interval === undefined ? row : { ...row, share_low: orNull(interval.low), share_high: orNull(interval.high) }
    })
  }
}

/** The fit on distinct paths (index = path id) and, for the bootstrap, the paths of each unit, on this thread. */
export const fitChains = (paths: EncodedPaths, units: ResamplingUnits, settings: ChainSettings): ChainFit =>
  withIntervals(
    pointFit(paths, settings),
    settings.bootstrapResamples > 0 && settings.models.length > 0 ? [resampleChains(paths, units, settings, 0, settings.bootstrapResamples)] : []
  )
