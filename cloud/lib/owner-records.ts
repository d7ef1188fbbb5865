import type { mongoose } from './db';

type Id = mongoose.Types.ObjectId;

/** One step of a record's history (created, assigned, completed …), for the desk's owner view (一户一档). */
export interface OwnerRecordEvent {
  id: string;
  no: string;
  at: Date;
  event: string;
  byName: string;
  note?: string;
}

/** One owner's records: those of their units or filed for them (`ownerId`); null when neither is known. */
export function ownerRecordsFilter(who: { unitIds: readonly Id[]; userIds: readonly Id[] }): { $or: Record<string, unknown>[] } | null {
  const or: Record<string, unknown>[] = [];
  if (who.unitIds.length) or.push({ unitId: { $in: who.unitIds } });
  if (who.userIds.length) or.push({ ownerId: { $in: who.userIds } });
  return or.length ? { $or: or } : null;
}

interface HistoryDoc {
  _id: Id;
  history?: { at: Date; event: string; byName: string; note?: string | null }[];
}

/** The history steps of these records (the shown ones only), each named by the record's number field (`orderNo`, `caseNo`). */
export async function historyEvents(
  model: { find(filter: Record<string, unknown>, projection: Record<string, number>): { lean(): PromiseLike<unknown> } },
  ids: readonly Id[],
  noField: string,
): Promise<OwnerRecordEvent[]> {
  if (!ids.length) return [];
  const docs = (await model.find({ _id: { $in: ids } }, { [noField]: 1, history: 1 }).lean()) as (HistoryDoc & Record<string, unknown>)[];
  return docs.flatMap((d) => (d.history ?? []).map((h) => ({ id: String(d._id), no: String(d[noField] ?? ''), at: h.at, event: h.event, byName: h.byName, ...(h.note ? { note: h.note } : {}) })));
}
