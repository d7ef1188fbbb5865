import fc from 'fast-check';
import { z } from 'zod';

/**
 * Generators for the fuzz test (tests/integration/fuzz.test.ts): a small zod → fast-check walker
 * that makes near-valid inputs from an action's own schema, one-field mutations of them, and the
 * odd values attackers send. Values that must be real records are generated as markers
 * («kind#n») and swapped for ids of the seeded world in the JSON text just before sending, so a
 * counterexample prints readably and replays against any world.
 */

export type Arb = fc.Arbitrary<unknown>;

/** `«kind#n»`: the n-th record of a kind in the seeded world (n wraps around). */
export const marker = (kind: string) => fc.nat(50).map((n) => `«${kind}#${n}»`);

/** Numbers JSON.stringify cannot write, put into the JSON text as is (1e400 parses to Infinity). */
const RAW_NUMBERS: Record<string, string> = { '«INF»': '1e400', '«-INF»': '-1e400', '«BIG»': '123456789012345678901234567890123', '«-0»': '-0', '«EXP»': '1E+2' };

/** The JSON text of a value, with the raw-number markers put in as numbers. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(/"(«(?:INF|-INF|BIG|-0|EXP)»)"/g, (_m, k: string) => RAW_NUMBERS[k]);
}

const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''));
const punct = fc.constantFrom('，', '。', '😀', '-', '_', '（', '）', '1', '栋', '室', ' ');
const textUnit = fc.oneof({ arbitrary: cjk, weight: 6 }, { arbitrary: alnum, weight: 3 }, { arbitrary: punct, weight: 1 });
export const text = (min: number, max: number) => fc.string({ unit: textUnit, minLength: min, maxLength: Math.max(min, max) });

/** A time near the test's now (± 10 days) most of the time, else anywhere in 1970–2100. */
export const isoTime = (now: Date) =>
  fc.oneof(
    { arbitrary: fc.integer({ min: -10 * 86_400, max: 10 * 86_400 }).map((s) => new Date(now.getTime() + s * 1000).toISOString()), weight: 4 },
    { arbitrary: fc.date({ min: new Date(0), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), weight: 1 },
  );

/** Strings that have broken parsers, queries and renderers somewhere. */
export const ODD_STRINGS: readonly string[] = [
  '', ' ', '\u3000', '\t\n\r', '\u0000', 'a\u0000b', '\u001b[31m', '\u007f', '\u0085', '\u202e', 'abc\u2066', '\ud800', '\udfff', 'x\ud83d', '\u200b', '\ufeff', '\u200f',
  '😀'.repeat(30), '👨‍👩‍👧‍👦', 'NaN', 'Infinity', '-0', '1e309', '0x1F', 'null', 'undefined', 'true', '[]', '{}',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '$gt', '$where', '{"$ne":null}', '.*', '(a+)+$', '[', '\\', '$',
  '../../etc/passwd', '..%2f..', '%00', '%', '<script>alert(1)</script>', "' OR 1=1 --", '000000000000000000000000', 'ffffffffffffffffffffffff',
  '2026-02-30T00:00:00Z', '9999-12-31T23:59:59.999Z', '0000-01-01T00:00:00Z', '2026-11-27T10:00:00+14:00', '2026-13', '2026-00', '0000-01', '9999-12', '2026-02-30',
  '13800000000', '+8613912345678', '浙A12345', 'f_000000000000000000000000', 'a'.repeat(10_000), '漏'.repeat(3000),
];
export const ODD_NUMBERS: readonly number[] = [0, -1, 1, 0.5, -0.5, 1e308, -1e308, 2 ** 31, -(2 ** 31), 2 ** 53, 2 ** 53 + 2, 1e-300, 366, 367, 10_001, -3];

/** A JSON object with own keys named __proto__ / constructor (as JSON.parse makes them). */
const protoObjects = fc.constantFrom(
  () => JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
  () => JSON.parse('{"constructor":{"prototype":{"polluted":true}}}') as unknown,
  () => ({ $gt: '' }),
  () => ({ $ne: null }),
  () => ({ $where: 'sleep(100)' }),
  () => ({ $regex: '.*' }),
  () => ({ toString: 'x', valueOf: 1 }),
);

const deep = fc.integer({ min: 5, max: 60 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown);

/** Odd values of any type: what a mutation puts into one field. */
export function oddValue(kinds: readonly string[]): Arb {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...ODD_STRINGS), weight: 6 },
    { arbitrary: fc.constantFrom(...ODD_NUMBERS), weight: 3 },
    { arbitrary: fc.constantFrom('«INF»', '«-INF»', '«BIG»', '«-0»', '«EXP»'), weight: 1 },
    { arbitrary: fc.constantFrom(null, true, false, [], {}, [null], [''], ['a', 'a']), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 2 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
    { arbitrary: protoObjects.map((f) => f()), weight: 2 },
    { arbitrary: deep, weight: 1 },
    // A real id of a record of the wrong kind (or another community's).
    { arbitrary: fc.constantFrom(...kinds).chain(marker), weight: 3 },
  );
}

