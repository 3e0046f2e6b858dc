import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { make } from "../../src/duckdb/duckdb.ts"
import { discoverInbox } from "../../src/ingest/discover.ts"
import { ingestFiles } from "../../src/ingest/ingest.ts"
import { writeInbox } from "../support/ingest.ts"

const web = (id: string, at: string) => JSON.stringify({ event_id: id, occurred_at: at, anonymous_id: "d1", event_type: "page_view" })

// The run's temporary tables (raw, validated, excluded rows of every source) hold a whole
// inbox: none may outlive ingest on the connection, whether it loads or stops.
describe("ingest's temporary tables", () => {
  it("are gone after a run that loads and after one the quarantine limit stops", async () => {
    const inbox = writeInbox({
      "web/a.ndjson": [web("w1", "2026-03-01T10:00:00Z"), web("w2", "not a time")].join("\n") + "\n",
      "store/b.csv": "event_id,occurred_at,store_id,event_type\ns1,2026-03-01T10:00:00Z,S1,visit\n"
    })
    const outcome = (maxQuarantineShare: number) =>
      Effect.runPromise(Effect.scoped(Effect.gen(function*() {
        const db = yield* make({ path: ":memory:", threads: 2, memoryLimit: "1GB" })
        const before = yield* db.all("select table_name from duckdb_tables() where temporary")
        const run = yield* Effect.either(ingestFiles(db, {
          runId: "r", timezone: "Europe/Berlin", piiKey: Buffer.from("k"), maxQuarantineShare, now: new Date("2026-06-01T00:00:00Z")
        }, yield* discoverInbox(inbox)))
        const after = yield* db.all("select table_name from duckdb_tables() where temporary")
        const events = yield* db.all("select count(*)::integer as n from events_web")
        return { before, after, outcome: run._tag === "Right" ? "loaded" : run.left._tag, events: events[0]?.["n"] }
      })))
    expect(await outcome(1)).toEqual({ before: [], after: [], outcome: "loaded", events: 1 })
    expect(await outcome(0.1)).toEqual({ before: [], after: [], outcome: "QuarantineLimitExceeded", events: 0 })
  })
})
