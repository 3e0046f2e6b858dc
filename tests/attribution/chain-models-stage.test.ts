import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import {
  browsingCustomer,
  combine,
  convertingCustomer,
  credits,
  modelColumn,
  withAttribution,
  withAttributionRun,
  type Fixture
} from "./attribution-warehouse.ts"

const closeTo = (actual: Record<string, number | null>, expected: Record<string, number>, digits = 12) => {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort())
  for (const [k, v] of Object.entries(expected)) expect(actual[k]).toBeCloseTo(v, digits)
}

// C1 > C2 > C3 converts (revenue 50); C1 and C2 > C3 are other customers' non-converting paths
const publishedCase = combine(
  convertingCustomer("u1", ["C1", "C2", "C3"], 50),
  browsingCustomer("u2", ["C1"]),
  browsingCustomer("u3", ["C2", "C3"])
)

// google ads (2 conversions, 1 null), mailing (1), google ads > mailing (1), revenue 10 a conversion
const googleAdsCase = combine(
  convertingCustomer("g1", ["google ads"], 10),
  convertingCustomer("g2", ["google ads"], 10),
  browsingCustomer("g3", ["google ads"]),
  convertingCustomer("m1", ["mailing"], 10),
  convertingCustomer("gm", ["google ads", "mailing"], 10)
)

