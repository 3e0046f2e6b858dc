import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { num, review, reputationRow, withReputation } from "./reputation-warehouse.ts"

// Scorer values used below (docs/sentiment.md): "gut" = +3, "schlecht" = −3, "sehr" ×1.5,
// score = sum / sqrt(sum² + 15); "Bestellung Nummer 12." has no sentiment word.
const gut = 3 / Math.sqrt(9 + 15)
const sehrGut = 4.5 / Math.sqrt(4.5 * 4.5 + 15)

const at = (day: string) => `${day}T10:00:00Z`

describe("reputation", () => {
  it("rolls reviews up to every platform, every store and both, with a missing store as (none)", async () => {
    // week of Mon 2026-03-02: google S1 5★ "Sehr gut", google S1 3★ (no sentiment words), google S2 4★ "Gut",
    // trustpilot S1 1★ "Schlecht", trustpilot without store 2★ in French (no sentiment)
    const rows = await withReputation({
      review: [
        review(at("2026-03-02"), { platform: "google", store: "S1", rating: 5, text: "Sehr gut." }),
        review(at("2026-03-03"), { platform: "google", store: "S1", rating: 3, text: "Bestellung Nummer 12." }),
        review(at("2026-03-04"), { platform: "google", store: "S2", rating: 4, text: "Gut." }),
        review(at("2026-03-05"), { platform: "trustpilot", store: "S1", rating: 1, text: "Schlecht." }),
        review(at("2026-03-06"), { platform: "trustpilot", store: null, rating: 2, text: "C'est nul", language: "fr" })
      ]
    }, (db) =>
      Effect.all({
        count: db.all("select count(*) as n from reputation"),
        all: reputationRow(db, { week: "2026-03-02" }),
        google: reputationRow(db, { week: "2026-03-02", platform: "google" }),
        trustpilot: reputationRow(db, { week: "2026-03-02", platform: "trustpilot" }),
        s1: reputationRow(db, { week: "2026-03-02", store: "S1" }),
        none: reputationRow(db, { week: "2026-03-02", store: "(none)" }),
        googleS1: reputationRow(db, { week: "2026-03-02", platform: "google", store: "S1" })
      }))
    // 4 platform × store rows + 2 platform + 3 store + 1 total
    expect(num(rows.count[0]?.["n"])).toBe(10)

    expect(num(rows.all?.["reviews"])).toBe(5)
    expect(rows.all?.["avg_rating"]).toBe(3) // (5 + 3 + 4 + 1 + 2) / 5
    expect(num(rows.all?.["reviews_with_sentiment"])).toBe(3)
    // The French review has no score; the text without sentiment words scores 0 (neutral) and counts.
    expect(rows.all?.["avg_sentiment"]).toBeCloseTo((sehrGut + 0 + gut - gut) / 4, 12)
    expect(rows.all?.["share_negative"]).toBeCloseTo(1 / 4, 12)
    expect(rows.all?.["share_positive"]).toBeCloseTo(2 / 4, 12)

    expect(num(rows.google?.["reviews"])).toBe(3)
    expect(rows.google?.["avg_rating"]).toBe(4)
    expect(rows.google?.["avg_sentiment"]).toBeCloseTo((sehrGut + 0 + gut) / 3, 12)
    expect(rows.google?.["share_negative"]).toBe(0)

    expect(num(rows.trustpilot?.["reviews"])).toBe(2)
    expect(rows.trustpilot?.["avg_rating"]).toBe(1.5)
    expect(rows.trustpilot?.["avg_sentiment"]).toBeCloseTo(-gut, 12)

    expect(num(rows.s1?.["reviews"])).toBe(3)
    expect(rows.s1?.["avg_rating"]).toBe(3) // (5 + 3 + 1) / 3
    expect(rows.s1?.["share_negative"]).toBeCloseTo(1 / 3, 12) // Sehr gut, (no words: neutral), Schlecht

    expect(num(rows.none?.["reviews"])).toBe(1)
    expect(rows.none?.["avg_sentiment"]).toBeNull()
    expect(rows.none?.["share_negative"]).toBeNull()

    expect(num(rows.googleS1?.["reviews"])).toBe(2)
    expect(rows.googleS1?.["avg_sentiment"]).toBeCloseTo(sehrGut / 2, 12) // the 3★ review scores 0: no sentiment words
    expect(rows.googleS1?.["share_positive"]).toBe(0.5)
    expect(num(rows.googleS1?.["reviews_with_sentiment"])).toBe(1)
  })

  it("a review late on Sunday in Berlin belongs to that week, one just after midnight to the next", async () => {
    // Sun 23:30 and Mon 00:30 Berlin, in winter (UTC+1) and on the Sunday summer time starts (UTC+2)
    const rows = await withReputation({
      review: [
        review("2026-03-08T22:30:00Z", { rating: 1 }),
        review("2026-03-08T23:30:00Z", { rating: 2 }),
        review("2026-03-29T21:30:00Z", { rating: 3 }),
        review("2026-03-29T22:30:00Z", { rating: 4 })
      ]
    }, (db) => db.all("select week, reviews, avg_rating from reputation where platform = '(all)' and store_id = '(all)' order by week"))
    expect(rows.map((r) => [r["week"], num(r["reviews"]), r["avg_rating"]])).toEqual([
      ["2026-03-02", 1, 1],
      ["2026-03-09", 1, 2],
      ["2026-03-23", 1, 3],
      ["2026-03-30", 1, 4]
    ])
  })

  it("the week-over-week change compares with the same platform and store's previous week, and is null after a week without reviews", async () => {
    // google S1: week 03-02 avg (5+3)/2 = 4, week 03-09 avg (1+3)/2 = 2, week 03-16 empty, week 03-23 avg 4;
    // trustpilot S1 first appears in week 03-09; all platforms: 4 then (1+3+5)/3 = 3
    const rows = await withReputation({
      review: [
        review(at("2026-03-02"), { platform: "google", rating: 5 }),
        review(at("2026-03-03"), { platform: "google", rating: 3 }),
        review(at("2026-03-09"), { platform: "google", rating: 1 }),
        review(at("2026-03-10"), { platform: "google", rating: 3 }),
        review(at("2026-03-11"), { platform: "trustpilot", rating: 5 }),
        review(at("2026-03-23"), { platform: "google", rating: 4 })
      ]
    }, (db) =>
      Effect.all({
        google: db.all("select week, avg_rating_change_wow from reputation where platform = 'google' and store_id = 'S1' order by week"),
        trustpilot: reputationRow(db, { week: "2026-03-09", platform: "trustpilot", store: "S1" }),
        all: reputationRow(db, { week: "2026-03-09" })
      }))
    expect(rows.google.map((r) => [r["week"], r["avg_rating_change_wow"]])).toEqual([
      ["2026-03-02", null],
      ["2026-03-09", -2],
      ["2026-03-23", null]
    ])
    expect(rows.trustpilot?.["avg_rating_change_wow"]).toBeNull()
    expect(rows.all?.["avg_rating_change_wow"]).toBe(-1)
  })

  it("reply rate counts valid replies over all reviews and the median reply time interpolates", async () => {
    // replies after 1, 3, 10 and 20 h, one unanswered, one dated before its review: 4 of 6 replied;
    // median of 1, 3, 10, 20 = (3 + 10) / 2 = 6.5 h
    const rows = await withReputation({
      review: [
        review("2026-03-02T08:00:00Z", { repliedAt: "2026-03-02T09:00:00Z" }),
        review("2026-03-02T08:00:00Z", { repliedAt: "2026-03-02T11:00:00Z" }),
        review("2026-03-02T08:00:00Z", { repliedAt: "2026-03-02T18:00:00Z" }),
        review("2026-03-02T08:00:00Z", { repliedAt: "2026-03-03T04:00:00Z" }),
        review("2026-03-02T08:00:00Z", { repliedAt: null }),
        review("2026-03-02T08:00:00Z", { repliedAt: "2026-03-01T08:00:00Z" })
      ]
    }, (db) => reputationRow(db, { week: "2026-03-02" }))
    expect(num(rows?.["replied"])).toBe(4)
    expect(rows?.["reply_rate"]).toBeCloseTo(4 / 6, 12)
    expect(rows?.["reply_p50_hours"]).toBe(6.5)
  })

  it("counts the rating-text mismatches of a week", async () => {
    // 5★ "Terrible. Never again!" and 1★ "Alles bestens, gerne wieder!" disagree; 4★ "Sehr gut." agrees
    const row = await withReputation({
      review: [
        review(at("2026-03-02"), { rating: 5, text: "Terrible. Never again!", language: "en" }),
        review(at("2026-03-03"), { rating: 1, text: "Alles bestens, gerne wieder!" }),
        review(at("2026-03-04"), { rating: 4, text: "Sehr gut." })
      ]
    }, (db) => reputationRow(db, { week: "2026-03-02" }))
    expect(num(row?.["mismatches"])).toBe(2)
  })
})
