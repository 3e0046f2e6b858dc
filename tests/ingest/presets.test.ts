import { DuckDBInstance } from "@duckdb/node-api"
import { cpSync, mkdirSync } from "node:fs"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { ingestFolder, ingestInbox, type IngestOutcome } from "../support/ingest.ts"
import { tempDir } from "../support/temp.ts"

// tests/fixtures/presets: one small export of each system, written from its public
// documentation (field names, nesting, timestamp formats); no configuration names them, so each
// is recognised by its signature, except Segment's warehouse table (too plain to recognise).
const copy = () => {
  const inbox = join(tempDir(), "inbox")
  cpSync(join(import.meta.dirname, "..", "fixtures", "presets"), inbox, { recursive: true })
  return inbox
}
const warehouseTable = { web: { files: [{ match: "segment-warehouse/**", preset: "segment" }] } }

let run: IngestOutcome
beforeAll(async () => {
  run = await ingestFolder(copy(), { sources: warehouseTable })
})

const file = (path: string) => run.result.files.find((f) => f.path === path)
const eventsOf = (source: string, path: string) => (run.events[source] ?? []).filter((e) => e["file"] === path)

describe("presets, recognised by their signature", () => {
  it("names the preset that read each file", () => {
    expect(run.result.files.map((f) => [f.path, f.status, f.mapping])).toEqual([
      ["web/ga4/events_20260301.json", "loaded", "detected preset ga4"],
      ["web/segment-warehouse/order_completed.csv", "loaded", 'sources.web.files[0] (preset segment, match "segment-warehouse/**")'],
      ["web/segment/messages.ndjson", "loaded", "detected preset segment"],
      ["web/shopify/orders_export.csv", "loaded", "detected preset shopify_orders"],
      ["web/snowplow/enriched.tsv", "loaded", "detected preset snowplow"],
      ["store/shopify/orders_export.csv", "loaded", "detected preset shopify_orders"],
      ["survey/qualtrics/responses.csv", "loaded", "detected preset qualtrics"],
      ["support/zendesk-api/audits.json", "loaded", "detected preset zendesk"],
      ["support/zendesk-api/tickets.json", "loaded", "detected preset zendesk"],
      ["support/zendesk-fivetran/ticket.csv", "loaded", "detected preset zendesk"],
      ["support/zendesk-fivetran/ticket_comment.csv", "loaded", "detected preset zendesk"],
      ["support/zendesk-fivetran/ticket_field_history.csv", "loaded", "detected preset zendesk"],
      ["review/google/reviews.json", "loaded", "detected preset google_reviews"],
      ["review/trustpilot/reviews.csv", "loaded", "detected preset trustpilot"]
    ])
    expect(run.quarantine).toEqual([])
  })

  it("ga4: microseconds, event parameters by key, GA4 event names, a re-exported event kept once, consent-mode rows counted as filtered", () => {
    // 6 lines: line 2 repeats line 1 exactly (same hash → duplicate); line 5 has no user_pseudo_id
    expect(file("web/ga4/events_20260301.json")).toMatchObject({ rowsRead: 6, accepted: 4, quarantined: 0, duplicates: 1, filtered: 1 })
    expect(eventsOf("web", "web/ga4/events_20260301.json").map((e) => [e["row_number"], e["at"], e["anonymous_id"], e["customer_id"], e["event_type"], e["page_url"], e["referrer"], e["utm_source"], e["utm_medium"], e["utm_campaign"], e["device_type"], e["order_id"], e["revenue"], e["currency"]])).toEqual([
      ["1", "2026-03-01T10:00:00.000000Z", "1234567890.1772000000", null, "page_view", "https://shop.example/p/blue-mug?utm_source=newsletter", "https://mail.example/", "newsletter", "email", "march", "desktop", null, null, null],
      ["3", "2026-03-01T10:00:05.000000Z", "1234567890.1772000000", "c-42", "product_view", "https://shop.example/p/blue-mug", null, null, null, null, "desktop", null, null, null],
      ["4", "2026-03-01T10:02:00.000000Z", "1234567890.1772000000", "c-42", "purchase", "https://shop.example/checkout/done", null, null, null, null, "desktop", "T-1001", "42.5000", "EUR"],
      // an event name GA4 has and the contract gives no meaning stays as it is
      ["6", "2026-03-01T11:00:00.000000Z", "555.1772362800", null, "session_start", "https://shop.example/", null, null, null, null, "mobile", null, null, null]
    ])
  })

  it("segment: nested messages; identify links the e-mail; a server message with only a userId", () => {
    expect(file("web/segment/messages.ndjson")).toMatchObject({ rowsRead: 4, accepted: 4 })
    expect(eventsOf("web", "web/segment/messages.ndjson").map((e) => [e["event_id"], e["at"], e["anonymous_id"], e["customer_id"], e["event_type"], e["utm_source"], e["page_url"], e["order_id"], e["revenue"], e["email_hash"] !== null])).toEqual([
      ["ajs-1", "2026-03-01T10:00:00.124000Z", "anon-1", null, "page_view", "google", "https://shop.example/p/1?utm_source=google", null, null, false],
      ["ajs-2", "2026-03-01T10:01:00.000000Z", "anon-1", "u-1", "identify", null, null, null, null, true],
      // Order Completed: total (with shipping and tax), not revenue
      ["ajs-3", "2026-03-01T10:05:00.124000Z", "anon-1", "u-1", "purchase", null, "https://shop.example/thanks", "T-1", "42.5000", false],
      ["srv-4", "2026-03-01T11:00:00.000000Z", "u-2", "u-2", "purchase", null, null, "T-2", "10.0000", false]
    ])
  })

  it("segment: a warehouse table's flattened columns, UTC without offset", () => {
    expect(eventsOf("web", "web/segment-warehouse/order_completed.csv").map((e) => [e["event_id"], e["at"], e["anonymous_id"], e["event_type"], e["utm_source"], e["order_id"], e["revenue"]])).toEqual([
      ["ajs-9", "2026-03-01T10:05:00.124000Z", "anon-9", "purchase", "google", "T-9", "27.5000"]
    ])
  })

  it("snowplow: the headerless enriched TSV, derived timestamps, page pings and transaction items left out", () => {
    expect(file("web/snowplow/enriched.tsv")).toMatchObject({ rowsRead: 4, accepted: 2, filtered: 2 })
    expect(eventsOf("web", "web/snowplow/enriched.tsv").map((e) => [e["row_number"], e["at"], e["anonymous_id"], e["customer_id"], e["event_type"], e["utm_source"], e["utm_medium"], e["utm_campaign"], e["order_id"], e["revenue"], e["currency"]])).toEqual([
      ["1", "2026-03-01T10:00:00.924000Z", "d-1", null, "page_view", "google", "cpc", "spring", null, null, null],
      // no derived_tstamp: the collector's
      ["3", "2026-03-01T10:02:00.500000Z", "d-1", "c-7", "purchase", null, null, null, "T-77", "42.5000", "EUR"]
    ])
  })

  it("shopify_orders: one purchase per order; POS orders under store/, online orders under web/", () => {
    // 3 lines: #1001 (online, two line items), #1002 (POS)
    expect(file("store/shopify/orders_export.csv")).toMatchObject({ rowsRead: 3, accepted: 1, filtered: 2 })
    expect(file("web/shopify/orders_export.csv")).toMatchObject({ rowsRead: 3, accepted: 1, filtered: 2 })
    expect(eventsOf("store", "store/shopify/orders_export.csv").map((e) => [e["row_number"], e["at"], e["store_id"], e["order_id"], e["revenue"], e["phone_hash"] !== null])).toEqual([
      // 15:30 +0100
      ["4", "2026-03-01T14:30:00.000000Z", "Köln Ehrenstraße", "#1002", "12.0000", true]
    ])
    expect(eventsOf("web", "web/shopify/orders_export.csv").map((e) => [e["row_number"], e["at"], e["anonymous_id"], e["event_type"], e["order_id"], e["revenue"]])).toEqual([
      ["2", "2026-03-01T10:15:42.000000Z", "shopify-order:#1001", "purchase", "#1001", "54.9000"]
    ])
  })

  it("qualtrics: three header rows, the time zone of row 3, one event per answered NPS question", () => {
    // 4 responses: R_3 is a survey preview (Status 1), R_4 left the NPS question empty
    expect(file("survey/qualtrics/responses.csv")).toMatchObject({ rowsRead: 4, accepted: 2, filtered: 2 })
    expect(eventsOf("survey", "survey/qualtrics/responses.csv").map((e) => [e["row_number"], e["event_id"], e["at"], e["survey_type"], e["score"], e["customer_id"], e["language"], e["email_hash"] !== null])).toEqual([
      // RecordedDate 10:02:14 in Europe/Berlin (row 3's timeZone); R_1's comment spans lines 4–5
      ["4", "R_1aBcDeFgHiJkLmN-Q1", "2026-03-01T09:02:14.000000Z", "nps", 10, "cust_1001", "de", true],
      ["6", "R_2ZyXwVuTsRqPoNm-Q1", "2026-03-01T10:31:06.000000Z", "nps", 4, null, "en", false]
    ])
  })

  it("zendesk (API): audits give creation, replies and status changes; the description, internal notes and plain changes are left out", () => {
    // 15 audit events, each read as each of the four kinds an audit event can be (created, comment, status change, requester change)
    expect(file("support/zendesk-api/audits.json")).toMatchObject({ rowsRead: 60, accepted: 8, quarantined: 0, duplicates: 0, filtered: 52 })
    // ticket 101 is also in the audits (same event id): kept once
    expect(file("support/zendesk-api/tickets.json")).toMatchObject({ rowsRead: 2, accepted: 1, duplicates: 1 })
    // events of one audit share its row number; their order among themselves is none
    const byRowThenId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
      Number(a["row_number"]) - Number(b["row_number"]) || String(a["event_id"]).localeCompare(String(b["event_id"]))
    const events = [...[...eventsOf("support", "support/zendesk-api/audits.json")].sort(byRowThenId), ...eventsOf("support", "support/zendesk-api/tickets.json")]
    expect(events.map((e) => [e["row_number"], e["event_id"], e["at"], e["ticket_id"], e["event_type"], e["channel"], e["customer_id"], e["agent_id"], e["email_hash"] !== null])).toEqual([
      ["1", "created:101", "2026-03-02T08:00:00.000000Z", "101", "created", "email", "zendesk:9001", null, true],
      // audit 1's comment 5001 is the description; 5003 (new → open) is no event; audit 3 is an internal note
      ["2", "comment:5002", "2026-03-02T08:45:00.000000Z", "101", "agent_reply", "email", "zendesk:9001", "7001", false],
      ["4", "comment:5005", "2026-03-02T10:00:00.000000Z", "101", "customer_reply", "email", "zendesk:9001", null, false],
      ["5", "comment:5006", "2026-03-02T11:00:00.000000Z", "101", "agent_reply", "email", "zendesk:9001", "7001", false],
      ["5", "status:5007", "2026-03-02T11:00:00.000000Z", "101", "solved", "email", "zendesk:9001", null, false],
      ["6", "comment:5008", "2026-03-03T09:00:00.000000Z", "101", "customer_reply", "email", "zendesk:9001", null, false],
      ["6", "status:5009", "2026-03-03T09:00:00.000000Z", "101", "reopened", "email", "zendesk:9001", null, false],
      ["7", "status:5010", "2026-03-03T12:00:00.000000Z", "101", "solved", "email", "zendesk:9001", null, false],
      ["2", "created:104", "2026-03-02T14:00:00.000000Z", "104", "created", "chat", "zendesk:9004", null, false]
    ])
  })

  it("zendesk (Fivetran): tickets, comments by user, status history; ids written as floats; UTC without offset", () => {
    expect(file("support/zendesk-fivetran/ticket_comment.csv")).toMatchObject({ rowsRead: 4, accepted: 2, filtered: 2 })
    expect(file("support/zendesk-fivetran/ticket_field_history.csv")).toMatchObject({ rowsRead: 5, accepted: 2, filtered: 3 })
    const events = ["ticket.csv", "ticket_comment.csv", "ticket_field_history.csv"].flatMap((f) => eventsOf("support", `support/zendesk-fivetran/${f}`))
    expect(events.map((e) => [e["row_number"], e["at"], e["ticket_id"], e["event_type"], e["channel"], e["customer_id"], e["agent_id"], e["priority"]])).toEqual([
      ["2", "2026-03-02T09:30:00.000000Z", "102", "created", "form", "zendesk:9002", null, "normal"],
      ["3", "2026-03-02T12:40:00.000000Z", "103", "created", "phone", "zendesk:9003", null, "low"],
      // 6001 is the description (written when ticket 102 was created), 6003 an internal note
      ["3", "2026-03-02T11:00:00.000000Z", "102", "agent_reply", "form", "zendesk:9002", "7002", null],
      ["5", "2026-03-02T13:00:00.000000Z", "103", "customer_reply", "phone", "zendesk:9003", null, null],
      // new and pending are no events; the priority change is another field
      ["5", "2026-03-02T15:00:00.000000Z", "102", "solved", "form", "zendesk:9002", null, null],
      ["6", "2026-03-04T08:00:00.000000Z", "102", "closed", "form", "zendesk:9002", null, null]
    ])
  })

  it("trustpilot: its column names, stars, reply date and location", () => {
    expect(eventsOf("review", "review/trustpilot/reviews.csv").map((e) => [e["event_id"], e["at"], e["platform"], e["rating"], e["store_id"], e["language"], e["replied_at"], e["text"]])).toEqual([
      ["65e1f0c2a1b2c3d4e5f60718", "2026-03-01T10:00:00.000000Z", "trustpilot", 5, "Köln", "de", "2026-03-02 08:30:00+00", "Schnelle Lieferung, gerne wieder."],
      ["65e1f0c2a1b2c3d4e5f60719", "2026-03-01T12:00:00.000000Z", "trustpilot", 2, null, "en", null, "Parcel came late\nand damaged."]
    ])
  })

  it("google_reviews: the API's JSON document, ONE…FIVE, the location from the review's name", () => {
    expect(eventsOf("review", "review/google/reviews.json").map((e) => [e["row_number"], e["event_id"], e["at"], e["rating"], e["store_id"], e["replied_at"]])).toEqual([
      ["1", "r-1", "2026-03-01T10:00:00.123000Z", 4, "222", "2026-03-01 16:00:00+00"],
      ["2", "r-2", "2026-03-01T11:00:00.000000Z", 1, "333", null]
    ])
  })
})

