import { addDays, chineseDate, dayStart, localDay, MINUTE_MS } from '@shared/domain/calendar';
import { LEASED_KINDS, leaseDaysLeft, MAX_PARKING_REMINDER_STAGES, PARKING_SPACE_LABELS, parkingReminderDaysProblem, parkingStageReached, DEFAULT_PARKING_REMINDER_DAYS } from '@shared/domain/parking';
import type { ParkingKind } from '@shared/domain/vehicles';
import { routes } from '@shared/routes';
import { insertIgnoringDuplicates } from '../../lib/bulk';
import { Claim, claimOnce } from '../../lib/claim';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import type { JobScope } from '../../lib/job-scope';
import { Budget, runSliced, sliceBatches } from '../../lib/slices';
import { owners as ownersIn } from '../identity';
import { addCallTasks, enqueueMany, type EnqueueInput } from '../messaging';
import { communityIdsIn, recordedOwners, unitLabels } from './directory';
import { ParkingReminderRun, ParkingSettings, ParkingSpace } from './household.model';

type Id = mongoose.Types.ObjectId;

export interface ParkingReminderReport {
  /** Leases (rented or temporary spaces with an end date) that reached a stage not yet handled. */
  leases: number;
  /** Reminder messages queued (one per owner of the unit). */
  messages: number;
  /** Call tasks for agents: leases past their end, not renewed. */
  callTasks: number;
  /** Stages handled without anyone to tell (no owner bound to the unit, no owner on record with a phone). */
  noContact: number;
  /** Stages of dead runs' journals queued by this run. */
  replayed: number;
  /** Work is left for the next invocation (lib/slices.ts). */
  more: boolean;
}

/** A run that has not closed its journal in this time is taken to be dead, and its journal replayed. */
const RUN_LEASE_MS = 10 * MINUTE_MS;
/** The earliest a reminder can start: the longest ladder a community may set (90 days before the end). */
const LOOK_AHEAD_DAYS = 90;

/** One lease's stage to handle (stored in the run's journal). */
interface StageItem {
  spaceId: string;
  unitId: string;
  code: string;
  kind: ParkingKind;
  leaseEndsOn: string;
  /** The claim and the event key: `parking:<lease>:<stage index | 'expired'>`. */
  key: string;
  /** The reminder stage's index in the ladder, or 'expired' (the day after the end, not renewed). */
  stage: number | 'expired';
  daysLeft: number;
}

/** Who the messages go to and what they name: bound owners by unit (of the community), owners on record and labels of the units. */
async function recipientsOf(communityId: Id, unitIds: readonly Id[]) {
  const [owners, recorded, labels] = await Promise.all([ownersIn({ communityId }), recordedOwners(communityId, unitIds), unitLabels(unitIds)]);
  const ownersByUnit = new Map<string, typeof owners>();
  for (const o of owners) for (const u of o.unitIds) ownersByUnit.set(String(u), [...(ownersByUnit.get(String(u)) ?? []), o]);
  const recordedByUnit = new Map<string, typeof recorded>();
  for (const r of recorded) recordedByUnit.set(String(r.unitId), [...(recordedByUnit.get(String(r.unitId)) ?? []), r]);
  return { ownersByUnit, recordedByUnit, labelOf: labels };
}
type Recipients = Awaited<ReturnType<typeof recipientsOf>>;

interface Outgoing {
  messages: EnqueueInput[];
  calls: Parameters<typeof addCallTasks>[0];
}

/**
 * What claimed stages say: a reminder stage is a 车位到期提醒 to each owner bound to the unit
 * (subscribe message → official account → a call task, by the outbox); the expiry is a call task for
 * agents to the owner on record (or a bound owner) with a phone. Idempotent per event key once queued.
 */
