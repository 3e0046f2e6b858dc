import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import {
  combine,
  convertingCustomer,
  credits,
  modelColumn,
  withAttribution,
  withAttributionRun,
  type Fixture
} from "./attribution-warehouse.ts"

const heuristics = ["first_touch", "last_touch", "last_non_direct", "linear", "position_based", "time_decay"] as const

const allCredits = (conversionId: string) => (db: Parameters<ReturnType<typeof credits>>[0]) =>
  Effect.forEach(heuristics, (model) => credits(conversionId, model)(db)).pipe(
    Effect.map((perModel) => Object.fromEntries(heuristics.map((m, i) => [m, perModel[i]])))
  )

describe("heuristic models", () => {
  it("a single-touch path gives that touchpoint all the credit in every heuristic model", async () => {
    // n = 1: first = last = last non-direct = the touch; linear 1/1; position-based 100 %; time decay normalised to 1
    const result = await withAttributionRun(convertingCustomer("u", ["Email"]), {}, allCredits("u-order"))
    for (const model of heuristics) expect(result[model]).toEqual({ "u-1": 1 })
  })

  it("first, last, last non-direct, linear and position-based credit the positions of a four-touch path", async () => {
    // Email > Paid Search > Direct > Direct: last non-direct is Paid Search (position 2);
    // linear 1/4 each; position-based 0.4 first, 0.4 last, (1 − 0.8) / 2 = 0.1 to each middle
    const result = await withAttributionRun(
      convertingCustomer("u", ["Email", "Paid Search", "Direct", "Direct"]),
      {},
      allCredits("u-order")
    )
    expect(result["first_touch"]).toEqual({ "u-1": 1 })
    expect(result["last_touch"]).toEqual({ "u-4": 1 })
    expect(result["last_non_direct"]).toEqual({ "u-2": 1 })
    expect(result["linear"]).toEqual({ "u-1": 0.25, "u-2": 0.25, "u-3": 0.25, "u-4": 0.25 })
    const positionBased = result["position_based"] ?? {}
    expect(positionBased["u-1"]).toBeCloseTo(0.4, 12)
    expect(positionBased["u-2"]).toBeCloseTo(0.1, 12)
    expect(positionBased["u-3"]).toBeCloseTo(0.1, 12)
    expect(positionBased["u-4"]).toBeCloseTo(0.4, 12)
  })

  it("last non-direct falls back to the last touchpoint when every touchpoint is Direct", async () => {
    // Direct > Direct > Direct: no non-Direct touch, so the last (position 3) gets 1
    const result = await withAttributionRun(convertingCustomer("u", ["Direct", "Direct", "Direct"]), {}, credits("u-order", "last_non_direct"))
    expect(result).toEqual({ "u-3": 1 })
  })

  it("position-based gives the middle nothing when first and last take it all (0.7 + 0.3, not 5.6e-17)", async () => {
    // Email > Display > Social with first 0.7, last 0.3: Display gets exactly 0 and no attribution row
    const [credited, channels] = await withAttributionRun(
      convertingCustomer("u", ["Email", "Display", "Social"]),
      { config: withAttribution({ positionBased: { first: 0.7, last: 0.3 } }) },
      (db) => Effect.all([
        db.all("select touchpoint_id, position_based_credit as credit from attribution_credits order by position"),
        db.all("select channel from attribution where model = 'position_based' order by channel")
      ])
    )
    expect(credited.map((r) => [r["touchpoint_id"], Number(r["credit"])])).toEqual([["u-1", 0.7], ["u-2", 0], ["u-3", 0.3]])
    expect(channels.map((r) => r["channel"])).toEqual(["Email", "Social"])
  })

  it("position-based splits a two-touch path first / (first + last), 50/50 with the defaults", async () => {
    // defaults 0.4 / 0.4 → 0.5 / 0.5; with first 0.3, last 0.5 → 0.3 / 0.8 = 0.375 and 0.5 / 0.8 = 0.625
    const fixture = convertingCustomer("u", ["Email", "Display"])
    expect(await withAttributionRun(fixture, {}, credits("u-order", "position_based"))).toEqual({ "u-1": 0.5, "u-2": 0.5 })
    const custom = await withAttributionRun(
      fixture,
      { config: withAttribution({ positionBased: { first: 0.3, last: 0.5 } }) },
      credits("u-order", "position_based")
    )
    expect(custom["u-1"]).toBeCloseTo(0.375, 12)
    expect(custom["u-2"]).toBeCloseTo(0.625, 12)
  })

  it("time decay with a 7-day half-life gives touches 1 and 8 days before the conversion 2/3 and 1/3", async () => {
    // weights 2^(−8/7) and 2^(−1/7): the later touch weighs twice the earlier → 1/3 and 2/3
    const fixture: Fixture = {
      touches: [
        { id: "early", customer: "u", at: "2026-03-02T12:00:00Z", channel: "Email" },
        { id: "late", customer: "u", at: "2026-03-09T12:00:00Z", channel: "Paid Search" }
      ],
      purchases: [{ id: "o", customer: "u", at: "2026-03-10T12:00:00Z", revenue: 90, journey: ["early", "late"] }]
    }
    const result = await withAttributionRun(fixture, {}, (db) =>
      db.all("select touchpoint_id, time_decay_credit as credit, conversion_revenue * time_decay_credit as revenue from attribution_credits order by position"))
    expect(result.map((r) => r["touchpoint_id"])).toEqual(["early", "late"])
    expect(Number(result[0]?.["credit"])).toBeCloseTo(1 / 3, 12)
    expect(Number(result[1]?.["credit"])).toBeCloseTo(2 / 3, 12)
    expect(Number(result[1]?.["revenue"])).toBeCloseTo(60, 10)
  })

  it("a channel with a vanishing time-decay credit still counts as touched in attribution", async () => {
    // half-life 0.01 days; Email 5 days before the touch nearest the conversion: weight 2^(−500) ≈ 3e−151, a credit above 0
    const fixture: Fixture = {
      touches: [
        { id: "old", customer: "u", at: "2026-03-01T12:00:00Z", channel: "Email" },
        { id: "near", customer: "u", at: "2026-03-06T12:00:00Z", channel: "Display" }
      ],
      purchases: [{ id: "o", customer: "u", at: "2026-03-06T13:00:00Z", revenue: 10, journey: ["old", "near"] }]
    }
    const rows = await withAttributionRun(fixture, { config: withAttribution({ timeDecayHalfLifeDays: 0.01 }) }, (db) =>
      db.all("select channel, conversions, touched_conversions from attribution where model = 'time_decay' order by channel"))
    expect(rows.map((r) => [r["channel"], Number(r["touched_conversions"])])).toEqual([["Display", 1], ["Email", 1]])
    expect(Number(rows[1]?.["conversions"])).toBeLessThan(1e-12)
    expect(Number(rows[0]?.["conversions"])).toBeCloseTo(1, 12)
  })

  it("time decay measures fractional days from the touchpoint's start", async () => {
    // half-life 1 day; touches 12 h and 36 h before: weights 2^(−0.5), 2^(−1.5) → ratio 2 → 2/3 and 1/3
    const fixture: Fixture = {
      touches: [
        { id: "a", customer: "u", at: "2026-03-01T00:00:00Z", channel: "Email" },
        { id: "b", customer: "u", at: "2026-03-02T00:00:00Z", channel: "Display" }
      ],
      purchases: [{ id: "o", customer: "u", at: "2026-03-02T12:00:00Z", revenue: 10, journey: ["a", "b"] }]
    }
    const result = await withAttributionRun(fixture, { config: withAttribution({ timeDecayHalfLifeDays: 1 }) }, credits("o", "time_decay"))
    expect(result["a"]).toBeCloseTo(1 / 3, 12)
    expect(result["b"]).toBeCloseTo(2 / 3, 12)
  })

  it("touchpoints that start at the same instant keep their journey positions (touchpoint id order)", async () => {
    // the journeys stage orders ties by touchpoint_id; a-tie is position 1, b-tie position 2;
    // time decay gives equal weights to equal times → 1/2 each
    const fixture: Fixture = {
      touches: [
        { id: "b-tie", customer: "u", at: "2026-03-01T10:00:00Z", channel: "Display" },
        { id: "a-tie", customer: "u", at: "2026-03-01T10:00:00Z", channel: "Email" }
      ],
      purchases: [{ id: "o", customer: "u", at: "2026-03-01T11:00:00Z", revenue: 10, journey: ["a-tie", "b-tie"] }]
    }
    const [first, decay] = await withAttributionRun(fixture, {}, (db) =>
      Effect.all([credits("o", "first_touch")(db), credits("o", "time_decay")(db)]))
    expect(first).toEqual({ "a-tie": 1 })
    expect(decay).toEqual({ "a-tie": 0.5, "b-tie": 0.5 })
  })

  it("every model's credits sum to 1 per conversion, one row per touchpoint of the path", async () => {
    // three conversions of 100, 40 and 7.5 with 5, 2 and 1 touchpoints: 8 rows; Σ credit = 1 per conversion and model
    const fixture = combine(
      convertingCustomer("u1", ["Email", "Direct", "Paid Search", "Email", "Direct"], 100),
      convertingCustomer("u2", ["Display", "Organic Search"], 40),
      convertingCustomer("u3", ["Direct"], 7.5)
    )
    const [rows, steps] = await withAttributionRun(fixture, {}, (db) =>
      Effect.all([
        db.all(`unpivot (
                  select conversion_id, sum(first_touch_credit) as first_touch, sum(last_touch_credit) as last_touch,
                    sum(last_non_direct_credit) as last_non_direct, sum(linear_credit) as linear,
                    sum(position_based_credit) as position_based, sum(time_decay_credit) as time_decay,
                    sum(markov_credit) as markov, sum(shapley_credit) as shapley
                  from attribution_credits group by conversion_id
                ) on columns(* exclude (conversion_id)) into name model value credit`),
        db.all(`select credits.conversion_id, credits.conversion_revenue, conversions.revenue, count(*) over (partition by credits.conversion_id) as n
                from attribution_credits as credits inner join conversions on conversions.conversion_id = credits.conversion_id`)
      ]))
    expect(rows).toHaveLength(3 * 8)
    for (const r of rows) expect(Number(r["credit"])).toBeCloseTo(1, 12)
    expect(steps).toHaveLength(8)
    for (const r of steps) expect(Number(r["conversion_revenue"])).toBe(Number(r["revenue"]))
    expect(Object.fromEntries(steps.map((r) => [r["conversion_id"], Number(r["n"])]))).toEqual({ "u1-order": 5, "u2-order": 2, "u3-order": 1 })
  })

  it("splits a channel's revenue by the same credits in attribution as in attribution_credits", async () => {
    // u1 Email > Direct > Email (90): linear Email 2/3 → 60, Direct 1/3 → 30; position_based Email 0.8 → 72
    const fixture = convertingCustomer("u1", ["Email", "Direct", "Email"], 90)
    const rows = await withAttributionRun(fixture, {}, (db) =>
      db.all("select model, channel, conversions, revenue, touched_conversions from attribution where model in ('linear', 'position_based') order by all"))
    expect(rows.map((r) => [r["model"], r["channel"], Number(r["conversions"]), Number(r["revenue"]), Number(r["touched_conversions"])])).toEqual([
      ["linear", "Direct", expect.closeTo(1 / 3, 12), expect.closeTo(30, 9), 1],
      ["linear", "Email", expect.closeTo(2 / 3, 12), expect.closeTo(60, 9), 1],
      ["position_based", "Direct", expect.closeTo(0.2, 12), expect.closeTo(18, 9), 1],
      ["position_based", "Email", expect.closeTo(0.8, 12), expect.closeTo(72, 9), 1]
    ])
  })

  it("attribution_models sums each heuristic's credits over the window, share = conversions / all conversions", async () => {
    // u1 Email > Display (200), u2 Display (100): linear Email 0.5 (rev 100), Display 1.5 (rev 200); shares 0.25 / 0.75
    const fixture = combine(convertingCustomer("u1", ["Email", "Display"], 200), convertingCustomer("u2", ["Display"], 100))
    const [conversions, revenue, share] = await withAttributionRun(fixture, {}, (db) =>
      Effect.all([modelColumn("linear", "conversions")(db), modelColumn("linear", "revenue")(db), modelColumn("linear", "share")(db)]))
    expect(conversions).toEqual({ Display: 1.5, Email: 0.5 })
    expect(revenue).toEqual({ Display: 200, Email: 100 })
    expect(share).toEqual({ Display: 0.75, Email: 0.25 })
  })
})