describe("presets in the configuration", () => {
  it("a preset's options and the entry's own fields come on top of the preset", async () => {
    const inbox = join(tempDir(), "inbox")
    cpSync(join(import.meta.dirname, "..", "fixtures", "presets", "web", "segment"), join(inbox, "web", "s"), { recursive: true })
    const { events, result } = await ingestFolder(inbox, {
      sources: { web: { files: [{ match: "s/**", preset: "segment", options: { revenue: "revenue" }, fields: { utm_campaign: { const: "fixed" } } }] } }
    })
    expect(result.files[0]?.mapping).toBe('sources.web.files[0] (preset segment, match "s/**")')
    expect(events["web"]?.map((e) => [e["event_id"], e["revenue"], e["utm_campaign"]])).toEqual([
      ["ajs-1", null, "fixed"], ["ajs-2", null, "fixed"], ["ajs-3", "38.0000", "fixed"], ["srv-4", "8.0000", "fixed"]
    ])
  })

  it("qualtrics: CSAT and CES questions named in options, the comment once per response", async () => {
    const inbox = join(tempDir(), "inbox")
    cpSync(join(import.meta.dirname, "..", "fixtures", "presets", "survey"), join(inbox, "survey"), { recursive: true })
    const { events, result } = await ingestFolder(inbox, {
      sources: { survey: { files: [{ match: "qualtrics/*.csv", preset: "qualtrics", options: { csat: ["Q3"], comment: "Q2", touchpoint: "delivery" } }] } }
    })
    // 4 responses × 2 questions: 4 answered; R_3 (preview) twice, R_2's CSAT and R_4's NPS unanswered
    expect(result.files[0]).toMatchObject({ rowsRead: 8, accepted: 4, filtered: 4 })
    const rows = (events["survey"] ?? []).map((e) => [e["event_id"], e["survey_type"], e["score"], e["comment"], e["touchpoint"]])
    expect(rows.sort()).toEqual([
      ["R_1aBcDeFgHiJkLmN-Q1", "nps", 10, "Schnelle Lieferung,\nsehr gut", "delivery"],
      ["R_1aBcDeFgHiJkLmN-Q3", "csat", 5, null, "delivery"],
      ["R_2ZyXwVuTsRqPoNm-Q1", "nps", 4, null, "delivery"],
      ["R_4NoNpsAnswered-Q3", "csat", 2, null, "delivery"]
    ])
  })

  it("qualtrics: question texts of over 256 KiB in header row 2 (an export of thousands of columns) still find row 3 and its time zone", async () => {
    // 600 questions of 600 characters each, spread over several lines: row 2 is about 360 KB
    const long = (i: number) => `"Frage ${i}: ${"Wie zufrieden waren Sie mit unserem Service? ".repeat(13)}\nBitte wählen Sie."`
    const questions = Array.from({ length: 600 }, (_, i) => i)
    const files = {
      "survey/r.csv": [
        ["StartDate,EndDate,Finished,RecordedDate,ResponseId,Q1_NPS_GROUP,Q1", ...questions.map((i) => `X${i}`)].join(","),
        ["Start Date,End Date,Finished,Recorded Date,Response ID,Group,Empfehlung", ...questions.map(long)].join(","),
        ['"{""ImportId"":""startDate"",""timeZone"":""America/Denver""}","{""ImportId"":""endDate""}","{""ImportId"":""finished""}","{""ImportId"":""recordedDate"",""timeZone"":""America/Denver""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1_NPS_GROUP""}","{""ImportId"":""QID1""}"', ...questions.map((i) => `"{""ImportId"":""QID${i + 2}""}"`)].join(","),
        ["2026-03-01 10:00:00,2026-03-01 10:01:00,1,2026-03-01 10:01:00,R_1,3,9", ...questions.map(() => "")].join(","),
        ""
      ].join("\n")
    }
    const { events, result } = await ingestInbox(files)
    expect(result.files[0]).toMatchObject({ mapping: "detected preset qualtrics", rowsRead: 1, accepted: 1, quarantined: 0 })
    // Denver is UTC-7 before 8 March 2026; row 2 spans 601 lines, so the response is on line 604
    expect(events["survey"]?.map((e) => [e["row_number"], e["at"], e["score"]])).toEqual([["604", "2026-03-01T17:01:00.000000Z", 9]])
  })

  it("qualtrics: a question text with a line break in header row 2 still finds row 3 and its time zone", async () => {
    const files = {
      "survey/r.csv": [
        "StartDate,EndDate,Finished,RecordedDate,ResponseId,Q1_NPS_GROUP,Q1",
        'Start Date,End Date,Finished,Recorded Date,Response ID,Group,"How likely are you',
        'to recommend us?"',
        '"{""ImportId"":""startDate"",""timeZone"":""America/Denver""}","{""ImportId"":""endDate""}","{""ImportId"":""finished""}","{""ImportId"":""recordedDate"",""timeZone"":""America/Denver""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1_NPS_GROUP""}","{""ImportId"":""QID1""}"',
        "2026-03-01 10:00:00,2026-03-01 10:01:00,1,2026-03-01 10:01:00,R_1,3,9",
        ""
      ].join("\n")
    }
    const { events, result } = await ingestInbox(files)
    expect(result.files[0]).toMatchObject({ mapping: "detected preset qualtrics", rowsRead: 1, accepted: 1 })
    // lines: 1 header, 2–3 question texts, 4 ImportIds, 5 the response; Denver is UTC-7 before 8 March 2026
    expect(events["survey"]?.map((e) => [e["row_number"], e["at"], e["score"]])).toEqual([["5", "2026-03-01T17:01:00.000000Z", 9]])
  })

  it("qualtrics: row 3's time zone Z is UTC; previews, tests and responses flagged as spam are filtered, by code and by label", async () => {
    const response = (status: string, id: string) => `2026-03-01 10:00:00,2026-03-01 10:01:00,${status},1,2026-03-01 10:01:00,${id},3,9`
    const files = {
      "survey/r.csv": [
        "StartDate,EndDate,Status,Finished,RecordedDate,ResponseId,Q1_NPS_GROUP,Q1",
        "Start Date,End Date,Response Type,Finished,Recorded Date,Response ID,Group,Empfehlung",
        '"{""ImportId"":""startDate"",""timeZone"":""Z""}","{""ImportId"":""endDate"",""timeZone"":""Z""}","{""ImportId"":""status""}","{""ImportId"":""finished""}","{""ImportId"":""recordedDate"",""timeZone"":""Z""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1_NPS_GROUP""}","{""ImportId"":""QID1""}"',
        response("0", "R_ip"),
        response("IP Address", "R_label"),
        response("4", "R_imported"),
        response("16", "R_offline"),
        ...[["1", "preview"], ["2", "test"], ["8", "spam"], ["9", "previewspam"], ["12", "importedspam"], ["17", "offlinepreview"]].map(([s, id]) => response(s ?? "", `R_${id ?? ""}`)),
        ...["Survey Preview", "Survey Test", "Spam", "Survey Preview Spam", "Imported Spam", "Offline Survey Preview"].map((s, i) => response(s, `R_l${i}`)),
        ""
      ].join("\n")
    }
    const { events, result } = await ingestInbox(files)
    expect(result.files[0]).toMatchObject({ mapping: "detected preset qualtrics", rowsRead: 16, accepted: 4, filtered: 12, quarantined: 0 })
    expect(events["survey"]?.map((e) => [e["event_id"], e["at"]]).sort()).toEqual([
      ["R_imported-Q1", "2026-03-01T10:01:00.000000Z"],
      ["R_ip-Q1", "2026-03-01T10:01:00.000000Z"],
      ["R_label-Q1", "2026-03-01T10:01:00.000000Z"],
      ["R_offline-Q1", "2026-03-01T10:01:00.000000Z"]
    ])
  })

  it("qualtrics: the legacy exporter (ResponseID, ResponseSet, no RecordedDate) is recognised; EndDate is when the response was recorded", async () => {
    const files = {
      "survey/legacy.csv": [
        "ResponseID,ResponseSet,IPAddress,StartDate,EndDate,RecipientLastName,RecipientFirstName,RecipientEmail,ExternalDataReference,Finished,Status,Q1_NPS_GROUP,Q1",
        "Response ID,Response Set,IP Address,Start Date,End Date,Recipient Last Name,Recipient First Name,Recipient Email,External Data Reference,Finished,Status,Group,How likely are you to recommend us?",
        "R_legacy1,Default Response Set,192.0.2.1,2026-03-01 10:00:00,2026-03-01 10:02:00,,,,,1,0,3,9",
        ""
      ].join("\n")
    }
    const { events, result } = await ingestInbox(files)
    expect(result.files[0]).toMatchObject({ mapping: "detected preset qualtrics", rowsRead: 1, accepted: 1, quarantined: 0 })
    // no row 3, so no zone: the business time zone (Europe/Berlin, UTC+1 in March)
    expect(events["survey"]?.map((e) => [e["row_number"], e["event_id"], e["at"], e["score"]])).toEqual([["3", "R_legacy1-Q1", "2026-03-01T09:02:00.000000Z", 9]])
  })

  it("zendesk: a deleted ticket of the incremental export is filtered, not a contact", async () => {
    const ticket = (id: number, status: string, subject: string) =>
      ({ id, via: { channel: "web" }, created_at: "2026-03-02T08:00:00Z", subject, status, requester_id: 9001, submitter_id: 9001 })
    const files = {
      "support/tickets.json": JSON.stringify({ tickets: [ticket(201, "open", "Frage"), ticket(202, "deleted", "SCRUBBED")], end_of_stream: true })
    }
    const { events, result } = await ingestInbox(files)
    expect(result.files[0]).toMatchObject({ mapping: "detected preset zendesk", rowsRead: 2, accepted: 1, filtered: 1, quarantined: 0 })
    expect(events["support"]?.map((e) => e["ticket_id"])).toEqual(["201"])
  })

  it("ga4's (not set) is no order id; segment's v1 name Completed Order is a purchase", async () => {
    const { readFileSync } = await import("node:fs")
    const first = readFileSync(join(import.meta.dirname, "..", "fixtures", "presets", "web", "ga4", "events_20260301.json"), "utf8").split("\n")[0] ?? ""
    const row = JSON.parse(first) as Record<string, unknown>
    const files = {
      "web/ga4.json": JSON.stringify({ ...row, ecommerce: { transaction_id: "(not set)" } }) + "\n",
      "web/segment.ndjson": JSON.stringify({
        type: "track", event: "Completed Order", messageId: "m-1", anonymousId: "anon-1", timestamp: "2026-03-01T10:05:00Z",
        // v1 names the order orderId
        properties: { orderId: "T-7", total: 12.5, currency: "EUR" }
      }) + "\n"
    }
    const { events, result } = await ingestInbox(files)
    expect(result.files.map((f) => [f.path, f.mapping, f.accepted])).toEqual([
      ["web/ga4.json", "detected preset ga4", 1],
      ["web/segment.ndjson", "detected preset segment", 1]
    ])
    expect(events["web"]?.map((e) => [e["event_type"], e["order_id"], e["revenue"]])).toEqual([["page_view", null, null], ["purchase", "T-7", "12.5000"]])
  })

  it("ga4: the same rows exported with their null fields written out are the same events (duplicates)", async () => {
    const { readFileSync } = await import("node:fs")
    const text = readFileSync(join(import.meta.dirname, "..", "fixtures", "presets", "web", "ga4", "events_20260301.json"), "utf8")
    // as BigQuery's console writes them: every value type of a parameter, null where unset
    const withNulls = text.split("\n").filter((l) => l !== "").map((l) => {
      const row = JSON.parse(l) as { event_params?: Array<{ value: Record<string, unknown> }> }
      for (const p of row.event_params ?? []) p.value = { string_value: null, int_value: null, float_value: null, double_value: null, ...p.value }
      return JSON.stringify({ ...row, user_id: (row as Record<string, unknown>)["user_id"] ?? null })
    })
    const files = {
      "web/a_bq_extract.json": text,
      "web/b_console.json": withNulls.join("\n") + "\n"
    }
    const { result } = await ingestInbox(files)
    expect(result.files.map((f) => [f.path, f.rowsRead, f.accepted, f.duplicates])).toEqual([
      ["web/a_bq_extract.json", 6, 4, 1],
      ["web/b_console.json", 6, 0, 5]
    ])
  })

  it("segment: a screen keeps its type though RudderStack names the screen in event; a group's e-mail trait is not the user's", async () => {
    const message = (m: Record<string, unknown>) => JSON.stringify({ anonymousId: "anon-1", timestamp: "2026-03-01T10:00:00Z", ...m })
    const files = {
      "web/rudder.ndjson": [
        message({ type: "screen", event: "MainActivity", name: "MainActivity", messageId: "m-1" }),
        message({ type: "group", groupId: "g-1", traits: { email: "help@company.example", name: "Company" }, messageId: "m-2" }),
        message({ type: "identify", userId: "u-1", traits: { email: "ann@example.org" }, messageId: "m-3" }),
        message({ type: "track", event: "Product Viewed", messageId: "m-4" })
      ].join("\n") + "\n"
    }
    const { events, result } = await ingestInbox(files)
    expect(result.files[0]).toMatchObject({ mapping: "detected preset segment", rowsRead: 4, accepted: 4 })
    expect(events["web"]?.map((e) => [e["event_id"], e["event_type"], e["email_hash"] !== null])).toEqual([
      ["m-1", "screen", false],
      ["m-2", "group", false],
      ["m-3", "identify", true],
      ["m-4", "product_view", false]
    ])
  })

  it("ga4 is recognised when its first row lacks a key the rows after it have (consent mode leaves user_pseudo_id out)", async () => {
    const { readFileSync } = await import("node:fs")
    const lines = readFileSync(join(import.meta.dirname, "..", "fixtures", "presets", "web", "ga4", "events_20260301.json"), "utf8").split("\n").filter((l) => l !== "")
    const consent = lines.findIndex((l) => !l.includes("user_pseudo_id"))
    expect(consent).toBeGreaterThan(0)
    const files = {
      "web/events.json": [lines[consent], ...lines.filter((_, i) => i !== consent)].join("\n") + "\n"
    }
    const { result } = await ingestInbox(files)
    expect(result.files[0]).toMatchObject({ mapping: "detected preset ga4", rowsRead: 6, accepted: 4, duplicates: 1, filtered: 1 })
  })

  it("ga4 from Parquet reads the same events as from NDJSON", async () => {
    const inbox = join(tempDir(), "inbox")
    mkdirSync(join(inbox, "web"), { recursive: true })
    const instance = await DuckDBInstance.create(":memory:")
    const con = await instance.connect()
    // as BigQuery writes Parquet: INT64 as integers, repeated records as lists of structs
    await con.run(
      `copy (select * replace (event_timestamp::bigint as event_timestamp) from read_json($src, format = 'newline_delimited'))
to $dst (format parquet)`,
      { src: join(import.meta.dirname, "..", "fixtures", "presets", "web", "ga4", "events_20260301.json"), dst: join(inbox, "web", "events.parquet") }
    )
    con.closeSync()
    instance.closeSync()
    const { events, result } = await ingestFolder(inbox)
    expect(result.files[0]).toMatchObject({ mapping: "detected preset ga4", rowsRead: 6, accepted: 4, duplicates: 1, filtered: 1 })
    expect(events["web"]?.map((e) => [e["at"], e["event_type"], e["page_url"], e["utm_source"], e["order_id"], e["revenue"], e["currency"]])).toEqual([
      ["2026-03-01T10:00:00.000000Z", "page_view", "https://shop.example/p/blue-mug?utm_source=newsletter", "newsletter", null, null, null],
      ["2026-03-01T10:00:05.000000Z", "product_view", "https://shop.example/p/blue-mug", null, null, null, null],
      ["2026-03-01T10:02:00.000000Z", "purchase", "https://shop.example/checkout/done", null, "T-1001", "42.5000", "EUR"],
      ["2026-03-01T11:00:00.000000Z", "session_start", "https://shop.example/", null, null, null, null]
    ])
  })

  it("ga4 from Parquet gives each event the id it gets from NDJSON: nested values hash as their JSON, null members left out", async () => {
    const fixture = join(import.meta.dirname, "..", "fixtures", "presets", "web", "ga4", "events_20260301.json")
    const ndjson = join(tempDir(), "inbox")
    mkdirSync(join(ndjson, "web"), { recursive: true })
    const { copyFileSync } = await import("node:fs")
    copyFileSync(fixture, join(ndjson, "web", "events.json"))
    const parquet = join(tempDir(), "inbox")
    mkdirSync(join(parquet, "web"), { recursive: true })
    const instance = await DuckDBInstance.create(":memory:")
    const con = await instance.connect()
    // read_json gives every record every key of the file: a key a line leaves out is null here
    await con.run(`copy (select * replace (event_timestamp::bigint as event_timestamp) from read_json($src, format = 'newline_delimited')) to $dst (format parquet)`, {
      src: fixture, dst: join(parquet, "web", "events.parquet")
    })
    con.closeSync()
    instance.closeSync()
    const ids = async (inbox: string) => ((await ingestFolder(inbox)).events["web"] ?? []).map((e) => [e["at"], e["event_type"], e["event_id"]])
    const fromNdjson = await ids(ndjson)
    expect(fromNdjson).toHaveLength(4)
    expect(await ids(parquet)).toEqual(fromNdjson)
  })

  it("never takes a file in the contract's shape for an export", async () => {
    // shopify's column names, and the contract's required ones too
    const files = {
      "store/x.csv": "event_id,occurred_at,store_id,event_type,Name,Financial Status,Lineitem name,Created at,Total\ns1,2026-03-01T10:00:00Z,B1,visit,#1,paid,Mug,2026-03-01,1\n"
    }
    const { result } = await ingestInbox(files)
    expect(result.files[0]).toMatchObject({ mapping: null, accepted: 1 })
  })
})

