/**
 * English rules: negation, intensifiers, contrast, "too" + adjective,
 * counterfactual modals and phrases. Written by the Touchpoint project;
 * the multi-word entries of AFINN-165 are added as phrases.
 */
import { AFINN_PHRASES, lookupEnglish } from "./lexicon-en.ts";
import { indexPhrases, parsePhrases } from "./phrases.ts";
import type { LanguageRules } from "./rules.ts";

const set = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter((w) => w !== ""));

const PHRASES = [
  "never again:-3!", "never ever again:-3!", "waste of money:-3!", "waste of time:-3!",
  "waste your money:-3!", "waste your time:-3!", "would not recommend:-3!",
  "wouldn't recommend:-3!", "would never recommend:-3!", "highly recommend:3!",
  "highly recommended:3!", "would recommend:2.5", "stay away:-3!", "steer clear:-3!",
  "rip off:-3!", "ripped off:-3!", "hidden fees:-2!", "hidden charges:-2!", "hidden costs:-2!",
  "took forever:-2!", "takes forever:-2!", "taking forever:-2!", "waited forever:-2!",
  "wait forever:-2!", "on hold:-1!", "hung up:-2!", "hang up:-1.5!",
  "be back:2", "come back:1.5", "coming back:1.5", "go back:1", "going back:1", "buy again:2",
  "order again:2", "book again:2", "come again:2", "shop again:2", "stay again:2",
  "no complaints:2!", "can't complain:1.5!", "cannot complain:1.5!", "nothing to complain:2!",
  "so so:-1!", "nothing special:-1!", "nothing to write home about:-1.5!",
  "to be desired:-3!", "a breeze:2!", "a blast:3!", "top notch:3!", "above and beyond:3!",
  "extra mile:3!", "blown away:3!", "in a heartbeat:2!", "hit or miss:-1!", "hit and miss:-1!",
  "fell apart:-2.5!", "falling apart:-2.5!", "falls apart:-2.5!", "stopped working:-2.5!",
  "broke down:-2!", "dead on arrival:-3!", "let down:-2", "let me down:-2", "let us down:-2",
  "doesn't get any better:4!", "does not get any better:4!", "couldn't be happier:4!",
  "could not be happier:4!", "couldn't be better:4!", "could not be better:4!",
  "doesn't get any worse:-4!", "does not get any worse:-4!", "can't get any worse:-4!",
  "couldn't be worse:-4!", "could not be worse:-4!", "thanks for nothing:-3!",
  "not as described:-2!", "not as pictured:-2!", "not as advertised:-2!", "not as expected:-1.5!",
  "save your money:-2!", "does what it should:2!", "does what it says:2!", "does the job:2!",
  "as described:1", "as pictured:1", "as advertised:1", "as promised:1", "as expected:0.5",
  "worth the money:2", "worth every penny:3!", "five stars:3!", "5 stars:3!", "one star:-2!",
  "1 star:-2!", "zero stars:-3!", "0 stars:-3!", "kind regards:0!", "best regards:0!",
  "good morning:0!", "good evening:0!", "good afternoon:0!",
  "kind of:*0.7", "sort of:*0.7", "a bit:*0.7", "a little:*0.7", "a little bit:*0.7",
  "not too bad:1.5!", "not to mention:0!", "no problems:1.5!", "no problem:1!", "no issues:1.5!",
  "never arrived:-2.5!", "never came:-2!", "never showed up:-2.5!", "never received:-2.5!",
  "never delivered:-2.5!", "didn't arrive:-2!", "did not arrive:-2!",
  ...AFINN_PHRASES.map(([k, v]) => `${k}:${v}!`),
];

const NEGATORS = set(`not no never nothing nobody none neither nor without hardly barely scarcely
  rarely seldom nowhere cannot nope ain't isn't wasn't aren't weren't don't doesn't didn't won't
  wouldn't couldn't shouldn't can't haven't hasn't hadn't mustn't needn't isnt wasnt arent werent
  dont doesnt didnt wont wouldnt couldnt shouldnt cant havent hasnt hadnt`);

/** Verbs whose negation is a complaint of its own ("didn't work", "never replied"). */
const NEGATED_VALUE = new Map<string, number>();
for (const [v, words] of [
  [-2, `work works worked working function functions functioned respond responds responded answer
    answers answered reply replies replied arrive arrives arrived came come deliver delivers
    delivered receive received refund refunded apologize apologized apologise apologised help
    helped helps cleaned honor honored honour honoured`],
  [-1.5, `fit fits fitted last lasts lasted fix fixed resolve resolved call called inform informed
    notify notified open opens load loads start starts changed`],
] as const) {
  for (const w of words.split(/\s+/)) if (w !== "") NEGATED_VALUE.set(w, v);
}

const TOO_TARGETS = set(`small big large long short loud hard soft tight loose warm cold hot salty
  sweet spicy greasy oily dry dark bright crowded full late early slow fast much many little high
  low thin thick heavy light old strong weak expensive pricey busy complicated noisy pushy sugary
  rich bitter sour far narrow cramped pricy costly`);

/** "looks like", "felt like", "tastes like": "like" is a preposition there. */
const LIKE_PREPOSITION_BEFORE = set(`look looks looked looking feel feels felt feeling seem seems
  seemed sound sounds sounded taste tastes tasted smell smells smelled smelt just more something
  anything nothing was is were be being it's its that's thats much exactly kinda sorta treated
  acted act acts`);

