import { describe, expect, it } from "vitest";
import { scoreText } from "../../src/sentiment/index.ts";

const score = (text: string, language: string | null): number => {
  const s = scoreText(text, language).score;
  if (s === null) throw new Error(`no score for ${text}`);
  return s;
};

describe("required probe sentences", () => {
  it("scores 'Das Hotel war sehr gut.' positive and higher than 'Das Hotel war gut.'", () => {
    expect(score("Das Hotel war gut.", "de")).toBeGreaterThan(0);
    expect(score("Das Hotel war sehr gut.", "de")).toBeGreaterThan(score("Das Hotel war gut.", "de"));
  });

  const cases: ReadonlyArray<readonly [string, "de" | "en", 1 | -1]> = [
    ["Das Essen war nicht schlecht.", "de", 1],
    ["Das Zimmer gefiel uns nicht.", "de", -1],
    ["Kein guter Service.", "de", -1],
    ["Funktioniert leider nicht.", "de", -1],
    ["Nicht zu empfehlen!", "de", -1],
    ["Spitzenservice und Traumstrand", "de", 1],
    ["Horrorurlaub", "de", -1],
    ["Lage gut, aber Zimmer laut und schmutzig.", "de", -1],
    ["Nie wieder!", "de", -1],
    ["Zu teuer für das Gebotene.", "de", -1],
    ["Didn't like the room.", "en", -1],
    ["Great location, but the room was dirty.", "en", -1],
    ["Never again!", "en", -1],
  ];
  for (const [text, lang, sign] of cases) {
    it(`scores '${text}' ${sign > 0 ? "positive" : "negative"}`, () => {
      expect(Math.sign(score(text, lang))).toBe(sign);
    });
  }

  it("scores '😍😍' positive without a language", () => {
    const r = scoreText("😍😍");
    expect(r.score).toBeGreaterThan(0);
    expect(r.label).toBe("positive");
  });

  it("gives the same signs when the language is detected instead of given", () => {
    for (const [text, , sign] of cases) {
      expect(Math.sign(scoreText(text).score ?? 0), text).toBe(sign);
    }
  });
});
