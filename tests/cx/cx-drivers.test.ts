import { describe, expect, it } from "vitest"
import { deliverLines, readTable, runOnce, runWindowed, workspace, type Workspace } from "../support/pipeline.ts"

// Four customers A–D (customer ids cA–cD) in March 2026, and one page view on 15 June that sets
// the as-of instant, so every 90-day window after a March exposure is complete.
// Orders (web purchase, then delivery: ordered → delivered, promised_at on the ordered step):
//   o1 A  ordered 1 Mar 10:00, promised 11:00, delivered 10:40   on time, 40 min
//   o2 B  ordered 1 Mar 10:00, promised 11:00, delivered 11:30   late, 90 min
//   o3 C  ordered 2 Mar 09:00, promised 10:00, delivered 10:20   late, 80 min
//   o4 D  ordered 2 Mar 09:00, promised 10:00, delivered 09:30   on time, 30 min
//   o5 -  ordered 2 Mar 12:00, no promise,     delivered 12:50   lateness unknown, 50 min
//   o6 B  bought again 4 Mar 10:00 (no delivery)
// Responses naming an order: o1 CSAT 2 (1 Mar 12:00) then CSAT 5 (2 Mar): the latest counts;
// o2 CSAT 2; o3 CSAT 3 and NPS 4; o4 CSAT 4 and NPS 10; A's CSAT 1 without an order or ticket
// counts nowhere. Review r-2 of o2 rated 1 (2 Mar 09:00), never answered.
// Tickets (SLA 60 min): t1 A created 3 Mar 08:00, reply 08:30; t2 B created 3 Mar 08:00, first
// reply 5 Mar 10:00, solved, reopened 6 Mar; t3 C created 4 Mar 08:00, never answered.
// CSAT 5 names t1, CSAT 1 names t2. C redeemed a coupon on 3 Mar 12:00.
const at = (day: number, time: string) => `2026-03-0${day}T${time}:00Z`

