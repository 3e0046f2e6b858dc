import { readFileSync } from "node:fs"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import type { RunSummary } from "../../pipelines/run.ts"
import { writeInbox } from "../support/ingest.ts"
import { queryWarehouse, readTable, runExpectingFailure, runOnce, workspace, type Workspace } from "../support/pipeline.ts"

// tests/fixtures/mappings/web/app/events.ndjson: e1 a page view, e2 an order (o1, 4999 cents).
const events = readFileSync(join(import.meta.dirname, "..", "fixtures", "mappings", "web", "app", "events.ndjson"))

const mapping = (values: Record<string, string>) => ({
  web: {
    files: [{
      match: "app/*.ndjson",
      timestamps: { unit: "s" },
      fields: {
        event_id: "id", occurred_at: "ts", anonymous_id: "$.user.anon", customer_id: "$.user.login",
        event_type: { column: "type", values }, order_id: "$.props.order", revenue: { path: "$.props.total_cents", scale: 0.01 }
      },
      filter: { path: "$.type", notIn: ["Heartbeat"] }
    }]
  }
})
// first the order's event name is not mapped, so it loads as an ordinary web event; then it is
const before = mapping({ "Page Viewed": "page_view" })
const after = mapping({ "Page Viewed": "page_view", "Order Completed": "purchase" })

let ws: Workspace
let first: RunSummary
let unchanged: RunSummary
let changed: RunSummary

beforeAll(async () => {
  ws = workspace()
  writeInbox({ "web/app/events.ndjson": events }, ws.inbox)
  const options = { quarantine: { maxShare: 1 } }
  first = await runOnce(ws, { ...options, sources: before })
  unchanged = await runOnce(ws, { ...options, sources: before })
  changed = await runOnce(ws, { ...options, sources: after })
})

describe("a changed mapping", () => {
  it("reads nothing twice while the mapping stays the same", () => {
    expect(first.files.map((f) => [f.path, f.status])).toEqual([["web/app/events.ndjson", "loaded"]])
    expect(unchanged.files.map((f) => [f.path, f.status])).toEqual([["web/app/events.ndjson", "skipped"]])
    expect(unchanged.refresh.mode).toBe("incremental")
  })

  it("reads the file again, says so, and rebuilds the derived tables", () => {
    expect(changed.files.map((f) => [f.path, f.status, f.replaced])).toEqual([["web/app/events.ndjson", "loaded", true]])
    // the same rows as the first time: e1, e2 accepted; e3 (ms as s) and e5 (no device) quarantined; e4 filtered
    expect(changed.sources.web).toEqual({ read: 5, accepted: 2, quarantined: 2, duplicates: 0, filtered: 1, suppressed: 0 })
    expect(changed.refresh).toEqual({ mode: "full", reason: "1 file(s) were read again with a changed mapping and their events replaced" })
    expect(changed.notes).toContain("1 file(s) read again because their mapping changed; their earlier events were replaced")
  })

  it("replaces the file's events and quarantine rows instead of adding to them", async () => {
    const web = await queryWarehouse(ws.warehouse, "select event_id, event_type from events_web order by event_id")
    expect(web).toEqual([{ event_id: "e1", event_type: "page_view" }, { event_id: "e2", event_type: "purchase" }])
    const quarantine = await queryWarehouse(ws.warehouse, "select run_id, row_number::integer as row_number from quarantine order by row_number")
    expect(quarantine.map((q) => q["row_number"])).toEqual([3, 5])
    expect(new Set(quarantine.map((q) => q["run_id"]))).toEqual(new Set([changed.run_id]))
    const files = await queryWarehouse(ws.warehouse, "select status from input_files where path = 'web/app/events.ndjson' order by file_id")
    expect(files.map((f) => f["status"])).toEqual(["replaced", "skipped", "loaded"])
  })

  it("derived tables follow: the order is now a conversion", async () => {
    const conversions = await readTable(ws.out, "conversions", "conversion_id")
    expect(conversions.map((c) => [c["order_id"], c["revenue"]])).toEqual([["o1", "49.9900"]])
  })
})

