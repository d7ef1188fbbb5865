/**
 * Amounts written out as on Chinese financial documents. Money is integer 分 everywhere (`yuan()` in
 * ./fees.ts writes 12345 分 as '123.45'); this writes it in capitals (人民币大写) for receipts and
 * notices. Pure: the server prints it in PDFs, the pages show the same text.
 */

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const PLACES = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '万亿'];

/** An integer in financial capitals: 1003 → 壹仟零叁, 100010000 → 壹亿零壹万. */
function capitals(n: number): string {
  if (n === 0) return DIGITS[0];
  const s = String(n);
  let out = '';
  let pendingZero = false;
  for (let i = 0; i < s.length; i++) {
    const d = Number(s[i]);
    const pos = s.length - 1 - i;
    if (d === 0) pendingZero = out.length > 0;
    else {
      if (pendingZero) out += DIGITS[0];
      pendingZero = false;
      out += DIGITS[d] + PLACES[pos % 4];
    }
    // The end of a four-digit group: its name, unless the whole group is zero.
    if (pos % 4 === 0 && pos > 0 && /[1-9]/.test(s.slice(Math.max(0, i - 3), i + 1))) out += GROUPS[pos / 4];
  }
  return out;
}

/**
 * An amount in 分 written in capitals as on Chinese receipts (人民币大写, after the rules of the
 * 《支付结算办法》 for 中文大写金额):
 * - zeros inside the yuan figure are written once (1001 元 → 壹仟零壹元, 1000100 元 → 壹佰万零壹佰元);
 *   trailing zeros are not written (100000 元 → 壹拾万元);
 * - 角 zero but 分 not → 零 after 元 (1001.01 → 壹仟零壹元零壹分); no 元 at all below one yuan
 *   (0.05 → 伍分);
 * - 整 ends an amount that ends at 元 or 角 (10 → 壹拾元整, 10.50 → 壹拾元伍角整), never one with 分.
 * 63098 → 陆佰叁拾元玖角捌分, 123456 → 壹仟贰佰叁拾肆元伍角陆分, 0 → 零元整.
 */
export function rmbCapitals(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`bad amount ${fen}`);
  if (fen === 0) return '零元整';
  const whole = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const f = fen % 10;
  let out = whole > 0 ? `${capitals(whole)}元` : '';
  if (jiao === 0 && f === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (whole > 0) out += DIGITS[0];
  return f > 0 ? `${out}${DIGITS[f]}分` : `${out}整`;
}
