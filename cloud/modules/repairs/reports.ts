import type { RepairBoard, RepairStats } from '@shared/contracts/repairs.contract';
import { DAY_MS, dayStart, HOUR_MS, localDay, MINUTE_MS, weekStart } from '@shared/domain/calendar';
import { median } from '../../lib/stats';
import { OPEN_STATUSES, RATE_WITHIN_HOURS, UNASSIGNED_STATUSES, urgencyRank, type RepairStatus, type Urgency } from '@shared/domain/repairs';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import type { Caller } from '../../lib/caller';
import { technicians } from '../identity';
import { Repair, type RepairDoc } from './repair.model';
import { toSummary } from './views';

const { ObjectId } = mongoose.Types;

/** The live board: counts by state, what is late, what waits for a technician, what needs the manager, load per technician. */
export async function board(caller: Caller): Promise<RepairBoard> {
  const communityId = new ObjectId(caller.communityId);
  const [orders, techs] = await Promise.all([
    Repair.find({ communityId }, { history: 0, photoIds: 0, afterPhotoIds: 0, materials: 0 }).lean() as Promise<RepairDoc[]>,
    technicians(communityId),
  ]);
  const byStatus: RepairBoard['byStatus'] = {};
  for (const o of orders) byStatus[o.status as RepairStatus] = (byStatus[o.status as RepairStatus] ?? 0) + 1;
  const open = orders.filter((o) => OPEN_STATUSES.includes(o.status as RepairStatus)).map((o) => ({ o, s: toSummary(o) }));
  const rank = (a: { o: RepairDoc }, b: { o: RepairDoc }) => urgencyRank(a.o.urgency as Urgency) - urgencyRank(b.o.urgency as Urgency) || a.o.createdAt.getTime() - b.o.createdAt.getTime();
  const overdue = open.filter((x) => x.s.deadline?.overdue).sort(rank);
  const managerFlags = ['angry', 'emergency', 'low-rating', 'unhappy', 'unassigned', 'reopened'];
  // Flagged: open orders with a flag, and finished ones with an unhappy owner from the last 30 days.
  const recent = now().getTime() - 30 * DAY_MS;
  const flagged = orders
    .filter((o) => (o.flags ?? []).some((f) => managerFlags.includes(f)) && (OPEN_STATUSES.includes(o.status as RepairStatus) || o.updatedAt.getTime() > recent))
    .filter((o) => OPEN_STATUSES.includes(o.status as RepairStatus) || (o.flags ?? []).some((f) => f === 'low-rating' || f === 'unhappy'))
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
    .slice(0, 50)
    .map(toSummary);
  return {
    byStatus,
    open: open.length,
    overdue: overdue.slice(0, 50).map((x) => x.s),
    unassigned: open.filter((x) => UNASSIGNED_STATUSES.includes(x.o.status as RepairStatus)).sort(rank).slice(0, 50).map((x) => x.s),
    flagged,
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
