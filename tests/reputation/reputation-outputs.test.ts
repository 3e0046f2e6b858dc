import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { reputationOutputs } from "../../src/reputation/reputation-stage.ts"
import { num, review, surveyResponse, withReputation } from "./reputation-warehouse.ts"

const fixture = {
  review: [
    review("2026-03-03T10:00:00Z", { id: "tue" }),
    review("2026-03-05T10:00:00Z", { id: "thu" }),
    review("2026-03-11T10:00:00Z", { id: "next-wed" }),
    review("2026-03-17T10:00:00Z", { id: "later" })
  ],
  survey: [
    surveyResponse("2026-03-03T10:00:00Z", { id: "v-tue", comment: "Gut." }),
    surveyResponse("2026-03-05T10:00:00Z", { id: "v-thu", comment: "Gut." })
  ]
}

const window = { timezone: "Europe/Berlin", since: "2026-03-04", until: "2026-03-10" }

describe("reputation outputs", () => {
  it("publish the reviews and comments dated in the window and the whole weeks that overlap it", async () => {
    // window Wed 03-04 … Tue 03-10: reviews thu only; weeks 03-02 (tue + thu) and 03-09 (next-wed)
    const published = await withReputation(fixture, (db) =>
      Effect.forEach(reputationOutputs(window), (t) => db.all(t.orderBy === undefined ? t.sql : `${t.sql}\norder by ${t.orderBy}`, t.params).pipe(Effect.map((rows) => ({ name: t.name, rows })))))
    const byName = new Map(published.map((p) => [p.name, p.rows]))
    expect(byName.get("review_sentiment")?.map((r) => r["review_id"])).toEqual(["thu"])
    expect(byName.get("comment_sentiment")?.map((r) => r["event_id"])).toEqual(["v-thu"])
    const totals = byName.get("reputation")?.filter((r) => r["platform"] === "(all)" && r["store_id"] === "(all)")
    expect(totals?.map((r) => [r["week"], num(r["reviews"])])).toEqual([["2026-03-02", 2], ["2026-03-09", 1]])
  })

  it("publish flat columns with UTC instants, business dates and a month partition for the large tables", async () => {
    const described = await withReputation(fixture, (db) =>
      Effect.forEach(reputationOutputs({ timezone: "Europe/Berlin", since: null, until: null }), (t) =>
        Effect.all({
          columns: db.all(`describe ${t.sql}`, t.params ?? {}),
          months: t.monthOf === undefined ? Effect.succeed([]) : db.all(`select distinct ${t.monthOf} as month from (${t.sql})`, t.params ?? {})
        }).pipe(Effect.map((d) => ({ name: t.name, ...d })))))
    const types = new Map(described.map((d) => [d.name, new Map(d.columns.map((c) => [String(c["column_name"]), String(c["column_type"])]))]))
    expect(types.get("review_sentiment")?.get("occurred_at")).toBe("TIMESTAMP WITH TIME ZONE")
    expect(types.get("review_sentiment")?.get("review_date")).toBe("DATE")
    expect(types.get("reputation")?.get("week")).toBe("DATE")
    const allTypes = [...types.values()].flatMap((m) => [...m.values()])
    expect(allTypes.filter((t) => /STRUCT|MAP|\[\]/.test(t))).toEqual([])
    expect(described.find((d) => d.name === "review_sentiment")?.months.map((r) => r["month"])).toEqual(["2026-03"])
    expect(described.find((d) => d.name === "reputation")?.months).toEqual([])
  })
})
