/**
 * German/English detection by stopword counts, umlauts and, for short texts
 * without stopwords, lexicon hits. Returns null when neither language is
 * plausible (another language, or no signal at all).
 */
import { foldGerman } from "./lexicon-de.ts";
import { lookupEnglish } from "./lexicon-en.ts";
import { lookupGerman } from "./morphology-de.ts";
import { GERMAN_RULES } from "./rules-de.ts";
import { ENGLISH_RULES } from "./rules-en.ts";
import { createTokenBuffer, tokenize, WORD, type TokenBuffer } from "./tokenize.ts";

export type SupportedLanguage = "de" | "en";

/**
 * Frequent function words of other languages. Words shared with German or
 * English ("die", "in", "is", "a") are left out on purpose.
 */
const OTHER_STOPWORDS: ReadonlySet<string> = new Set(
  `le la les et est très pas je nous il elle une des du pour avec c'est mais sur dans qui que ce
   cette sont était j'ai vous très bien trop merci
   el los las y muy pero con para por una del lo fue es está estaba gracias bueno
   il lo gli è molto non ma con per che della sono era grazie
   het een niet zeer heel maar met voor van ik wij zijn hebben wel geen ook erg goed
   não muito com uma para mas foi obrigado
   jest nie się na że bardzo ale`
    .split(/\s+/)
    .filter((w) => w !== "" && !GERMAN_RULES.stopwords.has(w) && !ENGLISH_RULES.stopwords.has(w)),
);

export interface LanguageEvidence {
  readonly de: number;
  readonly en: number;
  readonly other: number;
  /** words that are in neither stopword list */
  readonly words: number;
}

const UMLAUT_RE = /[äöüßÄÖÜ]/;

/** Counts the evidence for German, English and other languages in a tokenized text. */
export function languageEvidence(buf: TokenBuffer): LanguageEvidence {
  let de = 0;
  let en = 0;
  let other = 0;
  let umlauts = 0;
  for (let i = 0; i < buf.n; i++) {
    if (buf.kind[i] !== WORD) continue;
    const w = buf.lower[i] ?? "";
    if (GERMAN_RULES.stopwords.has(w)) de++;
    if (ENGLISH_RULES.stopwords.has(w)) en++;
    if (OTHER_STOPWORDS.has(w)) other++;
    if (umlauts < 2 && UMLAUT_RE.test(w)) umlauts++;
  }
  de += umlauts;
  if (de === 0 && en === 0 && other === 0) {
    // short texts: which lexicon knows the words?
    for (let i = 0; i < buf.n; i++) {
      if (buf.kind[i] !== WORD) continue;
      const w = buf.lower[i] ?? "";
      const g = lookupGerman(foldGerman(w)) !== 0;
      const e = lookupEnglish(w) !== 0;
      if (g && !e) de++;
      else if (e && !g) en++;
    }
  }
  return { de, en, other, words: buf.words };
}

/** Decides from evidence; null when neither German nor English is clearly more plausible. */
export function decideLanguage(ev: LanguageEvidence): SupportedLanguage | null {
  const best = Math.max(ev.de, ev.en);
  if (best === 0) return null;
  if (ev.other > best) return null;
  if (ev.de > ev.en) return "de";
  if (ev.en > ev.de) return "en";
  return null;
}

let shared: TokenBuffer | undefined;

/**
 * Detects German or English. Returns null for other languages and for texts
 * without any signal (e.g. only emoji or numbers).
 */
export function detectLanguage(text: string): SupportedLanguage | null {
  shared ??= createTokenBuffer();
  const buf = tokenize(text, shared);
  return decideLanguage(languageEvidence(buf));
}
