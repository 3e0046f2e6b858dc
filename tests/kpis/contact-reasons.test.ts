import { describe, expect, it } from "vitest"
import type { Config } from "../../schemas/config.ts"
import { defaultConfig, num, type StagingRow, ticketEvent, withKpis } from "./kpi-warehouse.ts"

const created = (ticketId: string, at: string, reason: string | null, customer: StagingRow = {}) =>
  ticketEvent(ticketId, "created", at, { contact_reason: reason, ...customer })

const purchase = (orderId: string, at: string, id: string): StagingRow => ({
  event_id: id,
  occurred_at: at,
  anonymous_id: "a1",
  event_type: "purchase",
  order_id: orderId,
  revenue: "10.00"
})

const storePurchase = (orderId: string, at: string, id: string): StagingRow => ({
  event_id: id,
  occurred_at: at,
  store_id: "S01",
  event_type: "purchase",
  order_id: orderId,
  revenue: "10.00"
})

const reasonsConfig: Config = {
  ...defaultConfig,
  contactReasons: {
    delivery: { customerValue: "high", companyValue: "high" },
    returns: { customerValue: "high", companyValue: "low" },
    billing: { customerValue: "low", companyValue: "high" },
    spam: { customerValue: "low", companyValue: "low" }
  }
}

// March 2026, Berlin. C1: delivery 03-01, 03-08 (exactly 7 days later: repeat), 03-20 (12 days: not),
// billing 03-09 (other reason: not); no customer: billing 03-10; e-mail e2: billing 03-11, 03-12 (repeat);
// C3: password 03-15. Orders: o1 (web, again in store), o2 (web), o3, o4 (store) in March; o5 in February.
const march = {
  support: [
    created("K1", "2026-03-01T10:00:00Z", "delivery", { customer_id: "C1" }),
    created("K2", "2026-03-08T10:00:00Z", "delivery", { customer_id: "C1" }),
    created("K3", "2026-03-20T10:00:00Z", "delivery", { customer_id: "C1" }),
    created("K4", "2026-03-09T10:00:00Z", "billing", { customer_id: "C1" }),
    created("K5", "2026-03-10T10:00:00Z", "billing"),
    created("K6", "2026-03-11T10:00:00Z", "billing", { email_hash: "e2" }),
    created("K7", "2026-03-12T10:00:00Z", "billing", { email_hash: "e2" }),
    created("K8", "2026-03-15T10:00:00Z", "password", { customer_id: "C3" })
  ],
  web: [
    purchase("o1", "2026-03-02T10:00:00Z", "w1"),
    purchase("o2", "2026-03-03T10:00:00Z", "w2"),
    purchase("o5", "2026-02-27T10:00:00Z", "w5")
  ],
  store: [
    storePurchase("o1", "2026-03-02T10:05:00Z", "s1"),
    storePurchase("o3", "2026-03-04T10:00:00Z", "s3"),
    storePurchase("o4", "2026-03-05T10:00:00Z", "s4")
  ]
}

const marchRows = () =>
  withKpis(march, { config: reasonsConfig }, (db) =>
    db.all("select * from contact_reasons where month = '2026-03' order by contact_reason"))

const byReason = (rows: ReadonlyArray<Readonly<Record<string, unknown>>>, reason: string) => rows.find((r) => r["contact_reason"] === reason)