/** Anything JSON-ish, for whole inputs that ignore the schema. */
export function randomInput(kinds: readonly string[]): Arb {
  return fc.oneof(
    { arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 3 },
    { arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'page', 'q', 'unitId')), oddValue(kinds), { maxKeys: 5 }), weight: 3 },
    { arbitrary: oddValue(kinds), weight: 2 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

export interface WalkContext {
  /** Field name → what it refers to (from the action's policy, then by name). */
  kindOf(field: string): string | undefined;
  /** A hand-written generator for a field of this action, if any (phones, plates, file contents…). */
  hint(field: string): Arb | undefined;
  now: Date;
}

const OBJECT_ID_SOURCE = /^[a-f0-9]{24}$/i.source;

type Def = { typeName: string; [k: string]: unknown };
type Check = { kind: string; value?: number; regex?: RegExp; inclusive?: boolean };

/** A value of the schema (near-valid: refinements are not solved, only the declared shape and bounds). */
export function validOf(schema: z.ZodTypeAny, field: string, ctx: WalkContext): Arb {
  const hinted = ctx.hint(field);
  if (hinted) return hinted;
  const d = schema._def as Def;
  switch (d.typeName) {
    case 'ZodObject': {
      const shape = (d.shape as () => Record<string, z.ZodTypeAny>)();
      const model: Record<string, Arb> = {};
      const required: string[] = [];
      for (const [k, v] of Object.entries(shape)) {
        model[k] = validOf(v, k, ctx);
        if (!v.isOptional()) required.push(k);
      }
      return fc.record(model, { requiredKeys: required });
    }
    case 'ZodOptional':
    case 'ZodDefault':
    case 'ZodReadonly':
    case 'ZodCatch':
      return validOf(d.innerType as z.ZodTypeAny, field, ctx);
    case 'ZodBranded':
      return validOf(d.type as z.ZodTypeAny, field, ctx);
    case 'ZodNullable':
      return fc.oneof({ arbitrary: validOf(d.innerType as z.ZodTypeAny, field, ctx), weight: 4 }, { arbitrary: fc.constant(null), weight: 1 });
    case 'ZodEffects':
      return validOf(d.schema as z.ZodTypeAny, field, ctx);
    case 'ZodPipeline':
      return validOf(d.in as z.ZodTypeAny, field, ctx);
    case 'ZodLazy':
      return validOf((d.getter as () => z.ZodTypeAny)(), field, ctx);
    case 'ZodString':
      return stringOf(d.checks as Check[], field, ctx);
    case 'ZodNumber':
      return numberOf(d.checks as Check[]);
    case 'ZodBoolean':
      return fc.boolean();
    case 'ZodEnum':
      return fc.constantFrom(...(d.values as string[]));
    case 'ZodNativeEnum':
      return fc.constantFrom(...Object.values(d.values as Record<string, string | number>));
    case 'ZodLiteral':
      return fc.constant(d.value);
    case 'ZodArray': {
      const min = (d.minLength as { value: number } | null)?.value ?? (d.exactLength as { value: number } | null)?.value ?? 0;
      const max = Math.min((d.maxLength as { value: number } | null)?.value ?? 4, Math.max(min, 4));
      return fc.array(validOf(d.type as z.ZodTypeAny, `${field}[]`, ctx), { minLength: min, maxLength: max });
    }
    case 'ZodRecord': {
      const keyType = d.keyType as z.ZodTypeAny;
      const value = validOf(d.valueType as z.ZodTypeAny, `${field}{}`, ctx);
      // A record keyed by an enum: every key (schemas like repairs' SLA table need them all).
      if ((keyType._def as Def).typeName === 'ZodEnum') return fc.record(Object.fromEntries(((keyType._def as Def).values as string[]).map((k) => [k, value])));
      const keys = (ctx.hint(`${field}.key`) ?? validOf(keyType, `${field}.key`, ctx)) as fc.Arbitrary<string>;
      return fc.dictionary(keys, value, { maxKeys: 4 });
    }
    case 'ZodUnion':
    case 'ZodDiscriminatedUnion':
      return fc.oneof(...(d.options as z.ZodTypeAny[]).map((o) => validOf(o, field, ctx)));
    case 'ZodTuple':
      return fc.tuple(...(d.items as z.ZodTypeAny[]).map((o) => validOf(o, field, ctx)));
    case 'ZodNull':
      return fc.constant(null);
    case 'ZodUndefined':
      return fc.constant(undefined);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringOf(checks: Check[], field: string, ctx: WalkContext): Arb {
  let min = 0;
  let max = 40;
  for (const c of checks) {
    if (c.kind === 'min') min = c.value ?? 0;
    if (c.kind === 'max') max = Math.min(max, c.value ?? max);
    if (c.kind === 'length') min = max = c.value ?? 0;
  }
  const regex = checks.find((c) => c.kind === 'regex')?.regex;
  if (regex?.source === OBJECT_ID_SOURCE) {
    const kind = ctx.kindOf(field) ?? 'any';
    // `fresh.<kind>.<state>`: a record made for this case (half the time; else one of the seeded ones).
    const ids = kind.startsWith('fresh.') ? fc.oneof(marker(kind), marker(kind.split('.')[1])) : marker(kind);
    return fc.oneof({ arbitrary: ids, weight: 9 }, { arbitrary: fc.stringMatching(/^[a-f0-9]{24}$/), weight: 1 });
  }
  if (regex) return fc.stringMatching(new RegExp(regex.source, regex.flags.replace(/[^dgmsu]/g, '')));
  if (checks.some((c) => c.kind === 'datetime')) return isoTime(ctx.now);
  return text(min, Math.max(min, max));
}

function numberOf(checks: Check[]): Arb {
  const isInt = checks.some((c) => c.kind === 'int');
  let min = isInt ? -1000 : -1000;
  let max = 100_000;
  for (const c of checks) {
    if (c.kind === 'min') min = c.inclusive === false ? (c.value ?? 0) + (isInt ? 1 : 1e-9) : (c.value ?? 0);
    if (c.kind === 'max') max = c.inclusive === false ? (c.value ?? 0) - (isInt ? 1 : 1e-9) : (c.value ?? 0);
  }
  if (max < min) max = min;
  return isInt ? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER)) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Every path in a JSON value (the root is []). */
function pathsOf(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...at, i], out));
  else if (value && typeof value === 'object') for (const k of Object.keys(value)) pathsOf((value as Record<string, unknown>)[k], [...at, k], out);
  return out;
}

