import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scoreText } from "../../src/sentiment/index.ts";

interface Item {
  text: string;
  rating: number;
  label: string;
  split: string;
}

const dir = join(dirname(fileURLToPath(import.meta.url)), "labelled");
const load = (lang: string): Item[] =>
  readFileSync(join(dir, `${lang}.jsonl`), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Item);

for (const lang of ["de", "en"] as const) {
  describe(`labelled set ${lang}`, () => {
    const items = load(lang);

    it("has at least 300 texts", () => {
      expect(items.length).toBeGreaterThanOrEqual(300);
    });

    it("derives every label from its rating", () => {
      for (const it of items) {
        const expected = it.rating <= 2 ? "negative" : it.rating === 3 ? "neutral" : "positive";
        expect(it.label, it.text).toBe(expected);
        expect([1, 2, 3, 4, 5]).toContain(it.rating);
      }
    });

    it("keeps about a third as holdout", () => {
      const holdout = items.filter((i) => i.split === "holdout").length;
      expect(items.every((i) => i.split === "holdout" || i.split === "tune")).toBe(true);
      expect(holdout / items.length).toBeGreaterThan(0.3);
      expect(holdout / items.length).toBeLessThan(0.36);
    });

    it("stays above the binary accuracy floor on the holdout split", () => {
      const hold = items.filter((i) => i.split === "holdout" && i.label !== "neutral");
      let ok = 0;
      for (const it of hold) {
        const s = scoreText(it.text, lang).score;
        if (s !== null && (s < 0 ? "negative" : "positive") === it.label) ok++;
      }
      expect(ok / hold.length).toBeGreaterThan(0.85);
    });
  });
}
