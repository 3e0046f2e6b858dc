import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { kpiOutputs } from "../../src/kpis/kpis-stage.ts"
import { num, runStage, surveyResponse, ticketEvent, withKpis } from "./kpi-warehouse.ts"

const tickets = [
  ticketEvent("A", "created", "2026-03-01T10:00:00Z", { customer_id: "C1", contact_reason: "faq" }),
  ticketEvent("A", "agent_reply", "2026-03-01T10:10:00Z"),
  ticketEvent("B", "created", "2026-03-05T10:00:00Z", { customer_id: "C1", contact_reason: "faq" }),
  ticketEvent("B", "agent_reply", "2026-03-05T10:40:00Z")
]

describe("the kpis stage", () => {
  it("since and until keep the items whose starting event falls in the window", async () => {
    // since 03-03: only ticket B (first reply 40); its repeat of A (4 days earlier) still counts → rate 1
    const rows = await withKpis({ support: tickets }, { since: "2026-03-03", until: "2026-03-31" }, (db) =>
      Effect.all([
        db.all("select cast(date as varchar) as date, mean_minutes from response_times where metric = 'support_first_reply' and dimension = '(all)'"),
        db.all("select contacts, repeat_contact_rate from contact_reasons where contact_reason = 'faq'")
      ]))
    expect(rows[0].map((r) => [r["date"], r["mean_minutes"]])).toEqual([["2026-03-05", 40]])
    expect(rows[1].map((r) => [num(r["contacts"]), r["repeat_contact_rate"]])).toEqual([[1, 1]])
  })

  it("reports the rows of its three marts and gives the same result when run again", async () => {
    // response_times: 2 dates × 2 metrics × ((all) + email) = 8; contact_reasons: faq + (all) = 2; survey_kpis: app + (all) = 2
    const result = await withKpis({ support: tickets, survey: [surveyResponse("2026-03-03T10:00:00Z", "nps", 9, "app")] }, {}, (db) =>
      Effect.gen(function*() {
        const marts = "select 'response_times' as mart, to_json(t) as row from response_times as t " +
          "union all select 'survey_kpis', to_json(t) from survey_kpis as t " +
          "union all select 'contact_reasons', to_json(t) from contact_reasons as t order by all"
        const before = yield* db.all(marts)
        const again = yield* runStage(db)
        const after = yield* db.all(marts)
        return { rows: again.rows, same: JSON.stringify(before) === JSON.stringify(after) }
      }))
    expect(result).toEqual({ rows: 12, same: true })
  })

  it("publishes each mart with its contract columns in a deterministic order", async () => {
    const outputs = kpiOutputs({ timezone: "Europe/Berlin", since: null, until: null })
    const described = await withKpis({ support: tickets }, {}, (db) =>
      Effect.forEach(outputs, (o) => db.all(`describe ${o.sql}`, o.params ?? {}).pipe(Effect.map((cols) => cols.map((c) => c["column_name"])))))
    expect(outputs.map((o) => o.name)).toEqual(["response_times", "survey_kpis", "contact_reasons"])
    expect(described[0]).toEqual(expect.arrayContaining([
      "date", "metric", "segment", "n", "p50_minutes", "p90_minutes", "mean_minutes", "threshold_minutes", "over_threshold", "share_over_threshold"
    ]))
    expect(described[1]).toEqual(expect.arrayContaining([
      "week", "survey_type", "touchpoint", "responses", "promoters", "passives", "detractors", "nps", "nps_margin_of_error", "csat", "ces"
    ]))
    expect(described[2]).toEqual(expect.arrayContaining([
      "month", "contact_reason", "contacts", "contacts_per_100_orders", "repeat_contact_rate", "quadrant"
    ]))
  })

  it("a published window keeps the weeks and months that overlap it", async () => {
    // window 03-04..03-04: the week of Mon 03-02 and the month of March overlap it; the date 03-01 does not
    const outputs = kpiOutputs({ timezone: "Europe/Berlin", since: "2026-03-04", until: "2026-03-04" })
    const counts = await withKpis({ support: tickets, survey: [surveyResponse("2026-03-03T10:00:00Z", "nps", 9, "app")] }, {}, (db) =>
      Effect.forEach(outputs, (o) => db.all(`select count(*) as n from (${o.sql})`, o.params ?? {}).pipe(Effect.map((r) => num(r[0]?.["n"])))))
    expect(counts).toEqual([0, 2, 2])
  })
})
