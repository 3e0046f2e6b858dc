import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import type { DuckdbService } from "../../src/duckdb/duckdb.ts"
import { configWith, num, store, survey, ticket, web, webPurchase, withJourneys } from "./journey-warehouse.ts"

const journeys = (db: DuckdbService) =>
  db.all(
    `select conversion_id, customer_key, path, path_string, path_length, is_cross_channel,
       cast(first_touch_at as varchar) as first_touch_at, days_to_convert
     from journeys order by converted_at, conversion_id`
  ).pipe(Effect.map((rows) => rows.map((r): Readonly<Record<string, unknown>> => ({ ...r, path_length: num(r["path_length"]) }))))

const paths = (db: DuckdbService) =>
  db.all("select conversion_id, converted, path_string, path_length from paths order by converted, conversion_id")
    .pipe(Effect.map((rows) => rows.map((r) => [r["conversion_id"], r["converted"], r["path_string"], num(r["path_length"])])))

describe("journeys", () => {
  it("joins a web visit and a store purchase through the e-mail given at the till into one cross-channel path", async () => {
    // a1: Organic Search session 03-01 10:00, Email session 03-03 08:00 (gives e1); till 03-05 15:00
    // with e1 → path Organic Search > Email > Store; days = 4 d 5 h = 4.208333…
    const result = await withJourneys({
      web: [
        web("w1", "a1", "2026-03-01T10:00:00Z", "product_view", { referrer: "https://www.google.com/" }),
        web("w2", "a1", "2026-03-03T08:00:00Z", "page_view", { utm_source: "newsletter", utm_medium: "email" }),
        web("w3", "a1", "2026-03-03T08:02:00Z", "signup", { email_hash: "e1" })
      ],
      store: [store("s1", "2026-03-05T15:00:00Z", "purchase", { email_hash: "e1" })]
    }, journeys)
    expect(result).toHaveLength(1)
    expect(result[0]).toMatchObject({
      conversion_id: "store:s1",
      path: ["Organic Search", "Email", "Store"],
      path_string: "Organic Search > Email > Store",
      path_length: 3,
      is_cross_channel: true,
      first_touch_at: "2026-03-01 10:00:00+00"
    })
    expect(result[0]?.["days_to_convert"]).toBeCloseTo(4 + 5 / 24, 9)
  })

  it("includes a touchpoint that started exactly lookbackDays before the conversion and leaves out one a millisecond earlier", async () => {
    // conversion 03-31 12:00 UTC; lookback 30 d = 720 h → bound 03-01 12:00 (a DST change on
    // 03-29 in Berlin does not matter: the window is elapsed time)
    const result = await withJourneys({
      store: [
        store("s0", "2026-03-01T11:59:59.999Z", "visit", { loyalty_id: "L1" }),
        store("s1", "2026-03-01T12:00:00Z", "visit", { loyalty_id: "L1" }),
        store("s2", "2026-03-31T12:00:00Z", "purchase", { loyalty_id: "L1" })
      ]
    }, (db) => Effect.all([journeys(db), paths(db)]))
    expect(result[0].map((j) => [j["conversion_id"], j["path_length"], j["first_touch_at"]])).toEqual([
      ["store:s2", 2, "2026-03-01 12:00:00+00"]
    ])
    expect(result[1]).toEqual([[null, false, "Store", 1], ["store:s2", true, "Store > Store", 2]])
  })

  it("follows the configured lookback", async () => {
    // lookback 1 day: the visit 2 days before is outside
    const result = await withJourneys({
      store: [
        store("s1", "2026-03-01T12:00:00Z", "visit", { loyalty_id: "L1" }),
        store("s2", "2026-03-03T12:00:00Z", "purchase", { loyalty_id: "L1" })
      ]
    }, journeys, { config: configWith({ journeys: { lookbackDays: 1 } }) })
    expect(result.map((j) => j["path_length"])).toEqual([1])
  })

  it("ends a journey with the touchpoint the conversion happened in, leaving out touchpoints that started later", async () => {
    // session 10:00–10:20 with the purchase at 10:20; a store visit at 10:10 started after the
    // session did, so it is not before the converting touchpoint: path is the session alone
    const result = await withJourneys({
      web: [
        web("w1", "a1", "2026-03-01T10:00:00Z", "product_view", { customer_id: "c1" }),
        webPurchase("w2", "a1", "2026-03-01T10:20:00Z", "99.00")
      ],
      store: [store("s1", "2026-03-01T10:10:00Z", "visit", { customer_id: "c1" })]
    }, (db) => Effect.all([journeys(db), paths(db)]))
    expect(result[0].map((j) => [j["conversion_id"], j["path_string"]])).toEqual([["web:w2", "Direct"]])
    expect(result[1]).toEqual([[null, false, "Store", 1], ["web:w2", true, "Direct", 1]])
  })

  it("orders touchpoints that start at the same instant by touchpoint id", async () => {
    // 'store:s1' < 'web:w1' at 09:00; the purchase follows at 12:00 → Store > Direct > Store
    const result = await withJourneys({
      web: [web("w1", "a1", "2026-03-01T09:00:00Z", "page_view", { customer_id: "c1" })],
      store: [
        store("s1", "2026-03-01T09:00:00Z", "visit", { customer_id: "c1" }),
        store("s2", "2026-03-01T12:00:00Z", "purchase", { customer_id: "c1" })
      ]
    }, journeys)
    expect(result.map((j) => j["path_string"])).toEqual(["Store > Direct > Store"])
  })

  it("lets two conversions share the touchpoints before them", async () => {
    // Display session day 1; web purchase day 2 (Direct); store purchase day 3 → paths of 2 and 3
    const result = await withJourneys({
      web: [
        web("w1", "a1", "2026-03-01T10:00:00Z", "page_view", { utm_source: "criteo", utm_medium: "display", customer_id: "c1" }),
        webPurchase("w2", "a1", "2026-03-02T10:00:00Z", "40.00")
      ],
      store: [store("s1", "2026-03-03T10:00:00Z", "purchase", { customer_id: "c1" })]
    }, journeys)
    expect(result.map((j) => [j["conversion_id"], j["path_string"], j["is_cross_channel"]])).toEqual([
      ["web:w2", "Display > Direct", false],
      ["store:s1", "Display > Direct > Store", true]
    ])
  })

  it("counts a support ticket as neither web nor store for is_cross_channel", async () => {
    // ticket (Support) then store purchase: no web touchpoint → false
    const result = await withJourneys({
      support: [ticket("u1", "t1", "2026-03-01T10:00:00Z", "created", { customer_id: "c1" })],
      store: [store("s1", "2026-03-02T10:00:00Z", "purchase", { customer_id: "c1" })]
    }, journeys)
    expect(result.map((j) => [j["path_string"], j["is_cross_channel"]])).toEqual([["Support > Store", false]])
  })

  it("gives a customer with no conversion one non-converting path and no journey", async () => {
    // two sessions a day apart, no purchase: one path of 2, converted false
    const result = await withJourneys({
      web: [
        web("w1", "a1", "2026-03-01T10:00:00Z", "page_view", { referrer: "https://www.bing.com/" }),
        web("w2", "a1", "2026-03-02T10:00:00Z")
      ]
    }, (db) => Effect.all([journeys(db), paths(db), db.all("select conversions, revenue from customers")]))
    expect(result[0]).toEqual([])
    expect(result[1]).toEqual([[null, false, "Organic Search > Direct", 2]])
    expect(result[2].map((c) => [num(c["conversions"]), num(c["revenue"])])).toEqual([[0, 0]])
  })

  it("collects a customer's touchpoints outside every journey, before and after, into one non-converting path", async () => {
    // visit day 1 (outside the 1-day lookback), visit + purchase day 10, visit day 12
    const result = await withJourneys({
      store: [
        store("s1", "2026-03-01T10:00:00Z", "visit", { loyalty_id: "L1" }),
        store("s2", "2026-03-10T09:00:00Z", "visit", { loyalty_id: "L1" }),
        store("s3", "2026-03-10T10:00:00Z", "purchase", { loyalty_id: "L1" }),
        store("s4", "2026-03-12T10:00:00Z", "visit", { loyalty_id: "L1" })
      ]
    }, paths, { config: configWith({ journeys: { lookbackDays: 1 } }) })
    expect(result).toEqual([[null, false, "Store > Store", 2], ["store:s3", true, "Store > Store", 2]])
  })

  it("gives a purchase nobody could be identified at a journey of its own touchpoint", async () => {
    // till captured nothing: customer null, path Store, and no customer row
    const result = await withJourneys({ store: [store("s1", "2026-03-01T10:00:00Z", "purchase")] }, (db) =>
      Effect.all([journeys(db), db.all("select count(*) as n from customers")]))
    expect(result[0].map((j) => [j["conversion_id"], j["customer_key"], j["path_string"]])).toEqual([["store:s1", null, "Store"]])
    expect(num(result[1][0]?.["n"])).toBe(0)
  })

  it("gives a purchase scanned only with a shared card no customer, so strangers' purchases do not chain", async () => {
    // limit 1; staff card L9 seen with e1 and e2 is shared. s3 carries only L9: no customer and a
    // path of its own; s1 and s2 belong to e1's and e2's customers
    const result = await withJourneys({
      store: [
        store("s1", "2026-03-01T10:00:00Z", "purchase", { loyalty_id: "L9", email_hash: "e1" }),
        store("s2", "2026-03-02T10:00:00Z", "purchase", { loyalty_id: "L9", email_hash: "e2" }),
        store("s3", "2026-03-03T10:00:00Z", "purchase", { loyalty_id: "L9" })
      ]
    }, journeys, { config: configWith({ identity: { maxLinksPerType: 1 } }) })
    expect(result.map((j) => [j["conversion_id"], j["customer_key"] === null, j["path_string"]])).toEqual([
      ["store:s1", false, "Store"],
      ["store:s2", false, "Store"],
      ["store:s3", true, "Store"]
    ])
  })

  it("makes a support ticket a touchpoint at its created event, with the customer of its first event that has one", async () => {
    // created 09:00 without identifier, customer_reply 09:30 with c1 → support:t1 at 09:00 for c1;
    // ticket t2 has no created event → no touchpoint
    const result = await withJourneys({
      support: [
        ticket("u1", "t1", "2026-03-01T09:00:00Z", "created"),
        ticket("u2", "t1", "2026-03-01T09:30:00Z", "customer_reply", { customer_id: "c1" }),
        ticket("u3", "t2", "2026-03-01T10:00:00Z", "agent_reply", { customer_id: "c1" })
      ]
    }, (db) =>
      db.all(`select touchpoint_id, cast(started_at as varchar) as started_at, channel, customer_key is not null as has_customer
              from touchpoints`))
    expect(result).toEqual([{ touchpoint_id: "support:t1", started_at: "2026-03-01 09:00:00+00", channel: "Support", has_customer: true }])
  })

  it("numbers a journey's touchpoints from 1 in time order for the attribution stage", async () => {
    const result = await withJourneys({
      web: [web("w1", "a1", "2026-03-01T10:00:00Z", "page_view", { customer_id: "c1" })],
      store: [store("s1", "2026-03-02T10:00:00Z", "visit", { customer_id: "c1" }), store("s2", "2026-03-03T10:00:00Z", "purchase", { customer_id: "c1" })]
    }, (db) => db.all("select touchpoint_id, position from journey_touchpoints order by position"))
    expect(result.map((r) => [r["touchpoint_id"], num(r["position"])])).toEqual([["web:w1", 1], ["store:s1", 2], ["store:s2", 3]])
  })
})

