import { isDuplicateKey, mongoose } from '../../lib/db';
import { ReminderPlan, ReminderPlanItems } from './fee.model';

/** One stage of one bill in a reminder plan (reminder.job.ts). */
export interface PlanItem {
  unitId: string;
  billId: string;
  stage: number;
  fen: number;
  itemName: string;
  parking: boolean;
  dueDate: Date;
}

export interface Plan {
  _id: string;
  day: string;
  last: string;
  at: Date;
  items: PlanItem[];
}

type Row = [string, string, number, number, string, number, number];

/**
 * The items as stored: one string, a JSON array with one array of seven values per item — the plan is
 * a journal written once and read whole, and on FerretDB every value of a document costs at insert and
 * at read (items as objects of seven fields made the plans cost as much to write as the messages' queue
 * entries; one string per item still made a plan of 1,000 units 1,000 values).
 */
const packItems = (items: readonly PlanItem[]): string => JSON.stringify(items.map((d): Row => [d.unitId, d.billId, d.stage, d.fen, d.itemName, d.parking ? 1 : 0, d.dueDate.getTime()]));
const fromRow = ([unitId, billId, stage, fen, itemName, parking, due]: Row): PlanItem => ({ unitId, billId, stage, fen, itemName, parking: parking === 1, dueDate: new Date(due) });
function unpackItems(stored: unknown): PlanItem[] {
  if (typeof stored === 'string') return (JSON.parse(stored) as Row[]).map(fromRow);
  // Plans written before: one string per item, or (before that) one object per item.
  return ((stored ?? []) as unknown[]).map((one) => (typeof one === 'string' ? fromRow(JSON.parse(one) as Row) : { ...(one as PlanItem), dueDate: new Date((one as PlanItem).dueDate) }));
}

/**
 * Write a batch's plan: its items first, then the header that makes it count. A worker killed in
 * between left items without a header: nothing of them was sent, so the batch planned again replaces
 * them (by `_id`, the rare path).
 */
export async function writePlan(plan: Plan & { communityId: mongoose.Types.ObjectId }): Promise<void> {
  const { items, ...header } = plan;
  const packed = packItems(items);
  try {
    await ReminderPlanItems.collection.insertOne({ _id: plan._id, items: packed } as never);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await ReminderPlanItems.collection.replaceOne({ _id: plan._id } as never, { items: packed });
  }
  await ReminderPlan.collection.insertOne({ ...header, count: items.length } as never);
}

type Header = { _id: string; day: string; last: string; at: Date; items?: unknown };

/** A header with its items (plans written before the split kept them in the header). */
const withItems = async (header: Header): Promise<Plan> => {
  const stored = header.items ?? (await ReminderPlanItems.findById(header._id, { items: 1 }).lean())?.items;
  return { _id: header._id, day: header.day, last: header.last, at: header.at, items: unpackItems(stored) };
};

/** The plan with this `_id` (a dead worker's batch), or null. */
export async function planById(id: string): Promise<Plan | null> {
  const header = await ReminderPlan.findById(id, { day: 1, last: 1, at: 1, items: 1 }).lean();
  return header ? withItems(header as Header) : null;
}

/** A community's plans written in [from, to): the headers by `{communityId, at}`, each one's items by `_id`. */
export async function plansOf(communityId: mongoose.Types.ObjectId, from: Date, to?: Date): Promise<Plan[]> {
  const headers = await ReminderPlan.find({ communityId, at: { $gte: from, ...(to ? { $lt: to } : {}) } }, { day: 1, last: 1, at: 1, items: 1 }).lean();
  const out: Plan[] = [];
  for (const h of headers) out.push(await withItems(h as Header));
  return out;
}

/** Plans are kept this long: the ladder's window needs weeks, the month's collection statistics (arrears.service.ts) a year back. */
export const PLAN_RETENTION_DAYS = 400;

/** Housekeeping: at most `limit` of a community's plans older than the retention, items first (a header without items reads as empty). */
export async function deleteOldPlans(at: Date, communityId: string, limit: number): Promise<number> {
  const cutoff = new Date(at.getTime() - PLAN_RETENTION_DAYS * 86_400_000);
  const old = await ReminderPlan.find({ communityId: new mongoose.Types.ObjectId(communityId), at: { $lt: cutoff } }, { _id: 1 }).limit(limit).lean();
  if (!old.length) return 0;
  const ids = old.map((p) => String(p._id));
  await ReminderPlanItems.collection.deleteMany({ _id: { $in: ids } } as never);
  const { deletedCount } = await ReminderPlan.collection.deleteMany({ _id: { $in: ids } } as never);
  return deletedCount;
}
