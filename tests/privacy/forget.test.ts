import { createHash } from "node:crypto"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { filesUnder, publishedContent, queryWarehouse, runOnce, workspace } from "../support/pipeline.ts"
import { at, deliver, forget, foundIn, foundInTables, hers, inbox, line, overrides, type Line } from "./people.ts"

describe("forget", () => {
  it("says what it would erase with --dry-run, changes nothing, and holds a shared identifier to be no one's", async () => {
    const ws = workspace()
    deliver(ws, inbox)
    await runOnce(ws, overrides)
    const before = await publishedContent(ws.out)
    const warehouseFile = () => createHash("sha256").update(readFileSync(ws.warehouse)).digest("hex")
    const fileBefore = warehouseFile()
    const plan = await forget(ws, [{ type: "email", value: " ANA@example.de " }, { type: "loyalty_id", value: "L-shared" }, { type: "customer_id", value: "nobody" }], true)
    expect(plan.dry_run).toBe(true)
    expect(plan.plan.requests.map((r) => [r.identifier_type, r.outcome])).toEqual([["email", "erased"], ["loyalty_id", "held_back"], ["customer_id", "not_found"]])
    expect(plan.plan.requests[1]?.reason).toMatch(/^held back by the identity guards \(shared: seen with 3 distinct email identifiers\)/)
    // 11 events: web 2 (two more are quarantined), store 2, support 3 (two tied by t-ana),
    // delivery 2 (tied by o-ana), survey 2 (one tied by t-ana); her two quarantined rows (one by
    // its hashes, one cut short and found by her id in its text); the two cached scores of her comments
    expect(plan.plan).toMatchObject({
      customers: 1,
      identifiers: 4,
      events: 11,
      removed: { events_web: 2, events_store: 2, events_support: 3, events_delivery: 2, events_survey: 2, quarantine: 2, int_text_scores: 2 }
    })
    expect(await publishedContent(ws.out)).toEqual(before)
    // not a byte of the warehouse changed (the block list is planned in a temporary table)
    expect(warehouseFile()).toBe(fileBefore)
    expect(await queryWarehouse(ws.warehouse, "select count(*)::int as n from suppression")).toEqual([{ n: 0 }])
  })

  it("leaves every output equal to a run that never saw the customer, and no trace of them in the warehouse file or the outputs", async () => {
    const ws = workspace()
    deliver(ws, inbox)
    await runOnce(ws, overrides)
    // the control: before the erasure her values are readable in the file and the outputs
    const files = () => [ws.warehouse, ...filesUnder(join(ws.dir, ".out.versions"))].filter((f) => existsSync(f))
    expect(foundIn(files(), hers).length).toBeGreaterThan(5)

    const done = await forget(ws, [{ type: "customer_id", value: "cust-ana" }])
    expect(done.plan.events).toBe(11)
    expect(done.run?.refresh.mode).toBe("full")

    const never = workspace()
    deliver(never, inbox.filter((l) => !l.mine))
    await runOnce(never, overrides)
    expect(await publishedContent(ws.out)).toEqual(await publishedContent(never.out))

    expect(foundIn(files(), hers)).toEqual([])
    expect(existsSync(`${ws.warehouse}.wal`)).toBe(false)
    expect(await foundInTables(ws.warehouse, hers)).toEqual([])
    // one published version: the older ones held her
    expect(filesUnder(join(ws.dir, ".out.versions")).every((f) => f.includes(done.run?.run_id ?? "?"))).toBe(true)

    const erasures = await queryWarehouse(ws.warehouse, "select identifier_type, outcome, customers, events::int as events, removed::varchar as removed, completed_at is not null as completed from erasures")
    expect(erasures).toEqual([{
      identifier_type: "customer_id", outcome: "erased", customers: 1, events: 11, completed: true,
      removed: JSON.stringify({ events_web: 2, events_store: 2, events_survey: 2, events_support: 3, events_delivery: 2, quarantine: 2, int_text_scores: 2 })
    }])
    // the suppression list: her 4 identifiers and the tombstone of her customer id (what a kept
    // Zendesk requester change naming her would become), 11 events, her order and ticket; hashes only
    expect(await queryWarehouse(ws.warehouse, "select role, count(*)::int as n from suppression group by role order by role")).toEqual([
      { role: "event", n: 11 }, { role: "identifier", n: 5 }, { role: "link", n: 2 }
    ])
  })

  it("keeps the customer forgotten: their rows in later files are suppressed and counted, and the outputs stay equal to never seen", async () => {
    const ws = workspace()
    deliver(ws, inbox)
    await runOnce(ws, overrides)
    await forget(ws, [{ type: "email", value: "ana@example.de" }])

    const later: ReadonlyArray<Line> = [
      // a new event on her device, an old event of hers delivered again under another device,
      // a late delivery step of her order, a new survey answer naming her ticket
      line("web", true, { event_id: "w-a9", occurred_at: at(7, "09:00"), anonymous_id: "dev-ana", event_type: "page_view" }),
      line("web", true, { event_id: "w-a1", occurred_at: at(2, "09:00"), anonymous_id: "dev-other", event_type: "page_view" }),
      line("delivery", true, { event_id: "d-a3", occurred_at: at(7, "10:00"), order_id: "o-ana", event_type: "failed" }),
      line("survey", true, { event_id: "q-a3", occurred_at: at(7, "11:00"), survey_type: "ces", score: 6, ticket_id: "t-ana" }),
      // a shared card is not hers: an event bearing only it stays
      line("store", false, { event_id: "s-c3", occurred_at: at(7, "12:00"), store_id: "S2", event_type: "visit", loyalty_id: "L-shared" }),
      line("web", false, { event_id: "w-b9", occurred_at: at(7, "09:30"), anonymous_id: "dev-ben", event_type: "page_view" })
    ]
    deliver(ws, later, "day-7")
    const run = await runOnce(ws, overrides)
    expect(run.sources.web).toEqual({ read: 3, accepted: 1, quarantined: 0, duplicates: 0, filtered: 0, suppressed: 2 })
    expect(run.sources.delivery.suppressed).toBe(1)
    expect(run.sources.survey.suppressed).toBe(1)
    expect(run.sources.store).toMatchObject({ read: 1, accepted: 1, suppressed: 0 })
    for (const f of run.files.filter((x) => x.status === "loaded")) {
      expect(f.rowsRead).toBe(f.accepted + f.quarantined + f.duplicates + f.filtered + f.suppressed)
    }
    const manifest = JSON.parse(readFileSync(join(ws.out, "_manifest.json"), "utf8")) as { input_files: Array<{ path: string; suppressed: number }> }
    expect(manifest.input_files.find((f) => f.path === "web/day-7.ndjson")?.suppressed).toBe(2)

    expect(run.refresh.mode).toBe("incremental")
    const never = workspace()
    deliver(never, inbox.filter((l) => !l.mine))
    deliver(never, later.filter((l) => !l.mine), "day-7")
    await runOnce(never, overrides)
    const neverSeen = await publishedContent(never.out)
    expect(await publishedContent(ws.out)).toEqual(neverSeen)
    // a full refresh reads no file again and keeps her out
    await runOnce(ws, overrides, "test-key", true)
    expect(await publishedContent(ws.out)).toEqual(neverSeen)
  })

  it("holds a block-listed value to be no one's even before any event carried it, and does not suppress it", async () => {
    const ws = workspace()
    deliver(ws, inbox)
    await runOnce(ws, overrides)
    // test@example.com is on the default block list; no event of the inbox carries it
    const done = await forget(ws, [{ type: "email", value: "Test@Example.com" }, { type: "customer_id", value: "Unknown" }])
    expect(done.plan.requests.map((r) => [r.outcome, r.reason])).toEqual([
      ["held_back", "held back by the identity guards (blocklist): it identifies no one"],
      ["held_back", "held back by the identity guards (blocklist): it identifies no one"]
    ])
    expect(await queryWarehouse(ws.warehouse, "select count(*)::int as n from suppression")).toEqual([{ n: 0 }])
  })

  it("erases the quarantined rows of someone the identity graph never saw, and keeps their later rows out", async () => {
    const ws = workspace()
    // a customer whose only row was rejected (its time is not a time)
    deliver(ws, [...inbox, line("store", true, { event_id: "s-g1", occurred_at: "yesterday", store_id: "S1", event_type: "visit", customer_id: "ghost-7" })])
    await runOnce(ws, overrides)
    expect(await queryWarehouse(ws.warehouse, "select count(*)::int as n from quarantine where source = 'store'")).toEqual([{ n: 1 }])
    const done = await forget(ws, [{ type: "customer_id", value: "ghost-7" }])
    expect(done.plan.requests.map((r) => r.outcome)).toEqual(["not_found"])
    expect(done.plan.removed["quarantine"]).toBe(1)
    expect(await queryWarehouse(ws.warehouse, "select count(*)::int as n from quarantine where source = 'store'")).toEqual([{ n: 0 }])
    deliver(ws, [line("store", true, { event_id: "s-g2", occurred_at: at(7, "10:00"), store_id: "S1", event_type: "visit", customer_id: "ghost-7" })], "day-7")
    const run = await runOnce(ws, overrides)
    expect(run.sources.store).toMatchObject({ read: 1, accepted: 0, suppressed: 1 })
  })

  it("refuses to plan on a warehouse an earlier version staged, until a run has re-staged its ids", async () => {
    const ws = workspace()
    deliver(ws, inbox)
    await runOnce(ws, overrides)
    // as a warehouse loaded before e-mail-shaped ids were pseudonymised
    await queryWarehouse(ws.warehouse, "delete from warehouse_migrations")
    await expect(forget(ws, [{ type: "customer_id", value: "cust-ana" }], true)).rejects.toThrow(/loaded by an earlier version.*run `pnpm pipeline run` once, then forget/)
    await runOnce(ws, overrides)
    expect((await forget(ws, [{ type: "customer_id", value: "cust-ana" }], true)).plan.customers).toBe(1)
  })

  it("refuses a value with nothing left once normalised", async () => {
    const ws = workspace()
    deliver(ws, inbox)
    await runOnce(ws, overrides)
    await expect(forget(ws, [{ type: "phone", value: "n/a" }])).rejects.toThrow(/--phone: a value with nothing left once normalised/)
  })

  it("erases nothing for a shared identifier, and does not suppress it", async () => {
    const ws = workspace()
    deliver(ws, inbox)
    await runOnce(ws, overrides)
    const before = await publishedContent(ws.out)
    const done = await forget(ws, [{ type: "loyalty_id", value: "L-shared" }])
    expect(done.plan.requests.map((r) => r.outcome)).toEqual(["held_back"])
    expect(done.plan.events).toBe(0)
    expect(await queryWarehouse(ws.warehouse, "select count(*)::int as n from suppression")).toEqual([{ n: 0 }])
    expect(await publishedContent(ws.out)).toEqual(before)
  })
  it("leaves a tombstone of a Zendesk requester change it erases: the ticket's later events go to no one, later changes to them are tombstones", async () => {
    const ws = workspace()
    const zendesk = (name: string, lines: ReadonlyArray<object>) => {
      mkdirSync(join(ws.inbox, "support", "zd"), { recursive: true })
      writeFileSync(join(ws.inbox, "support", "zd", name), lines.map((l) => JSON.stringify(l)).join("\n") + "\n")
    }
    const change = (id: number, at: string, to: number, from: number) => ({
      id, ticket_id: 209, created_at: at, author_id: 7001, via: { channel: "web" },
      events: [{ id, type: "Change", field_name: "requester_id", value: String(to), previous_value: String(from) }]
    })
    const comment = (id: number, author: number, at: string) => ({ id, ticket_id: 209, author_id: author, body: "…", public: true, created_at: at, type: "Comment" })
    // the ticket is loaded before the change: its creation keeps requester 7001 (were they loaded
    // together, the creation would be 9109's, and erased with them)
    zendesk("tickets.ndjson", [{ id: 209, via: { channel: "email" }, created_at: "2026-03-01T10:10:00Z", status: "open", requester_id: 7001, submitter_id: 7001 }])
    const zd = { ...overrides, sources: { support: { files: [{ match: "zd/**", preset: "zendesk" }] } } }
    await runOnce(ws, zd)
    zendesk("audits-1.ndjson", [change(6022, "2026-03-01T10:11:00Z", 9109, 7001)])
    await runOnce(ws, zd)
    const kept = () => queryWarehouse(ws.warehouse, "select event_id, customer_id from zendesk_requesters order by event_id")
    expect(await kept()).toEqual([{ event_id: "requester:6022", customer_id: "zendesk:9109" }])

    // 9109 is in no event: only the kept change names them
    const dryRun = await forget(ws, [{ type: "customer_id", value: "zendesk:9109" }], true, zd)
    expect(dryRun.plan.removed).toMatchObject({ zendesk_requesters: 1 })
    expect(await kept()).toEqual([{ event_id: "requester:6022", customer_id: "zendesk:9109" }])
    await forget(ws, [{ type: "customer_id", value: "zendesk:9109" }], false, zd)
    const [tomb] = await kept()
    expect(String(tomb?.["customer_id"])).toMatch(/^erased:[0-9a-f]{64}$/)
    expect(await foundInTables(ws.warehouse, ["zendesk:9109", "9109"])).toEqual([])
    expect(foundIn([ws.warehouse], ["zendesk:9109"])).toEqual([])
    expect(await queryWarehouse(ws.warehouse, "select event_id, customer_id from events_support")).toEqual([{ event_id: "created:209", customer_id: "zendesk:7001" }])

    // their next comment on the ticket, its requester now the tombstone, is suppressed; so is a
    // change to them with a comment of theirs (kept as the same tombstone); then the ticket passes
    // to someone else, whose comment loads
    zendesk("comments-2.ndjson", [comment(7000, 9109, "2026-03-02T09:00:00Z")])
    expect((await runOnce(ws, zd)).sources.support).toMatchObject({ accepted: 0, suppressed: 1 })
    zendesk("audits-2.ndjson", [change(6030, "2026-03-02T08:00:00Z", 9109, 7001)])
    zendesk("comments-2b.ndjson", [comment(7001, 9109, "2026-03-02T10:00:00Z")])
    const second = await runOnce(ws, zd)
    expect(second.sources.support).toMatchObject({ accepted: 0, suppressed: 1 })
    expect(await kept()).toEqual([{ event_id: "requester:6022", customer_id: tomb?.["customer_id"] }, { event_id: "requester:6030", customer_id: tomb?.["customer_id"] }])
    zendesk("audits-3.ndjson", [change(6031, "2026-03-03T09:00:00Z", 9200, 9109)])
    zendesk("comments-3.ndjson", [comment(7010, 9200, "2026-03-03T10:00:00Z")])
    const third = await runOnce(ws, zd)
    expect(third.sources.support).toMatchObject({ accepted: 1, suppressed: 0 })
    expect(await queryWarehouse(ws.warehouse, "select event_id, event_type, customer_id from events_support where event_id like 'comment:%'")).toEqual([
      { event_id: "comment:7010", event_type: "customer_reply", customer_id: "zendesk:9200" }
    ])
    expect(await foundInTables(ws.warehouse, ["zendesk:9109"])).toEqual([])
  })
})
