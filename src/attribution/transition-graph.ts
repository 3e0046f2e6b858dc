/**
 * The transition structure of an order-k Markov chain over attribution paths, compiled once
 * from the distinct paths so that a refit with other path weights (a bootstrap resample) only
 * adds up edge counts. States: start, conversion, null, and one transient state per observed
 * tuple of the last k channels (shorter at the start of a path). Consecutive repeats are
 * collapsed first, as the contract's Markov model asks. Definition: docs/attribution.md
 * ("Markov chain").
 */

import { byte, int, real } from "./typed-access.ts"

export interface ChainPath {
  readonly channels: ReadonlyArray<string>
  readonly converted: boolean
  /** How many paths have this sequence and outcome. */
  readonly count: number
}

export const START = 0
export const CONVERSION = 1
export const NULL_STATE = 2
export const FIRST_TRANSIENT = 3

export interface TransitionGraph {
  readonly order: number
  /** Channel names, sorted; a channel's index is its position here. */
  readonly channels: ReadonlyArray<string>
  /** Per state id, the channel indices of its tuple (empty for start, conversion and null). */
  readonly stateChannels: ReadonlyArray<ReadonlyArray<number>>
  /** Per channel index, 1 for every state whose tuple contains the channel. */
  readonly statesWithChannel: ReadonlyArray<Uint8Array>
  readonly edgeFrom: Int32Array
  readonly edgeTo: Int32Array
  /** Path p takes the edges pathEdges[pathOffsets[p] .. pathOffsets[p + 1]) (repeats included). */
  readonly pathOffsets: Int32Array
  readonly pathEdges: Int32Array
  /** The paths' own counts: the weights of a fit on the data as observed. */
  readonly pathCounts: Float64Array
}

/**
 * Paths with their channels as numbers, as the warehouse hands them over: path p's channels
 * are channels[steps[offsets[p]]], … up to offsets[p + 1], in any dictionary order. Every
 * dictionary entry must occur on some path (an unused one would be a channel of the chain with
 * no credit). Flat arrays, so that a worker thread receives them as copied memory and nothing
 * is parsed.
 */
export interface EncodedPaths {
  readonly channels: ReadonlyArray<string>
  readonly offsets: Int32Array
  readonly steps: Int32Array
  readonly converted: Uint8Array
  readonly counts: Float64Array
}

export const encodePaths = (paths: ReadonlyArray<ChainPath>): EncodedPaths => {
  const channels = [...new Set(paths.flatMap((p) => p.channels))]
  const index = new Map(channels.map((c, i) => [c, i]))
  const offsets = new Int32Array(paths.length + 1)
  paths.forEach((p, i) => {
    offsets[i + 1] = int(offsets, i) + p.channels.length
  })
  return {
    channels,
    offsets,
    steps: Int32Array.from(paths.flatMap((p) => p.channels.map((c) => index.get(c) ?? 0))),
    converted: Uint8Array.from(paths, (p) => (p.converted ? 1 : 0)),
    counts: Float64Array.from(paths, (p) => p.count)
  }
}

export const compileGraph = (paths: ReadonlyArray<ChainPath>, order: number): TransitionGraph => compileEncoded(encodePaths(paths), order)

/**
 * States and edges are numbered as the paths meet them, in path order, so the numbering (and
 * with it the order of every sum the solvers make) does not depend on how the paths were
 * encoded.
 */
