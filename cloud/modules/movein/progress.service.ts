import type { Paged } from '@shared/contracts/contract';
import type { BatchProgress, BuildingProgress, DaySchedule, MoveInCallTask, MoveInCallView } from '@shared/contracts/movein-progress.contract';
import { localDay } from '@shared/domain/calendar';
import { OPEN_STATUSES } from '@shared/domain/repairs';
import { callIsDue, MOVEIN_CALL_OUTCOME_LABELS, progressBucket, type BatchStatus, type MoveInCallList, type MoveInCallOutcome, type MoveInStatus } from '@shared/domain/movein';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { paged } from '../../lib/paging';
import { buildingsOf } from '../community';
import { logContact } from '../desk';
import { repairSummaries } from '../repairs';
import { MoveInBatch } from './batch.model';
import { MoveInDefect } from './inspection.model';
import { MoveIn } from './movein.model';
import { MoveInCall, type MoveInCallDoc } from './progress.model';

/**
 * The manager's view of a batch (movein.md "Progress, calls and resale"): counts by building — each
 * a database count, never the batch's cases in memory —, the day's schedule (bounded by the day's
 * places), and the call tasks for owners who never booked or did not come (paged).
 */
const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

async function batchOf(caller: Caller, batchId: string) {
  const batch = await MoveInBatch.findOne({ _id: new ObjectId(batchId), communityId: new ObjectId(caller.communityId) }, { history: 0 }).lean();
  if (!batch) throw new AppError('MOVEIN.BATCH_NOT_FOUND');
  return batch;
}

const today = () => localDay(now());
const EMPTY = { units: 0, done: 0, inProgress: 0, booked: 0, noShow: 0, neverBooked: 0, cancelled: 0, defectsOpen: 0, defectsOverdue: 0 };

/** movein.progress: per building of the batch (in the community's order), the cases by where they stand and the defects. */
export async function progress(caller: Caller, input: { batchId: string }): Promise<BatchProgress> {
  const batch = await batchOf(caller, input.batchId);
  const day = today();
  const base = { communityId: batch.communityId, batchId: batch._id };
  const names = new Map((await buildingsOf(caller.communityId)).map((b, i) => [String(b._id), { name: b.name, order: i }]));
  const buildingIds = [...batch.buildingIds].sort((a, b) => (names.get(String(a))?.order ?? 1e9) - (names.get(String(b))?.order ?? 1e9));
  const defects = await defectsByBuilding(caller.communityId, batch._id);
  const count = (buildingId: Id, filter: Record<string, unknown>) => MoveIn.countDocuments({ ...base, buildingId, ...filter });
  const buildings: BuildingProgress[] = await Promise.all(
    buildingIds.map(async (buildingId) => {
      const [done, inProgress, waiting, booked, noShow, cancelled] = await Promise.all([
        count(buildingId, { status: 'done' }),
        count(buildingId, { status: 'in_progress' }),
        count(buildingId, { status: 'waiting' }),
        count(buildingId, { status: 'waiting', 'booking.day': { $gte: day } }),
        count(buildingId, { status: 'waiting', 'booking.day': { $lt: day } }),
        count(buildingId, { status: 'cancelled' }),
      ]);
      const d = defects.get(String(buildingId)) ?? { open: 0, overdue: 0 };
      return {
        buildingId: String(buildingId),
        buildingName: names.get(String(buildingId))?.name ?? '',
        units: done + inProgress + waiting,
        done,
        inProgress,
        booked,
        noShow,
        neverBooked: waiting - booked - noShow,
        cancelled,
        defectsOpen: d.open,
        defectsOverdue: d.overdue,
      };
    }),
  );
  const total = { ...EMPTY };
  for (const b of buildings) for (const k of Object.keys(EMPTY) as (keyof typeof EMPTY)[]) total[k] += b[k];
  return { batchId: String(batch._id), name: batch.name, status: batch.status as BatchStatus, startDay: batch.startDay, endDay: batch.endDay, today: day, buildings, total };
}

