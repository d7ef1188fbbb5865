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

/**
 * Write a batch's plan: its items first, then the header that makes it count. A worker killed in
 * between left items without a header: nothing of them was sent, so the batch planned again replaces
 * them (by `_id`, the rare path).
 */
export async function writePlan(plan: Plan & { communityId: mongoose.Types.ObjectId }): Promise<void> {
  const { items, ...header } = plan;
  try {
    await ReminderPlanItems.collection.insertOne({ _id: plan._id, items } as never);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await ReminderPlanItems.collection.replaceOne({ _id: plan._id } as never, { items });
  }
  await ReminderPlan.collection.insertOne({ ...header, count: items.length } as never);
}

const withItems = async (header: { _id: string; day: string; last: string; at: Date }): Promise<Plan> => {
  const doc = await ReminderPlanItems.findById(header._id, { items: 1 }).lean();
  const items = ((doc?.items ?? []) as PlanItem[]).map((d) => ({ ...d, dueDate: new Date(d.dueDate) }));
  return { _id: header._id, day: header.day, last: header.last, at: header.at, items };
};

/** The plan with this `_id` (a dead worker's batch), or null. */
export async function planById(id: string): Promise<Plan | null> {
  const header = await ReminderPlan.findById(id, { day: 1, last: 1, at: 1 }).lean();
  return header ? withItems(header as { _id: string; day: string; last: string; at: Date }) : null;
}

/** A community's plans written in [from, to): the headers by `{communityId, at}`, each one's items by `_id`. */
export async function plansOf(communityId: mongoose.Types.ObjectId, from: Date, to?: Date): Promise<Plan[]> {
  const headers = await ReminderPlan.find({ communityId, at: { $gte: from, ...(to ? { $lt: to } : {}) } }, { day: 1, last: 1, at: 1 }).lean();
  const out: Plan[] = [];
  for (const h of headers) out.push(await withItems(h as { _id: string; day: string; last: string; at: Date }));
  return out;
}
