import type { RepairBoard, RepairStats, RepairSummary } from '@shared/contracts/repairs.contract';
import { DAY_MS, dayStart, HOUR_MS, localDay, localMonth, MINUTE_MS, monthBounds, weekStart } from '@shared/domain/calendar';
import { median } from '../../lib/stats';
import { OPEN_STATUSES, RATE_WITHIN_HOURS, UNASSIGNED_STATUSES, urgencyRank, type RepairStatus, type Urgency } from '@shared/domain/repairs';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import type { Caller } from '../../lib/caller';
import { technicians } from '../identity';
import { Repair, type RepairDoc } from './repair.model';
import { toSummary } from './views';

const { ObjectId } = mongoose.Types;

/** Orders shown per list of the board (the totals count them all). */
export const BOARD_LIST_MAX = 50;

/** The live board: counts by state, what is late, what waits for a technician, what needs the manager, load per technician. */
export async function board(caller: Caller): Promise<RepairBoard> {
  const communityId = new ObjectId(caller.communityId);
  const [orders, techs] = await Promise.all([
    Repair.find({ communityId }, { history: 0, photoIds: 0, afterPhotoIds: 0, materials: 0 }).lean() as Promise<RepairDoc[]>,
    technicians(communityId),
  ]);
  // Counts of the open states only: the header's 进行中 total is their sum (finished orders are
  // the weekly figures' business, not the live board's).
  const byStatus: RepairBoard['byStatus'] = {};
  const open = orders.filter((o) => OPEN_STATUSES.includes(o.status as RepairStatus)).map((o) => ({ o, s: toSummary(o) }));
  for (const { o } of open) byStatus[o.status as RepairStatus] = (byStatus[o.status as RepairStatus] ?? 0) + 1;
  const rank = (a: { o: RepairDoc }, b: { o: RepairDoc }) => urgencyRank(a.o.urgency as Urgency) - urgencyRank(b.o.urgency as Urgency) || a.o.createdAt.getTime() - b.o.createdAt.getTime();
  const overdue = open.filter((x) => x.s.deadline?.overdue).sort(rank);
  const managerFlags = ['angry', 'emergency', 'low-rating', 'unhappy', 'unassigned', 'reopened'];
  // Flagged: open orders with a flag, and finished ones with an unhappy owner from the last 30 days.
  const recent = now().getTime() - 30 * DAY_MS;
  const flagged = orders
    .filter((o) => (o.flags ?? []).some((f) => managerFlags.includes(f)) && (OPEN_STATUSES.includes(o.status as RepairStatus) || o.updatedAt.getTime() > recent))
    .filter((o) => OPEN_STATUSES.includes(o.status as RepairStatus) || (o.flags ?? []).some((f) => f === 'low-rating' || f === 'unhappy'))
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  const unassigned = open.filter((x) => UNASSIGNED_STATUSES.includes(x.o.status as RepairStatus)).sort(rank);
  return {
    byStatus,
    open: open.length,
    totals: { overdue: overdue.length, unassigned: unassigned.length, flagged: flagged.length },
    overdue: overdue.slice(0, BOARD_LIST_MAX).map((x) => x.s),
    unassigned: unassigned.slice(0, BOARD_LIST_MAX).map((x) => x.s),
    flagged: flagged.slice(0, BOARD_LIST_MAX).map(toSummary),
    byTechnician: techs.map((t) => {
      const mine = open.filter((x) => String(x.o.assigneeId ?? '') === String(t.id));
      return { id: String(t.id), name: t.name, skills: [...t.skills], onDuty: t.onDuty, open: mine.length, overdue: mine.filter((x) => x.s.deadline?.overdue).length };
    }),
  };
}

/** Monday 00:00 (Asia/Shanghai) of the week containing `day` (YYYY-MM-DD) or now, as a UTC instant. */
export function weekStartOf(day?: string): Date {
  return dayStart(weekStart(day ?? localDay(now())));
}

const mins = (from?: Date | null, to?: Date | null) => (from && to ? (new Date(to).getTime() - new Date(from).getTime()) / MINUTE_MS : null);

/**
 * Weekly figures. Orders reported in the week: medians of the first time to accept (from the first
 * dispatch), arrive and complete (from the report), share that missed a deadline. Orders completed
 * in the week: ratings (unrated after 72 h counts as unrated, never as 5 stars) and reopen rate.
 */
