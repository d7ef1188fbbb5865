import type { RepairSummary } from '@shared/contracts/repairs.contract';
import { OPEN_STATUSES, type RepairStatus } from '@shared/domain/repairs';
import { mongoose } from '../../lib/db';
import { historyEvents, ownerRecordsFilter, type OwnerRecordEvent } from '../../lib/owner-records';
import { Repair, type RepairDoc } from './repair.model';
import { toSummary } from './views';

type Id = mongoose.Types.ObjectId;

/**
 * The desk's owner view (一户一档): one owner's repair orders — of their units, or reported for them
 * (`ownerId`) — in one community. Every open order, and the latest `recent` finished ones.
 */
export async function repairsOfOwner(communityId: Id, who: { unitIds: readonly Id[]; userIds: readonly Id[] }, recent = 10): Promise<{ open: RepairSummary[]; recent: RepairSummary[]; events: OwnerRecordEvent[] }> {
  const whose = ownerRecordsFilter(who);
  if (!whose) return { open: [], recent: [], events: [] };
  const projection = { history: 0, photoIds: 0, afterPhotoIds: 0, materials: 0 };
  const [open, done] = await Promise.all([
    Repair.find({ communityId, ...whose, status: { $in: [...OPEN_STATUSES] } }, projection).sort({ createdAt: -1, _id: -1 }).lean() as Promise<RepairDoc[]>,
    Repair.find({ communityId, ...whose, status: { $nin: [...OPEN_STATUSES] } }, projection).sort({ createdAt: -1, _id: -1 }).limit(recent).lean() as Promise<RepairDoc[]>,
  ]);
  const finished = done.filter((o) => !OPEN_STATUSES.includes(o.status as RepairStatus));
  const events = await historyEvents(Repair, [...open, ...finished].map((o) => o._id), 'orderNo');
  return { open: open.map(toSummary), recent: finished.map(toSummary), events };
}

/**
 * These orders of one community, as summaries (status, deadline, breaches), for a module that made
 * them and shows their progress (move-in inspection defects). Ids of other communities are left out.
 */
export async function repairSummaries(communityId: Id | string, ids: readonly string[]): Promise<RepairSummary[]> {
  const valid = [...new Set(ids)].filter((id) => mongoose.isValidObjectId(id));
  if (!valid.length) return [];
  const docs = (await Repair.find({ _id: { $in: valid.map((id) => new mongoose.Types.ObjectId(id)) }, communityId: new mongoose.Types.ObjectId(String(communityId)) }, { history: 0, photoIds: 0, afterPhotoIds: 0, materials: 0 }).lean()) as RepairDoc[];
  return docs.map(toSummary);
}
