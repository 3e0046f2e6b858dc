/**
 * The rule engine: turns a tokenized text into per-token valences.
 *
 * Steps (VADER-like, adapted for German):
 *  1. keys: lower case, umlauts folded (German), elongations resolved ("suuuper")
 *  2. roles: negators, boosters, skip words, contrast words, "zu"/"too", modals
 *  3. phrases (longest first), then lexicon lookups with context rules
 *  4. "zu teuer"/"too small", counterfactuals ("könnte besser sein"),
 *     words that boost when a sentiment word follows ("super freundlich")
 *  5. German post-position negation ("gefiel uns nicht"), then pre-position
 *     negation and boosters within a 3-word window, capitals
 *  6. negations that found no sentiment word: "kein Rückruf", "antwortet nicht"
 *  7. segments (sentences, split again at contrast words) and their sums for
 *     aspects; then contrast weighting (before x0.5, after x1.5)
 *  8. total, exclamation marks
 *
 * All buffers are reused between calls; an `Analysis` is valid until the next call.
 */
import { emojiValence, emoticonValence } from "./emoji.ts";
import type { LanguageRules } from "./rules.ts";
import { EMOJI, EMOTICON, SENTENCE_PUNCT, WORD, type TokenBuffer } from "./tokenize.ts";

/** Tunable weights of the rules (AFINN scale unless noted). */
export const RULE_WEIGHTS = {
  /** factor for a negated positive word ("nicht gut", "didn't like") */
  negatePositive: -0.8,
  /** factor for a negated negative word ("nicht schlecht", "not bad" = mildly positive) */
  negateNegative: -0.5,
  /** "kein Rückruf", "no refund": absence of something, no sentiment word */
  absence: -0.75,
  /** "antwortet nicht", "never showed up": negated verb without sentiment word */
  bareNegation: -0.5,
  /** added to a "too" target ("zu teuer", "too small") */
  tooAdjective: -1.5,
  /** factor for a negative word after "too" ("too rude") */
  tooNegativeFactor: 1.3,
  /** value of a positive word/comparative after a counterfactual modal ("könnte besser sein") */
  counterfactual: -1,
  /** factor for a sentiment word in capitals when the text is not all capitals */
  capsFactor: 1.3,
  /** contrast ("aber", "but"): factor before and after the contrast word */
  contrastBefore: 0.5,
  contrastAfter: 1.5,
  /** added per "!" in the direction of the sum (max 4) */
  exclamation: 0.292,
  maxExclamations: 4,
  /** factor for "never ... such/so" ("nie so einen schlechten Service erlebt") */
  experientialFactor: 1.3,
  negationWindow: 3,
  postNegationWindow: 6,
  modalWindow: 5,
} as const;

// role flags
const NEG = 1;
const POSTNEG = 2;
const DET = 4;
const BOOST = 8;
const SKIP = 16;
const CONTRAST = 32;
const BOUNDARY = 64;
const TOO = 128;
const MODAL = 256;
const CONSUMED = 512;
const FIXED = 1024;
const DUAL = 2048;
const USED = 4096;
const NEGATED = 8192;

export interface Analysis {
  n: number;
  /** normalised word keys ("" for non-words) */
  readonly keys: string[];
  /** final valence per token */
  val: Float64Array;
  /** segment index per token (sentences, split again at contrast words) */
  seg: Int32Array;
  /** number of segments */
  nSeg: number;
  /** per-segment valence sum (before contrast weighting) and hit count */
  segSum: number[];
  segHits: number[];
  /** total valence (after contrast weighting and exclamation marks) */
  sum: number;
  /** tokens with non-zero valence */
  hits: number;
}

interface Work extends Analysis {
  flags: Uint16Array;
  boost: Float64Array;
  negFactor: Float64Array;
  sent: Int32Array;
}

function createWork(cap: number, keys: string[]): Work {
  return {
    n: 0,
    keys,
    val: new Float64Array(cap),
    seg: new Int32Array(cap),
    nSeg: 0,
    segSum: [],
    segHits: [],
    sum: 0,
    hits: 0,
    flags: new Uint16Array(cap),
    boost: new Float64Array(cap),
    negFactor: new Float64Array(cap),
    sent: new Int32Array(cap),
  };
}