describe("contact reasons", () => {
  it("contacts per 100 orders divides the month's tickets by its distinct orders from web and store", async () => {
    // 8 tickets / 4 orders (o1 counted once) → 200; delivery 3 → 75; billing 4 → 100
    const rows = await marchRows()
    expect(num(byReason(rows, "(all)")?.["contacts"])).toBe(8)
    expect(num(byReason(rows, "(all)")?.["orders"])).toBe(4)
    expect(byReason(rows, "(all)")?.["contacts_per_100_orders"]).toBeCloseTo(200, 9)
    expect(byReason(rows, "delivery")?.["contacts_per_100_orders"]).toBeCloseTo(75, 9)
    expect(byReason(rows, "billing")?.["contacts_per_100_orders"]).toBeCloseTo(100, 9)
  })

  it("a repeat contact is the same customer with the same reason within the 7 days before", async () => {
    // delivery: K2 repeats K1 (exactly 7 days) → 1 of 3; billing: K7 repeats K6 → 1 of 4; all: 2 of 8
    const rows = await marchRows()
    expect(byReason(rows, "delivery")?.["repeat_contact_rate"]).toBeCloseTo(1 / 3, 9)
    expect(byReason(rows, "billing")?.["repeat_contact_rate"]).toBeCloseTo(0.25, 9)
    expect(byReason(rows, "(all)")?.["repeat_contact_rate"]).toBeCloseTo(0.25, 9)
  })

  it("each reason gets its value–irritant quadrant from config, unconfigured reasons are unclassified", async () => {
    // delivery high/high leverage, returns high/low automate, billing low/high simplify, spam low/low eliminate
    const rows = await withKpis({
      support: [
        created("A", "2026-03-02T10:00:00Z", "delivery"),
        created("B", "2026-03-02T10:00:00Z", "returns"),
        created("C", "2026-03-02T10:00:00Z", "billing"),
        created("D", "2026-03-02T10:00:00Z", "spam"),
        created("E", "2026-03-02T10:00:00Z", "password"),
        created("F", "2026-03-02T10:00:00Z", null)
      ]
    }, { config: reasonsConfig }, (db) => db.all("select contact_reason, quadrant from contact_reasons order by contact_reason"))
    expect(rows.map((r) => [r["contact_reason"], r["quadrant"]])).toEqual([
      ["(all)", null],
      ["(none)", "unclassified"],
      ["billing", "simplify"],
      ["delivery", "leverage"],
      ["password", "unclassified"],
      ["returns", "automate"],
      ["spam", "eliminate"]
    ])
  })

  it("chatbot containment is the share of bot-answered tickets solved without an agent", async () => {
    // B1 bot + solve (contained); B2 bot + agent + solve; B3 bot, unsolved; B4 agent only (not a bot ticket) → 1 of 3
    const rows = await withKpis({
      support: [
        created("B1", "2026-03-02T10:00:00Z", "faq"),
        ticketEvent("B1", "bot_reply", "2026-03-02T10:01:00Z"),
        ticketEvent("B1", "solved", "2026-03-02T10:05:00Z"),
        created("B2", "2026-03-02T10:00:00Z", "faq"),
        ticketEvent("B2", "bot_reply", "2026-03-02T10:01:00Z"),
        ticketEvent("B2", "agent_reply", "2026-03-02T10:30:00Z"),
        ticketEvent("B2", "solved", "2026-03-02T10:35:00Z"),
        created("B3", "2026-03-02T10:00:00Z", "faq"),
        ticketEvent("B3", "bot_reply", "2026-03-02T10:01:00Z"),
        created("B4", "2026-03-02T10:00:00Z", "faq"),
        ticketEvent("B4", "agent_reply", "2026-03-02T10:10:00Z"),
        ticketEvent("B4", "solved", "2026-03-02T10:20:00Z")
      ]
    }, {}, (db) => db.all("select bot_tickets, bot_contained, bot_containment_rate from contact_reasons where contact_reason = 'faq'"))
    expect(num(rows[0]?.["bot_tickets"])).toBe(3)
    expect(rows[0]?.["bot_containment_rate"]).toBeCloseTo(1 / 3, 9)
  })

  it("the month is the business-time-zone month of the ticket's creation", async () => {
    // 2026-03-31 21:30Z = 23:30 CEST (March); 22:30Z = 2026-04-01 00:30 CEST (April)
    const rows = await withKpis({
      support: [created("M1", "2026-03-31T21:30:00Z", "faq"), created("M2", "2026-03-31T22:30:00Z", "faq")]
    }, {}, (db) => db.all("select month, contacts from contact_reasons where contact_reason = 'faq' order by month"))
    expect(rows.map((r) => [r["month"], num(r["contacts"])])).toEqual([["2026-03", 1], ["2026-04", 1]])
  })
})
