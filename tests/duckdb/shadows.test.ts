/**
 * withShadows (src/duckdb/models.ts): a slice stands in for a table while the body runs, with
 * only the listed columns when a shadow lists them, and the table is back afterwards.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Duckdb } from "../../src/duckdb/duckdb.ts"
import { withShadows } from "../../src/duckdb/models.ts"
import { inMemory } from "../journeys/journey-warehouse.ts"

const setUp = Effect.gen(function*() {
  const db = yield* Duckdb
  yield* db.run("create table wide as select * from (values (1, 'a1', 'b1'), (2, 'a2', 'b2'), (3, 'a3', 'b3')) as v(id, a, b)")
  return db
})

describe("withShadows", () => {
  it("copies only the listed columns of the slice; reading another fails; the whole table is back after", async () => {
    const result = await Effect.runPromise(Effect.gen(function*() {
      const db = yield* setUp
      const inside = yield* withShadows(db, [{ table: "wide", where: "t.id >= 2", columns: ["id", "a"] }], Effect.gen(function*() {
        const rows = yield* db.all("select id, a from wide order by id")
        const other = yield* Effect.either(db.all("select b from wide"))
        return { rows, otherFailed: other._tag === "Left" && /Referenced column "b" not found/.test(other.left.message) }
      }))
      const after = yield* db.all("select id, b from wide order by id")
      return { inside, after }
    }).pipe(Effect.provide(inMemory)))
    expect(result.inside.rows).toEqual([{ id: 2, a: "a2" }, { id: 3, a: "a3" }])
    expect(result.inside.otherFailed).toBe(true)
    expect(result.after.map((r) => r["b"])).toEqual(["b1", "b2", "b3"])
  })

  it("copies whole rows when a shadow lists no columns", async () => {
    const rows = await Effect.runPromise(Effect.gen(function*() {
      const db = yield* setUp
      return yield* withShadows(db, [{ table: "wide", where: "t.id = 1" }], db.all("select * from wide"))
    }).pipe(Effect.provide(inMemory)))
    expect(rows).toEqual([{ id: 1, a: "a1", b: "b1" }])
  })

  it("keeps the rows with a match in a relation by a condition beyond equal keys, each once, and a predicate besides", async () => {
    // letter a from id 2 on and from id 1 on: ids 1–3, each once; x matches no row; the predicate drops id 3
    const rows = await Effect.runPromise(Effect.gen(function*() {
      const db = yield* setUp
      yield* db.run("create temp table starts as select * from (values ('a', 2), ('a', 1), ('x', 1)) as v(letter, first_id)")
      return yield* withShadows(db, [{
        table: "wide",
        matching: { relation: "starts", on: "k.letter = left(t.a, 1) and t.id >= k.first_id" },
        where: "t.b <> 'b3'"
      }], db.all("select id from wide order by id"))
    }).pipe(Effect.provide(inMemory)))
    expect(rows).toEqual([{ id: 1 }, { id: 2 }])
  })
})