/**
 * The batch's inspection defects by building: open = the repair order is not finished (or not made
 * yet), overdue = open and its running deadline passed. Bounded by the batch (a few per unit).
 */
async function defectsByBuilding(communityId: string, batchId: Id): Promise<Map<string, { open: number; overdue: number }>> {
  const defects = await MoveInDefect.find({ communityId: new ObjectId(communityId), batchId }, { buildingId: 1, repairId: 1 }).lean();
  const repairs = new Map((await repairSummaries(communityId, defects.filter((d) => d.repairId).map((d) => String(d.repairId)))).map((r) => [r.id, r]));
  const out = new Map<string, { open: number; overdue: number }>();
  for (const d of defects) {
    const repair = d.repairId ? repairs.get(String(d.repairId)) : undefined;
    const open = !repair || OPEN_STATUSES.includes(repair.status);
    if (!open) continue;
    const entry = out.get(String(d.buildingId)) ?? { open: 0, overdue: 0 };
    entry.open += 1;
    if (repair?.deadline?.overdue) entry.overdue += 1;
    out.set(String(d.buildingId), entry);
  }
  return out;
}

/** movein.progressDay: the day's slots with the cases booked in them (the day's places bound the read). */
export async function progressDay(caller: Caller, input: { batchId: string; day: string }): Promise<DaySchedule> {
  const batch = await batchOf(caller, input.batchId);
  const closed = input.day < batch.startDay || input.day > batch.endDay || (batch.closedDays ?? []).includes(input.day);
  const slots = (batch.slots ?? []).map((s) => ({ slotId: s.id ?? '', label: `${s.start}–${s.end}`, capacity: s.capacity ?? 0 }));
  const places = slots.reduce((n, s) => n + s.capacity, 0);
  const cases = closed
    ? []
    : await MoveIn.find(
        { communityId: batch.communityId, batchId: batch._id, 'booking.day': input.day, status: { $ne: 'cancelled' } },
        { unitId: 1, unitLabel: 1, 'buyer.name': 1, status: 1, booking: 1 },
      )
        .sort({ unitLabel: 1 })
        .limit(Math.max(places, 1) * 2)
        .lean();
  const day = today();
  return {
    batchId: String(batch._id),
    day: input.day,
    closed,
    slots: slots.map((s) => {
      const entries = cases
        .filter((c) => c.booking?.slotId === s.slotId)
        .map((c) => ({
          moveInId: String(c._id),
          unitId: String(c.unitId),
          unitLabel: c.unitLabel,
          buyerName: c.buyer?.name ?? '',
          status: c.status as MoveInStatus,
          bucket: progressBucket(c.status as MoveInStatus, c.booking?.day ?? undefined, day),
        }));
      return { ...s, booked: entries.length, entries };
    }),
  };
}

const callView = (c: MoveInCallDoc): MoveInCallView => ({
  id: String(c._id),
  outcome: c.outcome as MoveInCallOutcome,
  ...(c.note ? { note: c.note } : {}),
  ...(c.nextCallDay ? { nextCallDay: c.nextCallDay } : {}),
  at: c.at.toISOString(),
  byName: c.byName,
});

type CaseLean = { _id: Id; unitId: Id; unitLabel: string; buyer?: { name?: string | null; phone?: string | null } | null; booking?: { day?: string | null } | null };
const CASE_FIELDS = { unitId: 1, unitLabel: 1, 'buyer.name': 1, 'buyer.phone': 1, booking: 1 } as const;

