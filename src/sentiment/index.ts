/** Offline rule-based sentiment for German and English review texts. See docs/sentiment.md. */
export {
  NEGATIVE_THRESHOLD,
  POSITIVE_THRESHOLD,
  SENTIMENT_ALPHA,
  SENTIMENT_THRESHOLDS,
  labelForScore,
  normaliseScore,
  resolveLanguage,
  scoreBatch,
  scoreText,
  type BatchItem,
  type SentimentLabel,
  type SentimentResult,
} from "./score.ts";
export { detectLanguage, type SupportedLanguage } from "./detect-language.ts";
export { ASPECTS, scoreWithAspects, tagAspects, type AspectMention } from "./aspects.ts";
export { MISMATCH_MIN_SCORE, isRatingTextMismatch } from "./mismatch.ts";
