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
 * transitions rather than subtracted, so no cancellation creeps in. `live` is scratch space
 * of at least n + 2 entries.
 */
// Eliminating j zeroes column j of every live row, so the columns of states eliminated earlier
// are 0 there: the loops visit only the live columns (ascending, then conversion and null).
// Skipping exact zeros leaves every sum as it was, in the same order, so results are the same
// to the last bit as over all columns; the work per elimination shrinks with the live states.
const eliminate = (chain: DenseChain, m: Float64Array, alive: Uint8Array, j: number, live: Int32Array): void => {
  const { n, width } = chain
  let columns = 0
  for (let k = 0; k < n; k++) if (k !== j && byte(alive, k) === 1) live[columns++] = k
  live[columns++] = n
  live[columns++] = n + 1
  const rowJ = (1 + j) * width
  let leave = real(m, rowJ + n) + real(m, rowJ + n + 1)
  for (let c = 0; c < columns - 2; c++) leave += real(m, rowJ + int(live, c))
  for (let a = -1; a < columns - 2; a++) {
    const row = a < 0 ? 0 : (1 + int(live, a)) * width
    const into = real(m, row + j)
    if (into === 0) continue
    m[row + j] = 0
    if (leave === 0) continue
    const f = into / leave
    for (let c = 0; c < columns; c++) {
      const k = int(live, c)
      m[row + k] = real(m, row + k) + f * real(m, rowJ + k)
    }
  }
}

const startToConversion = (chain: DenseChain, m: Float64Array): number => real(m, chain.n)

/** v(S) for every coalition S as a bitmask, by a depth-first walk that eliminates one channel per step. */
const allCoalitionWorths = (chain: DenseChain): Float64Array => {
  const { n } = chain
  const worths = new Float64Array(2 ** n)
  const buffers = Array.from({ length: n + 1 }, () => new Float64Array(chain.matrix.length))
  const alive = new Uint8Array(n).fill(1)
  const live = new Int32Array(n + 2)
  const visit = (depth: number, mask: number, next: number): void => {
    const m = buffers[depth] ?? chain.matrix
    worths[mask] = mask === 0 ? 0 : startToConversion(chain, m)
    for (let j = next; j < n; j++) {
      const child = buffers[depth + 1] ?? chain.matrix
      child.set(m)
      eliminate(chain, child, alive, j, live)
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

/**
 * The seeded permutations of n channels, generated exactly as one Fisher–Yates shuffle after
 * another on the same array, listed in lexicographic order (`sorted`) with, for each, how many
 * leading channels it shares with the one before it in that order (`shared`).
 */
interface PermutationPlan {
  readonly key: string
  readonly orders: Int32Array
  readonly sorted: Int32Array
  readonly shared: Int32Array
}

let lastPlan: PermutationPlan | null = null

const permutationPlan = (n: number, permutations: number, seed: number): PermutationPlan => {
  const key = `${n}:${permutations}:${seed}`
  // The bootstrap refits with the same seed and channels a hundred times: plan once.
  if (lastPlan?.key === key) return lastPlan
  const random = seededRandom(seed)
  const orders = new Int32Array(permutations * n)
  const order = Int32Array.from({ length: n }, (_, i) => i)
  for (let p = 0; p < permutations; p++) {
    for (let i = n - 1; i > 0; i--) {
      const k = randomIndex(random, i + 1)
      const t = int(order, i)
      order[i] = int(order, k)
      order[k] = t
    }
    orders.set(order, p * n)
  }
  const compare = (x: number, y: number): number => {
    for (let i = 0; i < n; i++) {
      const d = int(orders, x * n + i) - int(orders, y * n + i)
      if (d !== 0) return d
    }
    return x - y
  }
  const sorted = Int32Array.from({ length: permutations }, (_, p) => p).sort(compare)
  const shared = new Int32Array(permutations)
  for (let s = 1; s < permutations; s++) {
    const x = int(sorted, s - 1) * n
    const y = int(sorted, s) * n
    let c = 0
    while (c < n && int(orders, x + c) === int(orders, y + c)) c++
    shared[s] = c
  }
  lastPlan = { key, orders, sorted, shared }
  return lastPlan
}

// Snapshots of the matrix after the first few eliminations: 2,000 sorted permutations of 19
// channels share their first one or two channels with their neighbour almost always, so those
// eliminations (the dearest, with every state still live) are done once per prefix. Deeper
// prefixes are rarely shared and a snapshot costs as much as an elimination there.
const snapshotDepth = 3

/**
 * Each permutation's marginal contributions, by eliminating its channels in order. Permutations
 * are visited in lexicographic order so a shared prefix is eliminated once; the contributions
 * are then added up in the order the permutations were drawn. The arithmetic per permutation is
 * the same either way, so the values and standard errors are exactly those of eliminating every
 * permutation from scratch.
 */
const sampledValues = (chain: DenseChain, permutations: number, seed: number): { worth: number; values: Float64Array; stdErrors: Float64Array } => {
  const { n } = chain
  const { orders, sorted, shared } = permutationPlan(n, permutations, seed)
  const depth = Math.min(snapshotDepth, n)
  const snapshots = Array.from({ length: depth + 1 }, () => new Float64Array(chain.matrix.length))
  const snapshotWorths = new Float64Array(depth + 1)
  const contributions = new Float64Array(permutations * n)
  const worths = new Float64Array(permutations)
  const m = new Float64Array(chain.matrix.length)
  const alive = new Uint8Array(n)
  const live = new Int32Array(n + 2)
  for (let s = 0; s < permutations; s++) {
    const p = int(sorted, s)
    const base = p * n
    const start = s === 0 ? 0 : Math.min(int(shared, s), depth)
    if (start === 0) m.set(chain.matrix)
    else m.set(snapshots[start] ?? chain.matrix)
    alive.fill(1)
    let previous = 0
    for (let t = 0; t < start; t++) {
      const j = int(orders, base + t)
      alive[j] = 0
      const value = real(snapshotWorths, t + 1)
      contributions[base + t] = value - previous
      previous = value
    }
    for (let t = start; t < n; t++) {
      const j = int(orders, base + t)
      eliminate(chain, m, alive, j, live)
      alive[j] = 0
      const value = startToConversion(chain, m)
      contributions[base + t] = value - previous
      previous = value
      if (t + 1 <= depth) {
        snapshots[t + 1]?.set(m)
        snapshotWorths[t + 1] = value
      }
    }
    worths[p] = previous
  }
  const sum = new Float64Array(n)
  const sumOfSquares = new Float64Array(n)
  for (let p = 0; p < permutations; p++) {
    for (let t = 0; t < n; t++) {
      const j = int(orders, p * n + t)
      const contribution = real(contributions, p * n + t)
      sum[j] = real(sum, j) + contribution
      sumOfSquares[j] = real(sumOfSquares, j) + contribution * contribution
    }
  }
  const values = sum.map((x) => x / permutations)
  const stdErrors = values.map((mean, j) =>
    permutations > 1 ? Math.sqrt(Math.max(0, (real(sumOfSquares, j) - permutations * mean * mean) / (permutations - 1)) / permutations) : 0
  )
  return { worth: permutations > 0 ? real(worths, permutations - 1) : 0, values, stdErrors }
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
  const live = new Int32Array(chain.n + 2)
  let worth = 0
  graph.channels.forEach((channel, j) => {
    if (!coalition.includes(channel)) return
    eliminate(chain, m, alive, j, live)
    alive[j] = 0
    worth = startToConversion(chain, m)
  })
  return worth
}
