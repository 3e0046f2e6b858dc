/**
 * The reputation marts as published tables: explicit columns, a deterministic order. The stage
 * builds them over all reviews and comments (scores are cached, so that costs only the SQL);
 * the window is applied here: a review or comment by its business date, a reputation week when
 * it overlaps the window, so weeks are always whole and their week-over-week change is real.
 */
import type { TableOutput } from "../publish/publish.ts"
import { dateFilter, weekFilter, type OutputWindow, type WindowFilter } from "../publish/window.ts"
import { aspectColumns } from "./score-texts.ts"

export type ReputationOutputWindow = OutputWindow

const reviewSentimentColumns = [
  "review_id", "occurred_at", "review_date", "platform", "store_id", "rating", "language", "sentiment", "sentiment_label",
  "sentiment_hits", "has_sentiment", "aspects", ...aspectColumns, "rating_text_mismatch", "replied_at", "has_reply",
  "reply_hours"
]

const reputationColumns = [
  "week", "platform", "store_id", "reviews", "avg_rating", "reviews_with_sentiment", "avg_sentiment", "share_negative",
  "share_positive", "replied", "reply_rate", "reply_p50_hours", "avg_rating_change_wow", "mismatches"
]

const commentSentimentColumns = [
  "event_id", "occurred_at", "response_date", "survey_type", "score", "touchpoint", "language", "sentiment", "sentiment_label",
  "sentiment_hits", "has_sentiment", "aspects", ...aspectColumns
]

const output = (
  name: string,
  columns: ReadonlyArray<string>,
  filter: WindowFilter,
  orderBy: string,
  monthOf?: string
): TableOutput => ({
  name,
  sql: `select ${columns.join(", ")}\nfrom ${name}\n${filter.where}`,
  orderBy,
  params: filter.params,
  ...(monthOf === undefined ? {} : { monthOf })
})

export const reputationOutputs = (w: ReputationOutputWindow): ReadonlyArray<TableOutput> => [
  output(
    "review_sentiment",
    reviewSentimentColumns,
    dateFilter(w, "review_date"),
    "occurred_at, review_id",
    "strftime(review_date, '%Y-%m')"
  ),
  output("reputation", reputationColumns, weekFilter(w, "week"), "week, platform, store_id"),
  output(
    "comment_sentiment",
    commentSentimentColumns,
    dateFilter(w, "response_date"),
    "occurred_at, event_id",
    "strftime(response_date, '%Y-%m')"
  )
]
