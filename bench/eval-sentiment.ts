/**
 * Evaluates the sentiment scorer on the project's own labelled sets
 * (tests/sentiment/labelled/{de,en}.jsonl), per language and split.
 *
 *   npx tsx bench/eval-sentiment.ts            table
 *   npx tsx bench/eval-sentiment.ts --errors   also list misclassified "tune" items
 *
 * Binary: only negative vs positive items; score < 0 -> negative, else
 * positive; a null score counts as wrong. 3-class: the label from the
 * thresholds (null counts as wrong). Coverage: share of texts with hits > 0.
 * Language: share detected correctly when no language is passed.
 * Mismatch: share of items the rating_text_mismatch rule flags (all false alarms
 * here, since the labels come from the ratings).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { detectLanguage, isRatingTextMismatch, scoreText, type SentimentResult } from "../src/sentiment/index.ts";

interface Item {
  readonly text: string;
  readonly rating: number;
  readonly label: "negative" | "neutral" | "positive";
  readonly split: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, "..", "tests", "sentiment", "labelled");
const showErrors = process.argv.includes("--errors");

function load(lang: string): Item[] {
  return readFileSync(join(dataDir, `${lang}.jsonl`), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Item);
}

function macroF1(gold: ReadonlyArray<string>, pred: ReadonlyArray<string | null>, classes: ReadonlyArray<string>): number {
  let total = 0;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      const g = gold[i] === c;
      const p = pred[i] === c;
      if (g && p) tp++;
      else if (p) fp++;
      else if (g) fn++;
    }
    const prec = tp + fp === 0 ? 0 : tp / (tp + fp);
    const rec = tp + fn === 0 ? 0 : tp / (tp + fn);
    total += prec + rec === 0 ? 0 : (2 * prec * rec) / (prec + rec);
  }
  return total / classes.length;
}

function accuracy(gold: ReadonlyArray<string>, pred: ReadonlyArray<string | null>): number {
  let ok = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === pred[i]) ok++;
  return gold.length === 0 ? 0 : ok / gold.length;
}

interface Row {
  readonly name: string;
  readonly n: number;
  readonly binN: number;
  readonly binAcc: number;
  readonly binF1: number;
  readonly triAcc: number;
  readonly triF1: number;
  readonly coverage: number;
  readonly langAcc: number;
  readonly mismatch: number;
}

function evaluate(name: string, lang: "de" | "en", items: ReadonlyArray<Item>): Row {
  const results: SentimentResult[] = items.map((it) => scoreText(it.text, lang));
  const binGold: string[] = [];
  const binPred: (string | null)[] = [];
  items.forEach((it, i) => {
    if (it.label === "neutral") return;
    const s = results[i]?.score ?? null;
    binGold.push(it.label);
    binPred.push(s === null ? null : s < 0 ? "negative" : "positive");
  });
  const triGold = items.map((it) => it.label);
  const triPred = results.map((r) => r.label);
  let detected = 0;
  for (const it of items) if (detectLanguage(it.text) === lang) detected++;
  let flagged = 0;
  items.forEach((it, i) => {
    const r = results[i];
    if (r !== undefined && isRatingTextMismatch(it.rating, r)) flagged++;
  });
  if (showErrors && name.endsWith("tune")) {
    items.forEach((it, i) => {
      const r = results[i];
      if (r === undefined || r.label === it.label) return;
      console.log(`  ${lang} r${it.rating} ${it.label.padEnd(8)} got ${String(r.label).padEnd(8)} ${r.score?.toFixed(2)} h${r.hits}  ${it.text}`);
    });
  }
  return {
    name,
    n: items.length,
    binN: binGold.length,
    binAcc: accuracy(binGold, binPred),
    binF1: macroF1(binGold, binPred, ["negative", "positive"]),
    triAcc: accuracy(triGold, triPred),
    triF1: macroF1(triGold, triPred, ["negative", "neutral", "positive"]),
    coverage: results.filter((r) => r.hits > 0).length / items.length,
    langAcc: detected / items.length,
    mismatch: flagged / items.length,
  };
}

function throughput(items: ReadonlyArray<Item>, lang: "de" | "en" | null): number {
  const texts = items.map((i) => i.text);
  let count = 0;
  let sink = 0;
  for (const t of texts) sink += scoreText(t, lang).hits; // warm-up
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < 1000) {
    for (const t of texts) sink += scoreText(t, lang).hits;
    count += texts.length;
    elapsed = performance.now() - start;
  }
  if (sink < 0) console.log(sink);
  return (count / elapsed) * 1000;
}

const pct = (x: number): string => (x * 100).toFixed(1).padStart(6);
const f3 = (x: number): string => x.toFixed(3).padStart(7);

const rows: Row[] = [];
const speed: string[] = [];
for (const lang of ["de", "en"] as const) {
  const all = load(lang);
  const tune = all.filter((i) => i.split !== "holdout");
  const holdout = all.filter((i) => i.split === "holdout");
  rows.push(evaluate(`${lang} tune`, lang, tune));
  rows.push(evaluate(`${lang} holdout`, lang, holdout));
  rows.push(evaluate(`${lang} all`, lang, all));
  const given = throughput(all, lang);
  const detect = throughput(all, null);
  speed.push(`${lang}: ${Math.round(given).toLocaleString("en")} texts/s (language given), ${Math.round(detect).toLocaleString("en")} texts/s (detected)`);
}

console.log("");
console.log("split         n  binN  bin-acc  bin-F1  3c-acc   3c-F1  coverage  lang-ok  mismatch");
for (const r of rows) {
  console.log(
    `${r.name.padEnd(11)} ${String(r.n).padStart(3)}  ${String(r.binN).padStart(4)}  ${pct(r.binAcc)}% ${f3(r.binF1)}  ${pct(r.triAcc)}% ${f3(r.triF1)}   ${pct(r.coverage)}%  ${pct(r.langAcc)}%  ${pct(r.mismatch)}%`,
  );
}
console.log("");
console.log("throughput (one core, average review length of the set):");
for (const s of speed) console.log(`  ${s}`);
console.log("");