let work: Work = createWork(64, []);

function ensure(n: number): Work {
  if (work.val.length < n) {
    let cap = work.val.length;
    while (cap < n) cap *= 2;
    work = createWork(cap, work.keys);
  }
  return work;
}

const COLLAPSE_RUNS = /(\p{L})\1{2,}/gu;

function isKnown(rules: LanguageRules, k: string): boolean {
  return (
    rules.lookup(k) !== 0 ||
    rules.boosters.has(k) ||
    rules.negators.has(k) ||
    rules.phrases.byFirst.has(k) ||
    rules.stopwords.has(k)
  );
}

/** Analyses the tokens in `buf` with `rules`. The result is valid until the next call. */
export function analyse(buf: TokenBuffer, rules: LanguageRules): Analysis {
  const n = buf.n;
  const w = ensure(n + 1);
  const { keys, val, flags, boost, negFactor, sent, seg } = w;
  const W = RULE_WEIGHTS;
  const kind = buf.kind;

  // 1 + 2: keys and roles
  for (let i = 0; i < n; i++) {
    val[i] = 0;
    boost[i] = 1;
    negFactor[i] = 1;
    const k = kind[i];
    if (k !== WORD) {
      keys[i] = "";
      if (k === EMOJI) {
        val[i] = emojiValence(buf.raw[i] ?? "");
        flags[i] = FIXED;
      } else if (k === EMOTICON) {
        val[i] = emoticonValence(buf.raw[i] ?? "");
        flags[i] = FIXED;
      } else {
        flags[i] = BOUNDARY;
      }
      continue;
    }
    let key = rules.normalise(buf.lower[i] ?? "");
    if (buf.elongated[i] === 1 && !isKnown(rules, key)) {
      const single = rules.normalise((buf.raw[i] ?? "").toLowerCase().replace(COLLAPSE_RUNS, "$1"));
      if (isKnown(rules, single)) key = single;
    }
    keys[i] = key;
    let f = 0;
    if (rules.negators.has(key)) f |= NEG;
    if (rules.determinerNegators.has(key)) f |= DET;
    const b = rules.boosters.get(key);
    if (b !== undefined) {
      f |= BOOST;
      boost[i] = b;
    }
    if (rules.dualBoosters.has(key)) f |= DUAL;
    if (rules.skipWords.has(key)) f |= SKIP;
    if (rules.clauseBreakers.has(key)) f |= BOUNDARY;
    if (rules.tooWords.has(key)) f |= TOO;
    if (rules.modals.has(key)) f |= MODAL;
    flags[i] = f;
  }
  // two-word modals ("would have been better", "used to be good")
  if (rules.modalPairs.size > 0) {
    for (let i = 0; i + 1 < n; i++) {
      const second = rules.modalPairs.get(keys[i] ?? "");
      if (second !== undefined && keys[i + 1] === second) flags[i] = (flags[i] ?? 0) | MODAL;
    }
  }
  // contrast words and negation blockers need the neighbours
  for (let i = 0; i < n; i++) {
    if (kind[i] !== WORD) continue;
    const key = keys[i] ?? "";
    const next = i + 1 < n && kind[i + 1] === WORD ? (keys[i + 1] ?? "") : "";
    const prevIsBoundary = i === 0 || kind[i - 1] !== WORD || ((flags[i - 1] ?? 0) & BOUNDARY) !== 0;
    if ((flags[i] ?? 0) & NEG && rules.negationBlockers.has(next)) flags[i] = (flags[i] ?? 0) & ~(NEG | DET);
    let contrast = false;
    if (rules.contrast.has(key)) contrast = true;
    else if (rules.clauseInitialContrast.has(key) && prevIsBoundary) contrast = true;
    if (contrast) {
      const prev = i > 0 && kind[i - 1] === WORD ? (keys[i - 1] ?? "") : "";
      if (rules.contrastBlockers.has(next) || rules.contrastBlockersBefore.has(prev)) contrast = false;
    }
    if (contrast) flags[i] = ((flags[i] ?? 0) | CONTRAST | BOUNDARY) & ~(NEG | BOOST | SKIP);
  }

  // 3: phrases, lexicon
  const isWord = (j: number): boolean => kind[j] === WORD;
  for (let i = 0; i < n; i++) {
    if (kind[i] !== WORD || (flags[i] ?? 0) & CONSUMED) continue;
    const key = keys[i] ?? "";
    const candidates = rules.phrases.byFirst.get(key);
    let matched = 0;
    if (candidates !== undefined) {
      for (const p of candidates) {
        const pw = p.words;
        let j = i;
        let ok = true;
        let len = 0;
        for (let t = 0; t < pw.length; t++) {
          const want = pw[t];
          if (want === "$") {
            ok = j >= n || kind[j] !== WORD || ((flags[j] ?? 0) & BOUNDARY) !== 0;
            break;
          }
          if (j >= n || kind[j] !== WORD || keys[j] !== want) {
            ok = false;
            break;
          }
          j++;
          len++;
        }
        if (!ok) continue;
        matched = len;
        // the phrase replaces the roles of its first word ("nicht zu empfehlen", "nur zu empfehlen")
        let f = 0;
        if (p.booster !== undefined) {
          f |= BOOST;
          boost[i] = p.booster;
        } else {
          val[i] = p.value;
          f |= p.fixed ? FIXED : 0;
        }
        flags[i] = f;
        for (let t = i + 1; t < i + len; t++) flags[t] = CONSUMED;
        break;
      }
    }
    if (matched > 0) {
      i += matched - 1;
      continue;
    }
    const f = flags[i] ?? 0;
    if (f & (NEG | CONTRAST)) continue;
    if (f & BOOST && !(f & DUAL)) continue;
    let v = f & SKIP && !rules.valencedSkipWords.has(key) ? 0 : rules.lookup(key);
    const ctx = rules.contextValence(keys, i, n, isWord);
    if (ctx !== undefined) v = ctx;
    val[i] = v;
  }

  // 3b: "kleiner als beschrieben", "earlier than announced"
  if (rules.expectationComparatives.size > 0) {
    for (let i = 0; i + 2 < n; i++) {
      if (kind[i] !== WORD || (flags[i] ?? 0) & (CONSUMED | FIXED)) continue;
      const ev = rules.expectationComparatives.get(keys[i] ?? "");
      if (ev === undefined) continue;
      let j = i + 1;
      while (j < n && j <= i + 3 && kind[j] === WORD && !rules.comparisonWords.has(keys[j] ?? "")) j++;
      if (j >= n || kind[j] !== WORD || !rules.comparisonWords.has(keys[j] ?? "")) continue;
      for (let k = j + 1; k < n && k <= j + 3 && kind[k] === WORD; k++) {
        if (rules.expectationWords.has(keys[k] ?? "")) {
          val[i] = ev;
          flags[i] = (flags[i] ?? 0) | FIXED;
          break;
        }
      }
    }
  }

  // 4a: "zu teuer", "too small"
  for (let i = 0; i + 1 < n; i++) {
    const f = flags[i] ?? 0;
    if (!(f & TOO) || f & CONSUMED || kind[i] !== WORD) continue;
    const j = i + 1;
    if (kind[j] !== WORD || (flags[j] ?? 0) & (CONSUMED | FIXED)) continue;
    const key = keys[j] ?? "";
    const v = val[j] ?? 0;
    if (rules.tooTargets.has(key) || rules.tooTargets.has(rules.stem(key))) {
      val[j] = (v < 0 ? v : 0) + W.tooAdjective;
    } else if (v < 0) {
      val[j] = v * W.tooNegativeFactor;
    }
  }

  // 4b: counterfactual modals
  for (let i = 0; i < n; i++) {
    if (!((flags[i] ?? 0) & MODAL) || (flags[i] ?? 0) & CONSUMED) continue;
    let count = 0;
    for (let j = i + 1; j < n && count < W.modalWindow; j++) {
      const f = flags[j] ?? 0;
      if (f & BOUNDARY || f & NEG) break;
      if (f & CONSUMED) continue;
      count++;
      if (kind[j] !== WORD) continue;
      if ((val[j] ?? 0) > 0 || rules.isComparative(keys[j] ?? "")) {
        val[j] = W.counterfactual;
        flags[j] = f | FIXED;
        break;
      }
    }
  }

  // 4c: words like "super" boost a following sentiment word instead of counting themselves
  for (let i = 0; i < n; i++) {
    const f = flags[i] ?? 0;
    if (!(f & DUAL) || f & CONSUMED) continue;
    let j = i + 1;
    while (j < n && kind[j] === WORD && (flags[j] ?? 0) & SKIP && (val[j] ?? 0) === 0) j++;
    if (j < n && kind[j] === WORD && !((flags[j] ?? 0) & (BOUNDARY | CONSUMED)) && (val[j] ?? 0) !== 0) {
      val[i] = 0;
    } else {
      flags[i] = f & ~BOOST;
    }
  }

  // 5a: post-position negation (German: "Das Zimmer gefiel uns nicht.")
  if (rules.postNegators.size > 0) {
    for (let k = 0; k < n; k++) {
      const f = flags[k] ?? 0;
      if (!(f & NEG) || f & CONSUMED || !rules.postNegators.has(keys[k] ?? "")) continue;
      let m = k + 1;
      while (m < n && kind[m] === WORD) {
        const fm = flags[m] ?? 0;
        if (fm & (BOUNDARY | CONSUMED)) break;
        const transparent =
          (fm & SKIP && (fm & BOOST || (val[m] ?? 0) === 0)) ||
          ((fm & BOOST) !== 0 && (val[m] ?? 0) === 0) ||
          rules.postNegationParticles.has(keys[m] ?? "");
        if (!transparent) break;
        m++;
      }
      const atEnd = m >= n || kind[m] !== WORD || ((flags[m] ?? 0) & BOUNDARY) !== 0;
      if (!atEnd) continue;
      flags[k] = f | POSTNEG;
      // boosters right before the negator strengthen it ("gar nicht", "überhaupt nicht")
      let factor = 1;
      for (let j = k - 1; j >= 0 && kind[j] === WORD && (flags[j] ?? 0) & BOOST; j--) factor *= boost[j] ?? 1;
      let count = 0;
      for (let j = k - 1; j >= 0 && count < W.postNegationWindow; j--) {
        const fj = flags[j] ?? 0;
        if (fj & BOUNDARY) break;
        if (!(fj & SKIP)) count++;
        const target = (val[j] ?? 0) !== 0 || rules.negatedValue.has(keys[j] ?? "");
        if (target && kind[j] === WORD && !(fj & (FIXED | SKIP | NEGATED | CONSUMED))) {
          flags[j] = fj | NEGATED;
          negFactor[j] = factor;
          flags[k] = (flags[k] ?? 0) | USED;
        }
      }
    }
  }

  // 5b: boosters and pre-position negation
  const capsDiff = buf.capsWords > 0 && buf.capsWords < buf.words;
  for (let i = 0; i < n; i++) {
    const f = flags[i] ?? 0;
    let v = val[i] ?? 0;
    if (f & FIXED || kind[i] !== WORD) continue;
    const nv = rules.negatedValue.get(keys[i] ?? "");
    if (v === 0 && nv === undefined) continue;
    let factor = negFactor[i] ?? 1;
    let negated = (f & NEGATED) !== 0;
    let count = 0;
    let such = false;
    for (let j = i - 1; j >= 0 && count < W.negationWindow; j--) {
      const fj = flags[j] ?? 0;
      if (fj & BOUNDARY) break;
      if (fj & CONSUMED) {
        count++;
        continue;
      }
      if (fj & BOOST) factor *= boost[j] ?? 1;
      if (rules.suchWords.has(keys[j] ?? "")) such = true;
      if (fj & NEG && !(fj & POSTNEG)) {
        if (such && rules.experientialNegators.has(keys[j] ?? "")) {
          // "noch nie so einen schlechten Service erlebt": a superlative, not a negation
          factor *= W.experientialFactor;
          flags[j] = fj | USED;
        } else if (!negated) {
          negated = true;
          flags[j] = fj | USED;
        }
        break;
      }
      if (!(fj & SKIP)) count++;
    }
    if (negated && nv !== undefined) {
      val[i] = nv * Math.max(1, factor);
      continue;
    }
    if (v === 0) continue;
    v *= factor;
    if (capsDiff && buf.caps[i] === 1) v *= W.capsFactor;
    if (negated && !(f & SKIP)) v *= v > 0 ? W.negatePositive : W.negateNegative;
    val[i] = v;
  }

  // 6: negations without a sentiment word
  const hasWordBefore = (k: number): boolean => k > 0 && kind[k - 1] === WORD && !((flags[k - 1] ?? 0) & BOUNDARY);
  for (let k = 0; k < n; k++) {
    const f = flags[k] ?? 0;
    if (!(f & NEG) || f & (USED | CONSUMED)) continue;
    let m = k + 1;
    while (m < n && kind[m] === WORD && (flags[m] ?? 0) & SKIP) m++;
    const nextIsWord = m < n && kind[m] === WORD && !((flags[m] ?? 0) & BOUNDARY);
    if (f & DET) {
      if (nextIsWord) val[k] = W.absence;
    } else if (rules.bareNegators.has(keys[k] ?? "") && ((f & POSTNEG && hasWordBefore(k)) || nextIsWord)) {
      val[k] = W.bareNegation;
    }
  }

  // 7: sentences, segments (sentences split again at contrast words), contrast
  let s = 0;
  let segIdx = 0;
  let sentContent = 0;
  let segContent = 0;
  const segSum = w.segSum;
  const segHits = w.segHits;
  segSum.length = 0;
  segHits.length = 0;
  segSum.push(0);
  segHits.push(0);
  for (let i = 0; i < n; i++) {
    const k = kind[i];
    if ((flags[i] ?? 0) & CONTRAST && segContent > 0) {
      segIdx++;
      segSum.push(0);
      segHits.push(0);
      segContent = 0;
    }
    sent[i] = s;
    seg[i] = segIdx;
    const v = val[i] ?? 0;
    if (v !== 0) {
      segSum[segIdx] = (segSum[segIdx] ?? 0) + v;
      segHits[segIdx] = (segHits[segIdx] ?? 0) + 1;
    }
    if (k === SENTENCE_PUNCT) {
      if (sentContent > 0) {
        s++;
        sentContent = 0;
      }
      if (segContent > 0) {
        segIdx++;
        segSum.push(0);
        segHits.push(0);
        segContent = 0;
      }
    } else if (k === WORD || k === EMOJI || k === EMOTICON) {
      sentContent++;
      segContent++;
    }
  }
  w.nSeg = segContent > 0 ? segIdx + 1 : segIdx;
  applyContrast(w, n);

  // 8: total
  let sum = 0;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const v = val[i] ?? 0;
    if (v !== 0) {
      sum += v;
      hits++;
    }
  }
  if (sum !== 0 && buf.exclamations > 0) {
    sum += Math.sign(sum) * Math.min(buf.exclamations, W.maxExclamations) * W.exclamation;
  }
  w.n = n;
  w.sum = sum;
  w.hits = hits;
  return w;
}