describe("customers", () => {
  it("includes customers seen in any source, with their identifiers, conversions and revenue", async () => {
    // c1: device a1 + login, web purchase 40.00 and store purchase 50.00; e9: only a survey
    const result = await withJourneys({
      web: [webPurchase("w1", "a1", "2026-03-01T10:00:00Z", "40.00", { customer_id: "c1" })],
      store: [store("s1", "2026-03-02T10:00:00Z", "purchase", { customer_id: "c1" })],
      survey: [survey("v1", "2026-03-05T10:00:00Z", 8, { email_hash: "e9" })]
    }, (db) =>
      db.all(`select identifier_count, conversions, revenue, touchpoints, cast(first_seen_at as varchar) as first_seen_at,
                cast(last_seen_at as varchar) as last_seen_at from customers order by first_seen_at`))
    expect(result.map((c) => [num(c["identifier_count"]), num(c["conversions"]), num(c["revenue"]), num(c["touchpoints"]), c["first_seen_at"], c["last_seen_at"]])).toEqual([
      [2, 2, 90, 2, "2026-03-01 10:00:00+00", "2026-03-02 10:00:00+00"],
      [1, 0, 0, 0, "2026-03-05 10:00:00+00", "2026-03-05 10:00:00+00"]
    ])
  })
})

