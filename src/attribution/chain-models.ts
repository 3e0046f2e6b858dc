/**
 * Fits the window-level models, markov and shapley, on the distinct paths the SQL models
 * aggregated (int_attribution_chain_paths, int_attribution_unit_paths), with the bootstrap
 * intervals, and returns the rows of int_attribution_channel_weights and markov_transitions.
 * Only aggregated paths ever reach TypeScript. Definition: docs/attribution.md.
 */
import { Effect } from "effect"
import type { Config } from "../../schemas/config.ts"
import { profiled, type Row, type Statements } from "../duckdb/duckdb.ts"
import type { WarehouseError } from "../errors.ts"
import { bootstrapIntervals, unitsFromRows, type Fit, type ResamplingUnits, type ShareInterval } from "./bootstrap.ts"
import { removalEffects, transitionsOf } from "./markov.ts"
import { shapleyValues } from "./shapley.ts"
import { compileGraph, edgeCounts, type ChainPath } from "./transition-graph.ts"

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

export interface ChainSettings {
  readonly models: ReadonlyArray<ChainModel>
  readonly markovOrder: number
  readonly bootstrapResamples: number
  readonly seed: number
}

export const chainSettings = (attribution: Config["attribution"]): ChainSettings => ({
  models: attribution.models.filter((m): m is ChainModel => m === "markov" || m === "shapley"),
  markovOrder: attribution.markovOrder,
  bootstrapResamples: attribution.bootstrapResamples,
  seed: attribution.seed
})

const noInterval: ShareInterval = { low: Number.NaN, high: Number.NaN }
const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null)

/** The fit on distinct paths (index = path id) and, for the bootstrap, the paths of each unit. */
export const fitChains = (paths: ReadonlyArray<ChainPath>, units: ResamplingUnits, settings: ChainSettings): ChainFit => {
  const withMarkov = settings.models.includes("markov")
  const withShapley = settings.models.includes("shapley")
  if (!withMarkov && !withShapley) return { weights: [], transitions: [] }
  const markovGraph = compileGraph(paths, settings.markovOrder)
  const firstOrderGraph = settings.markovOrder === 1 ? markovGraph : compileGraph(paths, 1)
  const markovCounts = edgeCounts(markovGraph, markovGraph.pathCounts)
  const transitions = withMarkov
    ? transitionsOf(markovGraph, markovCounts).map((t) => ({
      from_state: t.from,
      to_state: t.to,
      transitions: t.transitions,
      probability: t.probability
    }))
    : []
  if (!paths.some((p) => p.converted && p.count > 0)) return { weights: [], transitions }

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
    ? bootstrapIntervals(units, paths.length, channels.length, fits.map((f) => f.fit), {
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

const channelList = (json: unknown): ReadonlyArray<string> => {
  const value: unknown = JSON.parse(String(json))
  return Array.isArray(value) ? value.map(String) : []
}

const toChainPath = (row: Row): ChainPath => ({
  channels: channelList(row["chain_path_json"]),
  converted: row["converted"] === true,
  count: Number(row["paths"])
})

/** Reads the aggregated paths from the warehouse and fits; a bootstrap needs the units too. */
export const fitChainModels = (db: Statements, settings: ChainSettings): Effect.Effect<ChainFit, WarehouseError> =>
  Effect.gen(function*() {
    if (settings.models.length === 0) return { weights: [], transitions: [] }
    const pathRows = yield* profiled("attribution fit: read paths", db.all(
      // the paths as JSON text: the client converts 100 k lists into arrays about twice as slowly
      "select path_id, to_json(chain_path)::varchar as chain_path_json, converted, paths from int_attribution_chain_paths order by path_id"
    ))
    const unitRows = settings.bootstrapResamples > 0
      ? yield* profiled("attribution fit: read units", db.all("select unit_id, path_id, paths from int_attribution_unit_paths order by unit_id, path_id"))
      : []
    const units = unitsFromRows(unitRows.map((r) => ({ unitId: Number(r["unit_id"]), pathId: Number(r["path_id"]), paths: Number(r["paths"]) })))
    return yield* profiled("attribution fit (TypeScript)", Effect.sync(() => fitChains(pathRows.map(toChainPath), units, settings)))
  })
