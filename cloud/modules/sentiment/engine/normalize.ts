/**
 * Normalisation pipeline with an index map back to the original text:
 * per code unit CHAR_TABLE (Traditional→Simplified, full-width→half-width, lower case), then
 * runs of three or more of the same character collapse to two (太太太慢 → 太太慢, 谢谢谢谢 → 谢谢,
 * ！！！ → !!), except ASCII letters and digits (110, 666 keep their length). Doubles stay, so
 * 天天 and 谢谢 still read as words. The collapse is what shifts offsets, so the maps are
 * only allocated when a run was collapsed.
 * analyze.ts does not call this per message: it runs the same rules fused with the automaton scan
 * (no intermediate string). This function normalises the lexicon terms at build time, and is the
 * reference the fused loop must agree with.
 */
import { CHAR_TABLE } from './char-table';

/** Module constant, not the transpiled import getter, in the hot loop. */
const TABLE = CHAR_TABLE;

export interface Normalized {
  text: string;
  /** Original index of normalised char i; null when offsets are unchanged (identity). */
  starts: Int32Array | null;
  /** Original end (exclusive) of normalised char i; null when offsets are unchanged. */
  ends: Int32Array | null;
  /** Runs of ≥ 3 identical characters (太太太) or ≥ 2 !/? marks (！！): emphasis. ASCII letters/digits never count. */
  emphasis: number;
}

export const MAX_ANALYSED_CHARS = 5000;

const codes = new Uint16Array(MAX_ANALYSED_CHARS);
/** ! ? and their full-width forms: two in a row already count as emphasis. */
function isMark(c: number): boolean {
  return c === 0x21 || c === 0x3f || c === 0xff01 || c === 0xff1f;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a);
}

export function normalize(input: string): Normalized {
  const length = Math.min(input.length, MAX_ANALYSED_CHARS);
  const table = TABLE;
  // Pass 1, no allocation: does anything change? Most Simplified messages come out unchanged.
  let changed = length < input.length;
  let emphasis = 0;
  let previous = -1;
  let run = 0;
  for (let i = 0; i < length; i++) {
    const raw = input.charCodeAt(i);
    const c = table[raw];
    if (c !== raw) changed = true;
    run = c === previous ? run + 1 : 1;
    previous = c;
    if (run > 1 && !isAsciiAlnum(c)) {
      if (run > 2) changed = true;
      if (run === 3 || (run === 2 && isMark(c))) emphasis++;
    }
  }
  if (!changed) return { text: input, starts: null, ends: null, emphasis };

  // Pass 2: write the normalised code units, collapsing runs of three or more to two.
  let n = 0;
  let collapsed = false;
  previous = -1;
  run = 0;
  for (let i = 0; i < length; i++) {
    const c = table[input.charCodeAt(i)];
    run = c === previous ? run + 1 : 1;
    previous = c;
    if (run > 2 && !isAsciiAlnum(c)) {
      collapsed = true;
      continue;
    }
    codes[n++] = c;
  }
  const text = String.fromCharCode.apply(null, codes.subarray(0, n) as unknown as number[]);
  if (!collapsed) return { text, starts: null, ends: null, emphasis };
  return { text, ...indexMap(input, length, n), emphasis };
}

/** Second pass, only for messages with collapsed runs: where each normalised char came from. */
function indexMap(input: string, length: number, n: number): { starts: Int32Array; ends: Int32Array } {
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  let j = -1;
  let previous = -1;
  let run = 0;
  for (let i = 0; i < length; i++) {
    const c = TABLE[input.charCodeAt(i)];
    run = c === previous ? run + 1 : 1;
    previous = c;
    if (run > 2 && !isAsciiAlnum(c)) {
      ends[j] = i + 1;
      continue;
    }
    j++;
    starts[j] = i;
    ends[j] = i + 1;
  }
  return { starts, ends };
}

/** Map a normalised span [start, end) to the original text. */
export function toOriginal(normalized: Normalized, start: number, end: number): { start: number; end: number } {
  if (!normalized.starts || !normalized.ends) return { start, end };
  return { start: normalized.starts[start], end: normalized.ends[end - 1] };
}
