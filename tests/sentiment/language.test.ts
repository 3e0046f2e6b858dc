import { describe, expect, it } from "vitest";
import { detectLanguage, resolveLanguage, scoreBatch, scoreText } from "../../src/sentiment/index.ts";

describe("language detection", () => {
  it("detects German by stopwords", () => {
    expect(detectLanguage("Das Essen war sehr lecker und der Service freundlich.")).toBe("de");
  });

  it("detects English by stopwords", () => {
    expect(detectLanguage("The food was great and the staff were friendly.")).toBe("en");
  });

  it("uses umlauts as a German signal", () => {
    expect(detectLanguage("Schöne Grüße")).toBe("de");
  });

  it("detects a German compound without stopwords from the lexicon", () => {
    expect(detectLanguage("Horrorurlaub")).toBe("de");
  });

  it("returns null for French", () => {
    expect(detectLanguage("Le service était très bien, mais c'est trop cher.")).toBeNull();
  });

  it("returns null for text without any signal", () => {
    expect(detectLanguage("12345")).toBeNull();
    expect(detectLanguage("😍")).toBeNull();
  });
});

describe("language argument", () => {
  it("accepts codes case-insensitively and with a region", () => {
    expect(resolveLanguage("DE")).toBe("de");
    expect(resolveLanguage("en-GB")).toBe("en");
    expect(resolveLanguage("de_AT")).toBe("de");
  });

  it("detects when the language is missing or empty", () => {
    expect(resolveLanguage(undefined)).toBe("detect");
    expect(resolveLanguage(null)).toBe("detect");
    expect(resolveLanguage("  ")).toBe("detect");
  });

  it("gives null sentiment for an unsupported language code", () => {
    expect(scoreText("Très bon service", "fr")).toEqual({ language: null, score: null, label: null, hits: 0 });
  });

  it("gives null sentiment when the detected language is unsupported", () => {
    const r = scoreText("Le service était très bien, mais c'est trop cher.");
    expect(r.score).toBeNull();
    expect(r.label).toBeNull();
  });

  it("uses the given language even if the text looks different", () => {
    expect(scoreText("gut", "de").language).toBe("de");
  });
});

describe("empty and unknown texts", () => {
  it("returns null score for empty text", () => {
    expect(scoreText("", "de")).toEqual({ language: "de", score: null, label: null, hits: 0 });
    expect(scoreText("   \n ")).toEqual({ language: null, score: null, label: null, hits: 0 });
  });

  it("returns neutral with zero hits for a text without sentiment words", () => {
    const r = scoreText("Wir waren am Samstag mit vier Personen da.", "de");
    expect(r).toEqual({ language: "de", score: 0, label: "neutral", hits: 0 });
  });

  it("reports the number of sentiment words hit", () => {
    expect(scoreText("Gutes Essen, freundliches Personal, schmutzige Toiletten.", "de").hits).toBe(3);
  });

  it("keeps scores within -1..1", () => {
    const r = scoreText("Super super super toll toll toll fantastisch perfekt!!!!!!", "de");
    expect(r.score).toBeLessThanOrEqual(1);
    expect(r.score).toBeGreaterThan(0.9);
  });
});

describe("scoreBatch", () => {
  it("scores each item with its own language and handles null text", () => {
    const out = scoreBatch([
      { text: "Sehr gut", language: "de" },
      { text: "Terrible", language: "en" },
      { text: null, language: "de" },
      { text: "Très bien", language: "fr" },
      { text: "Das Hotel war toll", language: null },
    ]);
    expect(out.map((r) => r.label)).toEqual(["positive", "negative", null, null, "positive"]);
    expect(out[4]?.language).toBe("de");
  });
});
