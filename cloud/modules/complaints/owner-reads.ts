import type { ComplaintSummary } from '@shared/contracts/complaints.contract';
import { OPEN_COMPLAINT_STATUSES } from '@shared/domain/complaints';
import { mongoose } from '../../lib/db';
import { Complaint, type ComplaintDoc } from './complaint.model';
import { summarize } from './complaint.service';

type Id = mongoose.Types.ObjectId;

/** One step of a record's history (created, assigned, completed …), for the owner view's timeline. */
export interface OwnerRecordEvent {
  id: string;
  no: string;
  at: Date;
  event: string;
  byName: string;
  note?: string;
}

/** The history steps of these records (the shown ones only). */
async function eventsOf(ids: readonly Id[]): Promise<OwnerRecordEvent[]> {
  if (!ids.length) return [];
  const docs = await Complaint.find({ _id: { $in: ids } }, { caseNo: 1, history: 1 }).lean();
  return docs.flatMap((d) => (d.history ?? []).map((h) => ({ id: String(d._id), no: d.caseNo, at: h.at, event: h.event, byName: h.byName, ...(h.note ? { note: h.note } : {}) })));
}

/**
 * The desk's owner view (一户一档): one owner's complaints — about their units, or filed for them
 * (`ownerId`) — in one community. Every open one, and the latest `recent` closed ones.
 */
export async function complaintsOfOwner(communityId: Id, who: { unitIds: readonly Id[]; userIds: readonly Id[] }, recent = 10): Promise<{ open: ComplaintSummary[]; recent: ComplaintSummary[]; events: OwnerRecordEvent[] }> {
  const or: Record<string, unknown>[] = [];
  if (who.unitIds.length) or.push({ unitId: { $in: who.unitIds } });
  if (who.userIds.length) or.push({ ownerId: { $in: who.userIds } });
  if (!or.length) return { open: [], recent: [], events: [] };
  const [open, closed] = await Promise.all([
    Complaint.find({ communityId, $or: or, status: { $in: [...OPEN_COMPLAINT_STATUSES] } }, { history: 0 }).sort({ createdAt: -1, _id: -1 }).lean() as Promise<ComplaintDoc[]>,
    Complaint.find({ communityId, $or: or, status: { $nin: [...OPEN_COMPLAINT_STATUSES] } }, { history: 0 }).sort({ createdAt: -1, _id: -1 }).limit(recent).lean() as Promise<ComplaintDoc[]>,
  ]);
  const events = await eventsOf([...open, ...closed].map((c) => c._id));
  return { open: open.map(summarize), recent: closed.map(summarize), events };
}
