/**
 * Public scoring API: `scoreText`, `scoreBatch`, thresholds and normalisation.
 */
import { analyse, type Analysis } from "./analyse.ts";
import { decideLanguage, languageEvidence, type SupportedLanguage } from "./detect-language.ts";
import { emojiValence, emoticonValence } from "./emoji.ts";
import { GERMAN_RULES } from "./rules-de.ts";
import { ENGLISH_RULES } from "./rules-en.ts";
import type { LanguageRules } from "./rules.ts";
import { createTokenBuffer, EMOJI, EMOTICON, tokenize, type TokenBuffer } from "./tokenize.ts";

export type SentimentLabel = "negative" | "neutral" | "positive";

export interface SentimentResult {
  /** language the text was scored in; null when unsupported/undetectable (or only emoji) */
  readonly language: "de" | "en" | null;
  /** -1 .. 1; null when the text is empty or its language is unsupported */
  readonly score: number | null;
  readonly label: SentimentLabel | null;
  /** number of sentiment-bearing tokens (words, phrases, emoji); 0 = "unknown", not "neutral" */
  readonly hits: number;
}

/** Normalisation constant: score = sum / sqrt(sum² + alpha) (as in VADER). */
export const SENTIMENT_ALPHA = 15;
/**
 * Label thresholds on the normalised score: score <= NEGATIVE_THRESHOLD is
 * negative, score >= POSITIVE_THRESHOLD positive, in between neutral. Tuned
 * for 3-class on the "tune" split of tests/sentiment/labelled (see docs).
 */
export const NEGATIVE_THRESHOLD = -0.35;
export const POSITIVE_THRESHOLD = 0.35;

export const SENTIMENT_THRESHOLDS = {
  negative: NEGATIVE_THRESHOLD,
  positive: POSITIVE_THRESHOLD,
} as const;

/** Maps a raw valence sum to -1..1. */
export function normaliseScore(sum: number): number {
  if (sum === 0) return 0;
  return sum / Math.sqrt(sum * sum + SENTIMENT_ALPHA);
}

/** Label for a normalised score. */
export function labelForScore(score: number): SentimentLabel {
  if (score <= NEGATIVE_THRESHOLD) return "negative";
  if (score >= POSITIVE_THRESHOLD) return "positive";
  return "neutral";
}

const RULES: Readonly<Record<SupportedLanguage, LanguageRules>> = { de: GERMAN_RULES, en: ENGLISH_RULES };

export function rulesFor(language: SupportedLanguage): LanguageRules {
  return RULES[language];
}

/**
 * Interprets a language argument: undefined/null/"" -> "detect"; "de", "DE",
 * "de-AT", "en_GB" -> the supported language; anything else -> "unsupported".
 */
export function resolveLanguage(language: string | null | undefined): SupportedLanguage | "detect" | "unsupported" {
  if (language === undefined || language === null) return "detect";
  const t = language.trim().toLowerCase();
  if (t === "") return "detect";
  const base = t.split(/[-_]/, 1)[0];
  if (base === "de" || base === "en") return base;
  return "unsupported";
}

const EMPTY: Record<string, SentimentResult> = {};
function nullResult(language: "de" | "en" | null): SentimentResult {
  const key = language ?? "null";
  return (EMPTY[key] ??= Object.freeze({ language, score: null, label: null, hits: 0 }));
}

function result(language: "de" | "en" | null, sum: number, hits: number): SentimentResult {
  const score = hits === 0 ? 0 : normaliseScore(sum);
  return { language, score, label: labelForScore(score), hits };
}

let shared: TokenBuffer | undefined;

function emojiOnly(buf: TokenBuffer): SentimentResult {
  let sum = 0;
  let hits = 0;
  for (let i = 0; i < buf.n; i++) {
    const k = buf.kind[i];
    let v = 0;
    if (k === EMOJI) v = emojiValence(buf.raw[i] ?? "");
    else if (k === EMOTICON) v = emoticonValence(buf.raw[i] ?? "");
    if (v !== 0) {
      sum += v;
      hits++;
    }
  }
  if (hits === 0) return nullResult(null);
  return result(null, sum, hits);
}

/** Internal: tokenizes and analyses; returns the language used and the analysis. */
export function analyseText(
  text: string,
  language: SupportedLanguage | null,
): { readonly language: SupportedLanguage | null; readonly analysis: Analysis | null; readonly buf: TokenBuffer } {
  shared ??= createTokenBuffer();
  const buf = tokenize(text, shared);
  let lang = language;
  if (lang === null) lang = decideLanguage(languageEvidence(buf));
  if (lang === null) return { language: null, analysis: null, buf };
  return { language: lang, analysis: analyse(buf, RULES[lang]), buf };
}

/**
 * Scores a German or English text.
 *
 * - `language`: ISO 639-1 code ("de", "en", case-insensitive, region suffix
 *   allowed). Omitted/null/"" -> detected. Any other code -> unsupported:
 *   score and label null.
 * - Empty or blank text -> score null, label null, hits 0.
 * - Detected language unknown: texts made only of emoji/emoticons are scored
 *   from those (language null); ambiguous short texts ("Top!") are scored
 *   with both lexicons and the one with more hits wins (language null);
 *   otherwise (another language, or no signal) score null.
 * - A supported text without sentiment words: score 0, label "neutral", hits 0.
 */
export function scoreText(text: string, language?: string | null): SentimentResult {
  return scoreAnalysing(text, language);
}

/**
 * Internal: scoreText, handing the analysis of a text placed in a language to `seen` before the
 * token buffer is reused (tagging aspects needs the same analysis; one pass serves both).
 */
export function scoreAnalysing(
  text: string,
  language?: string | null,
  seen?: (language: SupportedLanguage, analysis: Analysis, buf: TokenBuffer) => void,
): SentimentResult {
  const resolved = resolveLanguage(language);
  if (resolved === "unsupported") return nullResult(null);
  const given = resolved === "detect" ? null : resolved;
  if (typeof text !== "string" || text.trim() === "") return nullResult(given);
  shared ??= createTokenBuffer();
  const buf = tokenize(text, shared);
  const ev = given === null ? languageEvidence(buf) : null;
  const placed = given ?? (ev === null ? null : decideLanguage(ev));
  if (placed !== null) {
    const a = analyse(buf, RULES[placed]);
    seen?.(placed, a, buf);
    return result(placed, a.sum, a.hits);
  }
  if (ev === null) return nullResult(null);
  if (buf.words === 0) return emojiOnly(buf);
  if (ev.other > 0 || ev.de !== ev.en) return nullResult(null);
  // no evidence either way: score with both lexicons, keep the one with more hits
  const de = analyse(buf, GERMAN_RULES);
  const deSum = de.sum;
  const deHits = de.hits;
  const en = analyse(buf, ENGLISH_RULES);
  if (deHits === 0 && en.hits === 0) return nullResult(null);
  if (deHits > en.hits) return result(null, deSum, deHits);
  if (en.hits > deHits) return result(null, en.sum, en.hits);
  return result(null, (deSum + en.sum) / 2, deHits);
}

export interface BatchItem {
  readonly text: string | null;
  readonly language: string | null;
}

/** Scores many texts; a null text gives a null result. */
export function scoreBatch(texts: ReadonlyArray<BatchItem>): SentimentResult[] {
  const out = new Array<SentimentResult>(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    out[i] = t === undefined ? nullResult(null) : scoreText(t.text ?? "", t.language);
  }
  return out;
}