export type Mutation = { op: 'replace' | 'delete' | 'add' | 'poison'; pick: number; value: unknown; key: string; char: string; at: number };

/** What a poisoned string gets: characters and fragments that break parsers, queries and renderers. */
export const POISON: readonly string[] = ['\u0000', '\u0001', '\u001b', '\u007f', '\u0085', '\u202e', '\u2067', '\ud800', '\udc00', '\u200b', '\ufeff', '$', '.*', '\\', '{{constructor}}', '{{toString}}', '%00', '\r\n', '😀'];

/** A copy of `value` with one field changed: replaced by an odd value, removed, or an extra key added. */
export function mutate(value: unknown, m: Mutation): unknown {
  const copy = value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
  const all = pathsOf(copy);
  const at = (p: (string | number)[]) => p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], copy);
  // Poison one string (keeping the rest of it) when there is one; otherwise replace a value.
  const strings = all.filter((p) => typeof at(p) === 'string');
  if (m.op === 'poison' && strings.length) {
    const p = strings[m.pick % strings.length];
    const s = at(p) as string;
    const i = m.at % (s.length + 1);
    const poisoned = s.slice(0, i) + m.char + s.slice(i);
    if (p.length === 0) return poisoned;
    (at(p.slice(0, -1)) as Record<string | number, unknown>)[p[p.length - 1]] = poisoned;
    return copy;
  }
  const paths = all;
  const path = paths[m.pick % paths.length];
  if (path.length === 0) {
    if (m.op === 'add' && copy && typeof copy === 'object' && !Array.isArray(copy)) return Object.assign(copy, { [m.key]: m.value });
    return m.op === 'delete' ? undefined : m.value;
  }
  const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], copy) as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (m.op === 'add' && parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last])) {
    Object.defineProperty(parent[last], m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  } else {
    parent[last] = m.value;
  }
  return copy;
}

export function mutation(kinds: readonly string[]): fc.Arbitrary<Mutation> {
  return fc.record({
    op: fc.constantFrom('replace', 'replace', 'replace', 'poison', 'poison', 'poison', 'delete', 'add'),
    pick: fc.nat(1000),
    char: fc.constantFrom(...POISON),
    at: fc.nat(1000),
    value: oddValue(kinds),
    key: fc.constantFrom('__proto__', 'constructor', 'extra', '$where', 'userInfo', 'communityId', '\u0000'),
  });
}
