/**
 * Free text for reviews and survey comments, built from clauses about a few aspects so the
 * downstream sentiment and aspect models have something real to find: negation ("nicht
 * besonders freundlich"), contrast ("…, aber …") and a mostly, but not always, consistent
 * relation between the text and the score.
 */
import type { Rng } from "./prng.ts"

export type Language = "de" | "en"
export type Aspect = "delivery" | "staff" | "price" | "quality" | "waiting" | "app" | "support" | "bot"
/** -1 negative, 0 mixed, 1 positive. */
export type Tone = -1 | 0 | 1

type Clauses = Readonly<Record<Aspect, { readonly pos: ReadonlyArray<string>; readonly neg: ReadonlyArray<string> }>>

// Clauses start lower-case (German nouns keep their capital) so they can follow a connector.
const DE: Clauses = {
  delivery: {
    pos: ["die Lieferung war schnell", "das Paket kam pünktlich an", "die Bestellung war schon am nächsten Tag da", "der Fahrer war super pünktlich"],
    neg: ["die Lieferung hat viel zu lange gedauert", "das Paket kam nicht pünktlich", "die Lieferung kam beschädigt an", "der Liefertermin wurde nicht eingehalten"]
  },
  staff: {
    pos: ["die Mitarbeiter waren sehr freundlich", "die Beratung im Laden war kompetent", "das Personal war hilfsbereit"],
    neg: ["das Personal war unfreundlich", "die Beratung war nicht besonders hilfreich", "niemand hatte Zeit für mich"]
  },
  price: {
    pos: ["die Preise sind fair", "das Preis-Leistungs-Verhältnis stimmt", "es gab gute Angebote"],
    neg: ["die Preise sind zu hoch", "das ist leider nicht günstig", "der Rabatt wurde nicht angerechnet"]
  },
  quality: {
    pos: ["die Qualität ist top", "das Produkt ist hochwertig", "alles funktioniert wie beschrieben"],
    neg: ["das Produkt ist leider defekt", "die Qualität ist enttäuschend", "der Artikel entspricht nicht der Beschreibung"]
  },
  waiting: {
    pos: ["an der Kasse gab es kaum Wartezeit", "es ging alles zügig", "ich musste nicht lange warten"],
    neg: ["die Wartezeit an der Kasse war lang", "ich musste ewig warten", "es war nur eine Kasse geöffnet"]
  },
  app: {
    pos: ["die App ist übersichtlich", "die Website funktioniert einwandfrei", "die Bestellung in der App war einfach"],
    neg: ["die App stürzt ständig ab", "die Website ist unübersichtlich", "der Checkout auf der Website hat nicht funktioniert"]
  },
  support: {
    pos: ["der Kundenservice hat schnell geantwortet", "mein Problem wurde sofort gelöst", "die Mitarbeiterin am Telefon war sehr nett"],
    neg: ["der Kundenservice hat sich nicht gemeldet", "mein Problem ist immer noch nicht gelöst", "ich wurde dreimal weitergeleitet"]
  },
  bot: {
    pos: ["der Chatbot konnte mir direkt helfen", "die Antwort vom Chat kam sofort"],
    neg: ["der Chatbot hat meine Frage nicht verstanden", "der Chatbot war keine Hilfe"]
  }
}

const EN: Clauses = {
  delivery: {
    pos: ["delivery was fast", "the parcel arrived on time", "my order arrived the next day", "the driver was right on time"],
    neg: ["delivery took far too long", "the parcel did not arrive on time", "the package arrived damaged", "they missed the delivery slot"]
  },
  staff: {
    pos: ["the staff were really friendly", "the advice in the store was excellent", "the team was very helpful"],
    neg: ["the staff were rude", "the advice was not particularly helpful", "nobody had time for me"]
  },
  price: {
    pos: ["prices are fair", "good value for money", "there were great deals"],
    neg: ["prices are too high", "it is not exactly cheap", "the discount was not applied"]
  },
  quality: {
    pos: ["the quality is excellent", "the product feels premium", "everything works as described"],
    neg: ["the product is unfortunately broken", "the quality is disappointing", "the item does not match the description"]
  },
  waiting: {
    pos: ["hardly any queue at the checkout", "everything was quick", "I did not have to wait long"],
    neg: ["the queue at the checkout was long", "I had to wait forever", "only one till was open"]
  },
  app: {
    pos: ["the app is easy to use", "the website works flawlessly", "ordering in the app was simple"],
    neg: ["the app keeps crashing", "the website is confusing", "checkout on the website did not work"]
  },
  support: {
    pos: ["customer service replied quickly", "my issue was solved right away", "the agent on the phone was lovely"],
    neg: ["customer service never got back to me", "my issue is still not solved", "I was transferred three times"]
  },
  bot: {
    pos: ["the chatbot sorted it out immediately", "the chat answered instantly"],
    neg: ["the chatbot did not understand my question", "the chatbot was useless"]
  }
}

