import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { deliveryEvent, num, pageView, responseRow, withKpis } from "./kpi-warehouse.ts"

const date = "2026-03-03"

// Five orders at 10:00Z; the latest event is 11:00Z, so nothing is open.
//   O1 delivered 10:40 (40), promised 10:40 (on time: lateness 0), express, S01
//   O2 delivered 10:45 (45, exactly the threshold), promised 10:30 (15 late), express, no store
//   O3 dispatched 10:10, delivered 11:00 (60), no promise, standard, S01
//   O4 failed 10:30 and never delivered, standard
//   O5 failed 10:20, delivered 10:50 (50), standard, S02
const orders = [
  deliveryEvent("O1", "ordered", "2026-03-03T10:00:00Z", { promised_at: "2026-03-03T10:40:00Z", service: "express", store_id: "S01" }),
  deliveryEvent("O1", "delivered", "2026-03-03T10:40:00Z"),
  deliveryEvent("O2", "ordered", "2026-03-03T10:00:00Z", { promised_at: "2026-03-03T10:30:00Z", service: "express" }),
  deliveryEvent("O2", "delivered", "2026-03-03T10:45:00Z"),
  deliveryEvent("O3", "ordered", "2026-03-03T10:00:00Z", { service: "standard", store_id: "S01" }),
  deliveryEvent("O3", "dispatched", "2026-03-03T10:10:00Z"),
  deliveryEvent("O3", "delivered", "2026-03-03T11:00:00Z"),
  deliveryEvent("O4", "ordered", "2026-03-03T10:00:00Z", { service: "standard" }),
  deliveryEvent("O4", "failed", "2026-03-03T10:30:00Z"),
  deliveryEvent("O5", "delivered", "2026-03-03T10:50:00Z"),
  deliveryEvent("O5", "failed", "2026-03-03T10:20:00Z"),
  deliveryEvent("O5", "ordered", "2026-03-03T10:00:00Z", { service: "standard", store_id: "S02" })
]

describe("delivery response times", () => {
  it("delivery time runs from ordered to delivered, and failed deliveries are counted apart", async () => {
    // durations 40, 45, 50, 60: p50 47.5, p90 50 + 0.7 × 10 = 57, mean 48.75; over 45: 50 and 60; O4 failed
    const row = await withKpis({ delivery: orders }, {}, (db) => responseRow(db, { date, metric: "delivery_time" }))
    expect(num(row?.["n"])).toBe(4)
    expect(row?.["p50_minutes"]).toBeCloseTo(47.5, 9)
    expect(row?.["p90_minutes"]).toBeCloseTo(57, 9)
    expect(row?.["mean_minutes"]).toBeCloseTo(48.75, 9)
    expect(row?.["threshold_minutes"]).toBe(45)
    expect(num(row?.["over_threshold"])).toBe(2)
    expect(row?.["share_over_threshold"]).toBe(0.5)
    expect(num(row?.["failed_n"])).toBe(1)
    expect(num(row?.["open_n"])).toBe(0)
  })

  it("on-time share counts deliveries at or before the promise among orders that carry one", async () => {
    // O1 on the minute (on time), O2 15 minutes late; the others have no promise → 1 of 2, lateness p50 7.5
    const row = await withKpis({ delivery: orders }, {}, (db) => responseRow(db, { date, metric: "delivery_on_time" }))
    expect(num(row?.["n"])).toBe(2)
    expect(row?.["share_on_time"]).toBe(0.5)
    expect(num(row?.["over_threshold"])).toBe(1)
    // lateness under its own name; the duration columns stay empty on this metric
    expect(row?.["p50_lateness_minutes"]).toBeCloseTo(7.5, 9)
    expect(row?.["p50_minutes"]).toBeNull()
    expect(row?.["threshold_minutes"]).toBeNull()
  })

  it("delivery times are broken down by service and by store, a missing store being '(none)'", async () => {
    // express: 40, 45 → mean 42.5; store S01: 40, 60 → mean 50; no store: 45
    const rows = await withKpis({ delivery: orders }, {}, (db) =>
      Effect.all([
        responseRow(db, { date, metric: "delivery_time", dimension: "service", segment: "express" }),
        responseRow(db, { date, metric: "delivery_time", dimension: "store", segment: "S01" }),
        responseRow(db, { date, metric: "delivery_time", dimension: "store", segment: "(none)" }),
        responseRow(db, { date, metric: "delivery_time", dimension: "service", segment: "standard" })
      ]))
    expect(rows[0]?.["mean_minutes"]).toBeCloseTo(42.5, 9)
    expect(rows[1]?.["mean_minutes"]).toBeCloseTo(50, 9)
    expect(rows[2]?.["mean_minutes"]).toBeCloseTo(45, 9)
    // standard: O3 60 and O5 50 delivered, O4 failed
    expect(num(rows[3]?.["n"])).toBe(2)
    expect(num(rows[3]?.["failed_n"])).toBe(1)
  })

  it("an order not delivered by the as-of instant is open, and a breach once older than the threshold or past its promise", async () => {
    // as-of 13:00: O6 ordered 12:00 (age 60 > 45; promised 12:50, passed); O7 ordered 12:30 (age 30; promised 13:30)
    const rows = await withKpis({
      delivery: [
        deliveryEvent("O6", "ordered", "2026-03-03T12:00:00Z", { promised_at: "2026-03-03T12:50:00Z" }),
        deliveryEvent("O7", "ordered", "2026-03-03T12:30:00Z", { promised_at: "2026-03-03T13:30:00Z" })
      ],
      web: [pageView("2026-03-03T13:00:00Z")]
    }, {}, (db) =>
      Effect.all([responseRow(db, { date, metric: "delivery_time" }), responseRow(db, { date, metric: "delivery_on_time" })]))
    expect(rows.map((r) => [num(r?.["n"]), num(r?.["open_n"]), num(r?.["open_over_threshold"])])).toEqual([
      [0, 2, 1],
      [0, 2, 1]
    ])
  })
})
