import { describe, expect, it } from "vitest";
import { scoreText } from "../../src/sentiment/index.ts";

const s = (text: string, language: "de" | "en"): number => scoreText(text, language).score ?? Number.NaN;

describe("intensifiers and dampeners", () => {
  it("raises the score with 'extrem' in German", () => {
    expect(s("Das Personal war extrem freundlich.", "de")).toBeGreaterThan(s("Das Personal war freundlich.", "de"));
  });

  it("lowers the score with 'etwas' in German", () => {
    expect(s("Das Zimmer war etwas laut.", "de")).toBeGreaterThan(s("Das Zimmer war laut.", "de"));
  });

  it("raises the score with 'really' in English", () => {
    expect(s("The staff was really helpful.", "en")).toBeGreaterThan(s("The staff was helpful.", "en"));
  });

  it("lowers the score with 'slightly' in English", () => {
    expect(s("The room was slightly dirty.", "en")).toBeGreaterThan(s("The room was dirty.", "en"));
  });

  it("uses 'super' as an intensifier before a sentiment word", () => {
    expect(s("Super freundlich.", "de")).toBeGreaterThan(s("Freundlich.", "de"));
  });

  it("treats exclamation marks as mild boosters", () => {
    expect(s("Great food!!!", "en")).toBeGreaterThan(s("Great food.", "en"));
  });

  it("treats a word in capitals as a mild booster", () => {
    expect(s("The food was AMAZING.", "en")).toBeGreaterThan(s("The food was amazing.", "en"));
  });

  it("reads 'zu teuer' as negative although 'teuer' alone is only mildly negative", () => {
    expect(s("Das Essen war teuer.", "de")).toBeLessThan(0);
    expect(s("Das Essen war zu teuer.", "de")).toBeLessThan(s("Das Essen war teuer.", "de"));
  });

  it("reads 'too small' as negative", () => {
    expect(s("The room was too small.", "en")).toBeLessThan(0);
  });

  it("reads 'könnte besser sein' as a mild complaint", () => {
    expect(s("Der Kaffee könnte besser sein.", "de")).toBeLessThan(0);
  });

  it("reads 'could be better' as a mild complaint", () => {
    expect(s("The coffee could be better.", "en")).toBeLessThan(0);
  });
});

describe("contrast", () => {
  it("weighs the German clause after 'aber' more", () => {
    expect(s("Das Essen war gut, aber der Service war schlecht.", "de")).toBeLessThan(0);
    expect(s("Der Service war schlecht, aber das Essen war gut.", "de")).toBeGreaterThan(0);
  });

  it("weighs the English clause after 'but' more", () => {
    expect(s("The food was bad but the staff were lovely.", "en")).toBeGreaterThan(0);
  });

  it("applies a sentence-initial 'However' to the previous sentence", () => {
    expect(s("The room was nice. However, the staff was rude.", "en")).toBeLessThan(0);
  });

  it("does not treat 'sondern auch' as a contrast", () => {
    expect(s("Nicht nur schlecht, sondern auch teuer.", "de")).toBeLessThan(0);
  });
});

describe("emoji and emoticons", () => {
  it("scores positive emoji positive", () => {
    for (const e of ["😍", "👍", "😊", "❤️", ":)", ":-D", "<3"]) expect(scoreText(e).score, e).toBeGreaterThan(0);
  });

  it("scores negative emoji negative", () => {
    for (const e of ["😡", "👎", "😞", ":(", "🤮"]) expect(scoreText(e).score, e).toBeLessThan(0);
  });

  it("lets emoji turn a neutral German comment positive", () => {
    expect(s("Paket ist da 👍", "de")).toBeGreaterThan(0);
  });

  it("ignores skin-tone modifiers", () => {
    expect(scoreText("👍🏽").score).toBeGreaterThan(0);
  });
});
