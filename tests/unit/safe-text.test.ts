import { cleanUnsafeText, findUnsafeText, isReservedKey, MAX_INPUT_DEPTH, ownValue, unsafeCharIn, unsafeTextIssue } from '@shared/domain/safe-text';
import { isNoticeVariableName, renderNotice } from '@shared/domain/notices';
import { parseRelation } from '@shared/domain/household';
import { parseUnitStatus } from '@shared/domain/units';
import { parseParkingKind } from '@shared/domain/vehicles';

/** The one text rule (shared/domain/safe-text.ts) and the lookups by user-chosen keys. */

test('When text has tabs, new lines, CJK, emoji (paired surrogates) and direction marks, then it is fine', () => {
  for (const t of ['', '厨房\t漏水\r\n严重', '😀👨‍👩‍👧', 'مرحبا\u200f', 'abc\u200e', '\u00a0\u00ff', '\ufeff开头']) expect(unsafeCharIn(t)).toBeNull();
});

test('When text has a C0 control (other than tab/LF/CR), DEL or a C1 control, then it is a control character at its index', () => {
  for (const c of ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u000e', '\u001b', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f']) {
    expect(unsafeCharIn(`ab${c}c`)).toEqual({ index: 2, kind: 'control' });
  }
  expect(unsafeTextIssue('a\u0000')).toBe('包含不可见的控制字符');
});

test('When text has an embedding, override or isolate character, then it is refused as bidi', () => {
  for (let c = 0x202a; c <= 0x202e; c++) expect(unsafeCharIn(`x${String.fromCharCode(c)}`)?.kind).toBe('bidi');
  for (let c = 0x2066; c <= 0x2069; c++) expect(unsafeCharIn(String.fromCharCode(c))?.kind).toBe('bidi');
});

test('When a surrogate is unpaired (high at the end, high before non-low, a lone low, reversed pair), then it is refused', () => {
  expect(unsafeCharIn('a\ud83d')).toEqual({ index: 1, kind: 'surrogate' });
  expect(unsafeCharIn('\ud83dx')).toEqual({ index: 0, kind: 'surrogate' });
  expect(unsafeCharIn('x\ude00')).toEqual({ index: 1, kind: 'surrogate' });
  expect(unsafeCharIn('\ude00\ud83d')).toEqual({ index: 0, kind: 'surrogate' });
  expect(unsafeCharIn('\ud83d\ude00\ude00')).toEqual({ index: 2, kind: 'surrogate' });
});

test('When an input is walked, then the first bad string or key is reported with its dotted path', () => {
  expect(findUnsafeText({ a: 'ok', list: [1, 'ok', { b: ['x', 'y\u0000'] }] })).toEqual({ path: 'list.2.b.1', message: '包含不可见的控制字符' });
  expect(findUnsafeText({ values: { ['k\u202e']: 'v' } })).toEqual({ path: 'values.k\u202e', message: expect.stringContaining('方向') });
  expect(findUnsafeText('\ud800')).toEqual({ path: '', message: '包含无效的字符编码' });
  expect(findUnsafeText({ n: 1, b: true, z: null, s: '好' })).toBeNull();
  expect(findUnsafeText(undefined)).toBeNull();
});

test('When an object has a key __proto__, constructor or prototype (as JSON.parse makes them), then the key is reported', () => {
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    const parsed: unknown = JSON.parse(`{"values":{"${key}":{"x":"1"}}}`);
    expect(findUnsafeText(parsed)).toEqual({ path: `values.${key}`, message: expect.stringContaining('保留名称') });
    expect(isReservedKey(key)).toBe(true);
  }
  expect(isReservedKey('toString')).toBe(false);
});

test('When an input nests deeper than the limit, then it is refused without recursion (a million levels)', () => {
  let ok: unknown = 'leaf';
  for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) ok = [ok];
  expect(findUnsafeText(ok)).toBeNull();
  const deep: unknown = JSON.parse('['.repeat(1_000_000) + ']'.repeat(1_000_000));
  expect(findUnsafeText(deep)).toMatchObject({ message: '层级过深' });
});

test('When a lookup table is asked for a key of Object.prototype, then ownValue gives undefined', () => {
  const table: Record<string, number> = { a: 1 };
  for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) expect(ownValue(table, key)).toBeUndefined();
  expect(ownValue(table, 'a')).toBe(1);
});

test('When an import cell reads constructor, toString or __proto__, then no status, relation or parking kind is recognised', () => {
  for (const cell of ['constructor', 'toString', '__proto__', 'valueOf']) {
    expect(parseUnitStatus(cell)).toBeUndefined();
    expect(parseRelation(cell)).toBeUndefined();
    expect(parseParkingKind(cell)).toBeUndefined();
  }
  expect(parseUnitStatus('出租')).toBe('renting');
  expect(parseRelation('租客')).toBe('tenant');
  expect(parseParkingKind('月租')).toBe('rented');
});

test('When a template uses variables named like Object.prototype members, then rendering uses only given values', () => {
  const t = { title: '{{toString}}', body: '{{valueOf}}-{{constructor}}', variables: [{ name: 'toString', label: '日期', type: 'date' as const }] };
  expect(renderNotice(t, {})).toEqual({ title: '【日期】', body: '【valueOf】-【constructor】', missing: [{ name: 'toString', label: '日期' }, { name: 'valueOf', label: 'valueOf' }, { name: 'constructor', label: 'constructor' }] });
  expect(renderNotice(t, { toString: '明天' }).title).toBe('明天');
});

test('When a variable is named, then letters/digits starting with a letter pass, and constructor/prototype do not', () => {
  expect(['date', 'toString', 'a1_b'].map(isNoticeVariableName)).toEqual([true, true, true]);
  expect(['constructor', 'prototype', '__proto__', '1a', 'a-b', ''].map(isNoticeVariableName)).toEqual([false, false, false, false, false, false]);
});

test('When outside text is cleaned, then refused characters are removed, a lone surrogate becomes U+FFFD, and everything else (emoji, keys, numbers) stays', () => {
  expect(cleanUnsafeText('a\u0000b\u202ec\u007f\ud83d\ude00\ud83dd')).toBe('abc😀\ufffdd');
  expect(cleanUnsafeText({ messages: [{ text: '坏\u0085了', n: 3 }], ok: true })).toEqual({ messages: [{ text: '坏了', n: 3 }], ok: true });
  const cleaned = cleanUnsafeText(JSON.parse('{"__proto__": {"x": "\\u0000"}}') as Record<string, unknown>);
  expect(Object.keys(cleaned)).toEqual(['__proto__']);
  expect(findUnsafeText(cleaned)).toMatchObject({ path: '__proto__' });
});
