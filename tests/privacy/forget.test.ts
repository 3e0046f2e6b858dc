import { Effect } from "effect"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { forgetPipeline, type ForgetSummary } from "../../pipelines/forget.ts"
import { layer } from "../../src/duckdb/duckdb.ts"
import type { ForgetRequest } from "../../src/privacy/erasure.ts"
import { configFor, filesUnder, publishedContent, queryWarehouse, runOnce, workspace, type Workspace } from "../support/pipeline.ts"

// A hand-made inbox of three people. Ana is forgotten; `mine` marks the rows that are hers by
// the contract's rule: they bear one of her identifiers (device dev-ana, customer id cust-ana,
// e-mail ana@example.de in two spellings, loyalty card L-ana), or bear no identifier and name
// her order o-ana or her ticket t-ana.
// L-shared is a card scanned with three customers' e-mails: with identity.maxLinksPerType 2 the
// guard holds it back. Without Ana it is seen with two e-mails only, links Ben's and Cem's, and
// so the customers after `forget` differ from a naive deletion's: only a rebuild gets them right.
interface Line {
  readonly source: string
  readonly mine: boolean
  readonly row: Record<string, unknown>
}
const at = (day: number, time: string) => `2026-03-0${day}T${time}:00Z`
const line = (source: string, mine: boolean, row: Record<string, unknown>): Line => ({ source, mine, row })

const inbox: ReadonlyArray<Line> = [
  line("web", true, { event_id: "w-a1", occurred_at: at(2, "09:00"), anonymous_id: "dev-ana", event_type: "page_view", page_url: "https://shop.example/?utm_source=newsletter&utm_medium=email", utm_source: "newsletter", utm_medium: "email" }),
  line("web", true, { event_id: "w-a2", occurred_at: at(2, "09:05"), anonymous_id: "dev-ana", event_type: "login", customer_id: "cust-ana", email: "ana@example.de" }),
  line("web", true, { event_id: "w-a3", occurred_at: "last tuesday", anonymous_id: "dev-ana", event_type: "page_view", customer_id: "cust-ana" }),
  line("web", false, { event_id: "w-b1", occurred_at: at(2, "10:00"), anonymous_id: "dev-ben", event_type: "page_view", page_url: "https://shop.example/?gclid=1", referrer: "https://www.google.com/" }),
  line("web", false, { event_id: "w-b2", occurred_at: at(2, "10:10"), anonymous_id: "dev-ben", event_type: "purchase", customer_id: "cust-ben", order_id: "o-ben", revenue: 40 }),
  line("web", false, { event_id: "w-b3", occurred_at: "soon", anonymous_id: "dev-ben", event_type: "page_view" }),
  line("store", true, { event_id: "s-a1", occurred_at: at(3, "12:00"), store_id: "S1", event_type: "purchase", loyalty_id: "L-ana", email: " Ana@Example.de", order_id: "o-ana", revenue: 80 }),
  line("store", true, { event_id: "s-a2", occurred_at: at(4, "12:00"), store_id: "S1", event_type: "visit", loyalty_id: "L-shared", email: "ana@example.de" }),
  line("store", false, { event_id: "s-b1", occurred_at: at(4, "13:00"), store_id: "S1", event_type: "visit", loyalty_id: "L-shared", email: "ben@example.de" }),
  line("store", false, { event_id: "s-c1", occurred_at: at(4, "14:00"), store_id: "S2", event_type: "purchase", loyalty_id: "L-shared", email: "cem@example.de", order_id: "o-cem", revenue: 25 }),
  line("store", false, { event_id: "s-c2", occurred_at: at(5, "14:00"), store_id: "S2", event_type: "visit", customer_id: "cust-cem" }),
  line("delivery", true, { event_id: "d-a1", occurred_at: at(3, "12:00"), order_id: "o-ana", event_type: "ordered" }),
  line("delivery", true, { event_id: "d-a2", occurred_at: at(3, "13:10"), order_id: "o-ana", event_type: "delivered" }),
  line("delivery", false, { event_id: "d-b1", occurred_at: at(2, "10:10"), order_id: "o-ben", event_type: "ordered" }),
  line("delivery", false, { event_id: "d-b2", occurred_at: at(2, "10:40"), order_id: "o-ben", event_type: "delivered" }),
  line("delivery", false, { event_id: "d-c1", occurred_at: at(4, "14:00"), order_id: "o-cem", event_type: "ordered" }),
  line("delivery", false, { event_id: "d-c2", occurred_at: at(4, "15:00"), order_id: "o-cem", event_type: "delivered" }),
  line("support", true, { event_id: "t-a1", occurred_at: at(5, "08:00"), ticket_id: "t-ana", event_type: "created", channel: "email", email: "ana@example.de", contact_reason: "delivery_status" }),
  line("support", true, { event_id: "t-a2", occurred_at: at(5, "09:00"), ticket_id: "t-ana", event_type: "agent_reply", channel: "email", agent_id: "ag-1" }),
  line("support", true, { event_id: "t-a3", occurred_at: at(5, "10:00"), ticket_id: "t-ana", event_type: "solved", channel: "email" }),
  line("support", false, { event_id: "t-b1", occurred_at: at(5, "08:30"), ticket_id: "t-ben", event_type: "created", channel: "phone", customer_id: "cust-ben", phone: "+49 170 1234567", contact_reason: "invoice" }),
  line("support", false, { event_id: "t-b2", occurred_at: at(5, "08:45"), ticket_id: "t-ben", event_type: "agent_reply", channel: "phone", agent_id: "ag-1" }),
  line("support", false, { event_id: "t-b3", occurred_at: at(5, "09:30"), ticket_id: "t-ben", event_type: "solved", channel: "phone" }),
  line("survey", true, { event_id: "q-a1", occurred_at: at(6, "08:00"), survey_type: "nps", score: 3, ticket_id: "t-ana", comment: "Viel zu langsam, niemand hat geantwortet" }),
  line("survey", true, { event_id: "q-a2", occurred_at: at(6, "09:00"), survey_type: "csat", score: 2, customer_id: "cust-ana", order_id: "o-ana", comment: "slow delivery" }),
  line("survey", false, { event_id: "q-b1", occurred_at: at(6, "10:00"), survey_type: "nps", score: 10, email: "ben@example.de", ticket_id: "t-ben", comment: "great help, thank you" }),
  line("survey", false, { event_id: "q-c1", occurred_at: at(6, "11:00"), survey_type: "nps", score: 8, loyalty_id: "L-shared" }),
  line("review", false, { event_id: "r-1", occurred_at: at(6, "12:00"), platform: "google", rating: 2, store_id: "S1", text: "Lieferung kam viel zu spät" }),
  line("review", false, { event_id: "r-2", occurred_at: at(6, "13:00"), platform: "google", rating: 5, store_id: "S2", text: "Super Beratung, gerne wieder" })
]