export const compileEncoded = (paths: EncodedPaths, order: number): TransitionGraph => {
  const channels = [...paths.channels].sort()
  const n = Math.max(1, channels.length)
  const position = new Map(channels.map((c, i) => [c, i]))
  const channelOf = Int32Array.from(paths.channels, (c) => position.get(c) ?? 0)
  const stateChannels: Array<ReadonlyArray<number>> = [[], [], []]
  const stateIndex = new Map<string, number>()
  const stateOf = (tuple: ReadonlyArray<number>): number => {
    const key = tuple.join(",")
    const known = stateIndex.get(key)
    if (known !== undefined) return known
    stateChannels.push(tuple)
    stateIndex.set(key, stateChannels.length - 1)
    return stateChannels.length - 1
  }
  const edgeIndex = new Map<number, number>()
  const edgeFrom: Array<number> = []
  const edgeTo: Array<number> = []
  // states are numbered as they are met, so an edge's key needs room for any later state id
  const edgeOf = (from: number, to: number): number => {
    const key = from * 0x100000000 + to
    const known = edgeIndex.get(key)
    if (known !== undefined) return known
    edgeFrom.push(from)
    edgeTo.push(to)
    edgeIndex.set(key, edgeFrom.length - 1)
    return edgeFrom.length - 1
  }
  // The edge a step takes depends only on the state it leaves and the channel it enters (the
  // next state is the last `order` channels): looked up by number once a pair has been met.
  const stepEdge = new Map<number, number>()
  const edgeInto = (from: number, channel: number): number => {
    const key = from * n + channel
    const known = stepEdge.get(key)
    if (known !== undefined) return known
    const tuple = [...(stateChannels[from] ?? []), channel]
    const edge = edgeOf(from, stateOf(tuple.slice(Math.max(0, tuple.length - order))))
    stepEdge.set(key, edge)
    return edge
  }
  const pathCount = paths.offsets.length - 1
  const pathOffsets = new Int32Array(pathCount + 1)
  // at most a step per channel and one into conversion or null a path: sized once, as a list
  // of numbers grown by push held 8 bytes an edge besides (tens of MB at 30 M events)
  const pathEdges = new Int32Array(paths.steps.length + pathCount)
  let edgeCount = 0
  for (let p = 0; p < pathCount; p++) {
    let from = START
    let previous = -1
    for (let k = int(paths.offsets, p); k < int(paths.offsets, p + 1); k++) {
      const channel = int(channelOf, int(paths.steps, k))
      // consecutive repeats collapsed
      if (channel === previous) continue
      previous = channel
      const edge = edgeInto(from, channel)
      pathEdges[edgeCount++] = edge
      from = edgeTo[edge] ?? START
    }
    if (previous >= 0) pathEdges[edgeCount++] = edgeOf(from, byte(paths.converted, p) === 1 ? CONVERSION : NULL_STATE)
    pathOffsets[p + 1] = edgeCount
  }
  const statesWithChannel = channels.map((_, c) => Uint8Array.from(stateChannels, (tuple) => (tuple.includes(c) ? 1 : 0)))
  return {
    order,
    channels,
    stateChannels,
    statesWithChannel,
    edgeFrom: Int32Array.from(edgeFrom),
    edgeTo: Int32Array.from(edgeTo),
    pathOffsets,
    pathEdges: pathEdges.subarray(0, edgeCount),
    pathCounts: Float64Array.from(paths.counts)
  }
}

/** How many paths take each edge when path p carries weight weights[p]. */
export const edgeCounts = (graph: TransitionGraph, weights: Float64Array): Float64Array => {
  const counts = new Float64Array(graph.edgeFrom.length)
  const { pathOffsets, pathEdges } = graph
  for (let p = 0; p + 1 < pathOffsets.length; p++) {
    const w = real(weights, p)
    if (w === 0) continue
    const end = int(pathOffsets, p + 1)
    for (let k = int(pathOffsets, p); k < end; k++) {
      const e = int(pathEdges, k)
      counts[e] = real(counts, e) + w
    }
  }
  return counts
}

export const stateLabel = (graph: TransitionGraph, state: number): string => {
  if (state === START) return "start"
  if (state === CONVERSION) return "(conversion)"
  if (state === NULL_STATE) return "(null)"
  return (graph.stateChannels[state] ?? []).map((c) => graph.channels[c] ?? "").join(" > ")
}