export async function stats(caller: Caller, weekOf?: string): Promise<RepairStats> {
  const start = weekStartOf(weekOf);
  const end = new Date(start.getTime() + 7 * DAY_MS);
  const communityId = new ObjectId(caller.communityId);
  const [reported, completed] = (await Promise.all([
    Repair.find({ communityId, createdAt: { $gte: start, $lt: end } }, { history: 0 }).lean(),
    Repair.find({ communityId, 'firsts.completedAt': { $gte: start, $lt: end } }, { history: 0 }).lean(),
  ])) as [RepairDoc[], RepairDoc[]];
  const pick = (f: (o: RepairDoc) => number | null) => median(reported.map(f).filter((v): v is number => v !== null));
  const round = (v: number | null) => (v === null ? null : Math.round(v));
  const ratings: RepairStats['ratings'] = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  const rated = completed.filter((o) => o.rating?.overall);
  for (const o of rated) ratings[String(o.rating!.overall) as keyof RepairStats['ratings']]++;
  const unrated = completed.filter((o) => !o.rating?.overall && now().getTime() - new Date(o.firsts!.completedAt!).getTime() > RATE_WITHIN_HOURS * HOUR_MS).length;
  const live = reported.filter((o) => o.status !== 'cancelled');
  return {
    weekStart: localDay(start),
    weekEnd: localDay(new Date(end.getTime() - DAY_MS)),
    created: reported.length,
    completed: completed.length,
    medianMinutes: {
      accept: round(pick((o) => mins(o.firsts?.dispatchedAt ?? o.createdAt, o.firsts?.acceptedAt))),
      arrive: round(pick((o) => mins(o.createdAt, o.firsts?.arrivedAt))),
      complete: round(pick((o) => mins(o.createdAt, o.firsts?.completedAt))),
    },
    breachRate: live.length ? live.filter((o) => (o.breaches ?? []).length > 0).length / live.length : null,
    ratings,
    unrated,
    averageRating: rated.length ? Math.round((rated.reduce((s, o) => s + (o.rating!.overall ?? 0), 0) / rated.length) * 10) / 10 : null,
    reopenRate: completed.length ? completed.filter((o) => (o.reopenCount ?? 0) > 0).length / completed.length : null,
  };
}

/** One order on a desk: what it is, its running deadline, whether that deadline has passed. */
export interface RepairDeskEntry {
  summary: RepairSummary;
  overdue: boolean;
}

/** Open orders of the community (a technician: his own), with their running deadlines. */
export async function openOrdersForDesk(communityId: string, assigneeId?: string): Promise<RepairDeskEntry[]> {
  const filter: Record<string, unknown> = { communityId: new ObjectId(communityId), status: { $in: [...OPEN_STATUSES] } };
  if (assigneeId) filter.assigneeId = new ObjectId(assigneeId);
  const docs = (await Repair.find(filter, { history: 0, photoIds: 0, afterPhotoIds: 0, materials: 0 }).lean()) as RepairDoc[];
  return docs.map(toSummary).map((summary) => ({ summary, overdue: Boolean(summary.deadline?.overdue) }));
}

/** Per month: orders reported, and of the orders completed in it the rated and the satisfied (4–5 stars). */
export interface RepairMonthFigures {
  month: string;
  reported: number;
  rated: number;
  satisfied: number;
}

/**
 * The manager home's repair figures: open and overdue orders now (the board's counts), and for
 * each month (YYYY-MM, oldest first) the orders reported and the ratings of those completed.
 */
export async function dashboardFigures(communityId: string, months: readonly string[]): Promise<{ open: number; overdue: number; months: RepairMonthFigures[] }> {
  const cid = new ObjectId(communityId);
  const from = monthBounds(months[0]).from;
  const to = monthBounds(months[months.length - 1]).to;
  const [open, reported, completed] = await Promise.all([
    openOrdersForDesk(communityId),
    Repair.find({ communityId: cid, createdAt: { $gte: from, $lt: to } }, { createdAt: 1 }).lean(),
    Repair.find({ communityId: cid, 'firsts.completedAt': { $gte: from, $lt: to } }, { firsts: 1, rating: 1 }).lean(),
  ]);
  return {
    open: open.length,
    overdue: open.filter((x) => x.overdue).length,
    months: months.map((month) => {
      const ratings = completed.filter((o) => o.firsts?.completedAt && localMonth(o.firsts.completedAt) === month && o.rating?.overall).map((o) => o.rating!.overall!);
      return {
        month,
        reported: reported.filter((o) => localMonth(o.createdAt) === month).length,
        rated: ratings.length,
        satisfied: ratings.filter((r) => r >= 4).length,
      };
    }),
  };
}
