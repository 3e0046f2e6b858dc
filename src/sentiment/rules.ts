/**
 * The per-language rule set the scorer works with. German and English
 * instances live in `rules-de.ts` and `rules-en.ts`; all keys there are
 * normalised the same way as tokens (`normalise`).
 */
import type { PhraseIndex } from "./phrases.ts";

export interface LanguageRules {
  readonly language: "de" | "en";
  /** token key for a lower-case word (German: umlauts folded) */
  normalise(lower: string): string;
  /** valence of a word key, 0 if unknown */
  lookup(key: string): number;
  /** negators: flip the sentiment of the following words (window of 3 words) */
  readonly negators: ReadonlySet<string>;
  /** negators that also work after the word they negate, at a clause end ("gefiel uns nicht") */
  readonly postNegators: ReadonlySet<string>;
  /** determiner negators: "kein Rückruf", "no refund" (absence of something) */
  readonly determinerNegators: ReadonlySet<string>;
  /** a negator directly followed by one of these is no negation ("nicht nur", "not only") */
  readonly negationBlockers: ReadonlySet<string>;
  /** intensifier (> 1) and dampener (< 1) factors */
  readonly boosters: ReadonlyMap<string, number>;
  /** words with their own valence that act as intensifier when a sentiment word follows */
  readonly dualBoosters: ReadonlySet<string>;
  /** sentence adverbs and particles that negation and booster windows skip */
  readonly skipWords: ReadonlySet<string>;
  /** skip words that keep their own valence ("leider", "unfortunately"); others count 0 */
  readonly valencedSkipWords: ReadonlySet<string>;
  /** negators after which "so"/"such" makes an experiential superlative, not a negation
   *  ("noch nie so einen schlechten Service erlebt", "never seen such bad service") */
  readonly experientialNegators: ReadonlySet<string>;
  readonly suchWords: ReadonlySet<string>;
  /** negators that also count as a complaint without a sentiment word ("antwortet nicht") */
  readonly bareNegators: ReadonlySet<string>;
  /** value of a word when negated, replacing the flip ("funktioniert nicht", "didn't arrive") */
  readonly negatedValue: ReadonlyMap<string, number>;
  /** "kleiner als beschrieben", "earlier than announced": comparative -> valence */
  readonly expectationComparatives: ReadonlyMap<string, number>;
  /** "als"/"than" */
  readonly comparisonWords: ReadonlySet<string>;
  /** "beschrieben", "erwartet", "described", "expected" ... */
  readonly expectationWords: ReadonlySet<string>;
  /** separable particles etc. that may stand between a post-negator and the clause end */
  readonly postNegationParticles: ReadonlySet<string>;
  /** contrast words anywhere in a clause ("aber", "but") */
  readonly contrast: ReadonlySet<string>;
  /** contrast words only at the start of a clause ("doch", "dafür", "yet", "only") */
  readonly clauseInitialContrast: ReadonlySet<string>;
  /** a contrast word directly followed by one of these is no contrast ("sondern auch") */
  readonly contrastBlockers: ReadonlySet<string>;
  /** words after which "but" is not a contrast ("nothing but") */
  readonly contrastBlockersBefore: ReadonlySet<string>;
  /** conjunctions that end a negation scope ("und", "weil", "because") */
  readonly clauseBreakers: ReadonlySet<string>;
  /** "zu"/"too": makes a following dimension adjective negative */
  readonly tooWords: ReadonlySet<string>;
  /** adjectives that "too" turns negative ("zu teuer", "too small") */
  readonly tooTargets: ReadonlySet<string>;
  /** base form used to look up `tooTargets` (German: one inflection ending stripped) */
  stem(key: string): string;
  /** counterfactual modals: "könnte besser sein", "could be better" */
  readonly modals: ReadonlySet<string>;
  /** two-word modals: first word -> second word ("would have", "used to") */
  readonly modalPairs: ReadonlyMap<string, string>;
  /** comparatives without a lexicon entry that count after a modal ("mehr", "more") */
  readonly comparatives: ReadonlySet<string>;
  /** language-specific context rule: valence of key at position i, or undefined for no change */
  contextValence(keys: ReadonlyArray<string>, i: number, n: number, isWord: (j: number) => boolean): number | undefined;
  /** is this word a comparative of a known adjective? */
  isComparative(key: string): boolean;
  readonly phrases: PhraseIndex;
  /** stopwords for language detection */
  readonly stopwords: ReadonlySet<string>;
}
