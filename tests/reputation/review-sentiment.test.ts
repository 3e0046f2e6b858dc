import { Effect } from "effect"
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { ingest } from "../../src/ingest/ingest.ts"
import { tempDir } from "../support/pipeline.ts"
import { inWarehouse, num, review, reviewRow, runStage, withReputation } from "./reputation-warehouse.ts"

// Scorer values used below (docs/sentiment.md): "gut" = +3, "schlecht" = −3, "Katastrophe" = −3,
// "sehr" ×1.5, score = sum / sqrt(sum² + 15).
const gut = 3 / Math.sqrt(9 + 15)
const sehrGut = 4.5 / Math.sqrt(4.5 * 4.5 + 15)

describe("review_sentiment", () => {
  it("a review's title and text are scored together, in the given language", async () => {
    // title "Katastrophe" (−3) + a text without sentiment words: −3 / sqrt(24), one hit
    const row = await withReputation({
      review: [review("2026-03-02T10:00:00Z", { id: "r1", title: "Katastrophe", text: "Bestellung Nummer 12.", language: "de" })]
    }, (db) => reviewRow(db, "r1"))
    expect(row?.["language"]).toBe("de")
    expect(row?.["sentiment"]).toBeCloseTo(-gut, 12)
    expect(row?.["sentiment_label"]).toBe("negative")
    expect(row?.["sentiment_hits"]).toBe(1)
    expect(row?.["has_sentiment"]).toBe(true)
  })

  it("a review without a language is scored in the language detected from its text", async () => {
    const row = await withReputation({
      review: [review("2026-03-02T10:00:00Z", { id: "r1", text: "Great service, really friendly staff.", language: null })]
    }, (db) => reviewRow(db, "r1"))
    expect(row?.["language"]).toBe("en")
    expect(row?.["sentiment_label"]).toBe("positive")
  })

  it("a review in an unsupported language keeps its given language and gets a null sentiment", async () => {
    const row = await withReputation({
      review: [review("2026-03-02T10:00:00Z", { id: "r1", text: "C'est très bien", language: "FR" })]
    }, (db) => reviewRow(db, "r1"))
    expect(row?.["language"]).toBe("fr")
    expect(row?.["sentiment"]).toBeNull()
    expect(row?.["sentiment_label"]).toBeNull()
    expect(row?.["has_sentiment"]).toBe(false)
    expect(row?.["rating_text_mismatch"]).toBe(false)
  })

  it("a text without sentiment words scores 0 but has no sentiment", async () => {
    const row = await withReputation({
      review: [review("2026-03-02T10:00:00Z", { id: "r1", text: "Bestellung Nummer 12.", language: "de" })]
    }, (db) => reviewRow(db, "r1"))
    expect(row?.["sentiment"]).toBe(0)
    expect(row?.["sentiment_label"]).toBe("neutral")
    expect(row?.["sentiment_hits"]).toBe(0)
    expect(row?.["has_sentiment"]).toBe(false)
  })

  it("a five-star review with an angry text is a rating-text mismatch, a one-star one is not", async () => {
    // "Terrible. Never again!" scores −0.85, below −0.5: a mismatch at 5 stars, agreement at 1 star
    const rows = await withReputation({
      review: [
        review("2026-03-02T10:00:00Z", { id: "five", rating: 5, text: "Terrible. Never again!", language: "en" }),
        review("2026-03-02T10:00:00Z", { id: "one", rating: 1, text: "Terrible. Never again!", language: "en" })
      ]
    }, (db) => Effect.all([reviewRow(db, "five"), reviewRow(db, "one")]))
    expect(rows[0]?.["rating_text_mismatch"]).toBe(true)
    expect(rows[1]?.["rating_text_mismatch"]).toBe(false)
  })

  it("aspects list what a review talks about, each with the sentiment of its own clause", async () => {
    // "aber" splits the sentence: delivery gets "kam zu spät" (negative), staff "sehr freundlich" (positive)
    const row = await withReputation({
      review: [review("2026-03-02T10:00:00Z", {
        id: "r1",
        text: "Die Lieferung kam zu spät, aber die Verkäuferin war sehr freundlich.",
        language: "de"
      })]
    }, (db) => reviewRow(db, "r1"))
    expect(row?.["aspects"]).toBe("delivery,staff")
    expect(num(row?.["sentiment_delivery"])).toBeLessThan(0)
    expect(num(row?.["sentiment_staff"])).toBeGreaterThan(0)
    expect(row?.["sentiment_price"]).toBeNull()
    expect(row?.["sentiment_app_website"]).toBeNull()
  })

  it("reply hours run from the review to replied_at, and a reply dated before the review is no reply", async () => {
    // 10:00 → 12:30 the same day = 2.5 h; 10:00 → 09:00 is bad data
    const rows = await withReputation({
      review: [
        review("2026-03-02T10:00:00Z", { id: "ok", repliedAt: "2026-03-02T12:30:00Z" }),
        review("2026-03-02T10:00:00Z", { id: "early", repliedAt: "2026-03-02T09:00:00Z" }),
        review("2026-03-02T10:00:00Z", { id: "open" })
      ]
    }, (db) => Effect.all([reviewRow(db, "ok"), reviewRow(db, "early"), reviewRow(db, "open")]))
    expect(rows.map((r) => r?.["has_reply"])).toEqual([true, false, false])
    expect(rows.map((r) => num(r?.["reply_hours"]))).toEqual([2.5, null, null])
  })

  it("review_date is the business-time-zone date of the review", async () => {
    // 2026-03-08 23:30 UTC is Monday 2026-03-09 00:30 in Berlin (UTC+1 in March before the switch)
    const row = await withReputation({
      review: [review("2026-03-08T23:30:00Z", { id: "r1" })]
    }, (db) => reviewRow(db, "r1"))
    expect(row?.["review_date"]).toBe("2026-03-09")
  })

  it("reviews in unsupported languages pass ingest without quarantine and get a null sentiment", async () => {
    // a real inbox file through ingest: 'pt' and 'fr' are accepted, 'de' is scored
    const inbox = tempDir("touchpoint-reputation-")
    mkdirSync(join(inbox, "review"))
    writeFileSync(join(inbox, "review", "reviews.ndjson"), [
      { event_id: "pt", occurred_at: "2026-03-02T10:00:00Z", platform: "google", rating: 5, text: "Muito bom", language: "pt" },
      { event_id: "fr", occurred_at: "2026-03-02T10:00:00Z", platform: "google", rating: 4, text: "Très bien", language: "fr" },
      { event_id: "de", occurred_at: "2026-03-02T10:00:00Z", platform: "google", rating: 5, text: "Sehr gut.", language: "de" }
    ].map((r) => JSON.stringify(r)).join("\n") + "\n")
    const [quarantined, rows] = await inWarehouse((db) =>
      Effect.gen(function*() {
        yield* ingest(db, {
          inbox,
          runId: "test",
          timezone: "Europe/Berlin",
          piiKey: Buffer.from("test-key"),
          maxQuarantineShare: 0,
          now: new Date("2026-03-03T00:00:00Z")
        })
        yield* runStage(db)
        return yield* Effect.all([
          db.all("select count(*) as n from quarantine"),
          db.all("select review_id, language, sentiment from review_sentiment order by review_id")
        ])
      })
    )
    expect(num(quarantined[0]?.["n"])).toBe(0)
    expect(rows.map((r) => [r["review_id"], r["language"]])).toEqual([["de", "de"], ["fr", "fr"], ["pt", "pt"]])
    expect(rows.map((r) => num(r["sentiment"]))).toEqual([expect.closeTo(sehrGut, 12), null, null])
  })
})
