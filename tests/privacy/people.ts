import { Effect } from "effect"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { forgetPipeline, type ForgetSummary } from "../../pipelines/forget.ts"
import { layer } from "../../src/duckdb/duckdb.ts"
import type { ForgetRequest } from "../../src/privacy/erasure.ts"
import { configFor, queryWarehouse, type Workspace } from "../support/pipeline.ts"

// A hand-made inbox of three people. Ana is forgotten; `mine` marks the rows that are hers by
// the contract's rule: they bear one of her identifiers (device dev-ana, customer id cust-ana,
// e-mail ana@example.de in two spellings, loyalty card L-ana), or bear no identifier and name
// her order o-ana or her ticket t-ana.
// L-shared is a card scanned with three customers' e-mails: with identity.maxLinksPerType 2 the
// guard holds it back. Without Ana it is seen with two e-mails only, links Ben's and Cem's, and
// so the customers after `forget` differ from a naive deletion's: only a rebuild gets them right.
export interface Line {
  readonly source: string
  readonly mine: boolean
  readonly row: Record<string, unknown>
  /** The line as written, when it is not the row as JSON (a broken line). */
  readonly raw?: string
}
export const at = (day: number, time: string) => `2026-03-0${day}T${time}:00Z`
export const line = (source: string, mine: boolean, row: Record<string, unknown>): Line => ({ source, mine, row })

export const inbox: ReadonlyArray<Line> = [
  line("web", true, { event_id: "w-a1", occurred_at: at(2, "09:00"), anonymous_id: "dev-ana", event_type: "page_view", page_url: "https://shop.example/?utm_source=newsletter&utm_medium=email", utm_source: "newsletter", utm_medium: "email" }),
  line("web", true, { event_id: "w-a2", occurred_at: at(2, "09:05"), anonymous_id: "dev-ana", event_type: "login", customer_id: "cust-ana", email: "ana@example.de" }),
  line("web", true, { event_id: "w-a3", occurred_at: "last tuesday", anonymous_id: "dev-ana", event_type: "page_view", customer_id: "cust-ana" }),
  // a line cut short: quarantined unparsed, so it has no hashes, but her id is in its text
  { source: "web", mine: true, row: {}, raw: '{"event_id": "w-a4", "anonymous_id": "dev-ana", "customer_id": "cust-ana", "event_type": "page_view"' },
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

export const overrides = { identity: { maxLinksPerType: 2 }, quarantine: { maxShare: 1 } }

export const deliver = (ws: Workspace, lines: ReadonlyArray<Line>, name = "day-1") => {
  for (const source of new Set(lines.map((l) => l.source))) {
    mkdirSync(join(ws.inbox, source), { recursive: true })
    writeFileSync(join(ws.inbox, source, `${name}.ndjson`), lines.filter((l) => l.source === source).map((l) => l.raw ?? JSON.stringify(l.row)).join("\n") + "\n")
  }
}

export const forget = (ws: Workspace, requests: ReadonlyArray<ForgetRequest>, dryRun = false, configOverrides: Record<string, unknown> = overrides): Promise<ForgetSummary> => {
  const config = configFor(ws, configOverrides)
  return Effect.runPromise(forgetPipeline(
    { config, piiKeyFromEnv: "test-key", requests, dryRun },
    layer({ path: config.paths.warehouse, threads: 2, memoryLimit: "2GB" })
  ))
}

export const hers = ["dev-ana", "cust-ana", "L-ana", "o-ana", "t-ana", "w-a1", "w-a2", "w-a3", "s-a1", "s-a2", "d-a1", "t-a1", "q-a1", "Viel zu langsam", "slow delivery"]

/** Which of `values` occur in the bytes of the files under `dir` (the warehouse, its log, the outputs). */
export const foundIn = (files: ReadonlyArray<string>, values: ReadonlyArray<string>) => {
  const found = new Set<string>()
  for (const f of files) {
    const bytes = readFileSync(f)
    for (const v of values) if (bytes.includes(v)) found.add(v)
  }
  return [...found].sort()
}

/** Which of `values` occur in any column of any table of the warehouse. */
export const foundInTables = async (warehouse: string, values: ReadonlyArray<string>) => {
  const tables = await queryWarehouse(warehouse, "select table_name from duckdb_tables()")
  const found = new Set<string>()
  for (const t of tables) {
    const rows = await queryWarehouse(warehouse, `select * from "${String(t["table_name"])}"`)
    const text = JSON.stringify(rows)
    for (const v of values) if (text.includes(v)) found.add(v)
  }
  return [...found].sort()
}

