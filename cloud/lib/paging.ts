import type { Paged } from '@shared/contracts/contract';
import { mongoose } from './db';

/**
 * THE paging of every list (`{ items, total, page, pageSize }`), in the database: a count and a
 * skip/limit query on a sort of stored fields that ends with `_id` (so equal keys keep one order from
 * page to page). What a list orders by is a field of its documents — when the order is computed
 * (open work by urgency and deadline, an incident's state), the model stores it as a sort key
 * (`storeSortKeys` below), kept up to date by the writes that change it, with an index on the list's
 * filter fields and sort keys. Nothing loads a community's documents to sort or slice them.
 *
 *     return paged({ model: Repair, filter, sort: { listRank: 1, listDue: 1 } }, input, (docs: RepairDoc[]) => docs.map(toSummary));
 *
 * A list whose order has parts that live in different queries (an owner's board: unread notices,
 * then read ones) passes the parts in order: they are paged as one list (each part counted, then
 * only the parts the page overlaps are read, each with its own skip/limit).
 */
export interface PageRequest {
  page: number;
  pageSize: number;
}

export type SortSpec = Record<string, 1 | -1>;

/** After every real date: a sort key for "none" that sorts last ascending (e.g. no deadline running). */
export const LAST_DATE = new Date('9999-12-31T00:00:00Z');

// Any model: paging only counts and reads; `map` gets the documents as the list's own type.
type ListModel = mongoose.Model<any>;

export interface PageQuery {
  model: ListModel;
  /** Scoped by communityId (or the caller), like every query. */
  filter: Record<string, unknown>;
  /** Stored fields; `_id` is appended when missing (in the last key's direction). */
  sort: SortSpec;
  projection?: Record<string, 0 | 1>;
}

/** The sort with `_id` last: a total order, so a page never repeats or skips a document of its neighbours. */
function stableSort(sort: SortSpec): SortSpec {
  if ('_id' in sort) {
    const { _id, ...rest } = sort;
    return { ...rest, _id };
  }
  const keys = Object.keys(sort);
  return { ...sort, _id: keys.length ? sort[keys[keys.length - 1]] : 1 };
}

export async function paged<D, T>(query: PageQuery | readonly PageQuery[], req: PageRequest, map: (docs: D[]) => T[] | Promise<T[]>): Promise<Paged<T>> {
  const parts = Array.isArray(query) ? (query as readonly PageQuery[]) : [query as PageQuery];
  const start = (req.page - 1) * req.pageSize;
  const end = start + req.pageSize;
  const read = (q: PageQuery, skip: number, limit: number) =>
    q.model
      .find(q.filter, q.projection ?? null)
      .sort(stableSort(q.sort))
      .skip(skip)
      .limit(limit)
      .lean() as Promise<D[]>;
  if (parts.length === 1) {
    const [docs, total] = await Promise.all([read(parts[0], start, req.pageSize), parts[0].model.countDocuments(parts[0].filter)]);
    return { items: await map(docs), total, page: req.page, pageSize: req.pageSize };
  }
  const counts = await Promise.all(parts.map((q) => q.model.countDocuments(q.filter)));
  const reads: Promise<D[]>[] = [];
  let offset = 0;
  parts.forEach((q, i) => {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + counts[i]);
    if (from < to) reads.push(read(q, from - offset, to - from));
    offset += counts[i];
  });
  const docs = (await Promise.all(reads)).flat();
  return { items: await map(docs), total: offset, page: req.page, pageSize: req.pageSize };
}

/**
 * Sort keys a model stores because its lists order by something computed from several fields (e.g.
 * the deadline of the stage that runs now). One function per model derives them from a whole
 * document; they are written
 * - by every create (`Model.create`, `save`: a `validate` hook here),
 * - by every revisioned change (`mutateRevision` sets them from the document as the change leaves it),
 * - for documents written before the keys existed (or by a seed's raw upsert): `backfillSortKeys`
 *   at deploy and seed time (createIndexes).
 * Writes that bypass all three (a raw `updateOne` of a field a key depends on) must not exist.
 */
export type DeriveSortKeys = (doc: Record<string, unknown>) => Record<string, unknown>;

const derivers = new WeakMap<object, { fields: string[]; derive: DeriveSortKeys }>();

export function storeSortKeys(schema: mongoose.Schema, fields: string[], derive: DeriveSortKeys): void {
  derivers.set(schema, { fields, derive });
  schema.pre('validate', function deriveKeys() {
    this.set(derive(this.toObject({ depopulate: true })));
  });
}

/** The model's sort-key function, if it stores any. */
export function sortKeysOf(model: { schema: object }): DeriveSortKeys | undefined {
  return derivers.get(model.schema)?.derive;
}

/** FerretDB v1 hangs on a bulkWrite of more than 50 updates. */
const UPDATES_PER_COMMAND = 50;

/** Fill the sort keys of a model's documents that lack them (written before the keys existed). Returns how many. */
export async function backfillSortKeys(model: ListModel): Promise<number> {
  const spec = derivers.get(model.schema);
  if (!spec) return 0;
  let filled = 0;
  for (;;) {
    const docs = (await model.find({ [spec.fields[0]]: { $exists: false } }).limit(1000).lean()) as Record<string, unknown>[];
    if (!docs.length) return filled;
    const updates = docs.map((d) => ({ _id: d._id, set: spec.derive(d) }));
    if (updates.some((u) => u.set[spec.fields[0]] === undefined)) throw new Error(`${model.modelName}: the sort keys must always include ${spec.fields[0]}`);
    for (let i = 0; i < docs.length; i += UPDATES_PER_COMMAND) {
      const chunk = updates.slice(i, i + UPDATES_PER_COMMAND);
      await model.bulkWrite(chunk.map((u) => ({ updateOne: { filter: { _id: u._id }, update: { $set: u.set } } })));
    }
    filled += docs.length;
  }
}
