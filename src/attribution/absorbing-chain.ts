/**
 * P(conversion) of an absorbing Markov chain, solved exactly: the absorption probabilities x
 * of the transient states satisfy (I − Q) x = r (Q the transitions among transient states, r
 * the transitions into conversion), which is the fundamental matrix N = (I − Q)⁻¹ applied to
 * r. Up to `denseLimit` live states the system is solved by Gaussian elimination with partial
 * pivoting; larger chains (orders 2 and 3 over many channels) by Gauss–Seidel sweeps until the
 * a-posteriori error bound is below 1e-13. Nothing is simulated, so results are deterministic.
 * Definition: docs/attribution.md ("Markov chain", "Solving the chain").
 */
import { CONVERSION, FIRST_TRANSIENT, START, type TransitionGraph } from "./transition-graph.ts"
import { byte, int, real } from "./typed-access.ts"

export const denseLimit = 300
const tolerance = 1e-13
const maxSweeps = 1_000_000


/** Solves A x = b in place for a dense row-major m × m matrix; returns x. */
export const solveDense = (a: Float64Array, b: Float64Array, m: number): Float64Array => {
  for (let col = 0; col < m; col++) {
    let pivot = col
    for (let row = col + 1; row < m; row++) if (Math.abs(real(a, row * m + col)) > Math.abs(real(a, pivot * m + col))) pivot = row
    if (pivot !== col) {
      for (let k = 0; k < m; k++) {
        const t = real(a, col * m + k)
        a[col * m + k] = real(a, pivot * m + k)
        a[pivot * m + k] = t
      }
      const t = real(b, col)
      b[col] = real(b, pivot)
      b[pivot] = t
    }
    const diagonal = real(a, col * m + col)
    if (diagonal === 0) continue
    for (let row = col + 1; row < m; row++) {
      const factor = real(a, row * m + col) / diagonal
      if (factor === 0) continue
      for (let k = col; k < m; k++) a[row * m + k] = real(a, row * m + k) - factor * real(a, col * m + k)
      b[row] = real(b, row) - factor * real(b, col)
    }
  }
  const x = new Float64Array(m)
  for (let row = m - 1; row >= 0; row--) {
    let sum = real(b, row)
    for (let k = row + 1; k < m; k++) sum -= real(a, row * m + k) * real(x, k)
    const diagonal = real(a, row * m + row)
    x[row] = diagonal === 0 ? 0 : sum / diagonal
  }
  return x
}

interface LiveChain {
  readonly m: number
  /** Sparse rows of Q among live states: row i's entries are [rowStart[i], rowStart[i + 1]). */
  readonly rowStart: Int32Array
  readonly column: Int32Array
  readonly probability: Float64Array
  readonly toConversion: Float64Array
  readonly fromStart: Float64Array
  readonly startToConversion: number
}

// Transitions into a removed state go to null: they keep their weight in the row total, so
// the other transitions' probabilities are unchanged, and they lead nowhere.
const liveChain = (graph: TransitionGraph, counts: Float64Array, removed: Uint8Array | null): LiveChain => {
  const states = graph.stateChannels.length
  const out = new Float64Array(states)
  for (let e = 0; e < counts.length; e++) out[int(graph.edgeFrom, e)] = real(out, int(graph.edgeFrom, e)) + real(counts, e)
  const local = new Int32Array(states).fill(-1)
  let m = 0
  for (let s = FIRST_TRANSIENT; s < states; s++) if (real(out, s) > 0 && (removed === null || byte(removed, s) === 0)) local[s] = m++
  const rowCount = new Int32Array(m + 1)
  const toConversion = new Float64Array(m)
  const fromStart = new Float64Array(m)
  const startTotal = real(out, START)
  let startToConversion = 0
  for (let e = 0; e < counts.length; e++) {
    const c = real(counts, e)
    if (c === 0) continue
    const from = int(graph.edgeFrom, e)
    const to = int(graph.edgeTo, e)
    const i = int(local, from)
    const j = int(local, to)
    if (from === START) {
      if (to === CONVERSION) startToConversion += c / startTotal
      else if (j >= 0) fromStart[j] = real(fromStart, j) + c / startTotal
    } else if (i >= 0) {
      if (to === CONVERSION) toConversion[i] = real(toConversion, i) + c / real(out, from)
      else if (j >= 0) rowCount[i + 1] = int(rowCount, i + 1) + 1
    }
  }
  for (let i = 0; i < m; i++) rowCount[i + 1] = int(rowCount, i + 1) + int(rowCount, i)
  const rowStart = Int32Array.from(rowCount)
  const fill = Int32Array.from(rowCount)
  const column = new Int32Array(int(rowCount, m))
  const probability = new Float64Array(int(rowCount, m))
  for (let e = 0; e < counts.length; e++) {
    const c = real(counts, e)
    const from = int(graph.edgeFrom, e)
    const i = int(local, from)
    const j = int(local, int(graph.edgeTo, e))
    if (c === 0 || from === START || i < 0 || j < 0) continue
    const k = int(fill, i)
    column[k] = j
    probability[k] = c / real(out, from)
    fill[i] = k + 1
  }
  return { m, rowStart, column, probability, toConversion, fromStart, startToConversion }
}

const solveLiveDense = (chain: LiveChain): Float64Array => {
  const { m } = chain
  const a = new Float64Array(m * m)
  for (let i = 0; i < m; i++) {
    a[i * m + i] = 1
    for (let k = int(chain.rowStart, i); k < int(chain.rowStart, i + 1); k++) {
      const j = int(chain.column, k)
      a[i * m + j] = real(a, i * m + j) - real(chain.probability, k)
    }
  }
  return solveDense(a, Float64Array.from(chain.toConversion), m)
}

// Gauss–Seidel from x = 0 rises monotonically to the solution (Q and r are non-negative).
// With ρ estimated from successive changes, the remaining error is at most change × ρ / (1 − ρ).
const solveLiveIterative = (chain: LiveChain): Float64Array => {
  const { m } = chain
  const x = new Float64Array(m)
  let previousChange = Infinity
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let change = 0
    for (let i = m - 1; i >= 0; i--) {
      let value = real(chain.toConversion, i)
      for (let k = int(chain.rowStart, i); k < int(chain.rowStart, i + 1); k++) value += real(chain.probability, k) * real(x, int(chain.column, k))
      change = Math.max(change, Math.abs(value - real(x, i)))
      x[i] = value
    }
    const rate = Number.isFinite(previousChange) && previousChange > 0 ? Math.min(change / previousChange, 0.999999) : 0.999999
    if (change === 0 || change * rate / (1 - rate) < tolerance) break
    previousChange = change
  }
  return x
}

export type Solver = "auto" | "dense" | "iterative"

/**
 * P(conversion) from start. `removed` marks states (by id) that no longer exist: transitions
 * into them go to null. States no path visits (count 0) take no part. `solver` forces one
 * method (to check them against each other); "auto" picks by size.
 */
export const conversionProbability = (
  graph: TransitionGraph,
  counts: Float64Array,
  removed: Uint8Array | null = null,
  solver: Solver = "auto"
): number => {
  const chain = liveChain(graph, counts, removed)
  const dense = solver === "dense" || (solver === "auto" && chain.m <= denseLimit)
  const x = dense ? solveLiveDense(chain) : solveLiveIterative(chain)
  let p = chain.startToConversion
  for (let j = 0; j < chain.m; j++) p += real(chain.fromStart, j) * real(x, j)
  return p
}
