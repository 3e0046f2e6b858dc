import { DuckDBInstance } from "@duckdb/node-api"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { ingestFolder, ingestInbox, type IngestOutcome } from "../support/ingest.ts"
import { queryWarehouse } from "../support/pipeline.ts"
import { tempDir } from "../support/temp.ts"

// Small Zendesk exports in the shapes of the API (audits, tickets) and of Airbyte's and
// Fivetran's tables, for what needs more than one stream or more than one run.
const ticket = (id: number, requester: number, created: string, channel = "email") =>
  JSON.stringify({ id, via: { channel, source: { from: {}, to: {}, rel: null } }, created_at: created, status: "open", requester_id: requester, submitter_id: requester, priority: null })
const comment = (id: number, ticketId: number, author: number, created: string, isPublic = true) =>
  JSON.stringify({ id, ticket_id: ticketId, author_id: author, body: "…", public: isPublic, created_at: created, type: "Comment", via: { channel: "web" } })
const rows = (run: IngestOutcome) =>
  (run.events["support"] ?? []).map((e) => [e["event_id"], e["at"], e["ticket_id"], e["event_type"], e["channel"], e["customer_id"], e["agent_id"]])

describe("zendesk: across streams and runs", () => {
  it("a comment whose ticket is in no stream is quarantined, saying what to load; in a later run it finds the ticket of an earlier one", async () => {
    const warehouse = join(tempDir(), "w.duckdb")
    const first = await ingestInbox({
      "support/zendesk/tickets.ndjson": ticket(7, 70, "2026-03-01T08:00:00Z"),
      "support/zendesk/ticket_comments.ndjson": [comment(1, 7, 70, "2026-03-01T08:00:00Z"), comment(2, 8, 71, "2026-03-01T09:00:00Z")].join("\n")
    }, { warehouse })
    expect(first.quarantine).toEqual([{
      file: "support/zendesk/ticket_comments.ndjson", row_number: "2", rule: "zendesk:ticket",
      message: "ticket 8 is in neither the Zendesk tickets or audits of this run nor an earlier one: load the tickets export with its comments",
      raw: expect.any(String)
    }])
    // comment 1 is ticket 7's description (written when the ticket was created)
    expect(first.result.files.find((f) => f.path.endsWith("ticket_comments.ndjson"))).toMatchObject({ rowsRead: 2, accepted: 0, quarantined: 1, filtered: 1 })

    const second = await ingestInbox({
      "support/zendesk/ticket_comments-2.ndjson": [comment(3, 7, 600, "2026-03-01T09:15:00Z"), comment(4, 7, 70, "2026-03-01T10:00:00Z"), comment(5, 7, 600, "2026-03-01T10:05:00Z", false)].join("\n")
    }, { warehouse })
    expect(second.quarantine.filter((q) => String(q["file"]).endsWith("-2.ndjson"))).toEqual([])
    expect(rows(second)).toEqual([
      ["created:7", "2026-03-01T08:00:00.000000Z", "7", "created", "email", "zendesk:70", null],
      ["comment:3", "2026-03-01T09:15:00.000000Z", "7", "agent_reply", "email", "zendesk:70", "600"],
      ["comment:4", "2026-03-01T10:00:00.000000Z", "7", "customer_reply", "email", "zendesk:70", null]
    ])
  })

  it("a change to an open status reopens a ticket solved in an earlier run; other changes are left out", async () => {
    const warehouse = join(tempDir(), "w.duckdb")
    const history = (lines: ReadonlyArray<string>) => ["field_name,ticket_id,updated,_fivetran_synced,user_id,value", ...lines].join("\n")
    await ingestInbox({
      "support/fivetran/ticket.csv": "id,created_at,requester_id,submitter_id,status,via_channel,priority\n9,2026-03-01 08:00:00,90,90,solved,web,normal",
      "support/fivetran/history-1.csv": history(["status,9,2026-03-01 08:00:00,x,90,new", "status,9,2026-03-01 09:00:00,x,7,solved"])
    }, { warehouse })
    const second = await ingestInbox({
      "support/fivetran/history-2.csv": history(["status,9,2026-03-02 08:00:00,x,90,open", "status,9,2026-03-02 09:00:00,x,7,pending", "status,9,2026-03-02 10:00:00,x,7,on-hold"])
    }, { warehouse })
    expect(rows(second).map((r) => [r[1], r[3], r[4]])).toEqual([
      ["2026-03-01T09:00:00.000000Z", "solved", "form"],
      ["2026-03-01T08:00:00.000000Z", "created", "form"],
      ["2026-03-02T08:00:00.000000Z", "reopened", "form"]
    ])
    expect(second.result.files.find((f) => f.path.endsWith("history-2.csv"))).toMatchObject({ rowsRead: 3, accepted: 1, filtered: 2 })
  })

  it("Airbyte's ticket_audits (one audit a line): each event of an audit read on its own", async () => {
    const audit = (id: number, at: string, author: number, events: ReadonlyArray<object>) =>
      JSON.stringify({ id, ticket_id: 5, created_at: at, author_id: author, via: { channel: "native_messaging", source: { from: {}, to: {}, rel: null } }, metadata: {}, events })
    const run = await ingestInbox({
      "support/airbyte/ticket_audits.jsonl": [
        audit(1, "2026-03-01T08:00:00Z", 50, [
          { id: 11, type: "Comment", author_id: 50, body: "Hallo", public: true },
          { id: 12, type: "Create", field_name: "requester_id", value: "50" },
          { id: 13, type: "Create", field_name: "status", value: "new" }
        ]),
        audit(2, "2026-03-01T08:03:00Z", 51, [{ id: 21, type: "Comment", author_id: 51, body: "Hi!", public: true }]),
        // an audit without events (a merge, an SLA update) has nothing to read
        audit(3, "2026-03-01T08:04:00Z", -1, []),
        // a ticket from a Facebook page: its comments are events of their own type
        audit(4, "2026-03-01T08:10:00Z", 50, [{ id: 41, type: "FacebookComment", author_id: 50, body: "Noch da?", public: true }])
      ].join("\n")
    })
    expect(run.result.files[0]).toMatchObject({ mapping: "detected preset zendesk", accepted: 3, quarantined: 0 })
    expect(rows(run)).toEqual([
      ["created:5", "2026-03-01T08:00:00.000000Z", "5", "created", "chat", "zendesk:50", null],
      ["comment:21", "2026-03-01T08:03:00.000000Z", "5", "agent_reply", "chat", "zendesk:50", "51"],
      ["comment:41", "2026-03-01T08:10:00.000000Z", "5", "customer_reply", "chat", "zendesk:50", null]
    ])
  })

  it("a channel Zendesk has and the contract has not is quarantined naming it, unless options.channels maps it; epoch seconds read as such", async () => {
    const files = {
      "support/zd/tickets.ndjson": [
        JSON.stringify({ id: 1, via: { channel: "rule" }, created_at: 1772352000, status: "new", requester_id: 10, submitter_id: 10 }),
        JSON.stringify({ id: 2, via: { channel: "email" }, created_at: "2026-03-01T09:00:00Z", status: "new", requester_id: 11, submitter_id: 11 })
      ].join("\n")
    }
    const plain = await ingestInbox(files)
    expect(plain.quarantine.map((q) => [q["row_number"], q["rule"]])).toEqual([["1", "enum:channel"]])
    expect(String(plain.quarantine[0]?.["message"])).toContain("rule")
    const mapped = await ingestInbox(files, { sources: { support: { files: [{ match: "zd/**", preset: "zendesk", options: { channels: { rule: "form" } } }] } } })
    expect(mapped.quarantine).toEqual([])
    expect(rows(mapped).map((r) => [r[1], r[4]])).toEqual([["2026-03-01T08:00:00.000000Z", "form"], ["2026-03-01T09:00:00.000000Z", "email"]])
  })

  it("Fivetran's tables as Parquet: the stream by the table's name, or options.stream", async () => {
    const inbox = join(tempDir(), "inbox")
    mkdirSync(join(inbox, "support", "fivetran"), { recursive: true })
    const instance = await DuckDBInstance.create(":memory:")
    const con = await instance.connect()
    await con.run(`copy (select 3::bigint as id, timestamp '2026-03-01 08:00:00' as created_at, 30::bigint as requester_id, 30::bigint as submitter_id,
  'open' as status, 'email' as via_channel) to '${join(inbox, "support", "fivetran", "ticket.parquet")}' (format parquet)`)
    await con.run(`copy (select 31::bigint as id, timestamp '2026-03-01 09:00:00' as created, true as public, 3::double as ticket_id, 700::bigint as user_id,
  'Hallo' as body) to '${join(inbox, "support", "fivetran", "ticket_comment.parquet")}' (format parquet)`)
    await con.run(`copy (select 32::bigint as id, timestamp '2026-03-01 10:00:00' as created, true as public, 3::bigint as ticket_id, 30::bigint as user_id,
  'Danke' as body) to '${join(inbox, "support", "fivetran", "export-2.parquet")}' (format parquet)`)
    con.closeSync()
    instance.closeSync()
    const run = await ingestFolder(inbox, { sources: { support: { files: [{ match: "fivetran/export-*.parquet", preset: "zendesk", options: { stream: "comments" } }] } } })
    expect(run.quarantine).toEqual([])
    expect(rows(run).map((r) => [r[0], r[1], r[3], r[4], r[6]])).toEqual([
      ["comment:32", "2026-03-01T10:00:00.000000Z", "customer_reply", "email", null],
      ["created:3", "2026-03-01T08:00:00.000000Z", "created", "email", null],
      ["comment:31", "2026-03-01T09:00:00.000000Z", "agent_reply", "email", "700"]
    ])
  })

  it("an API response saved as it came is one document, also when options.stream names its stream", async () => {
    const doc = JSON.stringify({ tickets: [JSON.parse(ticket(1, 10, "2026-03-01T08:00:00Z")), JSON.parse(ticket(2, 11, "2026-03-01T09:00:00Z", "voice"))], end_of_stream: true }, null, 2)
    const run = await ingestInbox({ "support/export/page-1.json": doc }, { sources: { support: { files: [{ match: "export/**", preset: "zendesk", options: { stream: "tickets" } }] } } })
    expect(run.result.files[0]).toMatchObject({ rowsRead: 2, accepted: 2 })
    expect(rows(run).map((r) => [r[0], r[4]])).toEqual([["created:1", "email"], ["created:2", "phone"]])
  })

  it("a CSV of Airbyte's tickets table: the channel and the sender's address from the JSON text of via", async () => {
    const via = (value: unknown) => `"${JSON.stringify(value).replaceAll('"', '""')}"`
    const run = await ingestInbox({
      "support/airbyte/tickets.csv": [
        "id,created_at,status,requester_id,submitter_id,priority,via",
        `1,2026-03-01T08:00:00Z,open,10,10,,${via({ channel: "email", source: { from: { address: "Ana@Example.de", name: "Ana" }, to: { address: "support@shop.example", name: "Shop" }, rel: null } })}`,
        `2,2026-03-01T09:00:00Z,open,11,11,high,${via({ source: { from: { phone: "+49301234" }, to: { address: "support@shop.example" }, rel: "inbound" }, channel: "voice" })}`,
        ""
      ].join("\n")
    })
    expect(run.quarantine).toEqual([])
    expect(run.result.files[0]).toMatchObject({ mapping: "detected preset zendesk", rowsRead: 2, accepted: 2 })
    const events = run.events["support"] ?? []
    expect(events.map((e) => [e["event_id"], e["channel"], e["email_hash"] !== null])).toEqual([["created:1", "email", true], ["created:2", "phone", false]])
  })

  it("Airbyte's JSON lines, each record wrapped in _airbyte_data, read as the records themselves", async () => {
    const wrap = (record: string, i: number) => JSON.stringify({ _airbyte_ab_id: `ab-${i}`, _airbyte_emitted_at: 1772352000000, _airbyte_data: JSON.parse(record) })
    const run = await ingestInbox({
      "support/airbyte/tickets.jsonl": [ticket(3, 30, "2026-03-01T08:00:00Z", "web")].map(wrap).join("\n"),
      "support/airbyte/ticket_comments.jsonl": [comment(31, 3, 700, "2026-03-01T08:30:00Z"), comment(32, 3, 30, "2026-03-01T09:00:00Z")].map(wrap).join("\n")
    })
    expect(run.quarantine).toEqual([])
    expect(run.result.files.map((f) => [f.path, f.mapping, f.accepted])).toEqual([
      ["support/airbyte/ticket_comments.jsonl", "detected preset zendesk", 2],
      ["support/airbyte/tickets.jsonl", "detected preset zendesk", 1]
    ])
    expect(rows(run).map((r) => [r[0], r[3], r[4]])).toEqual([
      ["comment:31", "agent_reply", "form"], ["comment:32", "customer_reply", "form"], ["created:3", "created", "form"]
    ])
  })

  it("status changes in the same second keep their order in the audit; a ticket delivered again keeps the requester first loaded", async () => {
    const warehouse = join(tempDir(), "w.duckdb")
    await ingestInbox({ "support/zd/tickets-1.ndjson": ticket(6, 60, "2026-03-01T08:00:00Z") }, { warehouse })
    const audit = JSON.stringify({
      id: 1, ticket_id: 6, created_at: "2026-03-01T10:00:00Z", author_id: 7, via: { channel: "web" }, events: [
        { id: 999, type: "Change", field_name: "status", value: "solved", previous_value: "open" },
        { id: 1000, type: "Change", field_name: "status", value: "open", previous_value: "solved" }
      ]
    })
    const run = await ingestInbox({
      // the incremental export sends ticket 6 again, now with another requester
      "support/zd/tickets-2.ndjson": ticket(6, 61, "2026-03-01T08:00:00Z"),
      "support/zd/audits.ndjson": audit,
      "support/zd/ticket_comments.ndjson": comment(5, 6, 61, "2026-03-01T09:00:00Z")
    }, { warehouse })
    expect(run.quarantine).toEqual([])
    // (the two changes share the audit's line: their order among the stored rows is none)
    expect(Object.fromEntries(rows(run).map((r) => [r[0], [r[3], r[5], r[6]]]))).toEqual({
      "created:6": ["created", "zendesk:60", null],
      // the requester is the one of the creation kept (60): 61 writes as someone else
      "status:999": ["solved", "zendesk:60", null],
      "status:1000": ["reopened", "zendesk:60", null],
      "comment:5": ["agent_reply", "zendesk:60", "61"]
    })
  })

  it("a requester an audit changes after creation is the ticket's customer, and tells the customer's replies from the agent's", async () => {
    // agent 7001 forwards a customer's e-mail: the ticket is created with 7001 as requester,
    // then 9109 is made the requester; the tickets export, sent later, says 9109
    const audits = JSON.stringify({
      audits: [
        { id: 1, ticket_id: 209, created_at: "2026-03-01T10:10:00Z", author_id: 7001, via: { channel: "email", source: { from: {}, to: {}, rel: null } }, events: [
          { id: 6020, type: "Comment", author_id: 7001, body: "Fwd: …", public: true },
          { id: 6021, type: "Create", field_name: "requester_id", value: "7001" }
        ] },
        { id: 2, ticket_id: 209, created_at: "2026-03-01T10:11:00Z", author_id: 7001, via: { channel: "web" }, events: [
          { id: 6022, type: "Change", field_name: "requester_id", value: "9109", previous_value: "7001" }
        ] },
        { id: 3, ticket_id: 209, created_at: "2026-03-01T11:00:00Z", author_id: 9109, via: { channel: "email" }, events: [
          { id: 6023, type: "Comment", author_id: 9109, body: "Danke", public: true }
        ] },
        { id: 4, ticket_id: 209, created_at: "2026-03-01T12:00:00Z", author_id: 7001, via: { channel: "web" }, events: [
          { id: 6024, type: "Comment", author_id: 7001, body: "Gern", public: true }
        ] }
      ]
    })
    const warehouse = join(tempDir(), "w.duckdb")
    const run = await ingestInbox({
      "support/zd/audits-p1.json": audits,
      "support/zd/tickets-p1.ndjson": ticket(209, 9109, "2026-03-01T10:10:00Z")
    }, { warehouse })
    expect(run.quarantine).toEqual([])
    expect(run.result.files.find((f) => f.path.endsWith("audits-p1.json"))).toMatchObject({ rowsRead: 20, accepted: 3, filtered: 17 })
    expect(Object.fromEntries(rows(run).map((r) => [r[0], [r[3], r[5], r[6]]]))).toEqual({
      "created:209": ["created", "zendesk:9109", null],
      "comment:6023": ["customer_reply", "zendesk:9109", null],
      "comment:6024": ["agent_reply", "zendesk:9109", "7001"]
    })
  })

  it("a requester changed in a later run than the ticket's creation holds for the runs after it, though no event of that run carries it", async () => {
    const warehouse = join(tempDir(), "w.duckdb")
    const audit = (id: number, at: string, author: number, events: ReadonlyArray<object>) =>
      JSON.stringify({ id, ticket_id: 209, created_at: at, author_id: author, via: { channel: "web" }, events })
    const change = (eventId: number, at: string, to: number, from: number) =>
      audit(eventId, at, 7001, [{ id: eventId, type: "Change", field_name: "requester_id", value: String(to), previous_value: String(from) }])
    // run 1: the tickets export, taken before the requester was changed
    await ingestInbox({ "support/zd/tickets-1.ndjson": ticket(209, 7001, "2026-03-01T10:10:00Z") }, { warehouse })
    // run 2: the audit that changes it, alone: the change is left out of the events
    const second = await ingestInbox({ "support/zd/audits-1.ndjson": change(6022, "2026-03-01T10:11:00Z", 9109, 7001) }, { warehouse })
    expect(second.result.files.find((f) => f.path.endsWith("audits-1.ndjson"))).toMatchObject({ accepted: 0, quarantined: 0 })
    // run 3: the customer's reply, and the agent's; the change is delivered again with them
    const third = await ingestInbox({
      "support/zd/ticket_comments-2.ndjson": [comment(6030, 209, 9109, "2026-03-02T09:00:00Z"), comment(6031, 209, 7001, "2026-03-02T10:00:00Z")].join("\n"),
      "support/zd/audits-1-again.ndjson": change(6022, "2026-03-01T10:11:00Z", 9109, 7001) + "\n"
    }, { warehouse })
    expect(third.quarantine).toEqual([])
    expect(Object.fromEntries(rows(third).map((r) => [r[0], [r[3], r[5], r[6]]]))).toEqual({
      // loaded in run 1, before the change was known: it keeps that requester
      "created:209": ["created", "zendesk:7001", null],
      "comment:6030": ["customer_reply", "zendesk:9109", null],
      "comment:6031": ["agent_reply", "zendesk:9109", "7001"]
    })
    // run 4: a change back, delivered before a change older than it (audits out of order)
    await ingestInbox({ "support/zd/audits-2.ndjson": change(6040, "2026-03-03T08:00:00Z", 7001, 9109) }, { warehouse })
    await ingestInbox({ "support/zd/audits-0.ndjson": change(6010, "2026-03-01T10:10:30Z", 8800, 7001) }, { warehouse })
    const last = await ingestInbox({ "support/zd/ticket_comments-3.ndjson": comment(6050, 209, 7001, "2026-03-03T09:00:00Z") }, { warehouse })
    expect(rows(last).find((r) => r[0] === "comment:6050")).toEqual(["comment:6050", "2026-03-03T09:00:00.000000Z", "209", "customer_reply", "email", "zendesk:7001", null])
    // each change kept once, though read twice
    expect((await queryWarehouse(warehouse, "select event_id, customer_id from zendesk_requesters order by changed_at")).map((r) => [r["event_id"], r["customer_id"]])).toEqual([
      ["requester:6010", "zendesk:8800"], ["requester:6022", "zendesk:9109"], ["requester:6040", "zendesk:7001"]
    ])
  })

  it("a comment whose ticket's own row could not be read says so", async () => {
    const run = await ingestInbox({
      // epoch seconds of 1970: the mapping itself cannot read the ticket's creation
      "support/zd/tickets.ndjson": JSON.stringify({ id: 9, via: { channel: "email" }, created_at: 12345, status: "new", requester_id: 90, submitter_id: 90 }),
      "support/zd/ticket_comments.ndjson": comment(1, 9, 90, "2026-03-01T09:00:00Z")
    })
    expect(run.quarantine.map((q) => [q["file"], q["rule"], q["message"]])).toEqual([
      ["support/zd/ticket_comments.ndjson", "zendesk:ticket", "the row creating ticket 9 in this run could not be read (range:occurred_at): fix it and load it with this file again"],
      ["support/zd/tickets.ndjson", "range:occurred_at", expect.stringContaining("read as epoch seconds")]
    ])
  })
})