function stageOutgoing(communityId: Id, claimed: StageItem[], who: Recipients, report: ParkingReminderReport, out: Outgoing): void {
  for (const d of claimed) {
    const label = who.labelOf.get(d.unitId) ?? '';
    if (d.stage !== 'expired') {
      const owners = who.ownersByUnit.get(d.unitId) ?? [];
      if (!owners.length) report.noContact++;
      for (const o of owners) {
        out.messages.push({
          communityId,
          eventKey: d.key,
          recipientUserId: o.id,
          templateKey: 'parking.expiring',
          values: {
            space: `${d.code}（${PARKING_SPACE_LABELS[d.kind]}）`,
            unit: label,
            dueDate: dayStart(d.leaseEndsOn),
            remark: d.daysLeft === 0 ? '今天到期，请及时到物业服务中心续租' : `还有${d.daysLeft}天到期，请及时到物业服务中心续租`,
          },
          page: routes.owner.home(),
        });
        report.messages++;
      }
      continue;
    }
    const onRecord = (who.recordedByUnit.get(d.unitId) ?? []).find((r) => r.phone);
    const bound = (who.ownersByUnit.get(d.unitId) ?? []).find((o) => o.phone);
    const contact = onRecord ? { id: onRecord.userId ?? onRecord._id, name: onRecord.name, phone: onRecord.phone ?? '' } : bound ? { id: bound.id, name: bound.name, phone: bound.phone } : null;
    if (!contact) {
      report.noContact++;
      continue;
    }
    out.calls.push({
      communityId,
      eventKey: d.key,
      recipientId: contact.id,
      name: contact.name,
      phone: contact.phone,
      unitLabel: label,
      title: `车位租期已到未续：${d.code}`,
      lines: [
        { label: '车位', value: `${d.code}（${PARKING_SPACE_LABELS[d.kind]}）` },
        { label: '房屋', value: label },
        { label: '到期日期', value: chineseDate(d.leaseEndsOn) },
      ],
      reason: '车位租期已过未续租，请联系业主续租或释放车位',
    });
  }
}

async function queue(out: Outgoing, report: ParkingReminderReport): Promise<void> {
  for (let i = 0; i < out.messages.length; i += 20_000) await enqueueMany(out.messages.slice(i, i + 20_000));
  report.callTasks += await addCallTasks(out.calls);
}

/** Finish the journals of the community's runs that died between claiming and queueing (one run replays each). */
async function replayDeadRuns(communityId: Id, report: ParkingReminderReport): Promise<void> {
  const dead = await ParkingReminderRun.find({ communityId, at: { $lt: new Date(now().getTime() - RUN_LEASE_MS) } }).lean();
  for (const run of dead) {
    // Permanent (no ttl): one such claim per crashed run.
    if (!(await claimOnce(`parking-replay:${run._id}`))) continue;
    const items = run.items as StageItem[];
    // Only the stages that run had claimed (a racing run may hold the rest).
    const held = new Set((await Claim.find({ _id: { $in: items.map((d) => d.key) }, run: run._id }, { _id: 1 }).lean()).map((c) => c._id));
    const mine = items.filter((d) => held.has(d.key));
    if (mine.length) {
      const out: Outgoing = { messages: [], calls: [] };
      stageOutgoing(run.communityId, mine, await recipientsOf(run.communityId, unitIdsOf(mine)), report, out);
      await queue(out, report);
    }
    await ParkingReminderRun.deleteOne({ _id: run._id });
    report.replayed += mine.length;
  }
}

const unitIdsOf = (items: StageItem[]): Id[] => [...new Set(items.map((d) => d.unitId))].map((id) => new mongoose.Types.ObjectId(id));

/**
 * 车位到期提醒, every community (a manager's manual run: theirs). For each rented or temporary space
 * with a lease end, the ladder stage it has reached (the community's days before the end, default
 * 30/15/7/1) is handled once per lease — claim `parking:<lease>:<stage>`: a reminder to the unit's
 * owners through the outbox (quiet hours and the subscribe → official account → call fallback are
 * the outbox's); the day after the end, a lease not renewed becomes a call task for agents
 * (`parking:<lease>:expired`). A renewal is a new lease (new key): its ladder starts again. A
 * released space has no lease; owned spaces and temporary ones without an end date get nothing.
 *
 * Exactly once across racing runs (the claims) and crashes (a journal written before the claims,
 * deleted once queued; a later run replays a journal older than RUN_LEASE_MS).
 *
 * In slices (lib/slices.ts): community by community, the leased spaces that may have reached a stage
 * in `_id` order a batch at a time (an item: one space; a batch: one journal, one claims insert, one
 * enqueue), within the invocation's budget; `more`: the next invocation continues (the cursor
 * belongs to the day: a cursor left from another day starts the community again).
 */
