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

function kindOf(value: unknown): FieldKind {
  if (value instanceof RegExp) return value.source.startsWith('^') ? 'prefix' : 'other';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'eq';
  const keys = Object.keys(value);
  if (!keys.length || !keys[0].startsWith('$')) return 'eq'; // an ObjectId, a Date, an embedded document
  const v = value as Record<string, unknown>;
  if ('$eq' in v) return 'eq';
  if ('$in' in v) return 'in';
  if (keys.some((k) => RANGE_OPS.has(k))) return 'range';
  if ('$regex' in v) {
    const src = v.$regex instanceof RegExp ? v.$regex.source : String(v.$regex);
    return src.startsWith('^') ? 'prefix' : 'other';
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
  const s = sort && typeof sort === 'object' ? Object.entries(sort as Record<string, unknown>).map(([k, v]) => [k, Number(v) < 0 ? -1 : 1] as [string, 1 | -1]) : [];
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

/**
 * Whether some index serves a conjunction of fields: `_id` by equality, or an index whose leading
 * key the filter tests by equality, `$in`, a range or an anchored regex (the index's prefix narrows
 * the scan; further conditions filter what it found). Returns the index that serves it.
 */
function servingIndex(fields: QueryShape['fields'], indexes: IndexKeys[]): IndexKeys | 'id' | null {
  const tested = new Map(fields.map((f) => [f.path, f.kind]));
  const id = tested.get('_id');
  if (id && SELECTIVE.has(id)) return 'id';
  let best: IndexKeys | null = null;
  let bestLen = 0;
  for (const index of indexes) {
    let len = 0;
    for (const [key] of index) {
      const kind = tested.get(key);
      if (!kind || !SELECTIVE.has(kind)) break;
      len++;
      if (kind !== 'eq') break; // keys after a range or $in do not narrow further in order
    }
    if (len > bestLen) {
      best = index;
      bestLen = len;
    }
  }
  return best;
}

/** Whether the index returns documents in the sort's order after the filter's equality prefix. */
function sortsBy(index: IndexKeys, fields: QueryShape['fields'], sort: QueryShape['sort']): boolean {
  const eq = new Set(fields.filter((f) => f.kind === 'eq').map((f) => f.path));
  let i = 0;
  while (i < index.length && eq.has(index[i][0]) && !sort.some(([k]) => k === index[i][0])) i++;
  const rest = index.slice(i);
  if (rest.length < sort.length) return false;
  const dir = (v: number | string) => (Number(v) < 0 ? -1 : 1);
  const same = sort.every(([k, d], j) => rest[j][0] === k && dir(rest[j][1]) === d);
  const reversed = sort.every(([k, d], j) => rest[j][0] === k && dir(rest[j][1]) === -d);
  return same || reversed;
}

/**
 * Why no declared index serves this shape, or null when one does. A filter without a selective
 * field is a collection scan; a sort the serving index does not deliver is an in-memory sort (a sort
 * by `_id` alone is always served).
 */
export function uncoveredReason(s: QueryShape, indexes: IndexKeys[]): string | null {
  const conjunctions = s.or.length ? s.or.map((b) => [...s.fields, ...b]) : [s.fields];
  for (const fields of conjunctions) {
    const index = servingIndex(fields, indexes);
    if (!index) return fields.length ? 'no index has a leading key the filter narrows by' : 'no filter: a collection scan';
    if (s.sort.length && !(s.sort.length === 1 && s.sort[0][0] === '_id')) {
      const candidates = index === 'id' ? [] : [index, ...indexes];
      if (index !== 'id' && !candidates.some((ix) => servingIndex(fields, [ix]) && sortsBy(ix, fields, s.sort))) return 'the sort is not in any index that serves the filter';
    }
  }
  return null;
}
