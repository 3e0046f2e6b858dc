/**
 * CX aspect tagging: which aspects (delivery, staff, price, quality,
 * waiting, app_website) a text talks about, and the sentiment of the
 * sentences that mention each. A "sentence" here is a sentence or, when it
 * contains a contrast word ("aber", "but"), the part before/after it, so
 * "Essen gut, aber Service langsam" gives staff a negative sentiment.
 */
import { ASPECT_RULES, type AspectKeywords } from "./aspects-data.ts";
import type { SupportedLanguage } from "./detect-language.ts";
import { foldGerman } from "./lexicon-de.ts";
import type { Analysis } from "./analyse.ts";
import { analyseText, normaliseScore, resolveLanguage, scoreAnalysing, type SentimentResult } from "./score.ts";
import { WORD, type TokenBuffer } from "./tokenize.ts";

export interface AspectMention {
  readonly aspect: string;
  /** -1..1 score of the sentences mentioning the aspect; null when they have no sentiment words */
  readonly sentiment: number | null;
}

interface CompiledKeywords {
  readonly words: ReadonlySet<string>;
  readonly prefixes: ReadonlyArray<string>;
  readonly suffixes: ReadonlyArray<string>;
}

const split = (s: string | undefined, norm: (w: string) => string): string[] =>
  (s ?? "").split(/\s+/).filter((w) => w !== "").map(norm);

function compile(k: AspectKeywords, norm: (w: string) => string): CompiledKeywords {
  return {
    words: new Set(split(k.words, norm)),
    prefixes: split(k.prefixes, norm),
    suffixes: split(k.suffixes, norm),
  };
}

const COMPILED: ReadonlyArray<{ readonly aspect: string } & Readonly<Record<SupportedLanguage, CompiledKeywords>>> =
  ASPECT_RULES.map((r) => ({
    aspect: r.aspect,
    de: compile(r.de, (w) => foldGerman(w.toLowerCase())),
    en: compile(r.en, (w) => w.toLowerCase()),
  }));

/** Names of all aspects, in output order. */
export const ASPECTS: ReadonlyArray<string> = COMPILED.map((c) => c.aspect);

function matches(k: CompiledKeywords, key: string): boolean {
  if (k.words.has(key)) return true;
  for (const p of k.prefixes) if (key.length >= p.length && key.startsWith(p)) return true;
  for (const s of k.suffixes) if (key.length > s.length && key.endsWith(s)) return true;
  return false;
}

// Which aspects a word key belongs to, as a bit mask over COMPILED. Matching a key against every
// aspect's prefixes and suffixes cost more than scoring the text itself (bench/reputation.ts),
// and review vocabulary repeats, so results are cached; the cap bounds memory on odd input.
const MASK_CACHE_LIMIT = 50_000;
const maskCache: Readonly<Record<SupportedLanguage, Map<string, number>>> = { de: new Map(), en: new Map() };

function aspectMask(lang: SupportedLanguage, key: string): number {
  const cache = maskCache[lang];
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let mask = 0;
  for (const [c, entry] of COMPILED.entries()) if (matches(entry[lang], key)) mask |= 1 << c;
  if (cache.size >= MASK_CACHE_LIMIT) cache.clear();
  cache.set(key, mask);
  return mask;
}

/**
 * Aspects mentioned in `text` with the sentiment of the sentences mentioning
 * them. `language` as in `scoreText` (detected when absent); unsupported or
 * undetectable language, or empty text -> [].
 */
export function tagAspects(text: string, language?: string | null): AspectMention[] {
  const resolved = resolveLanguage(language);
  if (resolved === "unsupported" || typeof text !== "string" || text.trim() === "") return [];
  const { language: lang, analysis: a, buf } = analyseText(text, resolved === "detect" ? null : resolved);
  if (lang === null || a === null) return [];
  return aspectsOf(lang, a, buf);
}

/** The score of a text and its aspects from one analysis (what scoreText and tagAspects give). */
export function scoreWithAspects(text: string, language?: string | null): { readonly result: SentimentResult; readonly aspects: AspectMention[] } {
  let aspects: AspectMention[] = [];
  const result = scoreAnalysing(text, language, (lang, a, buf) => {
    aspects = aspectsOf(lang, a, buf);
  });
  return { result, aspects };
}

function aspectsOf(lang: SupportedLanguage, a: Analysis, buf: TokenBuffer): AspectMention[] {
  const masks = new Array<number>(a.n);
  let anyMask = 0;
  for (let i = 0; i < a.n; i++) {
    const m = buf.kind[i] === WORD ? aspectMask(lang, a.keys[i] ?? "") : 0;
    masks[i] = m;
    anyMask |= m;
  }
  if (anyMask === 0) return [];
  const out: AspectMention[] = [];
  const nSeg = a.segSum.length;
  const mentioned = new Uint8Array(nSeg);
  for (const [c, entry] of COMPILED.entries()) {
    const bit = 1 << c;
    if ((anyMask & bit) === 0) continue;
    mentioned.fill(0);
    for (let i = 0; i < a.n; i++) {
      if (((masks[i] ?? 0) & bit) !== 0) mentioned[a.seg[i] ?? 0] = 1;
    }
    let sum = 0;
    let hits = 0;
    for (let s = 0; s < nSeg; s++) {
      if (mentioned[s] === 1) {
        sum += a.segSum[s] ?? 0;
        hits += a.segHits[s] ?? 0;
      }
    }
    out.push({ aspect: entry.aspect, sentiment: hits === 0 ? null : normaliseScore(sum) });
  }
  return out;
}
