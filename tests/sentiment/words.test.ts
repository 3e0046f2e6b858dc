import { describe, expect, it } from "vitest";
import { scoreText } from "../../src/sentiment/index.ts";
import { DE_LEXICON, DE_LEXICON_GROUPS } from "../../src/sentiment/lexicon-de.ts";
import { lookupGerman } from "../../src/sentiment/morphology-de.ts";
import { lookupEnglish } from "../../src/sentiment/lexicon-en.ts";

const s = (text: string, language: "de" | "en"): number => scoreText(text, language).score ?? Number.NaN;

describe("German word forms", () => {
  it("strips inflection endings", () => {
    for (const w of ["gute", "guten", "guter", "gutes", "gutem"]) expect(lookupGerman(w), w).toBe(lookupGerman("gut"));
  });

  it("finds comparatives and superlatives", () => {
    expect(lookupGerman("schoensten")).toBeGreaterThan(0);
    expect(lookupGerman("freundlichere")).toBeGreaterThan(0);
  });

  it("finds inflected adjectives that drop an e (teure, teuren)", () => {
    expect(lookupGerman("teure")).toBeLessThan(0);
    expect(lookupGerman("teuren")).toBeLessThan(0);
  });

  it("lower-cases capitalised nouns before the lookup", () => {
    expect(s("Katastrophe!", "de")).toBeLessThan(0);
    expect(s("Enttäuschung pur.", "de")).toBeLessThan(0);
  });

  it("accepts ae/oe/ue spellings for umlauts", () => {
    expect(s("Das Essen war koestlich.", "de")).toBeGreaterThan(0);
    expect(s("Die Qualitaet ist unterirdisch.", "de")).toBeLessThan(0);
  });

  it("turns un- plus a positive word negative", () => {
    expect(s("Das Personal war unfreundlich.", "de")).toBeLessThan(0);
    expect(lookupGerman("unzufrieden")).toBeLessThan(0);
    expect(lookupGerman("ungemuetlich")).toBeLessThan(0);
  });

  it("scores compounds by a sentiment-bearing first part", () => {
    expect(lookupGerman("traumstrand")).toBeGreaterThan(0);
    expect(lookupGerman("spitzenservice")).toBeGreaterThan(0);
    expect(lookupGerman("horrorurlaub")).toBeLessThan(0);
    expect(lookupGerman("schrottteil")).toBeLessThan(0);
  });

  it("scores compounds by their longest known last part", () => {
    expect(lookupGerman("kundenunfreundlich")).toBeLessThan(0);
    expect(lookupGerman("benutzerfreundlich")).toBeGreaterThan(0);
  });

  it("does not score Supermarkt or Albtraum as positive", () => {
    expect(lookupGerman("supermarkt")).toBe(0);
    expect(lookupGerman("albtraum")).toBeLessThan(0);
  });

  it("keeps 'teuer' and 'überteuert' negative", () => {
    expect(lookupGerman("teuer")).toBeLessThan(0);
    expect(lookupGerman("ueberteuert")).toBeLessThan(0);
  });

  it("reads 'laut' as a preposition before a noun", () => {
    expect(scoreText("Laut Beschreibung wasserdicht.", "de").hits).toBe(0);
    expect(s("Das Zimmer war laut.", "de")).toBeLessThan(0);
  });
});

describe("phrases", () => {
  it("scores German fixed phrases", () => {
    expect(s("Finger weg!", "de")).toBeLessThan(0);
    expect(s("Die Qualität lässt zu wünschen übrig.", "de")).toBeLessThan(0);
    expect(s("Immer wieder gerne!", "de")).toBeGreaterThan(0);
    expect(s("Gerne wieder.", "de")).toBeGreaterThan(0);
  });

  it("scores English fixed phrases", () => {
    expect(s("Total waste of money.", "en")).toBeLessThan(0);
    expect(s("Highly recommend!", "en")).toBeGreaterThan(0);
    expect(s("No complaints.", "en")).toBeGreaterThan(0);
  });

  it("neutralises greetings", () => {
    expect(scoreText("Guten Tag, mit freundlichen Grüßen", "de").hits).toBe(0);
  });
});

describe("lexicons", () => {
  it("lists every German word in only one weight group", () => {
    const seen = new Set<string>();
    const dups: string[] = [];
    for (const [, words] of DE_LEXICON_GROUPS) {
      for (const w of words.split(/\s+/).filter((x) => x !== "")) {
        if (seen.has(w)) dups.push(w);
        seen.add(w);
      }
    }
    expect(dups).toEqual([]);
    expect(seen.size).toBeGreaterThan(700);
  });

  it("keeps German weights within -5..5", () => {
    for (const [w, v] of DE_LEXICON) {
      expect(Math.abs(v), w).toBeLessThanOrEqual(5);
      expect(v, w).not.toBe(0);
    }
  });

  it("corrects AFINN for review language", () => {
    expect(lookupEnglish("no")).toBe(0);
    expect(lookupEnglish("joke")).toBeLessThan(0);
    expect(lookupEnglish("overpriced")).toBeLessThan(0);
    expect(lookupEnglish("tasty")).toBeGreaterThan(0);
  });

  it("ignores 'like' used as a preposition", () => {
    expect(scoreText("It looks like a hotel.", "en").hits).toBe(0);
    expect(s("I like the hotel.", "en")).toBeGreaterThan(0);
  });
});