const overrides = { identity: { maxLinksPerType: 2 }, quarantine: { maxShare: 1 } }

const deliver = (ws: Workspace, lines: ReadonlyArray<Line>, name = "day-1") => {
  for (const source of new Set(lines.map((l) => l.source))) {
    mkdirSync(join(ws.inbox, source), { recursive: true })
    writeFileSync(join(ws.inbox, source, `${name}.ndjson`), lines.filter((l) => l.source === source).map((l) => JSON.stringify(l.row)).join("\n") + "\n")
  }
}

const forget = (ws: Workspace, requests: ReadonlyArray<ForgetRequest>, dryRun = false): Promise<ForgetSummary> => {
  const config = configFor(ws, overrides)
  return Effect.runPromise(forgetPipeline(
    { config, piiKeyFromEnv: "test-key", requests, dryRun },
    layer({ path: config.paths.warehouse, threads: 2, memoryLimit: "2GB" })
  ))
}

const hers = ["dev-ana", "cust-ana", "L-ana", "o-ana", "t-ana", "w-a1", "w-a2", "w-a3", "s-a1", "s-a2", "d-a1", "t-a1", "q-a1", "Viel zu langsam", "slow delivery"]

/** Which of `values` occur in the bytes of the files under `dir` (the warehouse, its log, the outputs). */
const foundIn = (files: ReadonlyArray<string>, values: ReadonlyArray<string>) => {
  const found = new Set<string>()
  for (const f of files) {
    const bytes = readFileSync(f)
    for (const v of values) if (bytes.includes(v)) found.add(v)
  }
  return [...found].sort()
}

/** Which of `values` occur in any column of any table of the warehouse. */
const foundInTables = async (warehouse: string, values: ReadonlyArray<string>) => {
  const tables = await queryWarehouse(warehouse, "select table_name from duckdb_tables()")
  const found = new Set<string>()
  for (const t of tables) {
    const rows = await queryWarehouse(warehouse, `select * from "${String(t["table_name"])}"`)
    const text = JSON.stringify(rows)
    for (const v of values) if (text.includes(v)) found.add(v)
  }
  return [...found].sort()
}

describe("forget", () => {
  it("says what it would erase with --dry-run, changes nothing, and holds a shared identifier to be no one's", async () => {
    const ws = workspace()
    deliver(ws, inbox)
    await runOnce(ws, overrides)
    const before = await publishedContent(ws.out)
    const plan = await forget(ws, [{ type: "email", value: " ANA@example.de " }, { type: "loyalty_id", value: "L-shared" }, { type: "customer_id", value: "nobody" }], true)
    expect(plan.dry_run).toBe(true)
    expect(plan.plan.requests.map((r) => [r.identifier_type, r.outcome])).toEqual([["email", "erased"], ["loyalty_id", "held_back"], ["customer_id", "not_found"]])
    expect(plan.plan.requests[1]?.reason).toMatch(/^held back by the identity guards \(shared: seen with 3 distinct email identifiers\)/)
    // 11 events: web 2 (the third is quarantined), store 2, support 3 (two tied by t-ana),
    // delivery 2 (tied by o-ana), survey 2 (one tied by t-ana); her quarantined row; the two
    // cached scores of her comments
    expect(plan.plan).toMatchObject({
      customers: 1,
      identifiers: 4,
      events: 11,
      removed: { events_web: 2, events_store: 2, events_support: 3, events_delivery: 2, events_survey: 2, quarantine: 1, int_text_scores: 2 }
    })
    expect(await publishedContent(ws.out)).toEqual(before)
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
      removed: JSON.stringify({ events_web: 2, events_store: 2, events_survey: 2, events_support: 3, events_delivery: 2, quarantine: 1, int_text_scores: 2 })
    }])
    // the suppression list: her 4 identifiers, 11 events, her order and ticket; hashes only
    expect(await queryWarehouse(ws.warehouse, "select role, count(*)::int as n from suppression group by role order by role")).toEqual([
      { role: "event", n: 11 }, { role: "identifier", n: 4 }, { role: "link", n: 2 }
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
})