export const ENGLISH_RULES: LanguageRules = {
  language: "en",
  normalise: (lower: string) => lower,
  lookup: lookupEnglish,
  negators: NEGATORS,
  postNegators: set(``),
  determinerNegators: set(`no`),
  negationBlockers: set(`only just`),
  valencedSkipWords: set(`unfortunately sadly`),
  experientialNegators: set(`never`),
  suchWords: set(`such so`),
  bareNegators: set(`not never nobody cannot ain't isn't wasn't aren't weren't don't doesn't didn't
    won't wouldn't couldn't shouldn't can't haven't hasn't hadn't isnt wasnt arent werent dont
    doesnt didnt wont wouldnt couldnt shouldnt cant havent hasnt hadnt`),
  negatedValue: NEGATED_VALUE,
  expectationComparatives: new Map<string, number>([
    ["later", -1.5], ["longer", -1.5], ["smaller", -1.5], ["pricier", -1.5], ["slower", -1.5],
    ["louder", -1.5], ["tighter", -1], ["thinner", -1], ["weaker", -1.5],
    ["earlier", 1.5], ["sooner", 1.5], ["faster", 1.5], ["quicker", 1.5], ["cheaper", 1],
  ]),
  comparisonWords: set(`than`),
  expectationWords: set(`described expected advertised promised announced pictured shown stated
    listed thought hoped quoted planned agreed ordered`),
  boosters: new Map<string, number>([
    ["very", 1.5], ["really", 1.3], ["extremely", 1.7], ["so", 1.3], ["super", 1.5],
    ["absolutely", 1.5], ["totally", 1.4], ["completely", 1.4], ["incredibly", 1.6],
    ["highly", 1.5], ["truly", 1.3], ["quite", 1.1], ["pretty", 1.15], ["especially", 1.3],
    ["particularly", 1.2], ["exceptionally", 1.6], ["utterly", 1.6], ["thoroughly", 1.4],
    ["remarkably", 1.4], ["unbelievably", 1.6], ["insanely", 1.6], ["ridiculously", 1.5],
    ["way", 1.3], ["much", 1.2], ["real", 1.2], ["seriously", 1.3], ["terribly", 1.5],
    ["awfully", 1.4], ["amazingly", 1.5], ["deeply", 1.4], ["definitely", 1.2], ["most", 1.2],
    ["beyond", 1.4], ["majorly", 1.4], ["hugely", 1.4], ["mega", 1.5], ["sooo", 1.4], ["soo", 1.4],
    ["fairly", 0.85], ["somewhat", 0.7], ["slightly", 0.6], ["bit", 0.7], ["kinda", 0.7],
    ["sorta", 0.7], ["rather", 0.9], ["almost", 0.8], ["nearly", 0.8], ["partly", 0.7],
    ["mostly", 0.9], ["marginally", 0.6], ["mildly", 0.7], ["moderately", 0.8],
  ]),
  dualBoosters: set(`super pretty terribly mega`),
  skipWords: set(`unfortunately sadly honestly actually really just even still also definitely
    certainly truly frankly literally simply quite so very totally absolutely at all ever`),
  postNegationParticles: set(``),
  contrast: set(`but however although though nevertheless nonetheless`),
  clauseInitialContrast: set(`yet`),
  contrastBlockers: set(`also`),
  contrastBlockersBefore: set(`nothing anything all everything`),
  clauseBreakers: set(`and or because since that which who when if although though while
    whereas but however`),
  tooWords: set(`too overly`),
  tooTargets: TOO_TARGETS,
  stem: (key: string) => key,
  modals: set(`could should would've could've should've wish`),
  modalPairs: new Map([["would", "have"], ["used", "to"]]),
  comparatives: set(`more better bigger`),
  contextValence(keys, i) {
    if (keys[i] === "like" && i > 0) {
      const prev = keys[i - 1] ?? "";
      if (LIKE_PREPOSITION_BEFORE.has(prev)) return 0;
    }
    return undefined;
  },
  isComparative(key: string): boolean {
    if (key === "more" || key === "better") return true;
    if (key.length < 5 || !key.endsWith("er")) return false;
    if (key.endsWith("ier")) {
      const y = key.slice(0, -3) + "y";
      return TOO_TARGETS.has(y) || lookupEnglish(y) > 0;
    }
    const base = key.slice(0, -2);
    if (TOO_TARGETS.has(base) || lookupEnglish(base) > 0) return true;
    const last = base.length - 1;
    if (last > 1 && base[last] === base[last - 1]) {
      const undoubled = base.slice(0, -1);
      return TOO_TARGETS.has(undoubled) || lookupEnglish(undoubled) > 0;
    }
    // "larger", "nicer": base ending in e
    return TOO_TARGETS.has(base + "e") || lookupEnglish(base + "e") > 0;
  },
  phrases: indexPhrases(parsePhrases(PHRASES, (w) => w.toLowerCase())),
  stopwords: set(`the a and is are was were not i we you it this that of to for with very but
    my our they have has had be been me at on from just don't didn't it's i'm would could there
    their what which when will really your this these those them he she his her its us than
    were did does do got get all some any because about after before only also great good
    food place staff ordered never again ever too much wasn't weren't isn't aren't doesn't won't
    can't couldn't wouldn't`),
};
