import { describe, expect, it } from "vitest";
import { isRatingTextMismatch, MISMATCH_MIN_SCORE, scoreText, type SentimentResult } from "../../src/sentiment/index.ts";

const result = (score: number | null, label: SentimentResult["label"]): SentimentResult => ({
  language: "de",
  score,
  label,
  hits: score === null ? 0 : 1,
});

describe("rating_text_mismatch", () => {
  it("flags a high rating with a clearly negative text", () => {
    expect(isRatingTextMismatch(5, scoreText("Totaler Schrott, nie wieder!", "de"))).toBe(true);
  });

  it("flags a low rating with a clearly positive text", () => {
    expect(isRatingTextMismatch(1, scoreText("Fantastic service, highly recommend!", "en"))).toBe(true);
  });

  it("does not flag agreeing rating and text", () => {
    expect(isRatingTextMismatch(5, scoreText("Super Service!", "de"))).toBe(false);
    expect(isRatingTextMismatch(1, scoreText("Never again!", "en"))).toBe(false);
  });

  it("never flags a 3-star rating", () => {
    expect(isRatingTextMismatch(3, result(-0.9, "negative"))).toBe(false);
    expect(isRatingTextMismatch(3, result(0.9, "positive"))).toBe(false);
  });

  it("needs a clear score, not just the label", () => {
    expect(isRatingTextMismatch(4, result(-(MISMATCH_MIN_SCORE - 0.01), "negative"))).toBe(false);
    expect(isRatingTextMismatch(4, result(-MISMATCH_MIN_SCORE, "negative"))).toBe(true);
  });

  it("does not flag null scores or non-finite ratings", () => {
    expect(isRatingTextMismatch(5, result(null, null))).toBe(false);
    expect(isRatingTextMismatch(Number.NaN, result(-0.9, "negative"))).toBe(false);
  });
});
