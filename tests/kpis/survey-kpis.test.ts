import { describe, expect, it } from "vitest"
import type { DuckdbService } from "../../src/duckdb/duckdb.ts"
import { defaultConfig, num, surveyResponse, withKpis } from "./kpi-warehouse.ts"

const kpiRow = (week: string, surveyType: string, touchpoint: string) => (db: DuckdbService) =>
  db.all(
    "select * from survey_kpis where week = cast($week as date) and survey_type = $survey_type and touchpoint = $touchpoint",
    { week, survey_type: surveyType, touchpoint }
  )

describe("survey KPIs", () => {
  it("NPS counts promoters 9–10 and detractors 0–6, with its 95 % margin of error", async () => {
    // scores 10 10 9 9 9 8 7 6 3 0: p = 0.5, d = 0.3 → NPS 20, MoE 196 × sqrt((0.8 − 0.04) / 10) = 54.03347110819367
    const scores = [10, 10, 9, 9, 9, 8, 7, 6, 3, 0]
    const rows = await withKpis({
      survey: scores.map((s) => surveyResponse("2026-03-03T10:00:00Z", "nps", s, "checkout"))
    }, {}, kpiRow("2026-03-02", "nps", "checkout"))
    const row = rows[0]
    expect([num(row?.["responses"]), num(row?.["promoters"]), num(row?.["passives"]), num(row?.["detractors"])]).toEqual([10, 5, 2, 3])
    expect(row?.["nps"]).toBeCloseTo(20, 9)
    expect(row?.["nps_margin_of_error"]).toBeCloseTo(54.03347110819367, 9)
    expect(row?.["share_disappointed"]).toBeCloseTo(0.3, 9)
    expect(row?.["share_delighted"]).toBeCloseTo(0.5, 9)
    expect(row?.["csat"]).toBeNull()
  })

  it("CSAT is the share of scores 4–5, split into disappointed 1–2, OK 3–4 and delighted 5", async () => {
    // 5 5 4 3 2 1: satisfied 3/6 → CSAT 50; disappointed 2/6, delighted 2/6, OK 2/6
    const rows = await withKpis({
      survey: [5, 5, 4, 3, 2, 1].map((s) => surveyResponse("2026-03-03T10:00:00Z", "csat", s, "delivery"))
    }, {}, kpiRow("2026-03-02", "csat", "delivery"))
    const row = rows[0]
    expect(row?.["csat"]).toBeCloseTo(50, 9)
    expect(row?.["share_disappointed"]).toBeCloseTo(2 / 6, 9)
    expect(row?.["share_ok"]).toBeCloseTo(2 / 6, 9)
    expect(row?.["share_delighted"]).toBeCloseTo(2 / 6, 9)
    expect(row?.["nps"]).toBeNull()
    expect(row?.["nps_margin_of_error"]).toBeNull()
    expect(row?.["promoters"]).toBeNull()
  })

  it("CES is the mean score", async () => {
    // (1 + 2 + 6) / 3 = 3
    const rows = await withKpis({
      survey: [1, 2, 6].map((s) => surveyResponse("2026-03-03T10:00:00Z", "ces", s, "support"))
    }, {}, kpiRow("2026-03-02", "ces", "support"))
    expect(rows[0]?.["ces"]).toBeCloseTo(3, 9)
    expect(rows[0]?.["share_disappointed"]).toBeNull()
  })

  it("each week has an '(all)' row over its touchpoints, and a missing touchpoint is '(none)'", async () => {
    // checkout 10, 0; no touchpoint 9 → (all): 3 responses, p 2/3, d 1/3 → NPS 33.33…
    const rows = await withKpis({
      survey: [
        surveyResponse("2026-03-03T10:00:00Z", "nps", 10, "checkout"),
        surveyResponse("2026-03-03T10:00:00Z", "nps", 0, "checkout"),
        surveyResponse("2026-03-04T10:00:00Z", "nps", 9, null)
      ]
    }, {}, (db) => db.all("select touchpoint, responses, nps from survey_kpis order by touchpoint"))
    expect(rows.map((r) => [r["touchpoint"], num(r["responses"])])).toEqual([["(all)", 3], ["(none)", 1], ["checkout", 2]])
    expect(rows[0]?.["nps"]).toBeCloseTo(100 / 3, 9)
  })

  it("weeks are ISO weeks starting Monday in the business time zone, across the DST change", async () => {
    // Sun 2026-03-29 21:30Z = 23:30 CEST (week of Mon 03-23); 22:30Z = Mon 00:30 CEST (week of 03-30)
    const rows = await withKpis({
      survey: [
        surveyResponse("2026-03-29T21:30:00Z", "csat", 5, "store"),
        surveyResponse("2026-03-29T22:30:00Z", "csat", 1, "store")
      ]
    }, {}, (db) => db.all("select cast(week as varchar) as week, csat from survey_kpis where touchpoint = 'store' order by week"))
    expect(rows.map((r) => [r["week"], r["csat"]])).toEqual([["2026-03-23", 100], ["2026-03-30", 0]])
  })

  it("a week with fewer responses than the configured minimum is flagged, not hidden", async () => {
    // minimum 3: checkout has 2 responses (low), (all) has 3 (not low)
    const config = { ...defaultConfig, kpis: { ...defaultConfig.kpis, minSurveyResponses: 3 } }
    const rows = await withKpis({
      survey: [
        surveyResponse("2026-03-03T10:00:00Z", "nps", 10, "checkout"),
        surveyResponse("2026-03-03T10:00:00Z", "nps", 8, "checkout"),
        surveyResponse("2026-03-03T10:00:00Z", "nps", 3, "app")
      ]
    }, { config }, (db) => db.all("select touchpoint, low_sample from survey_kpis order by touchpoint"))
    expect(rows.map((r) => [r["touchpoint"], r["low_sample"]])).toEqual([["(all)", false], ["app", true], ["checkout", true]])
  })
})
