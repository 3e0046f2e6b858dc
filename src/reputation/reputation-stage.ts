/**
 * The reputation stage: scores the review texts and survey comments not scored yet (in
 * JavaScript, in pages, into a cache kept across runs: score-texts.ts), then rebuilds the marts
 * review_sentiment, reputation and comment_sentiment set-wise with the models in
 * sql/reputation/, in one transaction, so a failed run leaves the previous marts in place.
 * Definitions: docs/reputation.md; the scorer: docs/sentiment.md.
 */
import { Effect } from "effect"
import { martRows, type ModelStage, type StageContext } from "../run/stage.ts"
import type { Params } from "../duckdb/duckdb.ts"
import { scoreTexts } from "./score-texts.ts"

export { reputationOutputs, type ReputationOutputWindow } from "./reputation-outputs.ts"
export { scoreTexts, type ScoredCounts, type ScoreOptions } from "./score-texts.ts"

export const reputationMarts = ["review_sentiment", "reputation", "comment_sentiment"] as const

interface Model {
  readonly file: string
  readonly params: Params
}

/** The models in dependency order, each with exactly the parameters its statement uses. */
const models = (ctx: StageContext): ReadonlyArray<Model> => {
  const { timezone } = ctx.config
  return [
    { file: "reputation/int_text_sentiment.sql", params: {} },
    { file: "reputation/review_sentiment.sql", params: { timezone } },
    { file: "reputation/reputation.sql", params: {} },
    { file: "reputation/comment_sentiment.sql", params: { timezone } }
  ]
}


export const reputationStage: ModelStage = {
  name: "reputation",
  run: Effect.fnUntraced(function*(ctx: StageContext) {
    const scored = yield* scoreTexts(ctx.db, { runId: ctx.runId, fullRefresh: ctx.fullRefresh })
    yield* Effect.annotateCurrentSpan({ scored_reviews: scored.reviews, scored_comments: scored.comments })
    yield* ctx.db.transaction((tx) => Effect.forEach(models(ctx), (m) => tx.runFile(m.file, m.params), { discard: true }))
    return yield* martRows(ctx.db, reputationMarts)
  })
}
