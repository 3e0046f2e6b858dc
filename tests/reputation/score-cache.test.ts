import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { scoreTexts } from "../../src/reputation/reputation-stage.ts"
import { inWarehouse, loadFixture, num, review, reviewRow, runStage, surveyResponse } from "./reputation-warehouse.ts"

const fixture = {
  review: [
    review("2026-03-02T10:00:00Z", { id: "r1", text: "Sehr gut." }),
    review("2026-03-02T11:00:00Z", { id: "r2", text: "Schlecht." }),
    review("2026-03-02T12:00:00Z", { id: "r3", rating: 1, text: "Terrible. Never again!", language: "en" })
  ],
  survey: [surveyResponse("2026-03-02T10:00:00Z", { id: "v1", comment: "Alles bestens, gerne wieder!" })]
}

/** run_id of each cached score, by review or survey event id. */
const scoredBy = (db: Parameters<typeof loadFixture>[0]) =>
  Effect.all({
    reviews: db.all("select text_id as id, run_id from int_text_scores where kind = 'review' order by text_id"),
    comments: db.all("select text_id as id, run_id from int_text_scores where kind = 'comment' order by text_id")
  }).pipe(Effect.map(({ reviews, comments }) => ({
    reviews: reviews.map((r) => [r["id"], r["run_id"]]),
    comments: comments.map((r) => [r["id"], r["run_id"]])
  })))

describe("score cache", () => {
  it("a second run scores no unchanged text", async () => {
    const scored = await inWarehouse((db) =>
      Effect.gen(function*() {
        yield* loadFixture(db, fixture)
        yield* runStage(db, { runId: "run-1" })
        yield* runStage(db, { runId: "run-2" })
        return yield* scoredBy(db)
      })
    )
    expect(scored.reviews).toEqual([["r1", "run-1"], ["r2", "run-1"], ["r3", "run-1"]])
    expect(scored.comments).toEqual([["v1", "run-1"]])
  })

  it("a review whose text or rating changed is scored again, and only it", async () => {
    // r2's text becomes positive; r3's rating goes from 1 to 5, which makes its angry text a mismatch
    const result = await inWarehouse((db) =>
      Effect.gen(function*() {
        yield* loadFixture(db, fixture)
        yield* runStage(db, { runId: "run-1" })
        yield* db.run("update events_review set text = 'Gut.' where event_id = 'r2'")
        yield* db.run("update events_review set rating = 5 where event_id = 'r3'")
        yield* runStage(db, { runId: "run-2" })
        return {
          scored: yield* scoredBy(db),
          r2: yield* reviewRow(db, "r2"),
          r3: yield* reviewRow(db, "r3")
        }
      })
    )
    expect(result.scored.reviews).toEqual([["r1", "run-1"], ["r2", "run-2"], ["r3", "run-2"]])
    expect(result.r2?.["sentiment_label"]).toBe("positive")
    expect(result.r3?.["rating_text_mismatch"]).toBe(true)
  })

  it("a full refresh scores every text again", async () => {
    const scored = await inWarehouse((db) =>
      Effect.gen(function*() {
        yield* loadFixture(db, fixture)
        yield* runStage(db, { runId: "run-1" })
        yield* runStage(db, { runId: "run-2", fullRefresh: true })
        return yield* scoredBy(db)
      })
    )
    expect(scored.reviews).toEqual([["r1", "run-2"], ["r2", "run-2"], ["r3", "run-2"]])
    expect(scored.comments).toEqual([["v1", "run-2"]])
  })

  it("texts are read and scored in pages, each text once", async () => {
    // 5 reviews in pages of 2: pages 1–2, 3–4, 5; then nothing is left to score
    const counts = await inWarehouse((db) =>
      Effect.gen(function*() {
        yield* loadFixture(db, {
          review: ["a", "b", "c", "d", "e"].map((id) => review("2026-03-02T10:00:00Z", { id, text: "Gut." }))
        })
        const first = yield* scoreTexts(db, { runId: "run-1", fullRefresh: false, pageSize: 2 })
        const second = yield* scoreTexts(db, { runId: "run-2", fullRefresh: false, pageSize: 2 })
        const [rows] = yield* db.all("select count(*) as n, count(distinct text_id) as ids from int_text_scores where kind = 'review'")
        return { first, second, rows: num(rows?.["n"]), ids: num(rows?.["ids"]) }
      })
    )
    expect(counts).toEqual({ first: { reviews: 5, comments: 0 }, second: { reviews: 0, comments: 0 }, rows: 5, ids: 5 })
  })

  it("a score cache left with another version's columns is rebuilt and refilled", async () => {
    const result = await inWarehouse((db) =>
      Effect.gen(function*() {
        yield* loadFixture(db, fixture)
        yield* db.run("create table int_text_scores (kind varchar, text_id varchar, input_hash varchar, sentiment double, run_id varchar)")
        yield* db.run("insert into int_text_scores values ('review', 'r1', 'old', 0.1, 'run-0')")
        yield* runStage(db, { runId: "run-1" })
        return {
          scored: yield* scoredBy(db),
          r1: yield* reviewRow(db, "r1")
        }
      })
    )
    expect(result.scored.reviews).toEqual([["r1", "run-1"], ["r2", "run-1"], ["r3", "run-1"]])
    expect(result.r1?.["sentiment_label"]).toBe("positive")
  })

  it("scores cached by another version of the scorer are dropped and every text is scored again", async () => {
    const result = await inWarehouse((db) =>
      Effect.gen(function*() {
        yield* loadFixture(db, fixture)
        const first = yield* scoreTexts(db, { runId: "run-1", fullRefresh: false, scorerVersion: "v1" })
        const same = yield* scoreTexts(db, { runId: "run-2", fullRefresh: false, scorerVersion: "v1" })
        const upgraded = yield* scoreTexts(db, { runId: "run-3", fullRefresh: false, scorerVersion: "v2" })
        const versions = yield* db.all("select distinct scorer_version as v from int_text_scores")
        return { first, same, upgraded, scored: yield* scoredBy(db), versions: versions.map((r) => r["v"]) }
      })
    )
    expect(result.first).toEqual({ reviews: 3, comments: 1 })
    expect(result.same).toEqual({ reviews: 0, comments: 0 })
    expect(result.upgraded).toEqual({ reviews: 3, comments: 1 })
    expect(result.scored.reviews).toEqual([["r1", "run-3"], ["r2", "run-3"], ["r3", "run-3"]])
    expect(result.versions).toEqual(["v2"])
  })
})
