import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Duckdb, layer } from "../../src/duckdb/duckdb.ts"
import { ensureWarehouse } from "../../src/ingest/ingest.ts"

describe("a warehouse made by an earlier version", () => {
  it("gets the optional fields added since, empty on its earlier events", async () => {
    const rows = await Effect.runPromise(Effect.gen(function*() {
      const db = yield* Duckdb
      // events_review as it was before reviews had an order_id
      yield* db.run(`create table events_review (event_id varchar not null, occurred_at timestamptz not null, platform varchar not null,
  rating integer not null, store_id varchar, title varchar, text varchar, language varchar, replied_at timestamptz, author_id varchar,
  file_id integer not null, row_number bigint not null, run_id varchar not null)`)
      yield* db.run("insert into events_review values ('r1', '2026-03-01T10:00:00Z', 'google', 5, null, null, 'ok', null, null, null, 1, 1, 'r')")
      yield* ensureWarehouse(db)
      yield* ensureWarehouse(db)
      return yield* db.all("select event_id, order_id from events_review")
    }).pipe(Effect.provide(layer({ path: ":memory:", threads: 1, memoryLimit: "1GB" }))))
    expect(rows).toEqual([{ event_id: "r1", order_id: null }])
  })
})
