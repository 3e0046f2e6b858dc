import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { num, pageView, responseRow, reviewEvent, withKpis } from "./kpi-warehouse.ts"

describe("review reply times", () => {
  it("review reply runs from the review to replied_at, per platform, with unanswered reviews open", async () => {
    // google: 120 and 2880 min 1 s (over the 2880 SLA); trustpilot: one reply before the review (ignored)
    // and one unanswered, 3 days old at the as-of instant 2026-03-07 10:00 (open, over)
    const rows = await withKpis({
      review: [
        reviewEvent("2026-03-04T10:00:00Z", "google", "2026-03-04T12:00:00Z"),
        reviewEvent("2026-03-04T10:00:00Z", "google", "2026-03-06T10:00:01Z"),
        reviewEvent("2026-03-04T10:00:00Z", "trustpilot", "2026-03-04T09:00:00Z"),
        reviewEvent("2026-03-04T10:00:00Z", "trustpilot", null)
      ],
      web: [pageView("2026-03-07T10:00:00Z")]
    }, {}, (db) =>
      Effect.all([
        responseRow(db, { date: "2026-03-04", metric: "review_reply" }),
        responseRow(db, { date: "2026-03-04", metric: "review_reply", dimension: "platform", segment: "google" }),
        responseRow(db, { date: "2026-03-04", metric: "review_reply", dimension: "platform", segment: "trustpilot" })
      ]))
    const [all, google, trustpilot] = rows
    expect(num(all?.["n"])).toBe(2)
    expect(all?.["mean_minutes"]).toBeCloseTo((120 + 2880 + 1 / 60) / 2, 9)
    expect(num(all?.["over_threshold"])).toBe(1)
    expect(num(all?.["open_n"])).toBe(1)
    expect(num(all?.["open_over_threshold"])).toBe(1)
    expect(num(google?.["n"])).toBe(2)
    expect(num(trustpilot?.["n"])).toBe(0)
    expect(num(trustpilot?.["open_n"])).toBe(1)
  })
})
