/**
 * The window-level models, markov and shapley, fitted on distinct paths with the bootstrap
 * intervals: the rows of int_attribution_channel_weights and markov_transitions. A pure
 * function of its inputs, kept apart from the warehouse code so a worker thread can run it
 * (chain-fit-worker.ts) without loading DuckDB or Effect. Definition: docs/attribution.md.
 */
import { bootstrapIntervals, type Fit, type ResamplingUnits, type ShareInterval } from "./bootstrap.ts"
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
 * each unit's paths. Typed arrays, so handing them to the worker thread copies flat memory
 * and nothing is parsed there.
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

const noInterval: ShareInterval = { low: Number.NaN, high: Number.NaN }
const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null)

/** The fit on distinct paths (index = path id) and, for the bootstrap, the paths of each unit. */
export const fitChains = (paths: EncodedPaths, units: ResamplingUnits, settings: ChainSettings): ChainFit => {
  const withMarkov = settings.models.includes("markov")
  const withShapley = settings.models.includes("shapley")
  if (!withMarkov && !withShapley) return { weights: [], transitions: [] }
  const markovGraph = compileEncoded(paths, settings.markovOrder)
  const firstOrderGraph = settings.markovOrder === 1 ? markovGraph : compileEncoded(paths, 1)
  const markovCounts = edgeCounts(markovGraph, markovGraph.pathCounts)
  const transitions = withMarkov
    ? transitionsOf(markovGraph, markovCounts).map((t) => ({
      from_state: t.from,
      to_state: t.to,
      transitions: t.transitions,
      probability: t.probability
    }))
    : []
  if (!paths.counts.some((count, p) => count > 0 && paths.converted[p] === 1)) return { weights: [], transitions }

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
  if (withMarkov) {
    fits.push({
      model: "markov",
      fit: (w, b) => removalEffects(markovGraph, markovGraph === firstOrderGraph ? firstOrderCounts(w, b) : edgeCounts(markovGraph, w)).shares
    })
  }
  if (withShapley) fits.push({ model: "shapley", fit: (w, b) => shapleyValues(firstOrderGraph, firstOrderCounts(w, b), shapleyOptions).shares })
  const channels = markovGraph.channels
  const intervals = settings.bootstrapResamples > 0
    ? bootstrapIntervals(units, paths.counts.length, channels.length, fits.map((f) => f.fit), {
      resamples: settings.bootstrapResamples,
      seed: settings.seed
    })
    : fits.map(() => channels.map(() => noInterval))
  const intervalOf = (model: ChainModel, c: number): ShareInterval =>
    intervals[fits.findIndex((f) => f.model === model)]?.[c] ?? noInterval

  const rowsOf = (model: ChainModel, shares: Float64Array, removal: Float64Array | null, stdErrors: Float64Array | null) =>
    channels.map((channel, c): ChannelWeightRow => {
      const interval = intervalOf(model, c)
      return {
        model,
        channel,
        share: shares[c] ?? 0,
        removal_effect: removal === null ? null : removal[c] ?? 0,
        share_low: orNull(interval.low),
        share_high: orNull(interval.high),
        share_std_error: stdErrors === null ? null : stdErrors[c] ?? 0
      }
    })
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