/** Contrast: within a sentence, before the last contrast word x0.5 and after it x1.5; a
 *  sentence that starts with a contrast word weakens the previous sentence instead. */
function applyContrast(w: Work, n: number): void {
  const { flags, val, sent } = w;
  const W = RULE_WEIGHTS;
  let start = 0;
  while (start < n) {
    const s = sent[start] ?? 0;
    let end = start;
    while (end < n && sent[end] === s) end++;
    let c = -1;
    for (let i = start; i < end; i++) if ((flags[i] ?? 0) & CONTRAST) c = i;
    if (c >= 0) {
      let firstContent = start;
      while (firstContent < end && !(w.keys[firstContent] !== "" || val[firstContent] !== 0)) firstContent++;
      if (c === firstContent) {
        if (start > 0) {
          const prev = sent[start - 1] ?? 0;
          for (let i = start - 1; i >= 0 && sent[i] === prev; i--) val[i] = (val[i] ?? 0) * W.contrastBefore;
          for (let i = start; i < end; i++) val[i] = (val[i] ?? 0) * W.contrastAfter;
        }
      } else {
        for (let i = start; i < c; i++) val[i] = (val[i] ?? 0) * W.contrastBefore;
        for (let i = c + 1; i < end; i++) val[i] = (val[i] ?? 0) * W.contrastAfter;
      }
    }
    start = end;
  }
}
