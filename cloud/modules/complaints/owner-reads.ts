import type { ComplaintSummary } from '@shared/contracts/complaints.contract';
import { OPEN_COMPLAINT_STATUSES } from '@shared/domain/complaints';
import { mongoose } from '../../lib/db';
import { historyEvents, ownerRecordsFilter, type OwnerRecordEvent } from '../../lib/owner-records';
import { Complaint, type ComplaintDoc } from './complaint.model';
import { summarize } from './complaint.service';

type Id = mongoose.Types.ObjectId;

/**
 * The desk's owner view (一户一档): one owner's complaints — about their units, or filed for them
 * (`ownerId`) — in one community. Every open one, and the latest `recent` closed ones.
 */
export async function complaintsOfOwner(communityId: Id, who: { unitIds: readonly Id[]; userIds: readonly Id[] }, recent = 10): Promise<{ open: ComplaintSummary[]; recent: ComplaintSummary[]; events: OwnerRecordEvent[] }> {
  const whose = ownerRecordsFilter(who);
  if (!whose) return { open: [], recent: [], events: [] };
  const [open, closed] = await Promise.all([
    Complaint.find({ communityId, ...whose, status: { $in: [...OPEN_COMPLAINT_STATUSES] } }, { history: 0 }).sort({ createdAt: -1, _id: -1 }).lean() as Promise<ComplaintDoc[]>,
    Complaint.find({ communityId, ...whose, status: { $nin: [...OPEN_COMPLAINT_STATUSES] } }, { history: 0 }).sort({ createdAt: -1, _id: -1 }).limit(recent).lean() as Promise<ComplaintDoc[]>,
  ]);
  const events = await historyEvents(Complaint, [...open, ...closed].map((c) => c._id), 'caseNo');
  return { open: open.map(summarize), recent: closed.map(summarize), events };
}
