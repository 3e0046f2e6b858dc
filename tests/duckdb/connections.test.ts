/**
 * DuckdbService.connect (src/duckdb/duckdb.ts): a second connection to the same warehouse, as
 * the run uses for the KPI and reputation stages beside identity → journeys → attribution.
 */
import { Deferred, Effect, Fiber } from "effect"
import { describe, expect, it } from "vitest"
import { Duckdb } from "../../src/duckdb/duckdb.ts"
import { inMemory } from "../journeys/journey-warehouse.ts"

describe("a second connection", () => {
  it("shares the tables, not the temporary ones, keeps UTC, and runs while the first is in a transaction", async () => {
    const result = await Effect.runPromise(Effect.gen(function*() {
      const db = yield* Duckdb
      yield* db.run("create table shared as select 1 as id")
      yield* db.run("create temp table mine as select 1 as id")
      // what a new connection would start with, unless it sets its own session's zone
      yield* db.run("set global TimeZone = 'Asia/Tokyo'")
      return yield* Effect.scoped(Effect.gen(function*() {
        const other = yield* db.connect
        const sees = yield* other.all("select count(*)::int as n from shared")
        const temp = yield* Effect.either(other.all("select * from mine"))
        const [zone] = yield* other.all("select current_setting('TimeZone') as tz")
        // The first connection holds an open transaction (and its statement lock) until the
        // second has read and written: were the second to wait for the first, this would hang
        // and time out.
        const secondDone = yield* Deferred.make<void>()
        const first = yield* Effect.fork(db.transaction((tx) =>
          Effect.gen(function*() {
            yield* tx.run("insert into shared values (2)")
            yield* Deferred.await(secondDone)
          })))
        const during = yield* Effect.gen(function*() {
          // not yet committed on the first connection: the second still sees one row
          const [seen] = yield* other.all("select count(*)::int as n from shared")
          yield* other.run("create table second as select range as id from range(1000)")
          const [made] = yield* other.all("select count(*)::int as n from second")
          return { seen: seen?.["n"], made: made?.["n"] }
        }).pipe(Effect.timeoutFail({ duration: "10 seconds", onTimeout: () => new Error("the second connection waited for the first") }))
        yield* Deferred.succeed(secondDone, undefined)
        yield* Fiber.join(first)
        const [after] = yield* db.all("select count(*)::int as n from shared")
        return { sees, tempFailed: temp._tag === "Left", zone: zone?.["tz"], ...during, after: after?.["n"] }
      }))
    }).pipe(Effect.provide(inMemory)))
    expect(result).toEqual({ sees: [{ n: 1 }], tempFailed: true, zone: "UTC", seen: 1, made: 1000, after: 2 })
  })
})