export async function runParkingReminders(
  opts: { scope?: JobScope; signal?: AbortSignal; budget?: Budget; checkpoint?: (step: 'claimed') => void | Promise<void> } = {},
): Promise<ParkingReminderReport> {
  const report: ParkingReminderReport = { leases: 0, messages: 0, callTasks: 0, noContact: 0, replayed: 0, more: false };
  const at = now();
  const today = localDay(at);
  const budget = opts.budget ?? Budget.of({ signal: opts.signal });
  const sliced = await runSliced('parkingReminders', { communityIds: await communityIdsIn(opts.scope), budget }, async (cid, slice) => {
    const communityId = new mongoose.Types.ObjectId(cid);
    await replayDeadRuns(communityId, report);
    let days: readonly number[] | undefined;
    const daysOf = async (): Promise<readonly number[]> => {
      if (days) return days;
      const s = await ParkingSettings.findById(cid, { reminderDays: 1 }).lean();
      days = s && !parkingReminderDaysProblem(s.reminderDays) ? s.reminderDays.slice(0, MAX_PARKING_REMINDER_STAGES) : DEFAULT_PARKING_REMINDER_DAYS;
      return days;
    };
    return sliceBatches(
      slice,
      {
        // Leases that may have reached a stage.
        read: (after, limit) =>
          ParkingSpace.find(
            { communityId, kind: { $in: LEASED_KINDS }, leaseEndsOn: { $lte: addDays(today, LOOK_AHEAD_DAYS) }, ...(after ? { _id: { $gt: new mongoose.Types.ObjectId(after) } } : {}) },
            { communityId: 1, code: 1, kind: 1, unitId: 1, leaseEndsOn: 1, leaseId: 1 },
          )
            .sort({ _id: 1 })
            .limit(limit)
            .lean(),
        keyOf: (s) => String(s._id),
        batch: 5_000,
        pass: today,
      },
      async (spaces) => {
        const wanted: StageItem[] = [];
        for (const s of spaces) {
          if (!s.unitId || !s.leaseEndsOn) continue;
          const daysLeft = leaseDaysLeft(s.leaseEndsOn, today);
          const stage = daysLeft < 0 ? 'expired' : parkingStageReached(daysLeft, await daysOf());
          if (stage === null) continue;
          // The lease: its id (every assignment and renewal makes a new one); a space written with an end date but no id, by its end date.
          const lease = s.leaseId ? String(s.leaseId) : `${String(s._id)}-${s.leaseEndsOn}`;
          wanted.push({ spaceId: String(s._id), unitId: String(s.unitId), code: s.code, kind: s.kind as ParkingKind, leaseEndsOn: s.leaseEndsOn, key: `parking:${lease}:${stage}`, stage, daysLeft });
        }
        if (wanted.length) await remind(communityId, wanted, at, report, opts.checkpoint);
      },
    );
  });
  report.more = sliced.more;
  return report;
}

/** One batch of a community's stages: the journal first, then the claims (each marked with this run), then the messages and calls; a crash after claiming is replayed. */
async function remind(communityId: Id, wanted: StageItem[], at: Date, report: ParkingReminderReport, checkpoint?: (step: 'claimed') => void | Promise<void>): Promise<void> {
  const runId = `parking:${String(communityId)}:${at.getTime()}:${Math.random().toString(36).slice(2, 10)}`;
  await ParkingReminderRun.create({ _id: runId, communityId, items: wanted, at });
  const taken = await insertIgnoringDuplicates(Claim.collection, wanted.map((d) => ({ _id: d.key, at, run: runId })) as never[]);
  const claimed = wanted.filter((_d, i) => !taken.has(i));
  const out: Outgoing = { messages: [], calls: [] };
  if (claimed.length) {
    report.leases += claimed.length;
    stageOutgoing(communityId, claimed, await recipientsOf(communityId, unitIdsOf(claimed)), report, out);
    await checkpoint?.('claimed');
  }
  try {
    await queue(out, report);
  } catch (err) {
    // What was not queued is tried again by the next run: give the stages back.
    await Claim.collection.deleteMany({ _id: { $in: claimed.map((d) => d.key) } } as never);
    await ParkingReminderRun.deleteOne({ _id: runId });
    throw err;
  }
  await ParkingReminderRun.deleteOne({ _id: runId });
}
