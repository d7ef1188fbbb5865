/**
 * Normalisation pipeline with an index map back to the original text:
 * per code unit CHAR_TABLE (Traditional→Simplified, full-width→half-width, lower case), then
 * runs of three or more of the same character collapse to two (太太太慢 → 太太慢, 谢谢谢谢 → 谢谢,
 * ！！！ → !!), except ASCII letters and digits (110, 666 keep their length). Doubles stay, so
 * 天天 and 谢谢 still read as words. The collapse is what shifts offsets, so the maps are
 * only allocated when a run was collapsed.
 */
import { CHAR_TABLE } from './char-table';

export interface Normalized {
  text: string;
  /** Original index of normalised char i; null when offsets are unchanged (identity). */
  starts: Int32Array | null;
  /** Original end (exclusive) of normalised char i; null when offsets are unchanged. */
  ends: Int32Array | null;
  /** Runs of ≥ 3 identical non-ASCII characters (太太太, ！！！) or ≥ 2 !/? marks: emphasis. */
  emphasis: number;
}

export const MAX_ANALYSED_CHARS = 5000;

const codes = new Uint16Array(MAX_ANALYSED_CHARS);
const EXCLAMATION = 0x21;
const QUESTION = 0x3f;

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a);
}

export function normalize(input: string): Normalized {
  const length = Math.min(input.length, MAX_ANALYSED_CHARS);
  let n = 0;
  let collapsed = false;
  let emphasis = 0;
  let run = 1;
  for (let i = 0; i < length; i++) {
    const c = CHAR_TABLE[input.charCodeAt(i)];
    if (n > 0 && codes[n - 1] === c) {
      run++;
      if (!isAsciiAlnum(c) && (run === 3 || (run === 2 && (c === EXCLAMATION || c === QUESTION)))) emphasis++;
      if (run > 2 && !isAsciiAlnum(c)) {
        collapsed = true;
        continue;
      }
    } else {
      run = 1;
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
    const c = CHAR_TABLE[input.charCodeAt(i)];
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
