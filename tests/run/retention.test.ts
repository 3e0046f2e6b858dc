import { describe, expect, it } from "vitest"
import { writeInbox } from "../support/ingest.ts"
import { deliverLines, queryWarehouse, readTable, runOnce, webLine, workspace } from "../support/pipeline.ts"

// Page views of one device on 1, 3, 4 and 5 March, then a purchase on 6 March; retention.days 3.
// Night 1 (newest event 5 March 10:00): the cut is 2 March 10:00, so the 1 March view goes.
// Night 2 (newest 6 March 10:00): the cut is 3 March 10:00, so the 3 March 09:00 view goes too.
const view = (id: string, day: string, hour = "10:00") => webLine(id, `2026-03-0${day}T${hour}:00Z`, "dev-1")

describe("retention.days", () => {
  it("drops events older than that many days before the newest one, rebuilds from the rest and publishes without them", async () => {
    const ws = workspace()
    const retention = { retention: { days: 3 } }
    deliverLines(ws, "night-1", [view("v1", "1"), view("v3", "3", "09:00"), view("v4", "4"), view("v5", "5")])
    const first = await runOnce(ws, retention)
    expect(first.refresh.mode).toBe("full")
    expect(first.notes.filter((n) => n.startsWith("retention"))).toEqual([
      "retention: dropped 1 events before 2026-03-02T10:00:00.000000Z (retention.days 3); the derived tables are rebuilt and every output written again"
    ])
    expect((await readTable(ws.out, "events_web", "event_id")).map((r) => r["event_id"])).toEqual(["v3", "v4", "v5"])

    deliverLines(ws, "night-2", [webLine("p6", "2026-03-06T10:00:00Z", "dev-1", { event_type: "purchase", order_id: "o-6", revenue: "10" })])
    const second = await runOnce(ws, retention)
    expect(second.refresh).toEqual({ mode: "full", reason: "retention dropped 1 events older than retention.days" })
    expect((await queryWarehouse(ws.warehouse, "select event_id from events_web order by event_id")).map((r) => r["event_id"])).toEqual(["p6", "v4", "v5"])
    // the touchpoints, and so the journey, start at the cut: the dropped views are in no output
    const touchpoints = await readTable(ws.out, "touchpoints", "started_at")
    expect(touchpoints.map((t) => String(t["started_at"]).slice(0, 10))).toEqual(["2026-03-04", "2026-03-05", "2026-03-06"])
    expect((await readTable(ws.out, "events_web", "event_id")).map((r) => r["event_id"])).toEqual(["p6", "v4", "v5"])

    // a night with nothing older than the cut changes nothing and stays incremental
    deliverLines(ws, "night-3", [view("v6", "6", "11:00")])
    const third = await runOnce(ws, retention)
    expect(third.refresh.mode).toBe("incremental")
  })

  it("drops what a preset kept from before the cut with the events: a Zendesk requester change", async () => {
    const ws = workspace()
    const change = (id: number, at: string) => JSON.stringify({
      id, ticket_id: 209, created_at: at, author_id: 7001, via: { channel: "web" },
      events: [{ id, type: "Change", field_name: "requester_id", value: "9109", previous_value: "7001" }]
    })
    writeInbox({
      "support/zd/tickets.ndjson": JSON.stringify({ id: 209, via: { channel: "email" }, created_at: "2026-03-01T08:00:00Z", status: "open", requester_id: 7001, submitter_id: 7001 }),
      "support/zd/audits.ndjson": [change(6001, "2026-03-01T09:00:00Z"), change(6005, "2026-03-05T09:00:00Z")].join("\n")
    }, ws.inbox)
    deliverLines(ws, "night-1", [view("v5", "5", "12:00")])
    await runOnce(ws, { retention: { days: 3 }, quarantine: { maxShare: 1 }, sources: { support: { files: [{ match: "zd/**", preset: "zendesk" }] } } })
    // the cut is 2 March 12:00
    expect(await queryWarehouse(ws.warehouse, "select event_id from zendesk_requesters")).toEqual([{ event_id: "requester:6005" }])
  })

  it("keeps every event when it is not set", async () => {
    const ws = workspace()
    deliverLines(ws, "night-1", [view("v1", "1"), view("v5", "5")])
    const run = await runOnce(ws)
    expect(run.notes.filter((n) => n.startsWith("retention"))).toEqual([])
    expect((await readTable(ws.out, "events_web", "event_id")).map((r) => r["event_id"])).toEqual(["v1", "v5"])
  })
})
