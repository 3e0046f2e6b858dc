/**
 * German rules: negation, intensifiers, contrast, "zu" + adjective,
 * counterfactual modals and phrases. Written by the Touchpoint project.
 */
import { foldGerman } from "./lexicon-de.ts";
import { deUmlaut, lookupGerman, stripGermanEnding } from "./morphology-de.ts";
import { indexPhrases, parsePhrases } from "./phrases.ts";
import type { LanguageRules } from "./rules.ts";

const set = (words: string): ReadonlySet<string> =>
  new Set(words.split(/\s+/).filter((w) => w !== "").map(foldGerman));

const map = (pairs: ReadonlyArray<readonly [string, number]>): ReadonlyMap<string, number> =>
  new Map(pairs.map(([w, f]) => [foldGerman(w), f] as const));

const PHRASES = [
  // fixed idioms and phrases that contain their own negation
  "nie wieder:-3!", "nie mehr:-2.5!", "nimmer wieder:-3!", "finger weg:-4!", "hände weg:-4!",
  "zu wünschen übrig:-3!", "nicht zu empfehlen:-3!", "nur zu empfehlen:3!",
  "nichts auszusetzen:2.5!", "nichts zu meckern:2!", "nichts zu beanstanden:2!",
  "nichts zu bemängeln:2!", "nichts zu bemäkeln:2!", "nichts besonderes:-1!", "nicht mein fall:-2!",
  "den geist aufgegeben:-3!", "geist aufgegeben:-3!", "über den tisch gezogen:-3!",
  "rausgeschmissenes geld:-3!", "geld zum fenster:-3!",
  "geht so $:-1!", "ging so $:-1!", "na ja:-1!", "so lala:-1!",
  "kam nie an:-2.5!", "kam nicht an:-2!", "kamen nie an:-2.5!", "kamen nicht an:-2!",
  "nie angekommen:-2.5!", "nicht angekommen:-2!", "nie erhalten:-2.5!", "nicht erhalten:-2!",
  "nie geliefert:-2.5!", "nicht geliefert:-2!",
  "besser geht es nicht:4!", "besser geht's nicht:4!", "besser gehts nicht:4!",
  "schlechter geht es nicht:-4!", "schlechter geht's nicht:-4!", "schlechter gehts nicht:-4!",
  "nicht zu toppen:4!", "nicht zu übertreffen:4!", "nicht zu schlagen:3!",
  // greetings and formulae: neutral
  "guten tag:0!", "guten morgen:0!", "guten abend:0!", "liebe grüße:0!", "viele grüße:0!",
  "freundliche grüße:0!", "freundlichen grüßen:0!", "beste grüße:0!", "liebes team:0!",
  "sehr geehrte:0!", "sehr geehrter:0!", "sehr geehrtes:0!",
  // coming back / recommending
  "gerne wieder:3!", "gern wieder:3!", "immer wieder gerne:3!", "immer wieder gern:3!",
  "jederzeit wieder:3", "sofort wieder:2.5", "wieder buchen:2", "wieder kommen:2",
  "kommen wieder:2", "komme wieder:2", "wieder kaufen:2", "wieder bestellen:2",
  "zu empfehlen:2.5", "wohl gefühlt:2", "wohl fühlen:2", "wohlgefühlt:2",
  // neutral-to-positive statements about an order
  "nicht wie beschrieben:-2!", "nicht wie abgebildet:-2!", "nicht wie angegeben:-2!",
  "nicht wie erwartet:-1.5!", "macht was es soll:2!", "tut was es soll:2!", "tut seinen zweck:1.5!",
  "erfüllt seinen zweck:1.5!", "spart euch das geld:-2!", "spart euch:-1!",
  "positiv überrascht:3!", "negativ überrascht:-3!", "hält was es verspricht:2!",
  "hängt sich auf:-2!", "hängt sich ständig auf:-2.5!",
  "in ordnung:1", "wie beschrieben:1", "wie abgebildet:1", "wie angegeben:1",
  "wie versprochen:1", "wie erwartet:0.5", "das geld wert:2", "geld wert:2", "cent wert:2",
  // waiting
  "lange gedauert:-1.5", "ewig gedauert:-2", "dauerte ewig:-2", "dauert ewig:-2",
  "ewig gewartet:-2",
  "keine probleme:1.5!", "kein problem:1!", "ohne probleme:1.5!", "keine beanstandungen:2!",
  "keine mängel:2!", "keine beschwerden:2!", "einfach zu bedienen:2!", "leicht zu bedienen:2!",
  "einfach zu handhaben:2!", "leicht zu handhaben:2!",
  // dampeners written as phrases
  "ein bisschen:*0.7", "ein wenig:*0.7", "ein klein wenig:*0.7",
];

