import { DuckDBInstance } from "@duckdb/node-api"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const macros = readFileSync(join(import.meta.dirname, "..", "..", "sql", "cx", "int_cx_statistics.sql"), "utf8")

const evaluate = async (expressions: ReadonlyArray<string>): Promise<Array<number>> => {
  const instance = await DuckDBInstance.create(":memory:")
  const con = await instance.connect()
  try {
    await con.run(macros)
    const row = (await con.runAndReadAll(`select ${expressions.map((e, i) => `(${e})::double as v${i}`).join(", ")}`)).getRows()[0] ?? []
    return row.map(Number)
  } finally {
    con.closeSync()
    instance.closeSync()
  }
}

describe("CX driver intervals", () => {
  it("give Newcombe's hybrid score interval for a difference of proportions, as in his worked examples", async () => {
    // Newcombe (1998), Statistics in Medicine 17, 873–890, Table II, method 10:
    // 56/70 − 48/80: 0.0524 to 0.3339; 9/10 − 3/10: 0.1705 to 0.8090; 5/56 − 0/29: −0.0381 to 0.1926
    const [a, b, c, d, e, f] = await evaluate([
      "cx_newcombe_low(56, 70, 48, 80)", "cx_newcombe_high(56, 70, 48, 80)",
      "cx_newcombe_low(9, 10, 3, 10)", "cx_newcombe_high(9, 10, 3, 10)",
      "cx_newcombe_low(5, 56, 0, 29)", "cx_newcombe_high(5, 56, 0, 29)"
    ])
    expect([a, b, c, d, e, f].map((x) => Math.round((x ?? NaN) * 10000) / 10000)).toEqual([0.0524, 0.3339, 0.1705, 0.809, -0.0381, 0.1926])
  })

  it("give Welch's interval for a difference of means", async () => {
    // CSAT 4,5,5,3,4,5,2,4,5,4,3,5 (n 12, sum 49, squares 211) against 2,3,1,4,2,3,2,1,3,2,4,3,2,1,3
    // (n 15, sum 36, squares 100): difference 1.6833, Welch df 23.6, 95 % interval 0.8901 to
    // 2.4766 (scipy.stats.ttest_ind(equal_var=False).confidence_interval())
    const [low, high] = await evaluate([
      "cx_difference_low('mean', 12, 49, 211, 15, 36, 100)", "cx_difference_high('mean', 12, 49, 211, 15, 36, 100)"
    ])
    expect(low).toBeCloseTo(0.890066, 4)
    expect(high).toBeCloseTo(2.476600, 4)
  })

  it("take Student's t quantile close to the exact one", async () => {
    // exact 0.975 quantiles: df 5 2.570582, 10 2.228139, 30 2.042272
    const [t5, t10, t30] = await evaluate(["cx_t975(5)", "cx_t975(10)", "cx_t975(30)"])
    expect(Math.abs((t5 ?? 0) - 2.570582)).toBeLessThan(0.0003)
    expect(Math.abs((t10 ?? 0) - 2.228139)).toBeLessThan(0.00001)
    expect(Math.abs((t30 ?? 0) - 2.042272)).toBeLessThan(0.000001)
  })

  it("give the NPS difference's interval from the variance of the promoter-minus-detractor indicator", async () => {
    // group 1: 6 promoters, 2 passives, 2 detractors (n 10, sum 4, squares 8): NPS 40, variance
    // 0.8 − 0.16 = 0.64; group 2: 2 promoters, 3 passives, 5 detractors (n 10, sum −3, squares 7):
    // NPS −30, variance 0.7 − 0.09 = 0.61. Difference 70 ± 100 × 1.96 × sqrt(0.064 + 0.061) = 70 ± 69.30
    const [value, low, high] = await evaluate([
      "cx_value('nps', 10, 4) - cx_value('nps', 10, -3)",
      "cx_difference_low('nps', 10, 4, 8, 10, -3, 7)", "cx_difference_high('nps', 10, 4, 8, 10, -3, 7)"
    ])
    expect(value).toBeCloseTo(70, 10)
    expect(low).toBeCloseTo(70 - 100 * 1.959963984540054 * Math.sqrt(0.125), 8)
    expect(high).toBeCloseTo(70 + 100 * 1.959963984540054 * Math.sqrt(0.125), 8)
  })
})
