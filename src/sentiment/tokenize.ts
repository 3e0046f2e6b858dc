/**
 * Tokenizer for review texts: words, emoji, emoticons and the punctuation that
 * matters for scoring (sentence and clause boundaries, exclamation marks).
 *
 * Tokens are written into a reusable struct-of-arrays buffer so that scoring
 * a text allocates little more than the token strings themselves. The buffer
 * is overwritten by the next call: read it before tokenizing again.
 */

export const WORD = 0;
export const EMOJI = 1;
export const EMOTICON = 2;
export const CLAUSE_PUNCT = 3;
export const SENTENCE_PUNCT = 4;

export type TokenKind =
  | typeof WORD
  | typeof EMOJI
  | typeof EMOTICON
  | typeof CLAUSE_PUNCT
  | typeof SENTENCE_PUNCT;

export interface TokenBuffer {
  /** number of tokens in use */
  n: number;
  /** token text as written (emoji: the base emoji without variation selector) */
  readonly raw: string[];
  /** lower-case token; apostrophes normalised to ', letter runs of 3+ shortened to 2 */
  readonly lower: string[];
  kind: Uint8Array;
  /** 1 when the word is written in capitals (at least 2 letters) */
  caps: Uint8Array;
  /** 1 when the word had a letter repeated 3+ times ("sooo") */
  elongated: Uint8Array;
  /** number of word tokens */
  words: number;
  /** number of word tokens in capitals */
  capsWords: number;
  /** number of "!" in the text */
  exclamations: number;
}

export function createTokenBuffer(capacity = 64): TokenBuffer {
  return {
    n: 0,
    raw: [],
    lower: [],
    kind: new Uint8Array(capacity),
    caps: new Uint8Array(capacity),
    elongated: new Uint8Array(capacity),
    words: 0,
    capsWords: 0,
    exclamations: 0,
  };
}

/**
 * 1: emoticons  2: words (letters, digits, inner apostrophes)  3: emoji
 * 4: sentence punctuation  5: clause punctuation (also a dash between spaces).
 */
const TOKEN_RE =
  /(>:-?\(|[:;=]-?(?:\)+|\(+|D+(?![\p{L}\p{N}])|[pP](?![\p{L}\p{N}])|\/(?!\/)|\||\*|\])|:'-?\(|<3+|\^_?\^)|([\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*)|(\p{Extended_Pictographic})|([.!?…]+|\n)|([,;:()/–—]|\s-\s)/gu;

const ELONGATION_RE = /(\p{L})\1{2,}/u;
const ELONGATION_RE_G = /(\p{L})\1{2,}/gu;

function grow(buf: TokenBuffer): void {
  const cap = buf.kind.length * 2;
  const kind = new Uint8Array(cap);
  kind.set(buf.kind);
  const caps = new Uint8Array(cap);
  caps.set(buf.caps);
  const el = new Uint8Array(cap);
  el.set(buf.elongated);
  buf.kind = kind;
  buf.caps = caps;
  buf.elongated = el;
}

function push(buf: TokenBuffer, raw: string, lower: string, kind: TokenKind): number {
  const i = buf.n;
  if (i >= buf.kind.length) grow(buf);
  buf.raw[i] = raw;
  buf.lower[i] = lower;
  buf.kind[i] = kind;
  buf.caps[i] = 0;
  buf.elongated[i] = 0;
  buf.n = i + 1;
  return i;
}

/** Splits `text` into tokens, overwriting `buf`. Returns `buf`. */
export function tokenize(text: string, buf: TokenBuffer): TokenBuffer {
  buf.n = 0;
  buf.words = 0;
  buf.capsWords = 0;
  buf.exclamations = 0;
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) {
    const word = m[2];
    if (word !== undefined) {
      let lower = word.toLowerCase();
      if (lower.includes("’")) lower = lower.replace(/’/g, "'");
      let elongated = 0;
      if (lower.length > 2 && ELONGATION_RE.test(lower)) {
        lower = lower.replace(ELONGATION_RE_G, "$1$1");
        elongated = 1;
      }
      if (lower === "xd") {
        push(buf, word, lower, EMOTICON);
        continue;
      }
      const i = push(buf, word, lower, WORD);
      buf.elongated[i] = elongated;
      buf.words++;
      if (word.length >= 2 && word !== lower && word === word.toUpperCase() && /\p{L}/u.test(word)) {
        buf.caps[i] = 1;
        buf.capsWords++;
      }
      continue;
    }
    const emoticon = m[1];
    if (emoticon !== undefined) {
      push(buf, emoticon, emoticon, EMOTICON);
      continue;
    }
    const emoji = m[3];
    if (emoji !== undefined) {
      push(buf, emoji, emoji, EMOJI);
      continue;
    }
    const sentence = m[4];
    if (sentence !== undefined) {
      for (let k = 0; k < sentence.length; k++) if (sentence.charCodeAt(k) === 33) buf.exclamations++;
      // collapse runs of sentence punctuation into one boundary
      if (buf.n > 0 && buf.kind[buf.n - 1] === SENTENCE_PUNCT) continue;
      push(buf, sentence, sentence, SENTENCE_PUNCT);
      continue;
    }
    const clause = m[5];
    if (clause !== undefined) {
      if (buf.n > 0 && (buf.kind[buf.n - 1] ?? 0) >= CLAUSE_PUNCT) continue;
      push(buf, clause, clause, CLAUSE_PUNCT);
    }
  }
  return buf;
}

/** Convenience for tests and callers outside the hot path: the lower-case word tokens. */
export function words(text: string): string[] {
  const buf = tokenize(text, createTokenBuffer());
  const out: string[] = [];
  for (let i = 0; i < buf.n; i++) if (buf.kind[i] === WORD) out.push(buf.lower[i] ?? "");
  return out;
}
