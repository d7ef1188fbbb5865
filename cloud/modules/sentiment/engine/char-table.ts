/**
 * One lookup table for every UTF-16 code unit: the code unit it normalises to.
 * Traditional→Simplified (opencc-js tw→cn and hk→cn, character level), full-width→half-width
 * (letters, digits, symbols; see below for punctuation),
 * Latin upper→lower case. Built once at module load; converting each message through opencc
 * costs ~17 µs, a table lookup per character costs almost nothing.
 */
import * as OpenCC from 'opencc-js';

const CJK_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x3400, 0x4dbf], // CJK Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
  [0xf900, 0xfaff], // CJK Compatibility Ideographs
];

function addTraditional(table: Uint16Array, from: 'tw' | 'hk'): void {
  const convert = OpenCC.Converter({ from, to: 'cn' });
  const chars: string[] = [];
  for (const [lo, hi] of CJK_RANGES) for (let c = lo; c <= hi; c++) chars.push(String.fromCharCode(c));
  // One call over newline-separated characters: phrase rules never span a newline.
  const converted = convert(chars.join('\n')).split('\n');
  if (converted.length !== chars.length) return; // defensive: fall back to no conversion
  for (let i = 0; i < chars.length; i++) {
    const out = converted[i];
    const code = chars[i].charCodeAt(0);
    // Keep only 1:1 code-unit conversions so offsets never shift; the first converter wins.
    if (out.length === 1 && out !== chars[i] && table[code] === code) table[code] = out.charCodeAt(0);
  }
}

function buildTable(): Uint16Array {
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) table[c] = c;
  addTraditional(table, 'tw');
  addTraditional(table, 'hk');
  // opencc's character level turns the Simplified 么 into 幺 (幺麼) and keeps 幹: owners write 什么/什麼/
  // 什麽 and 干/幹 for one word, so 么 stays itself and the Traditional forms join it (總幹事 → 总干事).
  table['么'.charCodeAt(0)] = '么'.charCodeAt(0);
  for (const [t, s] of [['麼', '么'], ['麽', '么'], ['幹', '干']] as const) table[t.charCodeAt(0)] = s.charCodeAt(0);
  for (let c = 0xff01; c <= 0xff5e; c++) table[c] = c - 0xfee0; // full-width ASCII
  // …except the punctuation every Chinese message has (，！？：；（）～): the lexicon holds no
  // punctuation and the rules read both widths, so keeping them lets most messages skip the copy.
  for (const c of [0xff0c, 0xff01, 0xff1f, 0xff1a, 0xff1b, 0xff08, 0xff09, 0xff5e]) table[c] = c;
  table[0x3000] = 0x20; // ideographic space
  table[0x3010] = 0x5b; // 【 → [
  table[0x3011] = 0x5d; // 】 → ]
  for (let c = 0x41; c <= 0x5a; c++) table[c] = c + 0x20;
  // Full-width Latin letters were mapped to ASCII upper case above: lower them too.
  for (let c = 0xff21; c <= 0xff3a; c++) table[c] = c - 0xfee0 + 0x20;
  // Idempotent: a character maps to what its image maps to (no chain a → b → c, where a message with
  // a and a lexicon entry with b would disagree).
  for (let c = 0; c < 0x10000; c++) {
    let d = table[c];
    for (let step = 0; step < 4 && table[d] !== d; step++) d = table[d];
    table[c] = d;
  }
  return table;
}

export const CHAR_TABLE: Uint16Array = buildTable();
