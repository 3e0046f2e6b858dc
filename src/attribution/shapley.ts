/**
 * The Shapley attribution model, as the contract defines it: the players are the channels and
 * the worth v(S) of a coalition S is P(conversion) in the first-order chain (consecutive
 * repeats collapsed) when only the channels in S exist, transitions into any other channel
 * going to null; v(∅) = 0. Shares = φ / v(all).
 *
 * v(S) is read off by state elimination: eliminating a channel's state folds every route
 * through it into its predecessors' transitions (subtraction-free, as in the GTH algorithm),
 * and once the channels of S are eliminated, the entry start → conversion is exactly the
 * probability of reaching conversion through S alone. Coalitions share work: up to
 * `exactLimit` channels every S is reached from S minus its last channel by one elimination
 * (a depth-first walk over all 2ⁿ coalitions); beyond it, each sampled permutation eliminates
 * its channels in order and yields every marginal contribution along the way.
 * Definition: docs/attribution.md ("Shapley").
 */
import { randomIndex, seededRandom } from "./seeded-random.ts"
import { byte, int, real } from "./typed-access.ts"
import { compileGraph, CONVERSION, edgeCounts, NULL_STATE, START, type ChainPath, type TransitionGraph } from "./transition-graph.ts"

export const defaultExactLimit = 15
export const defaultPermutations = 2000

export interface ShapleyOptions {
  readonly seed: number
  /** Exact over all coalitions up to this many channels, sampled beyond. */
  readonly exactLimit?: number
  readonly permutations?: number
}

export interface ShapleyValues {
  /** v(all channels). */
  readonly worth: number
  readonly exact: boolean
  /** φ per channel index (Σ φ = worth). */
  readonly values: Float64Array
  /** Standard error of φ per channel index (0 when exact). */
  readonly stdErrors: Float64Array
  readonly shares: Float64Array
  readonly shareStdErrors: Float64Array
}

export interface ShapleyChannel {
  readonly channel: string
  readonly value: number
  readonly share: number
  readonly shareStdError: number
}

export interface ShapleyResult {
  readonly conversionProbability: number
  readonly exact: boolean
  readonly channels: ReadonlyArray<ShapleyChannel>
}

const firstChannel = (graph: TransitionGraph, state: number): number => graph.stateChannels[state]?.[0] ?? 0

/**
 * The first-order chain as a dense matrix: rows start (0) and channel i (1 + i); columns
 * channel i (i), conversion (n) and null (n + 1); entries are transition probabilities.
 */
interface DenseChain {
  readonly n: number
  readonly width: number
  readonly matrix: Float64Array
}

const denseChain = (graph: TransitionGraph, counts: Float64Array): DenseChain => {
  const n = graph.channels.length
  const width = n + 2
  const matrix = new Float64Array((n + 1) * width)
  const rowOf = (state: number): number => (state === START ? 0 : 1 + firstChannel(graph, state))
  const columnOf = (state: number): number =>
    state === CONVERSION ? n : state === NULL_STATE ? n + 1 : firstChannel(graph, state)
  const out = new Float64Array(n + 1)
  counts.forEach((c, e) => {
    out[rowOf(int(graph.edgeFrom, e))] = real(out, rowOf(int(graph.edgeFrom, e))) + c
  })
  counts.forEach((c, e) => {
    const row = rowOf(int(graph.edgeFrom, e))
    const total = real(out, row)
    if (c > 0 && total > 0) {
      const k = row * width + columnOf(int(graph.edgeTo, e))
      matrix[k] = real(matrix, k) + c / total
    }
  })
  return { n, width, matrix }
}

/**
 * Eliminates channel j from `m` (a copy of a DenseChain's matrix) given which channels are
 * still states (`alive`, j included): every row that leads into j gets j's outgoing
 * transitions, scaled by 1 / (1 − P(j → j)), where 1 − P(j → j) is summed from j's other
 * transitions rather than subtracted, so no cancellation creeps in.
 */
// Columns of states eliminated earlier are 0 in every live row (eliminating j zeroes column j
// of each live row), so the loops over k need not skip them: they add exact zeros.
const eliminate = (chain: DenseChain, m: Float64Array, alive: Uint8Array, j: number): void => {
  const { n, width } = chain
  const rowJ = (1 + j) * width
  let leave = real(m, rowJ + n) + real(m, rowJ + n + 1)
  for (let k = 0; k < n; k++) if (k !== j) leave += real(m, rowJ + k)
  for (let a = 0; a <= n; a++) {
    if (a > 0 && (a - 1 === j || byte(alive, a - 1) === 0)) continue
    const row = a * width
    const into = real(m, row + j)
    if (into === 0) continue
    m[row + j] = 0
    if (leave === 0) continue
    const f = into / leave
    for (let k = 0; k < j; k++) m[row + k] = real(m, row + k) + f * real(m, rowJ + k)
    for (let k = j + 1; k < n + 2; k++) m[row + k] = real(m, row + k) + f * real(m, rowJ + k)
  }
}

const startToConversion = (chain: DenseChain, m: Float64Array): number => real(m, chain.n)