const deliver = (ws: Workspace) => {
  const purchase = (id: string, day: number, time: string, customer: string, order: string, revenue: string) =>
    JSON.stringify({ event_id: id, occurred_at: at(day, time), anonymous_id: `dev-${customer}`, event_type: "purchase", customer_id: customer, order_id: order, revenue })
  deliverLines(ws, "web", [
    purchase("w1", 1, "09:50", "cA", "o1", "30"),
    purchase("w2", 1, "09:50", "cB", "o2", "40"),
    purchase("w3", 2, "08:50", "cC", "o3", "50"),
    purchase("w4", 2, "08:50", "cD", "o4", "20"),
    purchase("w6", 4, "10:00", "cB", "o6", "60"),
    JSON.stringify({ event_id: "w9", occurred_at: "2026-06-15T12:00:00Z", anonymous_id: "dev-x", event_type: "page_view" })
  ])
  const step = (id: string, order: string, type: string, day: number, time: string, customer?: string, promised?: string) =>
    JSON.stringify({ event_id: id, occurred_at: at(day, time), order_id: order, event_type: type, ...(customer === undefined ? {} : { customer_id: customer }), ...(promised === undefined ? {} : { promised_at: promised }) })
  deliverLines(ws, "delivery", [
    step("d1", "o1", "ordered", 1, "10:00", "cA", at(1, "11:00")), step("d2", "o1", "delivered", 1, "10:40"),
    step("d3", "o2", "ordered", 1, "10:00", "cB", at(1, "11:00")), step("d4", "o2", "delivered", 1, "11:30"),
    step("d5", "o3", "ordered", 2, "09:00", "cC", at(2, "10:00")), step("d6", "o3", "delivered", 2, "10:20"),
    step("d7", "o4", "ordered", 2, "09:00", "cD", at(2, "10:00")), step("d8", "o4", "delivered", 2, "09:30"),
    step("d9", "o5", "ordered", 2, "12:00"), step("d10", "o5", "delivered", 2, "12:50")
  ], "delivery")
  const response = (id: string, type: string, score: number, day: number, time: string, link: Record<string, string>) =>
    JSON.stringify({ event_id: id, occurred_at: at(day, time), survey_type: type, score, ...link })
  deliverLines(ws, "survey", [
    response("q1", "csat", 2, 1, "12:00", { order_id: "o1" }),
    response("q2", "csat", 5, 2, "12:00", { order_id: "o1" }),
    response("q3", "csat", 2, 2, "12:00", { order_id: "o2" }),
    response("q4", "csat", 3, 2, "12:00", { order_id: "o3" }),
    response("q5", "nps", 4, 2, "13:00", { order_id: "o3" }),
    response("q6", "csat", 4, 2, "12:00", { order_id: "o4" }),
    response("q7", "nps", 10, 2, "13:00", { order_id: "o4" }),
    response("q8", "csat", 1, 2, "14:00", { customer_id: "cA" }),
    response("q9", "csat", 5, 3, "12:00", { ticket_id: "t1" }),
    response("q10", "csat", 1, 6, "12:00", { ticket_id: "t2" })
  ], "survey")
  deliverLines(ws, "review", [
    JSON.stringify({ event_id: "r-2", occurred_at: at(2, "09:00"), platform: "google", rating: 1, order_id: "o2", text: "Zu spät" })
  ], "review")
  const ticket = (id: string, t: string, type: string, day: number, time: string, customer?: string) =>
    JSON.stringify({ event_id: id, occurred_at: at(day, time), ticket_id: t, event_type: type, channel: "email", ...(customer === undefined ? {} : { customer_id: customer }) })
  deliverLines(ws, "support", [
    ticket("s1", "t1", "created", 3, "08:00", "cA"), ticket("s2", "t1", "agent_reply", 3, "08:30"),
    ticket("s3", "t2", "created", 3, "08:00", "cB"), ticket("s4", "t2", "agent_reply", 5, "10:00"),
    ticket("s5", "t2", "solved", 5, "11:00"), ticket("s6", "t2", "reopened", 6, "09:00"),
    ticket("s7", "t3", "created", 4, "08:00", "cC")
  ], "support")
  deliverLines(ws, "store", [
    JSON.stringify({ event_id: "c1", occurred_at: at(3, "12:00"), store_id: "S1", event_type: "coupon_redeemed", customer_id: "cC", coupon_code: "SORRY10" })
  ], "store")
}

const config = { kpis: { supportFirstReplySlaMinutes: 60, minSurveyResponses: 2 }, recovery: { windowDays: 120 } }

const row = (rows: ReadonlyArray<Record<string, unknown>>, driver: string, outcome: string) => {
  const r = rows.find((x) => x["driver"] === driver && x["outcome"] === outcome)
  if (r === undefined) throw new Error(`no row ${driver} × ${outcome}`)
  const n = (v: unknown) => (v === null ? null : Math.round(Number(v) * 10000) / 10000)
  return [n(r["exposed_n"]), n(r["exposed_value"]), n(r["unexposed_n"]), n(r["unexposed_value"]), n(r["difference"]), n(r["difference_low"]), n(r["difference_high"]), r["low_sample"]]
}

