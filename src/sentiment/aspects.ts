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
import { analyseText, normaliseScore, resolveLanguage } from "./score.ts";
import { WORD } from "./tokenize.ts";

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
  const out: AspectMention[] = [];
  const nSeg = a.segSum.length;
  const mentioned = new Uint8Array(nSeg);
  for (const c of COMPILED) {
    const kw = c[lang];
    let any = false;
    mentioned.fill(0);
    for (let i = 0; i < a.n; i++) {
      if (buf.kind[i] !== WORD) continue;
      if (matches(kw, a.keys[i] ?? "")) {
        mentioned[a.seg[i] ?? 0] = 1;
        any = true;
      }
    }
    if (!any) continue;
    let sum = 0;
    let hits = 0;
    for (let s = 0; s < nSeg; s++) {
      if (mentioned[s] === 1) {
        sum += a.segSum[s] ?? 0;
        hits += a.segHits[s] ?? 0;
      }
    }
    out.push({ aspect: c.aspect, sentiment: hits === 0 ? null : normaliseScore(sum) });
  }
  return out;
}
