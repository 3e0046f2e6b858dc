import { readFileSync } from "node:fs"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import type { RunSummary } from "../../pipelines/run.ts"
import { writeInbox } from "../support/ingest.ts"
import { queryWarehouse, readTable, runOnce, workspace, type Workspace } from "../support/pipeline.ts"

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
    expect(changed.sources.web).toEqual({ read: 5, accepted: 2, quarantined: 2, duplicates: 0, filtered: 1 })
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
