/**
 * The reputation marts as published tables, as their models build them
 * (src/publish/mart-output.ts), in a deterministic order. The stage builds them over all reviews
 * and comments (scores are cached, so that costs only the SQL); the window is applied here: a
 * review or comment by its business date, a reputation week when it overlaps the window, so
 * weeks are always whole and their week-over-week change is real.
 */
import { martOutput } from "../publish/mart-output.ts"
import type { TableOutput } from "../publish/publish.ts"
import { dateFilter, weekFilter, type OutputWindow } from "../publish/window.ts"

export type ReputationOutputWindow = OutputWindow

export const reputationOutputs = (w: ReputationOutputWindow): ReadonlyArray<TableOutput> => [
  martOutput("review_sentiment", { filter: dateFilter(w, "review_date"), orderBy: "occurred_at, review_id", monthOf: "strftime(review_date, '%Y-%m')" }),
  martOutput("reputation", { filter: weekFilter(w, "week"), orderBy: "week, platform, store_id" }),
  martOutput("comment_sentiment", { filter: dateFilter(w, "response_date"), orderBy: "occurred_at, event_id", monthOf: "strftime(response_date, '%Y-%m')" })
]
