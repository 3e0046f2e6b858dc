/**
 * German word-form handling for the lexicon lookup.
 *
 * Input keys are lower case with umlauts folded (ä -> ae, ö -> oe, ü -> ue,
 * ß -> ss), see `foldGerman`. Order of attempts:
 *  1. the form itself;
 *  2. inflection endings (-em -en -er -es -e -n -s), then comparative and
 *     superlative endings (-er, -st, -est), with umlaut removal for
 *     comparatives (laenger -> lang);
 *  3. `un` + known word: un + positive = negative ("unfreundlich"),
 *     un + negative = mildly positive ("unkompliziert" if not listed);
 *  4. compounds: a sentiment-bearing first part (Traum-, Spitzen-, Horror- ...)
 *     or else the longest known last part ("kundenunfreundlich").
 * Results are cached.
 */
import { DE_LEXICON, DE_NEUTRAL_WORDS, foldGerman } from "./lexicon-de.ts";

const ENDINGS = ["em", "en", "er", "es", "e", "n", "s"] as const;
const GRADE_ENDINGS = ["est", "st", "er"] as const;

/** Weight of `un` + positive word relative to the positive word. */
export const UN_POSITIVE_FACTOR = -0.9;
/** Weight of `un` + negative word relative to the negative word. */
export const UN_NEGATIVE_FACTOR = -0.5;

/**
 * First parts of compounds that carry sentiment themselves
 * ("Traumstrand", "Spitzenservice", "Horrorurlaub", "Schrottteil").
 */
export const DE_COMPOUND_PREFIXES: ReadonlyArray<readonly [string, number]> = [
  ["traum", 3], ["spitzen", 3], ["top", 2], ["super", 2], ["lieblings", 2.5], ["wohlfuehl", 2],
  ["klasse", 2], ["horror", -3], ["schrott", -3], ["katastrophen", -3], ["mist", -2.5],
  ["scheiss", -3], ["drecks", -3], ["pfusch", -2], ["chaos", -2], ["problem", -1.5],
];

const NEUTRAL = new Set<string>();
for (const w of DE_NEUTRAL_WORDS) NEUTRAL.add(foldGerman(w));

function exact(w: string): number {
  return DE_LEXICON.get(w) ?? 0;
}

/** "ae", "oe", "ue" (the folded umlauts) back to a, o, u: "laeng" -> "lang". */
export function deUmlaut(w: string): string {
  return w.replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u");
}

/** Comparative/superlative stem: "schoenst" -> "schoen", "laenger" -> "lang". */
function graded(stem: string): number {
  for (const g of GRADE_ENDINGS) {
    if (stem.length - g.length >= 3 && stem.endsWith(g)) {
      const base = stem.slice(0, -g.length);
      const v = exact(base);
      if (v !== 0) return v;
      if (g === "er" && base.includes("e")) {
        const u = deUmlaut(base);
        if (u !== base) {
          const vu = exact(u);
          if (vu !== 0) return vu;
        }
      }
    }
  }
  return 0;
}

/** Exact form or inflected form of a lexicon entry; 0 if none. */
export function lookupInflected(w: string): number {
  const v = exact(w);
  if (v !== 0) return v;
  for (const e of ENDINGS) {
    if (w.length - e.length >= 3 && w.endsWith(e)) {
      const stem = w.slice(0, -e.length);
      const vs = exact(stem);
      if (vs !== 0) return vs;
      const vg = graded(stem);
      if (vg !== 0) return vg;
    }
  }
  return graded(w);
}

function withUn(w: string): number {
  const v = lookupInflected(w);
  if (v !== 0) return v;
  if (w.length >= 6 && w.startsWith("un")) {
    const b = lookupInflected(w.slice(2));
    if (b > 0) return b * UN_POSITIVE_FACTOR;
    if (b < 0) return b * UN_NEGATIVE_FACTOR;
  }
  return 0;
}

function compound(w: string): number {
  for (const [p, pv] of DE_COMPOUND_PREFIXES) {
    if (w.length - p.length >= 3 && w.startsWith(p)) {
      const rest = withUn(w.slice(p.length));
      // a sentiment-bearing rest is intensified ("superschnell"), otherwise the prefix decides
      if (rest !== 0 && Math.sign(rest) === Math.sign(pv)) return rest * 1.5;
      return pv;
    }
  }
  // longest known last part, at least 4 letters, first part at least 3 letters
  for (let i = 3; i <= w.length - 4; i++) {
    const tail = w.slice(i);
    if (NEUTRAL.has(tail)) continue;
    const v = withUn(tail);
    if (v !== 0) return v;
  }
  return 0;
}

function compute(w: string): number {
  if (NEUTRAL.has(w)) return 0;
  const v = withUn(w);
  if (v !== 0) return v;
  if (w.length >= 7) return compound(w);
  return 0;
}

const cache = new Map<string, number>();

/** Valence of a German word (lower case, umlauts folded), 0 if unknown. */
export function lookupGerman(key: string): number {
  const c = cache.get(key);
  if (c !== undefined) return c;
  const v = compute(key);
  if (cache.size > 50_000) cache.clear();
  cache.set(key, v);
  return v;
}

/** Strips one inflection ending if the remainder has at least 3 letters (for word lists). */
export function stripGermanEnding(w: string): string {
  for (const e of ENDINGS) {
    if (w.length - e.length >= 3 && w.endsWith(e)) return w.slice(0, -e.length);
  }
  return w;
}
