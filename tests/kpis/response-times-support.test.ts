import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { type Fixture, num, pageView, responseRow, ticketEvent, withKpis } from "./kpi-warehouse.ts"

const firstReply = { date: "2026-03-02", metric: "support_first_reply" }
const resolution = { date: "2026-03-02", metric: "support_resolution" }

describe("support response times", () => {
  it("a first reply runs from created to the first agent reply, and bot replies do not count", async () => {
    // created 09:00, bot 09:01, agents 10:30 and 11:00 → 90 minutes
    const row = await withKpis({
      support: [
        ticketEvent("T1", "created", "2026-03-02T09:00:00Z"),
        ticketEvent("T1", "bot_reply", "2026-03-02T09:01:00Z"),
        ticketEvent("T1", "agent_reply", "2026-03-02T10:30:00Z"),
        ticketEvent("T1", "agent_reply", "2026-03-02T11:00:00Z")
      ]
    }, {}, (db) => responseRow(db, firstReply))
    expect(num(row?.["n"])).toBe(1)
    expect(row?.["p50_minutes"]).toBe(90)
    expect(row?.["open_n"]).toBe("0")
  })

  it("a reopened ticket's resolution runs to its last solve", async () => {
    // created 09:00, solved 10:00, reopened 11:00, solved 13:00 → 240 minutes
    const row = await withKpis({
      support: [
        ticketEvent("T1", "created", "2026-03-02T09:00:00Z"),
        ticketEvent("T1", "solved", "2026-03-02T10:00:00Z"),
        ticketEvent("T1", "reopened", "2026-03-02T11:00:00Z"),
        ticketEvent("T1", "solved", "2026-03-02T13:00:00Z")
      ]
    }, {}, (db) => responseRow(db, resolution))
    expect(num(row?.["n"])).toBe(1)
    expect(row?.["mean_minutes"]).toBe(240)
  })

  it("a ticket reopened after its last solve is open again", async () => {
    // solved 10:00 then reopened 11:00 and never solved again → no duration, one open item
    const row = await withKpis({
      support: [
        ticketEvent("T1", "created", "2026-03-02T09:00:00Z"),
        ticketEvent("T1", "solved", "2026-03-02T10:00:00Z"),
        ticketEvent("T1", "reopened", "2026-03-02T11:00:00Z")
      ]
    }, {}, (db) => responseRow(db, resolution))
    expect(num(row?.["n"])).toBe(0)
    expect(row?.["mean_minutes"]).toBeNull()
    expect(row?.["share_over_threshold"]).toBeNull()
    expect(num(row?.["open_n"])).toBe(1)
  })

  it("a ticket without a reply is open, and a breach once older than the SLA at the as-of instant", async () => {
    // as-of = latest event 13:00; ages 300 (> 240, breach) and 100 minutes; nobody replied
    const row = await withKpis({
      support: [
        ticketEvent("A", "created", "2026-03-02T08:00:00Z"),
        ticketEvent("B", "created", "2026-03-02T11:20:00Z")
      ],
      web: [pageView("2026-03-02T13:00:00Z")]
    }, {}, (db) => responseRow(db, firstReply))
    expect(num(row?.["n"])).toBe(0)
    expect(num(row?.["open_n"])).toBe(2)
    expect(num(row?.["open_over_threshold"])).toBe(1)
  })

  it("a reply exactly on the SLA is not over it, one second later is", async () => {
    // SLA 240: replies after 240 min (not over) and 240 min 1 s (over) → 1 of 2
    const row = await withKpis({
      support: [
        ticketEvent("A", "created", "2026-03-02T08:00:00Z"),
        ticketEvent("A", "agent_reply", "2026-03-02T12:00:00Z"),
        ticketEvent("B", "created", "2026-03-02T08:00:00Z"),
        ticketEvent("B", "agent_reply", "2026-03-02T12:00:01Z")
      ]
    }, {}, (db) => responseRow(db, firstReply))
    expect(num(row?.["over_threshold"])).toBe(1)
    expect(row?.["share_over_threshold"]).toBe(0.5)
    expect(row?.["threshold_minutes"]).toBe(240)
  })

  it("percentiles interpolate linearly, per channel and over all", async () => {
    // email 10, 20; chat 30, 100 → all: p50 25, p90 30 + 0.7 × 70 = 79, mean 40; email p50 15; chat p50 65
    const reply = (id: string, channel: string, minutes: number) => [
      ticketEvent(id, "created", "2026-03-02T08:00:00Z", { channel }),
      ticketEvent(id, "agent_reply", new Date(Date.parse("2026-03-02T08:00:00Z") + minutes * 60_000).toISOString(), { channel })
    ]
    const rows = await withKpis({
      support: [...reply("A", "email", 10), ...reply("B", "email", 20), ...reply("C", "chat", 30), ...reply("D", "chat", 100)]
    }, {}, (db) =>
      Effect.all([
        responseRow(db, firstReply),
        responseRow(db, { ...firstReply, dimension: "channel", segment: "email" }),
        responseRow(db, { ...firstReply, dimension: "channel", segment: "chat" })
      ]))
    const [all, email, chat] = rows
    expect(all?.["p50_minutes"]).toBeCloseTo(25, 9)
    expect(all?.["p90_minutes"]).toBeCloseTo(79, 9)
    expect(all?.["mean_minutes"]).toBeCloseTo(40, 9)
    expect(email?.["p50_minutes"]).toBeCloseTo(15, 9)
    expect(chat?.["p50_minutes"]).toBeCloseTo(65, 9)
  })

  it("a ticket's start is its earliest created event, and its channel that event's", async () => {
    // created 09:00 (chat) and again 09:30 (email), reply 10:00 → 60 minutes on chat
    const rows = await withKpis({
      support: [
        ticketEvent("T1", "created", "2026-03-02T09:30:00Z", { channel: "email" }),
        ticketEvent("T1", "agent_reply", "2026-03-02T10:00:00Z", { channel: "email" }),
        ticketEvent("T1", "created", "2026-03-02T09:00:00Z", { channel: "chat" })
      ]
    }, {}, (db) =>
      Effect.all([
        responseRow(db, { ...firstReply, dimension: "channel", segment: "chat" }),
        responseRow(db, { ...firstReply, dimension: "channel", segment: "email" })
      ]))
    expect(rows[0]?.["p50_minutes"]).toBe(60)
    expect(rows[1]).toBeUndefined()
  })

  it("an agent reply stamped before the ticket was created is not its first reply", async () => {
    // replies 08:50 (before created 09:00, ignored) and 09:20 → 20 minutes
    const row = await withKpis({
      support: [
        ticketEvent("T1", "agent_reply", "2026-03-02T08:50:00Z"),
        ticketEvent("T1", "created", "2026-03-02T09:00:00Z"),
        ticketEvent("T1", "agent_reply", "2026-03-02T09:20:00Z")
      ]
    }, {}, (db) => responseRow(db, firstReply))
    expect(row?.["p50_minutes"]).toBe(20)
  })

  it("the date is the business-time-zone date of the created event", async () => {
    // 2026-03-01 23:30 UTC is 2026-03-02 00:30 in Berlin (UTC+1)
    const row = await withKpis({
      support: [
        ticketEvent("T1", "created", "2026-03-01T23:30:00Z"),
        ticketEvent("T1", "agent_reply", "2026-03-01T23:45:00Z")
      ]
    }, {}, (db) => responseRow(db, firstReply))
    expect(row?.["p50_minutes"]).toBe(15)
  })

  it("calendar minutes across the spring DST change count real time: 24 local hours are 23", async () => {
    // Sat 2026-03-28 12:00 CET (11:00Z) → Sun 2026-03-29 12:00 CEST (10:00Z) = 23 h = 1380 min
    const row = await withKpis({
      support: [
        ticketEvent("T1", "created", "2026-03-28T11:00:00Z"),
        ticketEvent("T1", "agent_reply", "2026-03-29T10:00:00Z")
      ]
    }, {}, (db) => responseRow(db, { date: "2026-03-28", metric: "support_first_reply" }))
    expect(row?.["p50_minutes"]).toBe(1380)
    expect(row?.["time_basis"]).toBe("calendar")
  })

  it("the result does not depend on the order in which events arrived", async () => {
    // same events, loaded forwards and backwards: first replies 30 and 90, resolution 120
    const events = [
      ticketEvent("A", "created", "2026-03-02T09:00:00Z"),
      ticketEvent("A", "agent_reply", "2026-03-02T09:30:00Z"),
      ticketEvent("A", "solved", "2026-03-02T11:00:00Z"),
      ticketEvent("B", "created", "2026-03-02T10:00:00Z", { channel: "chat" }),
      ticketEvent("B", "agent_reply", "2026-03-02T11:30:00Z", { channel: "chat" })
    ]
    const table = (fixture: Fixture) =>
      withKpis(fixture, {}, (db) => db.all("select * from response_times order by date, metric, dimension, segment"))
    const forwards = await table({ support: events })
    const backwards = await table({ support: [...events].reverse() })
    expect(backwards).toEqual(forwards)
    const all = forwards.filter((r) => r["dimension"] === "(all)")
    expect(all.map((r) => [r["metric"], r["mean_minutes"], r["open_n"]])).toEqual([
      ["support_first_reply", 60, "0"],
      ["support_resolution", 120, "1"]
    ])
  })
})
