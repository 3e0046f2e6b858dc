import { describe, expect, it } from "vitest"
import { bootstrapIntervals, percentile, resampledShares } from "../../src/attribution/bootstrap.ts"
import { seededRandom } from "../../src/attribution/seeded-random.ts"
import { unitsFromRows } from "./attribution-warehouse.ts"

describe("bootstrap", () => {
  it("percentiles interpolate linearly between order statistics", () => {
    // 1..5: the 5th percentile is at rank 0.2 → 1.2, the 95th at rank 3.8 → 4.8
    expect(percentile([1, 2, 3, 4, 5], 0.05)).toBeCloseTo(1.2, 14)
    expect(percentile([1, 2, 3, 4, 5], 0.95)).toBeCloseTo(4.8, 14)
    expect(percentile([7], 0.95)).toBe(7)
  })

  it("resamples whole units: a fit sees each unit's paths together and in whole multiples", () => {
    // unit 0 holds path 0 twice, unit 1 path 1 once; with 2 draws per resample the weight of path 0 is 0, 2 or 4, of path 1 0..2,
    // and the number of drawn units is always 2: (w0 / 2) + w1 = 2
    const units = unitsFromRows([{ unitId: 0, pathId: 0, paths: 2 }, { unitId: 1, pathId: 1, paths: 1 }])
    const seen: Array<Array<number>> = []
    bootstrapIntervals(units, 2, 1, [(w) => {
      seen.push([w[0] ?? -1, w[1] ?? -1])
      return Float64Array.of(0)
    }], { resamples: 50, seed: 3 })
    expect(seen).toHaveLength(50)
    for (const [w0, w1] of seen) expect((w0 ?? 0) / 2 + (w1 ?? 0)).toBe(2)
    expect(new Set(seen.map((s) => s.join())).size).toBeGreaterThan(1)
  })

  it("is reproducible for a seed", () => {
    const units = unitsFromRows([0, 1, 2, 3, 4].map((u) => ({ unitId: u, pathId: u % 2, paths: 1 })))
    const fit = (w: Float64Array) => Float64Array.of((w[0] ?? 0) / ((w[0] ?? 0) + (w[1] ?? 0)))
    const once = bootstrapIntervals(units, 2, 1, [fit], { resamples: 200, seed: 42 })
    expect(bootstrapIntervals(units, 2, 1, [fit], { resamples: 200, seed: 42 })).toEqual(once)
    const interval = once[0]?.[0]
    // path 0 is 3 of the 5 units: the share 0.6 lies inside its own 90 % interval, which is not a point
    expect(interval?.low).toBeLessThan(0.6)
    expect(interval?.high).toBeGreaterThan(0.6)
  })

  it("computes any range of resamples exactly as the whole sequence does", () => {
    const units = unitsFromRows([0, 1, 2, 3, 4, 5, 6].map((u) => ({ unitId: u, pathId: u % 3, paths: 1 + (u % 2) })))
    const fit = (w: Float64Array) => Float64Array.of(w[0] ?? 0, (w[1] ?? 0) / ((w[1] ?? 0) + (w[2] ?? 0) + 1))
    const whole = resampledShares(units, 3, 2, [fit], { seed: 9, from: 0, to: 20 })
    const head = resampledShares(units, 3, 2, [fit], { seed: 9, from: 0, to: 7 })
    const tail = resampledShares(units, 3, 2, [fit], { seed: 9, from: 7, to: 20 })
    for (const c of [0, 1]) expect([...(head[0]?.[c] ?? []), ...(tail[0]?.[c] ?? [])]).toEqual([...(whole[0]?.[c] ?? [])])
  })
})

describe("the seeded random numbers", () => {
  it("start, with a skip, where that many numbers of the same seed end", () => {
    const stepped = seededRandom(-17)
    const first = Array.from({ length: 100_005 }, () => stepped())
    const skipped = seededRandom(-17, 100_000)
    expect(Array.from({ length: 5 }, () => skipped())).toEqual(first.slice(100_000))
    // a skip whose product with the step is far beyond 2^53 still lands exactly: 2^32 numbers
    // bring the 32-bit state back to where it started
    const around = seededRandom(5, 2 ** 32 + 3)
    const start = seededRandom(5)
    start()
    start()
    start()
    expect(around()).toBe(start())
  })
})