/** v(S) for every coalition S as a bitmask, by a depth-first walk that eliminates one channel per step. */
const allCoalitionWorths = (chain: DenseChain): Float64Array => {
  const { n } = chain
  const worths = new Float64Array(2 ** n)
  const buffers = Array.from({ length: n + 1 }, () => new Float64Array(chain.matrix.length))
  const alive = new Uint8Array(n).fill(1)
  const visit = (depth: number, mask: number, next: number): void => {
    const m = buffers[depth] ?? chain.matrix
    worths[mask] = mask === 0 ? 0 : startToConversion(chain, m)
    for (let j = next; j < n; j++) {
      const child = buffers[depth + 1] ?? chain.matrix
      child.set(m)
      eliminate(chain, child, alive, j)
      alive[j] = 0
      visit(depth + 1, mask + 2 ** j, j + 1)
      alive[j] = 1
    }
  }
  ;(buffers[0] ?? chain.matrix).set(chain.matrix)
  visit(0, 0, 0)
  return worths
}

const exactValues = (chain: DenseChain): { worth: number; values: Float64Array } => {
  const { n } = chain
  const worths = allCoalitionWorths(chain)
  // |S|! (n − |S| − 1)! / n! = 1 / (n · C(n − 1, |S|))
  const binomial = new Float64Array(n)
  binomial[0] = 1
  for (let s = 1; s < n; s++) binomial[s] = (real(binomial, s - 1) * (n - s)) / s
  const values = new Float64Array(n)
  for (let mask = 0; mask < worths.length; mask++) {
    let size = 0
    for (let k = 0; k < n; k++) if ((mask >>> k) & 1) size++
    if (size === n) continue
    const weight = 1 / (n * real(binomial, size))
    const base = real(worths, mask)
    for (let i = 0; i < n; i++) if (((mask >>> i) & 1) === 0) values[i] = real(values, i) + weight * (real(worths, mask + 2 ** i) - base)
  }
  return { worth: real(worths, worths.length - 1), values }
}

const sampledValues = (chain: DenseChain, permutations: number, seed: number): { worth: number; values: Float64Array; stdErrors: Float64Array } => {
  const { n } = chain
  const random = seededRandom(seed)
  const sum = new Float64Array(n)
  const sumOfSquares = new Float64Array(n)
  const m = new Float64Array(chain.matrix.length)
  const alive = new Uint8Array(n)
  const order = Int32Array.from({ length: n }, (_, i) => i)
  let worth = 0
  for (let p = 0; p < permutations; p++) {
    for (let i = n - 1; i > 0; i--) {
      const k = randomIndex(random, i + 1)
      const t = int(order, i)
      order[i] = int(order, k)
      order[k] = t
    }
    m.set(chain.matrix)
    alive.fill(1)
    let previous = 0
    for (const j of order) {
      eliminate(chain, m, alive, j)
      alive[j] = 0
      const value = startToConversion(chain, m)
      const contribution = value - previous
      sum[j] = real(sum, j) + contribution
      sumOfSquares[j] = real(sumOfSquares, j) + contribution * contribution
      previous = value
    }
    worth = previous
  }
  const values = sum.map((s) => s / permutations)
  const stdErrors = values.map((mean, j) =>
    permutations > 1 ? Math.sqrt(Math.max(0, (real(sumOfSquares, j) - permutations * mean * mean) / (permutations - 1)) / permutations) : 0
  )
  return { worth, values, stdErrors }
}

/** Shapley values of a first-order `graph` (compileGraph(paths, 1)) with the given edge counts. */
export const shapleyValues = (graph: TransitionGraph, counts: Float64Array, options: ShapleyOptions): ShapleyValues => {
  const chain = denseChain(graph, counts)
  // coalitions are bitmasks of 32-bit integers, and 2^24 worths are already 128 MB
  const exact = chain.n <= Math.min(options.exactLimit ?? defaultExactLimit, 24)
  const fit = exact
    ? { ...exactValues(chain), stdErrors: new Float64Array(chain.n) }
    : sampledValues(chain, options.permutations ?? defaultPermutations, options.seed)
  const { worth } = fit
  return {
    worth,
    exact,
    values: fit.values,
    stdErrors: fit.stdErrors,
    shares: fit.values.map((v) => (worth > 0 ? v / worth : 0)),
    shareStdErrors: fit.stdErrors.map((e) => (worth > 0 ? e / worth : 0))
  }
}

/** Shapley shares per channel index when path p carries weight weights[p] (for the bootstrap). */
export const shapleyShares = (graph: TransitionGraph, weights: Float64Array, options: ShapleyOptions): Float64Array =>
  shapleyValues(graph, edgeCounts(graph, weights), options).shares

export const shapleyAttribution = (paths: ReadonlyArray<ChainPath>, options: ShapleyOptions): ShapleyResult => {
  const graph = compileGraph(paths, 1)
  const fit = shapleyValues(graph, edgeCounts(graph, graph.pathCounts), options)
  return {
    conversionProbability: fit.worth,
    exact: fit.exact,
    channels: graph.channels.map((channel, c) => ({
      channel,
      value: fit.values[c] ?? 0,
      share: fit.shares[c] ?? 0,
      shareStdError: fit.shareStdErrors[c] ?? 0
    }))
  }
}

/** v(S): P(conversion) in the first-order chain when only `coalition`'s channels exist. */
export const coalitionWorth = (paths: ReadonlyArray<ChainPath>, coalition: ReadonlyArray<string>): number => {
  const graph = compileGraph(paths, 1)
  const chain = denseChain(graph, edgeCounts(graph, graph.pathCounts))
  const m = Float64Array.from(chain.matrix)
  const alive = new Uint8Array(chain.n).fill(1)
  let worth = 0
  graph.channels.forEach((channel, j) => {
    if (!coalition.includes(channel)) return
    eliminate(chain, m, alive, j)
    alive[j] = 0
    worth = startToConversion(chain, m)
  })
  return worth
}
