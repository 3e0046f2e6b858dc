import { describe, expect, it } from "vitest";
import { scoreText } from "../../src/sentiment/index.ts";

const s = (text: string, language: "de" | "en"): number => scoreText(text, language).score ?? Number.NaN;

describe("German negation", () => {
  it("flips a positive adjective after 'nicht'", () => {
    expect(s("Das Essen war nicht gut.", "de")).toBeLessThan(0);
  });

  it("makes a negated negative word mildly positive", () => {
    const v = s("Der Service war nicht schlecht.", "de");
    expect(v).toBeGreaterThan(0);
    expect(v).toBeLessThan(s("Der Service war gut.", "de"));
  });

  it("negates a verb when 'nicht' stands at the end of the clause", () => {
    expect(s("Das Frühstück schmeckte uns nicht.", "de")).toBeLessThan(0);
  });

  it("skips sentence adverbs between verb and post-position negation", () => {
    expect(s("Die App funktioniert leider wirklich nicht.", "de")).toBeLessThan(0);
  });

  it("treats 'kein' before an adjective as negation", () => {
    expect(s("Keine freundlichen Mitarbeiter.", "de")).toBeLessThan(0);
  });

  it("reads 'keine Probleme' as positive", () => {
    expect(s("Bisher keine Probleme.", "de")).toBeGreaterThan(0);
  });

  it("does not negate after 'nicht nur'", () => {
    expect(s("Nicht nur lecker, sondern auch günstig.", "de")).toBeGreaterThan(0);
  });

  it("reads 'noch nie so schlecht' as a superlative, not a negation", () => {
    expect(s("Ich habe noch nie so einen schlechten Service erlebt.", "de")).toBeLessThan(0);
  });

  it("counts a negated verb without sentiment word as a complaint", () => {
    const r = scoreText("Der Support antwortet nicht.", "de");
    expect(r.score).toBeLessThan(0);
    expect(r.hits).toBeGreaterThan(0);
  });

  it("counts 'kein' before a neutral noun as a complaint", () => {
    expect(s("Kein Rückruf.", "de")).toBeLessThan(0);
  });
});

describe("English negation", () => {
  it("flips a positive word after n't", () => {
    expect(s("The pizza wasn't good.", "en")).toBeLessThan(0);
  });

  it("makes 'not bad' mildly positive", () => {
    const v = s("Not bad.", "en");
    expect(v).toBeGreaterThan(0);
    expect(v).toBeLessThan(s("Good.", "en"));
  });

  it("handles contractions written without apostrophe", () => {
    expect(s("The heater didnt work", "en")).toBeLessThan(0);
  });

  it("treats 'without' as a negator", () => {
    expect(s("Everything went without problems.", "en")).toBeGreaterThan(0);
  });

  it("reads 'never ... such' as a superlative", () => {
    expect(s("I have never seen such bad service.", "en")).toBeLessThan(0);
  });

  it("scores 'would not recommend' negative", () => {
    expect(s("I would not recommend this shop.", "en")).toBeLessThan(0);
  });

  it("scores 'won't be back' negative", () => {
    expect(s("We won't be back.", "en")).toBeLessThan(0);
  });
});
