/**
 * DuckdbService.numbers (src/duckdb/duckdb.ts): numeric columns as Float64Arrays, read vector
 * by vector, for the reads of hundreds of thousands of numbers (the attribution fit's inputs).
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Duckdb } from "../../src/duckdb/duckdb.ts"
import { inMemory } from "../journeys/journey-warehouse.ts"

describe("numbers", () => {
  it("reads integers, big integers, doubles and booleans, NULL as NaN, across vectors", async () => {
    const [ints, bigs, reals, flags] = await Effect.runPromise(Effect.gen(function*() {
      const db = yield* Duckdb
      // 5,000 rows: three vectors of 2,048
      return yield* db.numbers(`select
  range::integer as i,
  case when range = 4999 then null else range * 3000000000 end as b,
  range / 4 as r,
  range % 2 = 0 as f
from range(5000) order by range`)
    }).pipe(Effect.provide(inMemory)))
    expect(ints?.length).toBe(5000)
    expect(ints?.[4097]).toBe(4097)
    expect(bigs?.[2]).toBe(6000000000)
    expect(Number.isNaN(bigs?.[4999])).toBe(true)
    expect(reals?.[3]).toBe(0.75)
    expect([flags?.[0], flags?.[1]]).toEqual([1, 0])
  })

  it("gives no rows as empty columns and refuses a text column, naming it", async () => {
    const result = await Effect.runPromise(Effect.gen(function*() {
      const db = yield* Duckdb
      const empty = yield* db.numbers("select 1::integer as a, 2.5::double as b where false")
      const text = yield* Effect.either(db.numbers("select 1 as n, 'x' as label"))
      return { empty: empty.map((c) => c.length), text: text._tag === "Left" ? text.left.message : "" }
    }).pipe(Effect.provide(inMemory)))
    expect(result.empty).toEqual([0, 0])
    expect(result.text).toMatch(/column label is VARCHAR; numbers\(\) reads numeric columns only/)
  })
})
