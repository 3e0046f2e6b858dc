import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ASPECTS, scoreText, scoreWithAspects, tagAspects } from "../../src/sentiment/index.ts";

const find = (list: ReturnType<typeof tagAspects>, aspect: string) => list.find((a) => a.aspect === aspect);

describe("aspect tagging", () => {
  it("knows the six CX aspects", () => {
    expect([...ASPECTS].sort()).toEqual(["app_website", "delivery", "price", "quality", "staff", "waiting"]);
  });

  it("tags German delivery with the sentiment of its sentence", () => {
    const r = tagAspects("Die Lieferung kam pünktlich und gut verpackt. Das Produkt ist Schrott.", "de");
    expect(find(r, "delivery")?.sentiment).toBeGreaterThan(0);
    expect(find(r, "quality")).toBeUndefined();
  });

  it("splits a sentence at a contrast word for aspect sentiment", () => {
    const r = tagAspects("Das Essen war gut, aber der Service war langsam.", "de");
    expect(find(r, "staff")?.sentiment).toBeLessThan(0);
  });

  it("tags German compounds by prefix and suffix", () => {
    const r = tagAspects("Die Lieferzeit war lang. Die Expresslieferung war teuer.", "de");
    expect(find(r, "delivery")).toBeDefined();
    expect(find(r, "price")).toBeDefined();
  });

  it("tags price, quality, waiting and app/website in German", () => {
    const r = tagAspects(
      "Der Preis ist zu hoch. Die Qualität ist mangelhaft. Die Wartezeit war ewig. Die App stürzt ab.",
      "de",
    );
    expect(r.map((a) => a.aspect)).toEqual(["price", "quality", "waiting", "app_website"]);
    expect(find(r, "quality")?.sentiment).toBeLessThan(0);
  });

  it("tags English aspects", () => {
    const r = tagAspects(
      "Shipping was fast. The staff were rude. Way overpriced. It broke after a week. We waited an hour. The website is confusing.",
      "en",
    );
    expect(r.map((a) => a.aspect)).toEqual(["delivery", "staff", "price", "quality", "waiting", "app_website"]);
    expect(find(r, "delivery")?.sentiment).toBeGreaterThan(0);
    expect(find(r, "staff")?.sentiment).toBeLessThan(0);
  });

  it("gives null aspect sentiment when the sentence has no sentiment words", () => {
    const r = tagAspects("Das Paket kam am Dienstag.", "de");
    expect(r).toEqual([{ aspect: "delivery", sentiment: null }]);
  });

  it("detects the language when it is not given", () => {
    expect(tagAspects("The delivery was late.").map((a) => a.aspect)).toContain("delivery");
  });

  it("returns no aspects for an unsupported language or empty text", () => {
    expect(tagAspects("La livraison était rapide.", "fr")).toEqual([]);
    expect(tagAspects("", "de")).toEqual([]);
  });
});

describe("scoring and tagging in one pass", () => {
  it("gives what scoreText and tagAspects give separately, for every labelled text, given or detected language", () => {
    let withAspects = 0
    for (const lang of ["de", "en"] as const) {
      const lines = readFileSync(join(import.meta.dirname, "labelled", `${lang}.jsonl`), "utf8").split("\n").filter((l) => l.trim() !== "")
      for (const line of lines) {
        const { text } = JSON.parse(line) as { text: string }
        for (const given of [lang, null]) {
          const together = scoreWithAspects(text, given)
          const result = scoreText(text, given)
          expect(together.result).toEqual(result)
          expect(together.aspects).toEqual(result.language === null ? [] : tagAspects(text, result.language))
          if (together.aspects.length > 0) withAspects++
        }
      }
    }
    expect(withAspects).toBeGreaterThan(100)
  })
})