const NEGATORS = set(`nicht nie niemals kein keine keinen keinem keiner keines keins nichts nix
  kaum ohne weder niemand niemandem niemanden nirgends nirgendwo`);

/** Verbs and participles whose negation is a complaint of its own ("funktioniert nicht"). */
const NEGATED_VALUE = new Map<string, number>();
for (const [v, words] of [
  [-2, `funktioniert funktionieren funktionierte funktionierten reagiert reagieren reagierte
    antwortet antworten antwortete geantwortet erreichbar geliefert erhalten angekommen
    entschuldigt entschuldigte eingehalten gereinigt erstattet zurückerstattet ruft rief
    zurückgerufen`],
  [-1.5, `klappt klappen klappte geklappt hält halten hielt gehalten passt passen passte gepasst
    gelöst behoben bearbeitet informiert meldet gemeldet öffnet startet lädt geladen`],
  [-2, `erfüllt entspricht entsprach`],
] as const) {
  for (const w of words.split(/\s+/)) if (w !== "") NEGATED_VALUE.set(foldGerman(w), v);
}

const TOO_TARGETS = set(`teuer teur klein groß lang lange kurz laut leise hart weich eng weit warm
  kalt heiß salzig süß scharf fettig ölig trocken dunkel hell voll spät früh langsam schnell viel
  wenig wenige viele hoch niedrig dünn dick schwer leicht alt stark schwach knapp kompliziert
  umständlich bitter sauer fett klein steril unpersönlich hektisch stressig eintönig mager`);

const COMPARATIVES = set(`mehr besser größer länger schneller freundlicher günstiger weniger`);

/** Words after which "laut" is still the adjective ("laut und schmutzig"), not "according to". */
const LAUT_ADJECTIVE_NEXT = set(`und oder aber sowie sondern doch jedoch wie`);

