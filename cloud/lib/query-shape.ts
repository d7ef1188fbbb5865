/**
 * The shape of a query — which fields its filter tests and how, and its sort — without the values:
 * `repairs find {communityId:eq,status:in} sort {createdAt:-1}`. Pure, so the index-coverage rule
 * (`uncoveredReason`) is unit-tested and the integration suite checks every shape the application
 * sent against the indexes the models declare (tests/setup/index-coverage.ts).
 */

export type FieldKind = 'eq' | 'in' | 'range' | 'prefix' | 'exists' | 'other';

export interface QueryShape {
  collection: string;
  /** The command: find, count, distinct, aggregate, update, delete, findAndModify. */
  op: string;
  /** Fields the filter tests (top level and inside `$and`), sorted by path. */
  fields: { path: string; kind: FieldKind }[];
  /** `$or` branches: each must be covered on its own. */
  or: { path: string; kind: FieldKind }[][];
  sort: [string, 1 | -1][];
}

/** An index as a model declares it: its keys in order. */
export type IndexKeys = [string, number | string][];

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

/** A regular expression narrows an index only when anchored at the start and case-sensitive (MongoDB's "prefix expression"). */
function regexKind(source: string, flags: string): FieldKind {
  return (source.startsWith('^') || source.startsWith('\\A')) && !flags.includes('i') ? 'prefix' : 'other';
}

function kindOf(value: unknown): FieldKind {
  if (value instanceof RegExp) return regexKind(value.source, value.flags);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'eq';
  const bson = (value as { _bsontype?: unknown })._bsontype;
  if (bson === 'BSONRegExp') {
    const r = value as { pattern?: unknown; options?: unknown };
    return regexKind(String(r.pattern ?? ''), String(r.options ?? ''));
  }
  const keys = Object.keys(value);
  if (bson || !keys.length || !keys[0].startsWith('$')) return 'eq'; // an ObjectId, a Date, an embedded document
  const v = value as Record<string, unknown>;
  if ('$eq' in v) return 'eq';
  if ('$in' in v) return 'in';
  if (keys.some((k) => RANGE_OPS.has(k))) return 'range';
  if ('$regex' in v) {
    const re = v.$regex;
    if (re instanceof RegExp) return regexKind(re.source, re.flags + String(v.$options ?? ''));
    return regexKind(String(re), String(v.$options ?? ''));
  }
  if ('$exists' in v) return 'exists';
  return 'other'; // $ne, $nin, $not, $elemMatch, $size, …
}

function fieldsOf(filter: unknown, out: { path: string; kind: FieldKind }[], or: { path: string; kind: FieldKind }[][]): void {
  if (!filter || typeof filter !== 'object') return;
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    if (key === '$and' && Array.isArray(value)) for (const part of value) fieldsOf(part, out, or);
    else if (key === '$or' && Array.isArray(value)) {
      for (const branch of value) {
        const b: { path: string; kind: FieldKind }[] = [];
        fieldsOf(branch, b, or);
        or.push(b.sort((x, y) => x.path.localeCompare(y.path)));
      }
    } else if (!key.startsWith('$')) out.push({ path: key, kind: kindOf(value) });
  }
}

export function shapeOf(collection: string, op: string, filter: unknown, sort?: unknown): QueryShape {
  const fields: QueryShape['fields'] = [];
  const or: QueryShape['or'] = [];
  fieldsOf(filter, fields, or);
  fields.sort((a, b) => a.path.localeCompare(b.path));
  const s = sort && typeof sort === 'object' ? Object.entries(sort as Record<string, unknown>).map(([k, v]) => [k, Number(v) < 0 || v === 'desc' || v === 'descending' ? -1 : 1] as [string, 1 | -1]) : [];
  return { collection, op, fields, or, sort: s };
}

/** The shapes of one command as the driver sends it (none for commands without a filter). */
export function shapesOfCommand(name: string, cmd: Record<string, unknown>): QueryShape[] {
  const coll = String(cmd[name]);
  switch (name) {
    case 'find':
      return [shapeOf(coll, name, cmd.filter, cmd.sort)];
    case 'count':
    case 'distinct':
      return [shapeOf(coll, name, cmd.query)];
    case 'findAndModify':
      return [shapeOf(coll, name, cmd.query, cmd.sort)];
    case 'aggregate': {
      const pipeline = Array.isArray(cmd.pipeline) ? (cmd.pipeline as Record<string, unknown>[]) : [];
      const match = pipeline[0]?.$match;
      const sort = pipeline[match ? 1 : 0]?.$sort;
      return [shapeOf(coll, name, match ?? {}, sort)];
    }
    case 'update':
      return ((cmd.updates as { q: unknown }[] | undefined) ?? []).map((u) => shapeOf(coll, name, u.q));
    case 'delete':
      return ((cmd.deletes as { q: unknown }[] | undefined) ?? []).map((d) => shapeOf(coll, name, d.q));
    default:
      return [];
  }
}

/** A stable one-line key: `repairs find {communityId:eq,status:in} sort {createdAt:-1}`. */
export function shapeKey(s: QueryShape): string {
  const f = (fields: QueryShape['fields']) => `{${fields.map((x) => `${x.path}:${x.kind}`).join(',')}}`;
  const or = s.or.length ? ` or [${s.or.map(f).join(' ')}]` : '';
  const sort = s.sort.length ? ` sort {${s.sort.map(([k, d]) => `${k}:${d}`).join(',')}}` : '';
  return `${s.collection} ${s.op} ${f(s.fields)}${or}${sort}`;
}

