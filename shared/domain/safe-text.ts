/**
 * The one rule for text anyone may send: no invisible control characters, no characters that
 * reorder how text is displayed, no broken UTF-16, and no object keys that JavaScript treats
 * specially. Pure and dependency-free: the server applies it to every input (cloud/lib/handle.ts),
 * forms may call `unsafeTextIssue` to warn before sending.
 */

/** Why a text was refused. */
export type UnsafeTextKind = 'control' | 'bidi' | 'surrogate';

export const UNSAFE_TEXT_MESSAGES: Readonly<Record<UnsafeTextKind, string>> = {
  control: '包含不可见的控制字符',
  bidi: '包含改变文字显示方向的控制字符',
  surrogate: '包含无效的字符编码',
};

/** Keys that name an object's prototype machinery: never accepted as a key or a user-chosen name. */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
export const RESERVED_KEY_MESSAGE = '不能使用保留名称（__proto__、constructor、prototype）';

/** Inputs nested deeper than this are refused (no action takes more than a few levels). */
export const MAX_INPUT_DEPTH = 16;
export const TOO_DEEP_MESSAGE = '层级过深';

export function isReservedKey(key: string): boolean {
  return RESERVED_KEYS.includes(key);
}

/**
 * The first character a text must not carry, or null:
 * - `control`: C0 controls except tab, line feed and carriage return; DEL; C1 controls;
 * - `bidi`: the embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069), which
 *   make text display in another order than it is stored (a file name or order number that reads
 *   differently from what it is). The plain direction marks U+200E/U+200F stay allowed: Arabic and
 *   Hebrew text (WeChat nicknames included) use them legitimately and they reorder nothing on their own;
 * - `surrogate`: a UTF-16 surrogate without its pair (not a character; storage would turn it into U+FFFD).
 */
export function unsafeCharIn(text: string): { index: number; kind: UnsafeTextKind } | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return { index: i, kind: 'control' };
    } else if (c >= 0x7f && c <= 0x9f) {
      return { index: i, kind: 'control' };
    } else if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
      return { index: i, kind: 'bidi' };
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
      else return { index: i, kind: 'surrogate' };
    }
  }
  return null;
}

/** The message for a text that breaks the rule, or null when it is fine (for one form field). */
export function unsafeTextIssue(text: string): string | null {
  const bad = unsafeCharIn(text);
  return bad ? UNSAFE_TEXT_MESSAGES[bad.kind] : null;
}

export interface TextIssue {
  /** Dotted path as zod reports it (`messages.3.text`, `values.constructor`). */
  path: string;
  message: string;
}

/**
 * Walk a parsed JSON value (objects, arrays, strings; other values are left to the schema) and
 * return the first string or key that breaks the rule, or a value nested deeper than
 * MAX_INPUT_DEPTH. Iterative, so a hostile nesting depth cannot overflow the stack.
 */
export function findUnsafeText(value: unknown): TextIssue | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const bad = unsafeCharIn(v);
      if (bad) return { path: path.join('.'), message: UNSAFE_TEXT_MESSAGES[bad.kind] };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= MAX_INPUT_DEPTH) return { path: path.join('.'), message: TOO_DEEP_MESSAGE };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(v);
    for (const key of keys) {
      const badKey = unsafeCharIn(key);
      if (badKey) return { path: [...path, key].join('.'), message: UNSAFE_TEXT_MESSAGES[badKey.kind] };
      if (isReservedKey(key)) return { path: [...path, key].join('.'), message: RESERVED_KEY_MESSAGE };
    }
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (v as Record<string, unknown>)[keys[i]], path: [...path, keys[i]] });
  }
  return null;
}

/**
 * Text that comes from outside and must be kept, not refused (owners' WeChat group messages read by
 * a bot or exported from a chat): the same characters the rule refuses are removed instead (a lone
 * surrogate becomes U+FFFD), so one prank message cannot make a whole batch of evidence bounce.
 * Object keys are not cleaned (they are ours, not the chat's): `findUnsafeText` still checks them.
 */
export function cleanUnsafeText<T>(value: T): T {
  if (typeof value === 'string') return cleanString(value) as T;
  if (Array.isArray(value)) return value.map((v) => cleanUnsafeText(v)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) Object.defineProperty(out, key, { value: cleanUnsafeText((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
    return out as T;
  }
  return value;
}

function cleanString(text: string): string {
  let out = '';
  let from = 0;
  for (let bad = unsafeCharIn(text); bad; bad = unsafeCharIn(text.slice(from))) {
    const at = from + bad.index;
    out += text.slice(from, at) + (bad.kind === 'surrogate' ? '\uFFFD' : '');
    from = at + 1;
  }
  return out + text.slice(from);
}

/** Own-property lookup in a plain object keyed by user text: never reaches Object.prototype. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
