import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Duckdb, layer } from "../../src/duckdb/duckdb.ts"
import { ensureWarehouse } from "../../src/ingest/ingest.ts"
import { hmacPads, pseudonym } from "../../src/ingest/pseudonymise.ts"
import { pseudonymiseStagedEmailIds } from "../../src/ingest/staged-id-migration.ts"

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

describe("a warehouse whose ids were staged raw", () => {
  it("has an e-mail address in an id column replaced by its pseudonym, once, at the next run", async () => {
    const key = Buffer.from("upgrade-key", "utf8")
    const rows = await Effect.runPromise(Effect.gen(function*() {
      const db = yield* Duckdb
      yield* ensureWarehouse(db)
      // as an earlier version staged them: the address as it came (trimmed)
      yield* db.run(`insert into events_web (event_id, occurred_at, anonymous_id, event_type, customer_id, file_id, row_number, run_id)
values ('w1', '2026-03-01T10:00:00Z', 'a1', 'page_view', 'Jon.Doe@Example.com', 1, 1, 'old'),
       ('w2', '2026-03-01T11:00:00Z', 'jane@example.org', 'page_view', 'C-42', 1, 2, 'old')`)
      yield* pseudonymiseStagedEmailIds(db, hmacPads(key))
      // a second run finds it done: a value staged raw since (by no version of this code) stays
      yield* db.run("update events_web set customer_id = 'x@y.z' where event_id = 'w2'")
      yield* pseudonymiseStagedEmailIds(db, hmacPads(key))
      return yield* db.all("select event_id, anonymous_id, customer_id from events_web order by event_id")
    }).pipe(Effect.provide(layer({ path: ":memory:", threads: 1, memoryLimit: "1GB" }))))
    expect(rows).toEqual([
      { event_id: "w1", anonymous_id: "a1", customer_id: pseudonym(key, "jon.doe@example.com") },
      { event_id: "w2", anonymous_id: pseudonym(key, "jane@example.org"), customer_id: "x@y.z" }
    ])
  })
})