const SELECTIVE: ReadonlySet<FieldKind> = new Set(['eq', 'in', 'range', 'prefix']);
/** How well a condition narrows an index key: a field tested twice (`{a: 1, $and: [{a: {$ne: 2}}]}`) counts by its best. */
const RANK: Record<FieldKind, number> = { eq: 4, in: 3, range: 2, prefix: 2, exists: 1, other: 0 };
/** Every collection's primary key: a range or prefix on `_id` (a cursor over `_id`) is served by it, in `_id` order. */
const ID_INDEX: IndexKeys = [['_id', 1]];

function testedKinds(fields: QueryShape['fields']): Map<string, FieldKind> {
  const tested = new Map<string, FieldKind>();
  for (const f of fields) {
    const had = tested.get(f.path);
    if (!had || RANK[f.kind] > RANK[had]) tested.set(f.path, f.kind);
  }
  return tested;
}

/** How many leading keys of the index the filter narrows: equality keys, then at most one `$in`, range or prefix. */
function prefixLength(index: IndexKeys, tested: Map<string, FieldKind>): number {
  let len = 0;
  for (const [key] of index) {
    const kind = tested.get(key);
    if (!kind || !SELECTIVE.has(kind)) break;
    len++;
    if (kind !== 'eq') break; // keys after a range or $in do not narrow further in order
  }
  return len;
}

/**
 * Whether some index serves a conjunction of fields: `_id` by equality or `$in` (at most a list of
 * documents), or an index — the implicit `{_id: 1}` included — whose leading key the filter tests by
 * equality, `$in`, a range or an anchored, case-sensitive regex (the index's prefix narrows the scan;
 * further conditions filter what it found). Returns every index that serves it, the longest prefix first.
 */
function servingIndexes(fields: QueryShape['fields'], indexes: IndexKeys[]): IndexKeys[] | 'id' {
  const tested = testedKinds(fields);
  const id = tested.get('_id');
  if (id === 'eq' || id === 'in') return 'id';
  return [ID_INDEX, ...indexes]
    .map((index) => ({ index, len: prefixLength(index, tested) }))
    .filter((x) => x.len > 0)
    .sort((a, b) => b.len - a.len)
    .map((x) => x.index);
}

/** Whether the index returns documents in the sort's order after the filter's equality prefix. */
function sortsBy(index: IndexKeys, fields: QueryShape['fields'], sort: QueryShape['sort']): boolean {
  const tested = testedKinds(fields);
  let i = 0;
  while (i < index.length && tested.get(index[i][0]) === 'eq' && !sort.some(([k]) => k === index[i][0])) i++;
  const rest = index.slice(i);
  if (rest.length < sort.length) return false;
  const dir = (v: number | string) => (Number(v) < 0 ? -1 : 1);
  const same = sort.every(([k, d], j) => rest[j][0] === k && dir(rest[j][1]) === d);
  const reversed = sort.every(([k, d], j) => rest[j][0] === k && dir(rest[j][1]) === -d);
  return same || reversed;
}

/**
 * Why no declared index serves this shape, or null when one does. A filter without a selective
 * field is a collection scan; a sort that no index serving the filter delivers (in its order or
 * reversed, after the filter's equality keys) is an in-memory sort — `_id` included: a secondary
 * index does not return equal keys in `_id` order, so a list sorted by `_id` needs the `_id` in
 * its index (`{communityId: 1, _id: 1}`).
 */
export function uncoveredReason(s: QueryShape, indexes: IndexKeys[]): string | null {
  const conjunctions = s.or.length ? s.or.map((b) => [...s.fields, ...b]) : [s.fields];
  for (const fields of conjunctions) {
    const serving = servingIndexes(fields, indexes);
    if (serving === 'id') continue;
    if (!serving.length) return fields.length ? 'no index has a leading key the filter narrows by' : 'no filter: a collection scan';
    if (s.sort.length && !serving.some((ix) => sortsBy(ix, fields, s.sort))) return 'the sort is not in any index that serves the filter';
  }
  return null;
}

/** The shape a `shapeKey` line names (for reports over the shapes the suite recorded). */
export function parseShapeKey(key: string): QueryShape {
  const m = /^(\S+) (\S+) \{([^}]*)\}(?: or \[(.*)\])?(?: sort \{([^}]*)\})?$/.exec(key);
  if (!m) throw new Error(`not a query shape: ${key}`);
  const fields = (body: string): QueryShape['fields'] =>
    body
      ? body.split(',').map((part) => {
          const at = part.lastIndexOf(':');
          return { path: part.slice(0, at), kind: part.slice(at + 1) as FieldKind };
        })
      : [];
  const or = m[4] ? [...m[4].matchAll(/\{([^}]*)\}/g)].map((b) => fields(b[1])) : [];
  const sort = m[5] ? m[5].split(',').map((part) => [part.slice(0, part.lastIndexOf(':')), Number(part.slice(part.lastIndexOf(':') + 1)) < 0 ? -1 : 1] as [string, 1 | -1]) : [];
  return { collection: m[1], op: m[2], fields: fields(m[3]), or, sort };
}

/** The index that serves a shape first (for reports): `_id`, an index's keys, or null when none does. */
export function servingIndexOf(s: QueryShape, indexes: IndexKeys[]): IndexKeys | null {
  const fields = s.or.length ? [...s.fields, ...s.or[0]] : s.fields;
  const serving = servingIndexes(fields, indexes);
  if (serving === 'id') return ID_INDEX;
  return serving.find((ix) => !s.sort.length || sortsBy(ix, fields, s.sort)) ?? serving[0] ?? null;
}