describe("markov and shapley in the attribution stage", () => {
  it("attribution_models gives the published Markov case C1 0.2, C2 0.4, C3 0.4 with its removal effects and revenue", async () => {
    // one conversion of 50: conversions = share, revenue = 50 × share; removal effects 0.5, 1, 1
    const [conversions, revenue, effects] = await withAttributionRun(publishedCase, {}, (db) =>
      Effect.all([modelColumn("markov", "conversions")(db), modelColumn("markov", "revenue")(db), modelColumn("markov", "removal_effect")(db)]))
    closeTo(conversions, { C1: 0.2, C2: 0.4, C3: 0.4 })
    closeTo(revenue, { C1: 10, C2: 20, C3: 20 })
    closeTo(effects, { C1: 0.5, C2: 1, C3: 1 })
  })

  it("attribution_models gives google ads 2.4 and mailing 1.6 conversions (Markov) and 2.5 / 1.5 (Shapley)", async () => {
    // Markov shares 0.6 / 0.4; Shapley shares 0.625 / 0.375 (φ 0.5, 0.3 of v = 0.8); 4 conversions, 40 revenue
    const [markov, shapley, shapleyRevenue, stdError] = await withAttributionRun(googleAdsCase, {}, (db) =>
      Effect.all([
        modelColumn("markov", "conversions")(db),
        modelColumn("shapley", "conversions")(db),
        modelColumn("shapley", "revenue")(db),
        modelColumn("shapley", "share_std_error")(db)
      ]))
    closeTo(markov, { "google ads": 2.4, mailing: 1.6 })
    closeTo(shapley, { "google ads": 2.5, mailing: 1.5 })
    closeTo(shapleyRevenue, { "google ads": 25, mailing: 15 })
    expect(stdError).toEqual({ "google ads": 0, mailing: 0 })
  })

  it("each conversion's markov credit goes to its own path's channels by their window shares", async () => {
    // shares GA 0.6, M 0.4: single-channel conversions keep 1 on their channel; google ads > mailing splits 0.6 / 0.4,
    // so by date the per-conversion totals are GA 2.6, M 1.4 (not the window-level 2.4 / 1.6)
    const [mixed, total] = await withAttributionRun(googleAdsCase, {}, (db) =>
      Effect.all([
        credits("gm-order", "markov")(db),
        db.all("select channel, sum(conversions) as conversions from attribution where model = 'markov' group by channel order by channel")
      ]))
    expect(mixed["gm-1"]).toBeCloseTo(0.6, 12)
    expect(mixed["gm-2"]).toBeCloseTo(0.4, 12)
    expect(total.map((r) => [r["channel"], Number(r["conversions"])])).toEqual([["google ads", 2.6], ["mailing", 1.4]])
  })

  it("a channel's markov credit is split equally over its touchpoints on the path", async () => {
    // one path A > B > A: A→B 1/2, A→conv 1/2, B→A 1 → P = 1; RE(A) = 1, RE(B) = 1/2 → shares 2/3, 1/3;
    // A's 2/3 over two touchpoints → 1/3 each
    const result = await withAttributionRun(convertingCustomer("u", ["A", "B", "A"]), {}, credits("u-order", "markov"))
    expect(result["u-1"]).toBeCloseTo(1 / 3, 12)
    expect(result["u-2"]).toBeCloseTo(1 / 3, 12)
    expect(result["u-3"]).toBeCloseTo(1 / 3, 12)
  })

  it("publishes the fitted chain in markov_transitions", async () => {
    // the published case: start → C1 2 of 3 paths, C3 → conversion 1 of 2
    const rows = await withAttributionRun(publishedCase, {}, (db) =>
      db.all("select from_state, to_state, transitions, probability from markov_transitions order by from_state, to_state"))
    const table = Object.fromEntries(rows.map((r) => [`${r["from_state"]} → ${r["to_state"]}`, [Number(r["transitions"]), Number(r["probability"])]]))
    expect(table["start → C1"]?.[0]).toBe(2)
    expect(table["start → C1"]?.[1]).toBeCloseTo(2 / 3, 12)
    expect(table["C3 → (conversion)"]).toEqual([1, 0.5])
    expect(rows).toHaveLength(7)
  })

  it("order 2 names states by their last two channels", async () => {
    // A > B > C converting: start → A → A > B → B > C → conversion
    const rows = await withAttributionRun(convertingCustomer("u", ["A", "B", "C"]), { config: withAttribution({ markovOrder: 2 }) }, (db) =>
      db.all("select from_state || ' → ' || to_state as t from markov_transitions order by all"))
    expect(rows.map((r) => r["t"])).toEqual(["A > B → B > C", "A → A > B", "B > C → (conversion)", "start → A"])
  })

  it("a customer with several conversions whose journeys overlap credits each conversion on its own journey", async () => {
    // E (1 Mar), S (3 Mar, conversion c1: E > S), D (5 Mar, conversion c2: E > S > D); no leftover touchpoints.
    // linear: E 1/2 + 1/3, S 1/2 + 1/3, D 1/3. Markov: E→S 1, S→conv 1/2, S→D 1/2, D→conv 1 → P = 1;
    // RE E 1, S 1, D 1/2 → shares 0.4, 0.4, 0.2 → of 2 conversions 0.8, 0.8, 0.4
    const fixture: Fixture = {
      touches: [
        { id: "e", customer: "u", at: "2026-03-01T10:00:00Z", channel: "Email" },
        { id: "s", customer: "u", at: "2026-03-03T10:00:00Z", channel: "Paid Search" },
        { id: "d", customer: "u", at: "2026-03-05T10:00:00Z", channel: "Direct" }
      ],
      purchases: [
        { id: "c1", customer: "u", at: "2026-03-03T10:30:00Z", revenue: 30, journey: ["e", "s"] },
        { id: "c2", customer: "u", at: "2026-03-05T10:30:00Z", revenue: 60, journey: ["e", "s", "d"] }
      ]
    }
    const [linear, markov, paths] = await withAttributionRun(fixture, {}, (db) =>
      Effect.all([
        modelColumn("linear", "conversions")(db),
        modelColumn("markov", "conversions")(db),
        db.all("select count(*) as n from int_attribution_paths where not converted")
      ]))
    closeTo(linear, { Email: 5 / 6, "Paid Search": 5 / 6, Direct: 1 / 3 })
    closeTo(markov, { Email: 0.8, "Paid Search": 0.8, Direct: 0.4 })
    expect(Number(paths[0]?.["n"])).toBe(0)
  })

  it("without bootstrap resamples the interval is null", async () => {
    const rows = await withAttributionRun(googleAdsCase, { config: withAttribution({ bootstrapResamples: 0 }) }, (db) =>
      db.all("select model, share_low, share_high from attribution_models where model in ('markov', 'shapley')"))
    expect(rows).toHaveLength(4)
    for (const r of rows) expect([r["share_low"], r["share_high"]]).toEqual([null, null])
  })

  it("the bootstrap interval collapses onto the share when every customer has the same paths", async () => {
    // three customers, each with A > B converting and a leftover C: any resample has the same path mix, so every
    // resampled share equals the fitted one (markov A 0.5, B 0.5, C 0)
    const customer = (u: string): Fixture => ({
      touches: [
        { id: `${u}-a`, customer: u, at: "2026-03-01T10:00:00Z", channel: "A" },
        { id: `${u}-b`, customer: u, at: "2026-03-02T10:00:00Z", channel: "B" },
        { id: `${u}-c`, customer: u, at: "2026-03-04T10:00:00Z", channel: "C" }
      ],
      purchases: [{ id: `${u}-o`, customer: u, at: "2026-03-02T11:00:00Z", revenue: 5, journey: [`${u}-a`, `${u}-b`] }]
    })
    const rows = await withAttributionRun(combine(customer("u1"), customer("u2"), customer("u3")), {
      config: withAttribution({ bootstrapResamples: 20 })
    }, (db) => db.all("select model, channel, share, share_low, share_high from attribution_models where model in ('markov', 'shapley')"))
    expect(rows).toHaveLength(6)
    for (const r of rows) {
      expect(Number(r["share_low"])).toBeCloseTo(Number(r["share"]), 12)
      expect(Number(r["share_high"])).toBeCloseTo(Number(r["share"]), 12)
    }
    expect(rows.find((r) => r["model"] === "markov" && r["channel"] === "A")?.["share"]).toBeCloseTo(0.5, 12)
  })

  it("builds only the configured models", async () => {
    const rows = await withAttributionRun(googleAdsCase, { config: withAttribution({ models: ["linear", "shapley"] }) }, (db) =>
      Effect.all([
        db.all("select distinct model from attribution_models union select distinct model from attribution order by model"),
        db.all(`unpivot (select * exclude (conversion_id, touchpoint_id, channel, position, path_length, converted_at, converted_date, conversion_revenue)
                  from attribution_credits) on columns(*) into name model value credit`)
      ]))
    expect(rows[0].map((r) => r["model"])).toEqual(["linear", "shapley"])
    // unpivot drops nulls: the other models' credit columns are empty
    expect([...new Set(rows[1].map((r) => r["model"]))].sort()).toEqual(["linear_credit", "shapley_credit"])
  })

  it("shapley uses the first-order chain whatever the Markov order", async () => {
    // the google-ads case at markovOrder 3: Shapley is still 2.5 / 1.5 (the first-order game)
    const shapley = await withAttributionRun(googleAdsCase, { config: withAttribution({ markovOrder: 3 }) }, modelColumn("shapley", "conversions"))
    closeTo(shapley, { "google ads": 2.5, mailing: 1.5 })
  })

  it("a conversion without a customer is a path and a bootstrap unit of its own", async () => {
    // the till captured no identifier: its journey is its own touchpoint; unit 'conversion:' || conversion_id
    const fixture: Fixture = {
      touches: [{ id: "till", customer: null, at: "2026-03-01T10:00:00Z", channel: "Store" }],
      purchases: [{ id: "anon", customer: null, at: "2026-03-01T10:05:00Z", revenue: 12, journey: ["till"] }]
    }
    const [units, markov] = await withAttributionRun(fixture, {}, (db) =>
      Effect.all([db.all("select unit_key from int_attribution_unit_paths"), modelColumn("markov", "revenue")(db)]))
    expect(units.map((r) => r["unit_key"])).toEqual(["conversion:anon"])
    expect(markov).toEqual({ Store: 12 })
  })
})