export const GERMAN_RULES: LanguageRules = {
  language: "de",
  normalise(lower: string): string {
    return /[äöüß]/.test(lower) ? foldGerman(lower) : lower;
  },
  lookup: lookupGerman,
  negators: NEGATORS,
  postNegators: set(`nicht nie niemals nichts nix kaum`),
  determinerNegators: set(`kein keine keinen keinem keiner keines`),
  negationBlockers: set(`nur zuletzt umsonst`),
  valencedSkipWords: set(`leider`),
  experientialNegators: set(`nie niemals`),
  suchWords: set(`so solch solche solchen solcher solches`),
  bareNegators: set(`nicht nie niemals kaum niemand niemandem niemanden`),
  negatedValue: NEGATED_VALUE,
  expectationComparatives: map([
    ["später", -1.5], ["länger", -1.5], ["kleiner", -1.5], ["teurer", -1.5], ["langsamer", -1.5],
    ["lauter", -1.5], ["enger", -1.5], ["dünner", -1], ["schwächer", -1.5],
    ["früher", 1.5], ["schneller", 1.5], ["eher", 1], ["günstiger", 1.5], ["billiger", 1],
  ]),
  comparisonWords: set(`als`),
  expectationWords: set(`beschrieben angegeben erwartet gedacht angekündigt versprochen abgebildet
    gezeigt angezeigt vereinbart bestellt gehofft erhofft gewohnt geplant vorhergesagt`),
  boosters: map([
    ["sehr", 1.5], ["total", 1.5], ["extrem", 1.7], ["absolut", 1.5], ["äußerst", 1.7],
    ["ausgesprochen", 1.5], ["besonders", 1.3], ["wirklich", 1.3], ["echt", 1.3], ["richtig", 1.3],
    ["so", 1.2], ["ziemlich", 1.1], ["recht", 1.1], ["überaus", 1.6], ["höchst", 1.6],
    ["enorm", 1.5], ["unglaublich", 1.6], ["unheimlich", 1.5], ["wahnsinnig", 1.6],
    ["außerordentlich", 1.6], ["komplett", 1.4], ["völlig", 1.5], ["vollkommen", 1.4],
    ["voll", 1.3], ["mega", 1.6], ["super", 1.5], ["viel", 1.3], ["deutlich", 1.3], ["gar", 1.3],
    ["überhaupt", 1.3], ["durchaus", 1.1], ["einfach", 1.2], ["derart", 1.4], ["dermaßen", 1.4],
    ["zutiefst", 1.6], ["maßlos", 1.6], ["durchweg", 1.2], ["rundum", 1.3], ["top", 1.3],
    ["etwas", 0.7], ["bisschen", 0.7], ["bissl", 0.7], ["leicht", 0.7], ["eher", 0.8],
    ["relativ", 0.85], ["einigermaßen", 0.6], ["halbwegs", 0.6], ["teilweise", 0.7],
    ["teils", 0.7], ["stellenweise", 0.7], ["fast", 0.8], ["beinahe", 0.8], ["minimal", 0.6],
    ["weitgehend", 0.9],
  ]),
  dualBoosters: set(`super mega top`),
  skipWords: set(`leider wirklich echt halt eben ja wohl mal auch denn eigentlich natürlich schon
    noch dann uns mir mich dir euch ihm ihr sich es hier dort jetzt mehr so gar überhaupt ganz
    besonders einfach sehr total absolut völlig komplett sowieso bisher wieder
    immer`),
  postNegationParticles: set(`an auf aus ab ein mit weg zu zurück weiter vor nach her hin heraus
    raus rein los fest mehr wieder immer lange da mal`),
  contrast: set(`aber jedoch allerdings sondern dennoch trotzdem`),
  clauseInitialContrast: set(`doch dafür`),
  contrastBlockers: set(`auch`),
  contrastBlockersBefore: set(``),
  clauseBreakers: set(`und oder weil denn dass obwohl wenn als sodass damit während bevor nachdem
    aber jedoch allerdings sondern`),
  tooWords: set(`zu allzu`),
  tooTargets: TOO_TARGETS,
  stem: stripGermanEnding,
  modals: set(`könnte könnten hätte hätten sollte sollten wäre wären müsste müssten früher`),
  modalPairs: new Map(),
  comparatives: COMPARATIVES,
  contextValence(keys, i, n, isWord) {
    const k = keys[i];
    // "schmeckt wie/nach ..." describes, it does not praise
    if (k !== undefined && k.startsWith("schmeck") && i + 1 < n && isWord(i + 1)) {
      const next = keys[i + 1];
      if (next === "wie" || next === "nach") return 0;
    }
    // "laut Hersteller" (according to) vs. "laut und schmutzig" (noisy)
    if (k === "laut" && i + 1 < n && isWord(i + 1)) {
      const next = keys[i + 1] ?? "";
      if (!LAUT_ADJECTIVE_NEXT.has(next)) return 0;
    }
    return undefined;
  },
  isComparative(key: string): boolean {
    if (COMPARATIVES.has(key)) return true;
    const stem = key.endsWith("er") ? key : stripGermanEnding(key);
    if (stem.length < 5 || !stem.endsWith("er")) return false;
    const base = stem.slice(0, -2);
    if (TOO_TARGETS.has(base)) return true;
    return TOO_TARGETS.has(deUmlaut(base)) || lookupGerman(stem) > 0;
  },
  phrases: indexPhrases(parsePhrases(PHRASES, (w) => foldGerman(w.toLowerCase()))),
  stopwords: set(`der die das den dem des ein eine einen einem einer eines und ist nicht ich wir
    sie er es mit für auf zu von im bei auch aber sehr hat haben hatte hatten wurde wurden wird
    kein keine noch nur schon wie uns mir mich sich dass nach vom zum zur aus war waren sind
    bin bist habe leider ganz nie immer wieder etwas alles mehr kann können konnte man wenn
    oder doch weil diese dieser dieses dort hier sein seine ihr ihre unser unsere auch gibt
    gut sehr schön über nichts viel viele zwei drei jetzt heute dann ja nein geht einfach wirklich
    echt gerne`),
};
