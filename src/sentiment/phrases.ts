/**
 * Multi-word expressions ("nie wieder", "waste of money", "kind of").
 * Matched on normalised word keys, longest phrase first at each position.
 */

export interface PhraseRule {
  /** words of the phrase (normalised keys); a final "$" means: followed by a clause end */
  readonly words: ReadonlyArray<string>;
  /** valence on the AFINN scale (0 = neutralise the words, e.g. greetings) */
  readonly value: number;
  /** true: the value is final (the phrase already contains its negation, or is an idiom) */
  readonly fixed: boolean;
  /** when set, the phrase acts as an intensifier/dampener with this factor instead */
  readonly booster?: number;
}

export interface PhraseIndex {
  /** first word -> phrases starting with it, longest first */
  readonly byFirst: ReadonlyMap<string, ReadonlyArray<PhraseRule>>;
}

/**
 * Compact phrase notation: "nie wieder:-3!" (! = fixed), "in ordnung:1",
 * "kind of:*0.7" (booster), "guten tag:0!".
 */
export function parsePhrases(specs: ReadonlyArray<string>, normalise: (w: string) => string): PhraseRule[] {
  const out: PhraseRule[] = [];
  for (const spec of specs) {
    const colon = spec.lastIndexOf(":");
    if (colon < 0) throw new Error(`phrase without value: ${spec}`);
    const words = spec
      .slice(0, colon)
      .trim()
      .split(/\s+/)
      .map((w) => (w === "$" ? w : normalise(w)));
    let v = spec.slice(colon + 1).trim();
    const fixed = v.endsWith("!");
    if (fixed) v = v.slice(0, -1);
    if (v.startsWith("*")) {
      const f = Number(v.slice(1));
      if (!Number.isFinite(f)) throw new Error(`bad booster in phrase: ${spec}`);
      out.push({ words, value: 0, fixed: false, booster: f });
    } else {
      const value = Number(v);
      if (!Number.isFinite(value)) throw new Error(`bad value in phrase: ${spec}`);
      out.push({ words, value, fixed });
    }
  }
  return out;
}

export function indexPhrases(rules: ReadonlyArray<PhraseRule>): PhraseIndex {
  const byFirst = new Map<string, PhraseRule[]>();
  for (const r of rules) {
    const first = r.words[0];
    if (first === undefined) continue;
    let list = byFirst.get(first);
    if (list === undefined) {
      list = [];
      byFirst.set(first, list);
    }
    list.push(r);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { byFirst };
}