async function tasksOf(communityId: string, cases: CaseLean[]): Promise<MoveInCallTask[]> {
  const calls = (await MoveInCall.find({ communityId: new ObjectId(communityId), moveInId: { $in: cases.map((c) => c._id) } })
    .sort({ at: -1 })
    .lean()) as MoveInCallDoc[];
  const day = today();
  return cases.map((c) => {
    const mine = calls.filter((k) => String(k.moveInId) === String(c._id));
    const last = mine[0];
    return {
      moveInId: String(c._id),
      unitId: String(c.unitId),
      unitLabel: c.unitLabel,
      buyerName: c.buyer?.name ?? '',
      phone: c.buyer?.phone ?? '',
      ...(c.booking?.day ? { bookedDay: c.booking.day } : {}),
      calls: mine.length,
      ...(last ? { lastCall: callView(last) } : {}),
      due: callIsDue(last?.nextCallDay ?? undefined, Boolean(last), day),
    };
  });
}

/** movein.callTasks: the batch's waiting cases never booked (or booked for a day that passed), by unit; paged. */
export async function callTasks(caller: Caller, input: { batchId: string; list: MoveInCallList; buildingId?: string; page: number; pageSize: number }): Promise<Paged<MoveInCallTask>> {
  const batch = await batchOf(caller, input.batchId);
  const filter = {
    communityId: batch.communityId,
    batchId: batch._id,
    status: 'waiting',
    ...(input.buildingId ? { buildingId: new ObjectId(input.buildingId) } : {}),
    'booking.day': input.list === 'neverBooked' ? { $exists: false } : { $lt: today() },
  };
  return paged({ model: MoveIn, filter, sort: { unitLabel: 1 }, projection: CASE_FIELDS }, input, (docs: CaseLean[]) => tasksOf(caller.communityId, docs));
}

/**
 * movein.recordCall: the outcome of a call to a waiting case's buyer (and the day to call again), once
 * per request id; the call also goes into the desk's call log (来电 · 来访登记, outgoing) on the unit.
 */
export async function recordCall(
  caller: Caller,
  input: { moveInId: string; requestId: string; outcome: MoveInCallOutcome; note?: string; nextCallDay?: string },
): Promise<MoveInCallTask> {
  const communityId = new ObjectId(caller.communityId);
  const found = await MoveIn.findOne({ _id: new ObjectId(input.moveInId), communityId }, { ...CASE_FIELDS, batchId: 1, status: 1 }).lean();
  if (!found) throw new AppError('MOVEIN.NOT_FOUND');
  const key = `${caller.userId}:${input.requestId}`;
  const { doc } = await createOnce<MoveInCallDoc>({
    model: MoveInCall,
    key: `moveincall:${key}`,
    build: async (_id) => {
      if (found.status !== 'waiting') throw new AppError('MOVEIN.INVALID_TRANSITION', found.status === 'done' ? '该户已入住，无需再致电' : '该户已开始办理或已取消，无需再致电');
      if (input.nextCallDay && input.nextCallDay < today()) throw new AppError('VALIDATION', '下次致电日期不能早于今天', { issues: [{ path: 'nextCallDay', message: '下次致电日期不能早于今天' }] });
      return {
        _id,
        communityId,
        ...(found.batchId ? { batchId: found.batchId } : {}),
        moveInId: found._id,
        unitId: found.unitId,
        requestKey: key,
        outcome: input.outcome,
        ...(input.note ? { note: input.note } : {}),
        ...(input.nextCallDay ? { nextCallDay: input.nextCallDay } : {}),
        byId: new ObjectId(caller.userId),
        byName: caller.name,
        at: now(),
      };
    },
  });
  // The desk's log entry is keyed by the same request: a replay finds it instead of logging twice.
  const label = MOVEIN_CALL_OUTCOME_LABELS[doc.outcome as MoveInCallOutcome];
  await logContact(caller, {
    requestId: `movein-call-${input.requestId}`,
    kind: 'call',
    direction: 'out',
    unitId: String(found.unitId),
    ...(found.buyer?.phone ? { phone: found.buyer.phone } : {}),
    purpose: '入住办理预约提醒',
    result: [label, doc.note, doc.nextCallDay ? `下次致电 ${doc.nextCallDay}` : ''].filter(Boolean).join('；'),
  });
  return (await tasksOf(caller.communityId, [found as CaseLean]))[0];
}
