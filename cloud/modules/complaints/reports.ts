import type { ComplaintBoard, ComplaintMonth, ComplaintSummary } from '@shared/contracts/complaints.contract';
import { DAY_MS, HOUR_MS, localMonth, MINUTE_MS, monthBounds } from '@shared/domain/calendar';
import { median } from '../../lib/stats';
import { COMPLAINT_CATEGORIES, OPEN_COMPLAINT_STATUSES, WAITING_COMPLAINT_STATUSES, type ComplaintStatus } from '@shared/domain/complaints';

const WAITING_STATUSES = [...WAITING_COMPLAINT_STATUSES];
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { doneOutcomes, outcomesOf } from '../followups';
import type { Caller } from '../../lib/caller';
import { Complaint, type ComplaintDoc } from './complaint.model';
import { summarize } from './complaint.service';

const { ObjectId } = mongoose.Types;

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** The manager's board: open complaints by state and age, the overdue ones, and categories. */
export async function board(caller: Caller): Promise<ComplaintBoard> {
  const all = (await Complaint.find({ communityId: new ObjectId(caller.communityId) }).lean()) as ComplaintDoc[];
  const open = all.filter((c) => OPEN_COMPLAINT_STATUSES.includes(c.status as ComplaintStatus));
  const at = now().getTime();
  const age = (c: ComplaintDoc) => (at - c.createdAt.getTime()) / DAY_MS;
  const byStatus: ComplaintBoard['byStatus'] = {};
  for (const c of open) byStatus[c.status as ComplaintStatus] = (byStatus[c.status as ComplaintStatus] ?? 0) + 1;
  const overdue: ComplaintSummary[] = open
    .map(summarize)
    .filter((s) => s.deadline?.overdue)
    .sort((a, b) => Date.parse(a.deadline!.at) - Date.parse(b.deadline!.at));
  return {
    open: open.length,
    byStatus,
    byAge: [
      { label: '1天内', count: open.filter((c) => age(c) <= 1).length },
      { label: '2–3天', count: open.filter((c) => age(c) > 1 && age(c) <= 3).length },
      { label: '4–7天', count: open.filter((c) => age(c) > 3 && age(c) <= 7).length },
      { label: '7天以上', count: open.filter((c) => age(c) > 7).length },
    ],
    overdue,
    byCategory: COMPLAINT_CATEGORIES.map((category) => ({ category, open: open.filter((c) => c.category === category).length, total: all.filter((c) => c.category === category).length })).filter((c) => c.total > 0),
  };
}

/** A month's figures for complaints received in it (Asia/Shanghai). */
export async function monthly(caller: Caller, month?: string): Promise<ComplaintMonth> {
  const m = month ?? localMonth(now());
  const { from, to } = monthBounds(m);
  const communityId = new ObjectId(caller.communityId);
  const docs = (await Complaint.find({ communityId, createdAt: { $gte: from, $lt: to } }).lean()) as ComplaintDoc[];
  const ids = new Set(docs.map((d) => String(d._id)));
  const followUps = ids.size ? (await doneOutcomes(communityId, 'complaint')).filter((f) => ids.has(f.sourceId)) : [];
  const judged = docs.filter((d) => d.validity);
  return {
    month: m,
    count: docs.length,
    validShare: judged.length ? judged.filter((d) => d.validity === 'valid').length / judged.length : null,
    medianFirstResponseHours: round1(median(docs.filter((d) => d.firstResponseAt).map((d) => (new Date(d.firstResponseAt!).getTime() - d.createdAt.getTime()) / HOUR_MS))),
    medianCloseDays: round1(median(docs.filter((d) => d.closedAt && d.status === 'closed').map((d) => (new Date(d.closedAt!).getTime() - d.createdAt.getTime()) / DAY_MS))),
    reopenRate: docs.length ? docs.filter((d) => (d.reopenCount ?? 0) > 0).length / docs.length : null,
    satisfaction: followUps.length ? followUps.filter((f) => f.outcome === 'satisfied').length / followUps.length : null,
    byCategory: COMPLAINT_CATEGORIES.map((category) => ({ category, count: docs.filter((d) => d.category === category).length })).filter((c) => c.count > 0),
  };
}

/**
 * The manager home's complaint figures: complaints waiting for someone to accept them (received or
 * reopened, 待受理), open ones with their running deadlines (the desk), and the count received in
 * each month (YYYY-MM).
 */
export async function dashboardFigures(communityId: string, months: readonly string[]): Promise<{ waiting: number; months: { month: string; received: number }[] }> {
  const cid = new ObjectId(communityId);
  const [waiting, received] = await Promise.all([
    Complaint.countDocuments({ communityId: cid, status: { $in: WAITING_STATUSES } }),
    Complaint.find({ communityId: cid, createdAt: { $gte: monthBounds(months[0]).from, $lt: monthBounds(months[months.length - 1]).to } }, { createdAt: 1 }).lean(),
  ]);
  return { waiting, months: months.map((month) => ({ month, received: received.filter((c) => localMonth(c.createdAt) === month).length })) };
}

/** Open complaints of the community with their running deadlines (the staff desk). */
export async function openForDesk(communityId: string): Promise<ComplaintSummary[]> {
  const docs = (await Complaint.find({ communityId: new ObjectId(communityId), status: { $in: [...OPEN_COMPLAINT_STATUSES] } }).lean()) as ComplaintDoc[];
  return docs.map(summarize);
}

/** What one handler did with a month's complaints: handled, reopened, first-response minutes, the owners' verdict at the follow-up. */
export interface ComplaintHandlerRow {
  id: string;
  name: string;
  handled: number;
  reopened: number;
  /** Minutes from receipt to the first response, of each complaint that has one. */
  responseMinutes: number[];
  /** Follow-ups done: how many, and how many satisfied (满意). */
  judged: number;
  satisfied: number;
}

/**
 * Each handler's complaints received in a month (YYYY-MM, Asia/Shanghai) of a community: the service
 * figures of the growth module. One read of the month's complaints (index communityId + createdAt)
 * and one of their follow-ups' outcomes.
 */
export async function complaintFiguresByAgent(communityId: string, month: string): Promise<ComplaintHandlerRow[]> {
  const { from, to } = monthBounds(month);
  const docs = await Complaint.find(
    { communityId: new ObjectId(communityId), createdAt: { $gte: from, $lt: to } },
    { createdAt: 1, handlerId: 1, handlerName: 1, firstResponseAt: 1, reopenCount: 1 },
  ).lean();
  const handled = docs.filter((d) => d.handlerId);
  const outcomes = await outcomesOf(communityId, 'complaint', handled.map((d) => d._id));
  const rows = new Map<string, ComplaintHandlerRow>();
  for (const d of handled) {
    const id = String(d.handlerId);
    const row = rows.get(id) ?? { id, name: d.handlerName ?? '', handled: 0, reopened: 0, responseMinutes: [], judged: 0, satisfied: 0 };
    row.handled++;
    if ((d.reopenCount ?? 0) > 0) row.reopened++;
    if (d.firstResponseAt) row.responseMinutes.push((new Date(d.firstResponseAt).getTime() - d.createdAt.getTime()) / MINUTE_MS);
    const outcome = outcomes.get(String(d._id));
    if (outcome) {
      row.judged++;
      if (outcome === 'satisfied') row.satisfied++;
    }
    rows.set(id, row);
  }
  return [...rows.values()];
}
