import { addDays, chineseDate, dayStart, localDay, MINUTE_MS } from '@shared/domain/calendar';
import { LEASED_KINDS, leaseDaysLeft, MAX_PARKING_REMINDER_STAGES, PARKING_SPACE_LABELS, parkingReminderDaysProblem, parkingStageReached, DEFAULT_PARKING_REMINDER_DAYS } from '@shared/domain/parking';
import type { ParkingKind } from '@shared/domain/vehicles';
import { routes } from '@shared/routes';
import { insertIgnoringDuplicates } from '../../lib/bulk';
import { Claim, claimOnce } from '../../lib/claim';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { inScope, type JobScope } from '../../lib/job-scope';
import { owners as ownersIn } from '../identity';
import { addCallTasks, enqueueMany, type EnqueueInput } from '../messaging';
import { Unit } from './community.model';
import { ParkingReminderRun, ParkingSettings, ParkingSpace, Resident } from './household.model';

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

/** Who the messages go to and what they name: bound owners by unit, owners on record, unit labels (of the communities in scope). */
async function recipientsOf(scope: JobScope | undefined) {
  const mine = inScope(scope);
  const [owners, recorded, units] = await Promise.all([
    ownersIn({ scope }),
    Resident.find({ ...mine, relation: 'owner' }, { unitId: 1, name: 1, phone: 1, userId: 1 }).lean(),
    Unit.find(mine, { label: 1 }).lean(),
  ]);
  const ownersByUnit = new Map<string, typeof owners>();
  for (const o of owners) for (const u of o.unitIds) ownersByUnit.set(String(u), [...(ownersByUnit.get(String(u)) ?? []), o]);
  const recordedByUnit = new Map<string, typeof recorded>();
  for (const r of recorded) recordedByUnit.set(String(r.unitId), [...(recordedByUnit.get(String(r.unitId)) ?? []), r]);
  return { ownersByUnit, recordedByUnit, labelOf: new Map(units.map((u) => [String(u._id), u.label])) };
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

/** Finish the journals of runs that died between claiming and queueing (one run replays each). */
async function replayDeadRuns(report: ParkingReminderReport, scope: JobScope | undefined): Promise<void> {
  const dead = await ParkingReminderRun.find({ at: { $lt: new Date(now().getTime() - RUN_LEASE_MS) }, ...inScope(scope) }).lean();
  for (const run of dead) {
    // Permanent (no ttl): one such claim per crashed run.
    if (!(await claimOnce(`parking-replay:${run._id}`))) continue;
    const items = run.items as StageItem[];
    // Only the stages that run had claimed (a racing run may hold the rest).
    const held = new Set((await Claim.find({ _id: { $in: items.map((d) => d.key) }, run: run._id }, { _id: 1 }).lean()).map((c) => c._id));
    const mine = items.filter((d) => held.has(d.key));
    if (mine.length) {
      const out: Outgoing = { messages: [], calls: [] };
      stageOutgoing(run.communityId, mine, await recipientsOf({ communityIds: [String(run.communityId)] }), report, out);
      await queue(out, report);
    }
    await ParkingReminderRun.deleteOne({ _id: run._id });
    report.replayed += mine.length;
  }
}

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
 */
export async function runParkingReminders(opts: { scope?: JobScope; signal?: AbortSignal; checkpoint?: (step: 'claimed') => void | Promise<void> } = {}): Promise<ParkingReminderReport> {
  const report: ParkingReminderReport = { leases: 0, messages: 0, callTasks: 0, noContact: 0, replayed: 0 };
  const { scope } = opts;
  await replayDeadRuns(report, scope);
  const at = now();
  const today = localDay(at);
  const mine = inScope(scope);
  // Leases that may have reached a stage, and every community's own days: two reads for every community in scope.
  const [spaces, settings] = await Promise.all([
    ParkingSpace.find({ ...mine, kind: { $in: LEASED_KINDS }, leaseEndsOn: { $lte: addDays(today, LOOK_AHEAD_DAYS) } }, { communityId: 1, code: 1, kind: 1, unitId: 1, leaseEndsOn: 1, leaseId: 1 }).lean(),
    ParkingSettings.find(mine, { reminderDays: 1 }).lean(),
  ]);
  const daysOf = new Map(settings.filter((s) => !parkingReminderDaysProblem(s.reminderDays)).map((s) => [String(s._id), s.reminderDays.slice(0, MAX_PARKING_REMINDER_STAGES)]));
  const byCommunity = new Map<string, StageItem[]>();
  for (const s of spaces) {
    if (!s.unitId || !s.leaseEndsOn) continue;
    const daysLeft = leaseDaysLeft(s.leaseEndsOn, today);
    const days = daysOf.get(String(s.communityId)) ?? DEFAULT_PARKING_REMINDER_DAYS;
    const stage = daysLeft < 0 ? 'expired' : parkingStageReached(daysLeft, days);
    if (stage === null) continue;
    // The lease: its id (every assignment and renewal makes a new one); a space written with an end date but no id, by its end date.
    const lease = s.leaseId ? String(s.leaseId) : `${String(s._id)}-${s.leaseEndsOn}`;
    const item: StageItem = { spaceId: String(s._id), unitId: String(s.unitId), code: s.code, kind: s.kind as ParkingKind, leaseEndsOn: s.leaseEndsOn, key: `parking:${lease}:${stage}`, stage, daysLeft };
    const list = byCommunity.get(String(s.communityId));
    if (list) list.push(item);
    else byCommunity.set(String(s.communityId), [item]);
  }
  let who: Recipients | null = null;
  const out: Outgoing = { messages: [], calls: [] };
  const runs: { runId: string; claimed: StageItem[] }[] = [];
  for (const [cid, wanted] of byCommunity) {
    if (opts.signal?.aborted) break;
    // The journal first, then the claims (each marked with this run): a crash after claiming is replayed.
    const runId = `parking:${cid}:${at.getTime()}:${Math.random().toString(36).slice(2, 10)}`;
    await ParkingReminderRun.create({ _id: runId, communityId: new mongoose.Types.ObjectId(cid), items: wanted, at });
    const taken = await insertIgnoringDuplicates(Claim.collection, wanted.map((d) => ({ _id: d.key, at, run: runId })) as never[]);
    const claimed = wanted.filter((_d, i) => !taken.has(i));
    runs.push({ runId, claimed });
    if (!claimed.length) continue;
    report.leases += claimed.length;
    who ??= await recipientsOf(scope);
    stageOutgoing(new mongoose.Types.ObjectId(cid), claimed, who, report, out);
  }
  if (!runs.length) return report;
  await opts.checkpoint?.('claimed');
  try {
    await queue(out, report);
  } catch (err) {
    // What was not queued is tried again by the next run: give the stages back.
    await Claim.collection.deleteMany({ _id: { $in: runs.flatMap((r) => r.claimed.map((d) => d.key)) } } as never);
    await ParkingReminderRun.deleteMany({ _id: { $in: runs.map((r) => r.runId) } });
    throw err;
  }
  await ParkingReminderRun.deleteMany({ _id: { $in: runs.map((r) => r.runId) } });
  return report;
}