const TITLES: Readonly<Record<Language, Readonly<Record<"pos" | "mixed" | "neg", ReadonlyArray<string>>>>> = {
  de: {
    pos: ["Sehr zufrieden", "Top!", "Gerne wieder", "Alles bestens", "Klare Empfehlung"],
    mixed: ["Geht so", "Okay", "Licht und Schatten", "Durchwachsen"],
    neg: ["Enttäuscht", "Nie wieder", "Leider schlecht", "Ärgerlich", "Nicht zu empfehlen"]
  },
  en: {
    pos: ["Very happy", "Great!", "Will buy again", "Excellent service", "Highly recommended"],
    mixed: ["It's okay", "Mixed feelings", "Average", "Could be better"],
    neg: ["Disappointed", "Never again", "Really bad", "Frustrating", "Avoid"]
  }
}

const CLOSERS: Readonly<Record<Language, Readonly<Record<"pos" | "neg", ReadonlyArray<string>>>>> = {
  de: { pos: ["Gerne wieder!", "Danke!", "Weiter so."], neg: ["Schade.", "So nicht.", "Ich kaufe hier nicht mehr."] },
  en: { pos: ["Thanks!", "Keep it up.", "Will be back!"], neg: ["Shame.", "Not good enough.", "I won't shop here again."] }
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

const clause = (rng: Rng, language: Language, aspect: Aspect, positive: boolean): string => {
  const table = language === "de" ? DE : EN
  return rng.pick(positive ? table[aspect].pos : table[aspect].neg)
}

/**
 * "first, but second". Only coordinating conjunctions are used in German ("aber", "doch",
 * "jedoch") because the clauses keep subject–verb order; "leider"/"sadly" only before bad news.
 */
const contrast = (rng: Rng, language: Language, first: string, second: string, secondPositive: boolean): string => {
  if (language === "de") return `${capitalise(first)}, ${rng.pick(["aber", "doch", "jedoch"])} ${second}.`
  if (rng.chance(0.3)) return `Although ${first}, ${second}.`
  return `${capitalise(first)}, ${rng.pick(secondPositive ? ["but", "however", "but at least"] : ["but", "however", "but sadly"])} ${second}.`
}

const join = (language: Language, first: string, second: string): string =>
  `${capitalise(first)} ${language === "de" ? "und" : "and"} ${second}.`

const otherAspect = (rng: Rng, aspects: ReadonlyArray<Aspect>, not: Aspect): Aspect => {
  const rest = aspects.filter((a) => a !== not)
  return rest.length === 0 ? not : rng.pick(rest)
}

/**
 * A short text about `aspects` with the given tone. Positive texts sometimes add a negative
 * contrast and negative texts a positive one, as real reviews do.
 */
export const composeText = (rng: Rng, language: Language, tone: Tone, aspects: ReadonlyArray<Aspect>, sentences: number): string => {
  const main = rng.pick(aspects)
  const second = otherAspect(rng, aspects, main)
  const out: Array<string> = []
  if (tone === 0) {
    const positiveFirst = rng.chance(0.5)
    out.push(contrast(rng, language, clause(rng, language, main, positiveFirst), clause(rng, language, second, !positiveFirst), !positiveFirst))
  } else {
    const positive = tone === 1
    const mainClause = clause(rng, language, main, positive)
    if (sentences > 1 && rng.chance(0.3)) {
      out.push(contrast(rng, language, mainClause, clause(rng, language, second, !positive), !positive))
    } else if (sentences > 1 && second !== main && rng.chance(0.5)) {
      out.push(join(language, mainClause, clause(rng, language, second, positive)))
    } else {
      out.push(`${capitalise(mainClause)}.`)
    }
    if (sentences > 2 && rng.chance(0.5)) out.push(rng.pick(CLOSERS[language][positive ? "pos" : "neg"]))
  }
  return out.join(" ")
}

export const composeTitle = (rng: Rng, language: Language, tone: Tone): string =>
  rng.pick(TITLES[language][tone === 1 ? "pos" : tone === 0 ? "mixed" : "neg"])

/** Tone implied by a score on a 1–5 star scale. */
export const toneOfStars = (stars: number): Tone => (stars >= 4 ? 1 : stars === 3 ? 0 : -1)
