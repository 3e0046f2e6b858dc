/**
 * rating_text_mismatch: the star rating and the text clearly disagree.
 * True when rating >= 4 but the text is clearly negative (label "negative"
 * and score <= -MISMATCH_MIN_SCORE), or rating <= 2 but the text is clearly
 * positive (label "positive" and score >= MISMATCH_MIN_SCORE). Ratings are on
 * a 1..5 scale; 3, non-finite ratings and null scores are never a mismatch.
 */
import type { SentimentResult } from "./score.ts";

/** Minimum |score| for a mismatch. */
export const MISMATCH_MIN_SCORE = 0.5;

export function isRatingTextMismatch(rating: number, result: SentimentResult): boolean {
  if (!Number.isFinite(rating) || result.score === null || result.label === null) return false;
  if (rating >= 4) return result.label === "negative" && result.score <= -MISMATCH_MIN_SCORE;
  if (rating <= 2) return result.label === "positive" && result.score >= MISMATCH_MIN_SCORE;
  return false;
}
