import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { attributionOutputs } from "../../src/attribution/attribution-stage.ts"
import { browsingCustomer, combine, convertingCustomer, modelColumn, withAttributionRun, type Fixture } from "./attribution-warehouse.ts"

describe("dates and the window", () => {
  it("dates a conversion by its business-time-zone day", async () => {
    // 23:30 UTC on 1 March is 00:30 on 2 March in Berlin (UTC+1)
    const fixture: Fixture = {
      touches: [{ id: "t", customer: "u", at: "2026-03-01T23:00:00Z", channel: "Email" }],
      purchases: [{ id: "o", customer: "u", at: "2026-03-01T23:30:00Z", revenue: 10, journey: ["t"] }]
    }
    const rows = await withAttributionRun(fixture, {}, (db) =>
      db.all("select cast(date as varchar) as date, conversions, revenue from attribution where model = 'last_touch'"))
    expect(rows).toEqual([{ date: "2026-03-02", conversions: 1, revenue: 10 }])
  })

  it("counts only conversions in the window and non-converting paths whose last touchpoint is in it", async () => {
    // window 3–4 March: converts on 1 March (out), on 3 March (in: Email); browsing ends 4 March (in: Display),
    // another ends 6 March (out: Affiliates). Markov: start→Email 1/2 → conv, start→Display 1/2 → null: Email share 1
    const fixture = combine(
      convertingCustomer("early", ["Paid Search"], 10, 1),
      convertingCustomer("inside", ["Email"], 20, 3),
      browsingCustomer("browse-in", ["Display"], 4),
      browsingCustomer("browse-out", ["Affiliates"], 6)
    )
    const [linear, markov, transitions] = await withAttributionRun(fixture, { since: "2026-03-03", until: "2026-03-04" }, (db) =>
      Effect.all([
        modelColumn("linear", "conversions")(db),
        modelColumn("markov", "share")(db),
        db.all("select to_state from markov_transitions where from_state = 'start' order by to_state")
      ]))
    expect(linear).toEqual({ Email: 1 })
    expect(markov).toEqual({ Display: 0, Email: 1 })
    expect(transitions.map((r) => r["to_state"])).toEqual(["Display", "Email"])
  })

  it("publishes attribution_credits partitioned by the conversion's month and filters dated tables to the window", () => {
    const [credits, attribution, models] = attributionOutputs({ timezone: "Europe/Berlin", since: "2026-03-01", until: null })
    expect(credits?.monthOf).toBe("strftime(converted_date, '%Y-%m')")
    expect(attribution?.params).toEqual({ since: "2026-03-01" })
    expect(attribution?.sql).toContain("date >= cast($since as date)")
    expect(models?.monthOf).toBeUndefined()
  })

  it("every published table's select runs on the built tables", async () => {
    // one conversion (Email > Display) and one browsing customer: 8 models' credits, 4 tables
    const fixture = combine(convertingCustomer("u", ["Email", "Display"], 20, 2), browsingCustomer("w", ["Display"], 3))
    const outputs = attributionOutputs({ timezone: "Europe/Berlin", since: "2026-03-01", until: "2026-03-31" })
    const counts = await withAttributionRun(fixture, { since: "2026-03-01", until: "2026-03-31" }, (db) =>
      Effect.forEach(outputs, (o) => db.all(`select count(*) as n from (${o.sql})`, o.params ?? {}).pipe(Effect.map((r) => [o.name, Number(r[0]?.["n"])]))))
    // credits: one row per touchpoint of the path = 2; attribution: first, last, last non-direct 1 channel each +
    // linear, position-based, time decay, markov, shapley 2 each = 13 model × channel rows on one date;
    // transitions start→Email, Email→Display, Display→conversion, start→Display, Display→null
    expect(Object.fromEntries(counts)).toEqual({ attribution_credits: 2, attribution: 13, attribution_models: 13, markov_transitions: 5 })
  })
})