describe("presets meet real files' variations", () => {
  it("snowplow's enriched TSV is recognised by its content, whatever the file is called; a Trustpilot export re-saved with ; still reads", async () => {
    const { readFileSync } = await import("node:fs")
    const fixtures = join(import.meta.dirname, "..", "fixtures", "presets")
    const files = {
      "web/sp/part-0000.csv": readFileSync(join(fixtures, "web", "snowplow", "enriched.tsv")),
      "review/tp.csv": [
        "Review ID;Review Created (UTC);Review Stars;Review Content",
        "65e1f0c2a1b2c3d4e5f60718;2026-03-01 10:00:00;5;\"Schnell; gerne wieder\"",
        "65e1f0c2a1b2c3d4e5f60719;2026-03-01 12:00:00;2;Late",
        ""
      ].join("\n")
    }
    const { result } = await ingestInbox(files)
    expect(result.files.map((f) => [f.path, f.mapping, f.accepted, f.filtered])).toEqual([
      ["web/sp/part-0000.csv", "detected preset snowplow", 2, 2],
      ["review/tp.csv", "detected preset trustpilot", 2, 0]
    ])
  })

  it("snowplow: anonymous tracking's all-zero network_userid is no device; a tracked session's id is", async () => {
    const inbox = join(tempDir(), "inbox")
    const { readFileSync, writeFileSync } = await import("node:fs")
    const { enrichedColumns } = await import("../../src/ingest/presets/snowplow.ts")
    const fixture = readFileSync(join(import.meta.dirname, "..", "fixtures", "presets", "web", "snowplow", "enriched.tsv"), "utf8")
    const pageView = (fixture.split("\n")[0] ?? "").split("\t")
    const line = (id: string, cells: Record<string, string>) => {
      const out = [...pageView]
      out[enrichedColumns.indexOf("event_id")] = `e0a1b2c3-0000-4000-8000-00000000010${id}`
      for (const [name, value] of Object.entries({ domain_userid: "", domain_sessionid: "", network_userid: "", ...cells })) out[enrichedColumns.indexOf(name)] = value
      return out.join("\t")
    }
    mkdirSync(join(inbox, "web", "sp"), { recursive: true })
    writeFileSync(join(inbox, "web", "sp", "enriched.tsv"), [
      line("1", { domain_userid: "d-1", domain_sessionid: "s-1", network_userid: "n-1" }),
      line("2", { domain_sessionid: "s-2", network_userid: "00000000-0000-0000-0000-000000000000" }),
      line("3", { network_userid: "n-3" }),
      line("4", { network_userid: "00000000-0000-0000-0000-000000000000" }),
      line("5", { network_userid: "00000000-0000-4000-A000-000000000000" }),
      // a real collector cookie outlives a session: it is the device, before the session's id
      line("6", { domain_sessionid: "s-6", network_userid: "n-6" }),
      ""
    ].join("\n"))
    const { events, result } = await ingestFolder(inbox)
    expect(result.files[0]).toMatchObject({ mapping: "detected preset snowplow", rowsRead: 6, accepted: 4, quarantined: 2 })
    expect(events["web"]?.map((e) => e["anonymous_id"]).sort()).toEqual(["d-1", "n-3", "n-6", "s-2"])
  })

  it("segment's warehouse tables: an email column of a track event's table is a property, not the user's; the identifies table's is the user's", async () => {
    const files = {
      "web/segment-warehouse/referral_sent.csv": [
        "id,anonymous_id,user_id,event,event_text,timestamp,email",
        "m1,a-1,u-1,referral_sent,Referral Sent,2026-03-01 10:00:00,friend@example.com",
        ""
      ].join("\n"),
      "web/segment-warehouse/identifies.csv": [
        "id,anonymous_id,user_id,timestamp,email",
        "m2,a-1,u-1,2026-03-01 10:01:00,ana@example.com",
        ""
      ].join("\n")
    }
    const { events } = await ingestInbox(files, {
      sources: { web: { files: [{ match: "segment-warehouse/identifies.csv", preset: "segment", fields: { event_type: { const: "identify" } } }, { match: "segment-warehouse/**", preset: "segment" }] } }
    })
    expect(events["web"]?.map((e) => [e["event_id"], e["event_type"], e["email_hash"] !== null]).sort()).toEqual([
      ["m1", "referral_sent", false],
      ["m2", "identify", true]
    ])
  })

  it("snowplow: an atomic export with its 131 column names in capitals is read by its header, not taken for an enriched line", async () => {
    const { readFileSync } = await import("node:fs")
    const { enrichedColumns } = await import("../../src/ingest/presets/snowplow.ts")
    const fixture = readFileSync(join(import.meta.dirname, "..", "fixtures", "presets", "web", "snowplow", "enriched.tsv"), "utf8")
    const files = {
      "web/sp/atomic.tsv": [enrichedColumns.map((c) => c.toUpperCase()).join("\t"), fixture.split("\n")[0] ?? "", ""].join("\n")
    }
    const { result } = await ingestInbox(files)
    expect(result.files[0]).toMatchObject({ mapping: "detected preset snowplow", rowsRead: 1, accepted: 1, quarantined: 0 })
  })

  it("google_reviews: a batchGetReviews response, the reviews of several locations each under locationReviews[].review", async () => {
    const { readFileSync } = await import("node:fs")
    const page = JSON.parse(readFileSync(join(import.meta.dirname, "..", "fixtures", "presets", "review", "google", "reviews.json"), "utf8")) as { reviews: ReadonlyArray<{ name: string }> }
    const batch = {
      locationReviews: page.reviews.map((review) => ({ name: review.name.replace(/\/reviews\/.*$/, ""), review })),
      nextPageToken: "next"
    }
    const files = {
      "review/google/batch.json": JSON.stringify(batch, null, 2)
    }
    const { events, result } = await ingestInbox(files)
    expect(result.files[0]).toMatchObject({ mapping: "detected preset google_reviews", rowsRead: 2, accepted: 2, quarantined: 0 })
    expect(events["review"]?.map((e) => [e["row_number"], e["event_id"], e["at"], e["rating"], e["store_id"], e["replied_at"]])).toEqual([
      ["1", "r-1", "2026-03-01T10:00:00.123000Z", 4, "222", "2026-03-01 16:00:00+00"],
      ["2", "r-2", "2026-03-01T11:00:00.000000Z", 1, "333", null]
    ])
  })

  it("shopify_orders re-saved by a German spreadsheet: its date format and decimal comma, named on top of the preset, replace Shopify's", async () => {
    const files = {
      "store/shopify/orders.csv": [
        "Name;Email;Financial Status;Currency;Total;Created at;Lineitem name;Cancelled at;Source;Location",
        "#1002;ana@example.de;paid;EUR;1.234,50;06.01.2024 10:02;Mantel;;pos;Köln",
        "#1002;;;;;;Schal;;;",
        ""
      ].join("\r\n")
    }
    const { events, result } = await ingestInbox(files, {
      sources: {
        store: { files: [{ match: "shopify/**", preset: "shopify_orders", csv: { decimal: ",", thousands: "." }, timestamps: { format: "%d.%m.%Y %H:%M", timezone: "Europe/Berlin" } }] }
      }
    })
    expect(result.files[0]).toMatchObject({ rowsRead: 2, accepted: 1, filtered: 1, quarantined: 0 })
    // 10:02 in Berlin in January is 09:02 UTC
    expect(events["store"]?.map((e) => [e["order_id"], e["at"], e["revenue"], e["store_id"]])).toEqual([["#1002", "2024-01-06T09:02:00.000000Z", "1234.5000", "Köln"]])
  })

  it("a Trustpilot export saved by Excel as Unicode text (UTF-16 with its byte-order mark, tabs) is recognised and read without naming the encoding", async () => {
    const text = [
      "Review ID\tReview Created (UTC)\tReview Stars\tReview Content",
      "65e1f0c2a1b2c3d4e5f60718\t2026-03-01 10:00:00\t5\tSchön, gerne wieder",
      "65e1f0c2a1b2c3d4e5f60719\t2026-03-01 12:00:00\t2\tZu spät",
      ""
    ].join("\r\n")
    const files = {
      "review/tp.csv": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])
    }
    const { events, result } = await ingestInbox(files)
    expect(result.files[0]).toMatchObject({ mapping: "detected preset trustpilot", rowsRead: 2, accepted: 2, quarantined: 0 })
    expect(events["review"]?.map((e) => [e["row_number"], e["rating"], e["text"]])).toEqual([["2", 5, "Schön, gerne wieder"], ["3", 2, "Zu spät"]])
  })

  it("a recognised export in windows-1252 is unreadable with a message that names the preset and the entry to add; with that entry it loads", async () => {
    const files = {
      "review/tp/export.csv": Buffer.from("Review ID,Review Created (UTC),Review Stars,Review Content\n65e1f0c2a1b2c3d4e5f60718,2026-03-01 10:00:00,5,Sch\u00f6n\n", "latin1")
    }
    const first = await ingestInbox(files)
    expect(first.result.files[0]).toMatchObject({ status: "unreadable", mapping: "detected preset trustpilot" })
    expect(first.result.files[0]?.message).toContain(`it was recognised as preset trustpilot: name the preset in sources.review.files with those settings, e.g. {"match":"tp/export.csv","preset":"trustpilot","csv":{"encoding":"windows-1252"}}`)
    const second = await ingestInbox(files, { sources: { review: { files: [{ match: "tp/export.csv", preset: "trustpilot", csv: { encoding: "windows-1252" } }] } } })
    expect(second.result.files[0]).toMatchObject({ status: "loaded", accepted: 1 })
    expect(second.events["review"]?.map((e) => e["text"])).toEqual(["Schön"])
  })

  it("segment: lines of batch calls, each message a record; the batch's context where a message has none", async () => {
    // line 1: a page with a campaign of its own, an order without any (the batch's applies), an
    // alias; line 2: a batch without context. The batch's context fills in, key by key, what a
    // message's own leaves out.
    const batch = (messages: ReadonlyArray<object>, context?: object) =>
      JSON.stringify({ batch: messages, ...(context === undefined ? {} : { context }), sentAt: "2026-03-01T10:05:00Z" })
    const files = {
      "web/seg/requests.ndjson": [
        batch([
          { type: "page", messageId: "pg-1", anonymousId: "anon-a", timestamp: "2026-03-01T10:00:00Z", context: { page: { url: "https://shop.example/", referrer: "https://news.example/" }, campaign: { source: "news", medium: "referral" } } },
          { type: "track", event: "Order Completed", messageId: "tr-1", anonymousId: "anon-a", userId: "cust-9", timestamp: "2026-03-01T10:04:00Z", properties: { order_id: "o-1", total: 49.9, currency: "EUR" } },
          { type: "alias", messageId: "al-1", previousId: "anon-z", userId: "cust-9", timestamp: "2026-03-01T10:04:30Z" }
        ], { campaign: { source: "newsletter", medium: "email", name: "spring" }, traits: { email: "Cust9@Example.de" } }),
        batch([{ type: "page", messageId: "pg-2", anonymousId: "anon-b", timestamp: "2026-03-01T11:00:00Z" }]),
        ""
      ].join("\n")
    }
    const { events, result, quarantine } = await ingestInbox(files)
    expect(quarantine).toEqual([])
    expect(result.files[0]).toMatchObject({ mapping: "detected preset segment", rowsRead: 4, accepted: 4 })
    expect(events["web"]?.map((e) => [e["row_number"], e["event_id"], e["event_type"], e["anonymous_id"], e["customer_id"], e["page_url"], e["utm_source"], e["utm_campaign"], e["order_id"], e["revenue"], e["email_hash"] !== null])).toEqual([
      // its own campaign's source; the name it leaves out, and the e-mail, from the batch's context
      ["1", "pg-1", "page_view", "anon-a", null, "https://shop.example/", "news", "spring", null, null, true],
      ["1", "tr-1", "purchase", "anon-a", "cust-9", null, "newsletter", "spring", "o-1", "49.9000", true],
      ["1", "al-1", "alias", "anon-z", "cust-9", null, "newsletter", "spring", null, null, true],
      ["2", "pg-2", "page_view", "anon-b", null, null, null, null, null, null, false]
    ])
  })

  it("segment: an alias call links its previousId to its userId", async () => {
    const files = {
      "web/seg/messages.ndjson": [
        JSON.stringify({ type: "alias", messageId: "al-1", previousId: "anon-a", userId: "cust-88", anonymousId: "anon-b", timestamp: "2026-03-01T10:00:00Z" }),
        JSON.stringify({ type: "page", messageId: "pg-1", anonymousId: "anon-a", timestamp: "2026-03-01T09:59:00Z", context: { page: { url: "https://shop.example/" } } }),
        ""
      ].join("\n")
    }
    const { events, result } = await ingestInbox(files)
    expect(result.files[0]).toMatchObject({ mapping: "detected preset segment", accepted: 2 })
    expect(events["web"]?.map((e) => [e["event_id"], e["anonymous_id"], e["customer_id"], e["event_type"]])).toEqual([
      ["al-1", "anon-a", "cust-88", "alias"],
      ["pg-1", "anon-a", null, "page_view"]
    ])
  })

  it("a required field the mapping reads from an empty column says which column", async () => {
    const files = {
      "store/shopify/o.csv": [
        "Name,Email,Financial Status,Currency,Total,Created at,Lineitem name,Cancelled at,Source,Location",
        "#4001,a@example.de,paid,EUR,12.00,2026-03-01 10:00:00 +0100,Tee,,pos,",
        ""
      ].join("\n")
    }
    const { quarantine } = await ingestInbox(files)
    const message = "store_id is required but missing or empty (the mapping reads it from column 'Location')"
    expect(quarantine.map((q) => [q["row_number"], q["rule"], q["message"]])).toEqual([["2", "required:store_id", message]])
    // validate --show previews the row with the message it will be quarantined with
    const { result } = await ingestInbox(files, { preview: 5 })
    expect(result.previews.flatMap((p) => p.rows.map((r) => [r["row_number"], r["rule"], r["message"]]))).toEqual([["2", "required:store_id", message]])
  })

  it("an empty page of Google reviews is a file of no reviews", async () => {
    const files = {
      "review/page.json": JSON.stringify({ reviews: [], totalReviewCount: 0 }, null, 2)
    }
    const { result } = await ingestInbox(files)
    expect(result.files[0]).toMatchObject({ status: "loaded", mapping: "detected preset google_reviews", rowsRead: 0 })
  })
})