describe("CX drivers and recovery, on a hand-made inbox", () => {
  it("compare exposed and unexposed units per driver and outcome, with intervals", async () => {
    const ws = workspace()
    deliver(ws)
    await runOnce(ws, config)
    const drivers = await readTable(ws.out, "cx_drivers", "driver, outcome")
    expect(drivers).toHaveLength(4 * 8)
    // delivery_late: exposed o2, o3; unexposed o1, o4 (o5 has no promise)
    // CSAT top-2: 0/2 against 2/2 (o1's latest is 5); Newcombe −1.0000 to −0.0700
    expect(row(drivers, "delivery_late", "csat_top2_share")).toEqual([2, 0, 2, 1, -1, -1, -0.07, false])
    // CSAT mean 2.5 against 4.5 (Welch interval with 2 degrees of freedom: wide, not pinned here)
    expect(row(drivers, "delivery_late", "csat_mean").slice(0, 5)).toEqual([2, 2.5, 2, 4.5, -2])
    // NPS: o3 a detractor (−100), o4 a promoter (100); one response per group says nothing about
    // the spread: no interval
    expect(row(drivers, "delivery_late", "nps")).toEqual([1, -100, 1, 100, -200, null, null, true])
    expect(row(drivers, "delivery_late", "detractor_share")).toEqual([1, 1, 1, 0, 1, -0.1221, 1, true])
    // the review of o2; no unexposed order has one
    expect(row(drivers, "delivery_late", "review_top2_share")).toEqual([1, 0, 0, null, null, null, null, true])
    // repurchase: B bought o6 within 90 days of o2; contact: A, B, C opened a ticket within 7 days
    expect(row(drivers, "delivery_late", "repurchase_90d_share")).toEqual([2, 0.5, 2, 0, 0.5, -0.2726, 0.9055, false])
    expect(row(drivers, "delivery_late", "contact_7d_share")).toEqual([2, 1, 2, 0.5, 0.5, -0.2726, 0.9055, false])
    // over 45 minutes: o2, o3, o5 against o1, o4; o5 has no response
    expect(row(drivers, "delivery_over_threshold", "csat_top2_share")).toEqual([2, 0, 2, 1, -1, -1, -0.07, false])
    // first reply over 60 min: t2 (2 days) and t3 (never) against t1; only t2 and t1 have a CSAT
    expect(row(drivers, "first_reply_over_sla", "csat_top2_share")).toEqual([1, 0, 1, 1, -1, -1, 0.1221, true])
    expect(row(drivers, "first_reply_over_sla", "repurchase_90d_share")).toEqual([2, 0.5, 1, 0, 0.5, -0.391, 0.9055, true])
    expect(row(drivers, "delivery_late", "review_mean")).toEqual([1, 1, 0, null, null, null, null, true])
    // no customer opened a second ticket within 7 days of a first
    expect(row(drivers, "first_reply_over_sla", "contact_7d_share")).toEqual([2, 0, 1, 0, 0, -0.7935, 0.6576, true])
    // reopened: t2 (B bought again) against t1 and t3
    expect(row(drivers, "ticket_reopened", "csat_top2_share")).toEqual([1, 0, 1, 1, -1, -1, 0.1221, true])
    expect(row(drivers, "ticket_reopened", "repurchase_90d_share")).toEqual([1, 1, 2, 0, 1, -0.0305, 1, true])
    const monthly = await readTable(ws.out, "cx_drivers_monthly", "month, driver, outcome")
    expect([...new Set(monthly.map((r) => r["month"]))]).toEqual(["2026-03"])
    expect(row(monthly, "delivery_late", "csat_top2_share")).toEqual(row(drivers, "delivery_late", "csat_top2_share"))
  })

  it("find each breach, its first recovery within the window, the repurchase, and the customers still at risk", async () => {
    const ws = workspace()
    deliver(ws)
    await runOnce(ws, config)
    const moments = await readTable(ws.out, "recovery_moments", "breach_at, breach_id")
    const keys = new Map((await readTable(ws.out, "identity_map")).filter((r) => r["identifier_type"] === "customer_id").map((r) => [r["customer_key"], r["identifier"]]))
    expect(moments.map((m) => [m["breach_id"], keys.get(m["customer_key"]), m["recovery_type"], m["hours_to_recovery"] === null ? null : Math.round(Number(m["hours_to_recovery"]) * 1000) / 1000, m["repurchased_90d"]])).toEqual([
      // B's late o2: the agent's reply on t2 (5 Mar 10:00) came after B bought again (4 Mar)
      ["delivery_late:o2", "cB", "agent_reply", 94.5, true],
      ["review_negative:r-2", "cB", "agent_reply", 73, true],
      ["delivery_late:o3", "cC", "coupon_redeemed", 25.667, false],
      ["detractor:q5", "cC", "coupon_redeemed", 23, false],
      // t2's first reply was due 09:00 on 3 Mar and came 49 hours late: that reply is the breach,
      // not its recovery, and nothing followed it
      ["first_reply_over_sla:t2", "cB", null, null, true],
      // t3 is due 09:00 on 4 Mar; C's coupon was the day before: nothing recovers it
      ["first_reply_over_sla:t3", "cC", null, null, false]
    ])
    const atRisk = await readTable(ws.out, "at_risk_customers", "revenue_to_date desc")
    expect(atRisk.map((r) => [r["customer_id"], Number(r["open_breaches"]), r["last_breach_at"], Number(r["revenue_to_date"])])).toEqual([
      ["cB", 1, "2026-03-03 09:00:00+00", 100],
      ["cC", 1, "2026-03-04 09:00:00+00", 50]
    ])
  })

  it("count only the configured recovery actions", async () => {
    const ws = workspace()
    deliver(ws)
    await runOnce(ws, { ...config, recovery: { windowDays: 120, actions: ["coupon_redeemed"] } })
    const moments = await readTable(ws.out, "recovery_moments", "breach_at, breach_id")
    expect(moments.map((m) => m["recovery_type"])).toEqual([null, null, "coupon_redeemed", "coupon_redeemed", null, null])
    expect((await readTable(ws.out, "at_risk_customers", "revenue_to_date desc")).map((r) => [r["customer_id"], Number(r["open_breaches"])])).toEqual([["cB", 3], ["cC", 1]])
  })
})

