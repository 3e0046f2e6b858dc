/**
 * A small seeded pseudo-random generator (mulberry32) for the bootstrap and Shapley permutation
 * sampling: the same seed gives the same numbers on every machine and Node version, which
 * Math.random cannot promise.
 */
export type Random = () => number

const STEP = 0x6d2b79f5

/**
 * Uniform numbers in [0, 1) from a 32-bit state seeded by `seed` (any integer). With `skip`,
 * the numbers that come after the first `skip` of that seed: the state only adds a constant
 * per number, so a thread can start where another one's share of the draws ends.
 */
export const seededRandom = (seed: number, skip = 0): Random => {
  let state = Number((BigInt(seed >>> 0) + BigInt(skip) * BigInt(STEP)) % 4294967296n)
  return () => {
    state = (state + STEP) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A whole number in [0, n). */
export const randomIndex = (random: Random, n: number): number => Math.min(n - 1, Math.floor(random() * n))