describe("a changed mapping and files overwritten at the same path", () => {
  it("keeps the events of earlier versions (no longer in the inbox), and a widened glob reads nothing again", async () => {
    const w = workspace()
    const till = (lines: ReadonlyArray<string>) => ["bon,at,store,type", ...lines, ""].join("\n")
    const store = (match: string, extra: Record<string, unknown> = {}) => ({
      store: { files: [{ match, fields: { event_id: "bon", occurred_at: "at", store_id: "store", event_type: "type", ...extra } }] }
    })
    const options = { quarantine: { maxShare: 1 } }
    writeInbox({ "store/kasse/latest.csv": till(["K1,2026-03-01T10:00:00Z,S,visit", "K2,2026-03-01T11:00:00Z,S,visit"]) }, w.inbox)
    await runOnce(w, { ...options, sources: store("kasse/**/*.csv") })
    // the till overwrites its export with the next day's receipts
    writeInbox({ "store/kasse/latest.csv": till(["K3,2026-03-02T10:00:00Z,S,visit"]) }, w.inbox)
    await runOnce(w, { ...options, sources: store("kasse/**/*.csv") })
    const widened = await runOnce(w, { ...options, sources: store("kasse/**") })
    expect(widened.files.map((f) => f.status)).toEqual(["skipped"])
    const changed = await runOnce(w, { ...options, sources: store("kasse/**", { coupon_code: { const: "none" } }) })
    expect(changed.files.map((f) => [f.status, f.replaced])).toEqual([["loaded", true]])
    const rows = await queryWarehouse(w.warehouse, "select event_id, coupon_code from events_store order by event_id")
    expect(rows).toEqual([{ event_id: "K1", coupon_code: null }, { event_id: "K2", coupon_code: null }, { event_id: "K3", coupon_code: "none" }])
  }, 120_000)

  it("records the mapping of a file loaded beside a skipped one, so the next run reads neither again", async () => {
    // The file records were inserted from lists that took their type from the first value: a
    // skipped file first (its mapping null) nulled the mapping of every file after it, and the
    // next run read those files again as if their mapping had changed.
    const w = workspace()
    const options = { quarantine: { maxShare: 1 }, sources: before }
    writeInbox({ "web/app/a.ndjson": events }, w.inbox)
    await runOnce(w, options)
    writeInbox({ "web/app/b.ndjson": String(events).replaceAll('"id":"e', '"id":"b') }, w.inbox)
    const second = await runOnce(w, options)
    expect(second.files.map((f) => [f.path, f.status])).toEqual([["web/app/a.ndjson", "skipped"], ["web/app/b.ndjson", "loaded"]])
    const third = await runOnce(w, options)
    expect(third.files.map((f) => [f.path, f.status, f.replaced])).toEqual([["web/app/a.ndjson", "skipped", false], ["web/app/b.ndjson", "skipped", false]])
    const recorded = await queryWarehouse(w.warehouse, "select path, status, mapping is not null as mapped, mapping_digest is not null as digested from input_files where status = 'loaded' order by file_id")
    expect(recorded).toEqual([
      { path: "web/app/a.ndjson", status: "loaded", mapped: true, digested: true },
      { path: "web/app/b.ndjson", status: "loaded", mapped: true, digested: true }
    ])
  }, 120_000)
})

describe("a mapping whose glob matches nothing", () => {
  it("is named in the run's notes, on every run while the files are there; a mapping that reads its files is not", async () => {
    expect([...first.notes, ...unchanged.notes].filter((n) => n.startsWith("sources."))).toEqual([])
    const missed = workspace()
    writeInbox({ "web/app/events.ndjson": events }, missed.inbox)
    // written as a path below the inbox, not below web/: the file is read in the contract's shape
    const entry = before.web.files[0]
    const wrong = { web: { files: [{ ...entry, match: "web/app/*.ndjson" }] } }
    const note = `sources.web.files[0] (match "web/app/*.ndjson") matches none of the 1 file(s) in the inbox's web/ folder ("app/events.ndjson"); the glob is matched against the path below web/`
    expect((await runOnce(missed, { quarantine: { maxShare: 1 }, sources: wrong })).notes).toContain(note)
    expect((await runOnce(missed, { quarantine: { maxShare: 1 }, sources: wrong })).notes).toContain(note)
    // with the default quarantine limit the file's rows stop the run: the error names the mapping too
    const stopped = workspace()
    writeInbox({ "web/app/events.ndjson": events }, stopped.inbox)
    const failure = await runExpectingFailure(stopped, { sources: wrong })
    expect(failure._tag).toBe("QuarantineLimitExceeded")
    expect(failure.message.split("\n").slice(1)).toEqual([note])
  })
})