describe("headline numbers", () => {
  it("sum the window's conversions, NPS, CSAT, late deliveries, late first replies and ratings", async () => {
    const ws = workspace()
    deliver(ws)
    const run = await runOnce(ws, config)
    // 5 purchases (o1–o4, o6) worth 200; NPS answers 4 and 10: 0; CSAT answers 2, 5, 2, 3, 4, 1,
    // 5, 1: 3 of 8 satisfied; o2, o3 and o5 took over 45 of 5 delivered orders; of the answered
    // tickets t1 (30 min) and t2 (2 days), one is over 60 min; one review rated 1
    expect({ ...run.headline, top_channel: null }).toEqual({
      conversions: 5,
      revenue: 200,
      top_channel: null,
      nps: { value: 0, responses: 2 },
      csat: { value: 37.5, responses: 8 },
      delivery_over_threshold: { share: 0.6, deliveries: 5 },
      first_reply_over_sla: { share: 0.5, tickets: 2 },
      rating: { average: 1, reviews: 1 }
    })
    expect(run.headline.top_channel?.model).toBe("markov")
  })

  it("are the published numbers of the window", async () => {
    // From Monday 2 March: 1 March (a Sunday, the week before) drops out. Purchases o3, o4, o6
    // (130); CSAT q2–q10 without q1: 7 answers, 3 satisfied; deliveries of 2 March: o3 80 and o5
    // 50 minutes of 3 are over 45; NPS, tickets and the review all fall in the window
    const ws = workspace()
    deliver(ws)
    const run = await runWindowed(ws, { since: "2026-03-02", until: "2026-03-31" }, config)
    expect({ ...run.headline, top_channel: null, csat: null, delivery_over_threshold: null }).toEqual({
      conversions: 3,
      revenue: 130,
      top_channel: null,
      nps: { value: 0, responses: 2 },
      csat: null,
      delivery_over_threshold: null,
      first_reply_over_sla: { share: 0.5, tickets: 2 },
      rating: { average: 1, reviews: 1 }
    })
    expect(run.headline.csat?.responses).toBe(7)
    expect(run.headline.csat?.value).toBeCloseTo(300 / 7, 10)
    expect(run.headline.delivery_over_threshold?.deliveries).toBe(3)
    expect(run.headline.delivery_over_threshold?.share).toBeCloseTo(2 / 3, 10)
    // from Monday 9 March nothing happened but the page view of 15 June
    const later = workspace()
    deliver(later)
    expect((await runWindowed(later, { since: "2026-03-09", until: null }, config)).headline).toEqual({
      conversions: 0,
      revenue: 0,
      top_channel: null,
      nps: null,
      csat: null,
      delivery_over_threshold: null,
      first_reply_over_sla: null,
      rating: null
    })
  })
})
