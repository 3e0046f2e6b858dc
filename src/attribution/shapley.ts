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
 * Eliminates the live channel at compact index q from `src`, a chain over L live channels laid
 * out as a DenseChain is (rows start and the live channels, columns the live channels,
 * conversion and null, channels in ascending order), writing the chain over the other L − 1
 * into `dst`: every row that leads into q gets q's outgoing transitions, scaled by
 * 1 / (1 − P(q → q)), where 1 − P(q → q) is summed from q's other transitions rather than
 * subtracted, so no cancellation creeps in. Returns P(start → conversion) in `dst`.
 */
// Writing a compact copy instead of updating a full-width matrix in place: the loops run over
// contiguous live columns with no index list, and the caller keeps one buffer per depth, so the
// state after a shared prefix of eliminations is still there for the next permutation without
// a snapshot copy. Each entry gets the same operations in the same order as in place (and the
// sum in `leave` runs over conversion, null, then the channels ascending), so results are the
// same to the last bit.
const eliminateInto = (src: Float64Array, live: number, q: number, dst: Float64Array): number => {
  const width = live + 2
  const narrow = width - 1
  const rowQ = (1 + q) * width
  let leave = real(src, rowQ + live) + real(src, rowQ + live + 1)
  for (let c = 0; c < live; c++) if (c !== q) leave += real(src, rowQ + c)
  for (let r = 0, d = 0; r <= live; r++) {
    if (r === q + 1) continue
    const row = r * width
    const out = d * narrow
    d++
    const into = real(src, row + q)
    if (into === 0 || leave === 0) {
      dst.set(src.subarray(row, row + q), out)
      dst.set(src.subarray(row + q + 1, row + width), out + q)
      continue
    }
    const f = into / leave
    // the hottest loops of a fit: plain indexing, every index is inside both buffers
    for (let c = 0; c < q; c++) dst[out + c] = src[row + c]! + f * src[rowQ + c]!
    for (let c = q + 1; c < width; c++) dst[out + c - 1] = src[row + c]! + f * src[rowQ + c]!
  }
  return real(dst, live - 1)
}

/** Compact index of channel j among the live ones (`alive`, j included). */
const compactIndex = (alive: Uint8Array, j: number): number => {
  let q = 0
  for (let k = 0; k < j; k++) q += byte(alive, k)
  return q
}

/** v(S) for every coalition S as a bitmask, by a depth-first walk that eliminates one channel per step. */
const allCoalitionWorths = (chain: DenseChain): Float64Array => {
  const { n } = chain
  const worths = new Float64Array(2 ** n)
  const buffers = Array.from({ length: n + 1 }, () => new Float64Array(chain.matrix.length))
  ;(buffers[0] ?? chain.matrix).set(chain.matrix)
  // Channels are eliminated in ascending order along every branch, so all eliminated channels
  // are below j: its compact index is j − depth.
  const visit = (depth: number, mask: number, next: number): void => {
    const m = buffers[depth] ?? chain.matrix
    const child = buffers[depth + 1] ?? chain.matrix
    for (let j = next; j < n; j++) {
      worths[mask + 2 ** j] = eliminateInto(m, n - depth, j - depth, child)
      if (j + 1 < n) visit(depth + 1, mask + 2 ** j, j + 1)
    }
  }
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

/**
 * Each permutation's marginal contributions, by eliminating its channels in order. Permutations
 * are visited in lexicographic order and the chain after each elimination is kept per depth, so
 * a prefix shared with the previous permutation is not eliminated again; the contributions are
 * then added up in the order the permutations were drawn. The arithmetic per permutation is the
 * same either way, so the values and standard errors are exactly those of eliminating every
 * permutation from scratch.
 */
const sampledValues = (chain: DenseChain, permutations: number, seed: number): { worth: number; values: Float64Array; stdErrors: Float64Array } => {
  const { n } = chain
  const { orders, sorted, shared } = permutationPlan(n, permutations, seed)
  // chains[t]: the chain after the current permutation's first t eliminations; worthAt[t] its v.
  const chains = Array.from({ length: n + 1 }, (_, t) => (t === 0 ? chain.matrix : new Float64Array((n + 1 - t) * (n + 2 - t))))
  const worthAt = new Float64Array(n + 1)
  const contributions = new Float64Array(permutations * n)
  const worths = new Float64Array(permutations)
  const alive = new Uint8Array(n)
  for (let s = 0; s < permutations; s++) {
    const p = int(sorted, s)
    const base = p * n
    const start = s === 0 ? 0 : int(shared, s)
    alive.fill(1)
    let previous = 0
    for (let t = 0; t < n; t++) {
      const j = int(orders, base + t)
      const value = t < start
        ? real(worthAt, t + 1)
        : (worthAt[t + 1] = eliminateInto(chains[t] ?? chain.matrix, n - t, compactIndex(alive, j), chains[t + 1] ?? chain.matrix))
      alive[j] = 0
      contributions[base + t] = value - previous
      previous = value
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
  let m = denseChain(graph, edgeCounts(graph, graph.pathCounts)).matrix
  let live = graph.channels.length
  let worth = 0
  // Channels in ascending order, so the ones eliminated before j are all below it.
  graph.channels.forEach((channel, j) => {
    if (!coalition.includes(channel)) return
    const next = new Float64Array(live * (live + 1))
    worth = eliminateInto(m, live, j - (graph.channels.length - live), next)
    m = next
    live--
  })
  return worth
}