describe("journey phases", () => {
  it("walks a customer from awareness through consideration and purchase to retention and advocacy", async () => {
    // know session → awareness; store_locator session → consideration; store purchase →
    // purchase; support ticket → retention; NPS 10, then a session → advocacy
    const result = await withJourneys({
      web: [
        web("w1", "a1", "2026-03-01T10:00:00Z", "product_view", { customer_id: "c1" }),
        web("w2", "a1", "2026-03-02T10:00:00Z", "store_locator"),
        web("w3", "a1", "2026-03-06T10:00:00Z", "product_view")
      ],
      store: [store("s1", "2026-03-03T10:00:00Z", "purchase", { customer_id: "c1" })],
      support: [ticket("u1", "t1", "2026-03-04T10:00:00Z", "created", { customer_id: "c1" })],
      survey: [survey("v1", "2026-03-05T10:00:00Z", 10, { customer_id: "c1" })]
    }, (db) => db.all("select touchpoint_id, micro_moment, journey_phase from touchpoints order by started_at"))
    expect(result.map((t) => [t["touchpoint_id"], t["micro_moment"], t["journey_phase"]])).toEqual([
      ["web:w1", "know", "awareness"],
      ["web:w2", "go", "consideration"],
      ["store:s1", "buy", "purchase"],
      ["support:t1", "do", "retention"],
      ["web:w3", "know", "advocacy"]
    ])
  })

  it("of two NPS answers at the same instant, takes the one with the greater event id", async () => {
    // v2 (3, a detractor) and v1 (10) at the same instant: v2 is the later answer, so retention;
    // with the scores swapped, advocacy. The as-of join alone picked either (found by a review fuzzer).
    const phaseAfter = (scores: readonly [number, number]) =>
      withJourneys({
        web: [web("w1", "a1", "2026-03-06T10:00:00Z", "product_view", { customer_id: "c1" })],
        store: [store("s1", "2026-03-03T10:00:00Z", "purchase", { customer_id: "c1" })],
        survey: [
          survey("v1", "2026-03-05T10:00:00Z", scores[0], { customer_id: "c1" }),
          survey("v2", "2026-03-05T10:00:00Z", scores[1], { customer_id: "c1" })
        ]
      }, (db) => db.all("select journey_phase from touchpoints where touchpoint_id = 'web:w1'"))
    expect((await phaseAfter([10, 3]))[0]?.["journey_phase"]).toBe("retention")
    expect((await phaseAfter([3, 10]))[0]?.["journey_phase"]).toBe("advocacy")
  })
})
