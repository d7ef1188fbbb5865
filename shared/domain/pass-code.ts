/**
 * Pass codes, shared by desk's 放行条 and renovation's 装修出入证: 8 characters of an alphabet
 * without look-alikes (no 0/O, 1/I/L): 31^8 ≈ 8.5 × 10^11 codes, drawn from a cryptographic source
 * (cloud/lib/pass-code.ts), so a code cannot be guessed in any useful number of tries.
 */
export const PASS_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const PASS_CODE_LENGTH = 8;

/** What a guard types or scans, normalized: upper case, no spaces or dashes. */
export function normalizePassCode(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '');
}

/** 'ABCD2345' → 'ABCD-2345' (how pages show a code). */
export function formatPassCode(code: string): string {
  return code.length === PASS_CODE_LENGTH ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}
