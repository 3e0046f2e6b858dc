/**
 * The Markov chain attribution model: an order-k chain fitted to converting and
 * non-converting paths (consecutive repeats collapsed), the removal effect of each channel
 * (every state containing it removed, transitions into those states sent to null) solved
 * exactly, and shares = removal effect / Σ removal effects. Works on distinct paths with counts.
 * Definition: docs/attribution.md ("Markov chain").
 */
import { conversionProbability, type Solver } from "./absorbing-chain.ts"
import { compileGraph, edgeCounts, stateLabel, type ChainPath, type TransitionGraph } from "./transition-graph.ts"

export interface MarkovChannel {
  readonly channel: string
  readonly removalEffect: number
  readonly share: number
}

export interface MarkovTransition {
  readonly from: string
  readonly to: string
  readonly transitions: number
  readonly probability: number
}

export interface MarkovResult {
  readonly order: number
  readonly conversionProbability: number
  /** Every channel of the chain, in name order. */
  readonly channels: ReadonlyArray<MarkovChannel>
  readonly transitions: ReadonlyArray<MarkovTransition>
}

export interface RemovalEffects {
  readonly conversionProbability: number
  readonly removalEffects: Float64Array
  readonly shares: Float64Array
}

/** Shares proportional to non-negative weights; all 0 when the weights are. */
export const normalise = (weights: Float64Array): Float64Array => {
  const total = weights.reduce((sum, w) => sum + w, 0)
  return weights.map((w) => (total > 0 ? w / total : 0))
}

/** Removal effects and shares of every channel of `graph` with the given edge counts. */
export const removalEffects = (graph: TransitionGraph, counts: Float64Array, solver: Solver = "auto"): RemovalEffects => {
  const p = conversionProbability(graph, counts, null, solver)
  const effects = Float64Array.from(graph.statesWithChannel, (removed) =>
    // removing a channel can only lower P; the clamp drops rounding noise of order 1e-16
    p > 0 ? Math.max(0, 1 - conversionProbability(graph, counts, removed, solver) / p) : 0
  )
  return { conversionProbability: p, removalEffects: effects, shares: normalise(effects) }
}

export const transitionsOf = (graph: TransitionGraph, counts: Float64Array): ReadonlyArray<MarkovTransition> => {
  const out = new Map<number, number>()
  graph.edgeFrom.forEach((from, e) => out.set(from, (out.get(from) ?? 0) + (counts[e] ?? 0)))
  return Array.from(graph.edgeFrom, (from, e) => {
    const transitions = counts[e] ?? 0
    const total = out.get(from) ?? 0
    return {
      from: stateLabel(graph, from),
      to: stateLabel(graph, graph.edgeTo[e] ?? 0),
      transitions,
      probability: total > 0 ? transitions / total : 0
    }
  }).filter((t) => t.transitions > 0)
}

export const markovAttribution = (paths: ReadonlyArray<ChainPath>, order: number, solver: Solver = "auto"): MarkovResult => {
  const graph = compileGraph(paths, order)
  const counts = edgeCounts(graph, graph.pathCounts)
  const fit = removalEffects(graph, counts, solver)
  return {
    order,
    conversionProbability: fit.conversionProbability,
    channels: graph.channels.map((channel, c) => ({
      channel,
      removalEffect: fit.removalEffects[c] ?? 0,
      share: fit.shares[c] ?? 0
    })),
    transitions: transitionsOf(graph, counts)
  }
}
