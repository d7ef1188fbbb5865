import { settle, stageReached, yuan, type LadderStage } from '@shared/domain/fees';
import { DAY_MS, dayStart, localDay, MINUTE_MS } from '@shared/domain/calendar';
import { routes } from '@shared/routes';
import { Claim, claimOnce } from '../../lib/claim';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { inScope, type JobScope } from '../../lib/job-scope';
import { insertIgnoringDuplicates } from '../../lib/bulk';
import { servicePhones, unitsOf } from '../community';
import { owners as ownersIn } from '../identity';
import { addCallTasks, enqueueMany, eventKeysSince, type EnqueueInput } from '../messaging';
import { Bill, Payment, ReminderRun, Refund, UnitPause } from './fee.model';
import { feeHooks } from './fees.hooks';
import { ladderDaysOf } from './ladder.service';
import { payOnlineMode } from './pay-mode';

type Id = mongoose.Types.ObjectId;

export interface ReminderRunReport {
  units: number;
  messages: number;
  callTasks: number;
  review: number;
  paused: number;
  /** Stages of dead runs' journals queued by this run. */
  replayed: number;
}


/** A run that has not finished its journal in this time is taken to be dead, and its journal replayed. */
const RUN_LEASE_MS = 10 * MINUTE_MS;

/** One bill's stage to handle (stored in the run's journal). */
interface StageItem {
  unitId: string;
  billId: string;
  stage: LadderStage;
  fen: number;
  itemName: string;
  parking: boolean;
  dueDate: Date;
}

/** Who and what the messages name: owners by unit, unit labels, each community's service phone (of the communities in scope). */
async function recipientsOf(scope: JobScope | undefined) {
  const [owners, units, phoneOf] = await Promise.all([ownersIn({ scope }), unitsOf(scope), servicePhones(scope)]);
  const ownersByUnit = new Map<string, typeof owners>();
  for (const o of owners) for (const u of o.unitIds) ownersByUnit.set(String(u), [...(ownersByUnit.get(String(u)) ?? []), o]);
  return { ownersByUnit, labelOf: new Map(units.map((u) => [String(u._id), u.label])), phoneOf };
}
type Recipients = Awaited<ReturnType<typeof recipientsOf>>;

/** What claimed stages say, before it is queued. */
interface Outgoing {
  messages: EnqueueInput[];
  calls: Parameters<typeof addCallTasks>[0];
}

/**
 * What the claimed stages say: stages 0–2 as one bundled message per unit (event key
 * `fees:<unit>:<day>`), stage 3 as a call task, stage 4 counted for the review list. Idempotent per
 * event key once queued, so replaying a dead run's journal sends nothing twice.
 */
function stageOutgoing(communityId: Id, day: string, claimed: StageItem[], who: Recipients, report: ReminderRunReport, out: Outgoing): void {
  const { messages, calls } = out;
  // With WeChat Pay on, the message opens the unit's pay page (the overdue bills preselected) and says so.
  const payOnline = Boolean(payOnlineMode());
  const byUnit = new Map<string, StageItem[]>();
  for (const d of claimed) byUnit.set(d.unitId, [...(byUnit.get(d.unitId) ?? []), d]);
  for (const [unitId, list] of byUnit) {
    const ownersOfUnit = who.ownersByUnit.get(unitId) ?? [];
    const label = who.labelOf.get(unitId) ?? '';
    const texts = list.filter((d) => d.stage <= 2);
    if (texts.length && ownersOfUnit.length) {
      const overdue = texts.some((d) => d.stage >= 1);
      const items = [...new Set(texts.map((d) => d.itemName))].join('、');
      const amount = texts.reduce((sum, d) => sum + d.fen, 0);
      for (const o of ownersOfUnit) {
        messages.push({
          communityId,
          eventKey: `fees:${unitId}:${day}`,
          recipientUserId: o.id,
          templateKey: overdue ? 'fee.overdue' : 'fee.reminder',
          values: overdue
            ? { item: items, amount, unit: label, servicePhone: who.phoneOf.get(String(communityId)) ?? '', remark: overdueRemark(texts.filter((d) => d.stage === 2), payOnline) }
            : { item: items, amount, dueDate: texts.reduce((m, d) => (d.dueDate < m ? d.dueDate : m), texts[0].dueDate), unit: label, ...(payOnline ? { remark: PAY_ONLINE_REMARK } : {}) },
          page: payOnline ? routes.owner.pay({ unitId }) : routes.owner.bills(),
        });
      }
      report.messages++;
    }
    const visits = list.filter((d) => d.stage === 3);
    const owner = ownersOfUnit.find((o) => o.phone);
    if (visits.length && owner) {
      calls.push({
        communityId,
        eventKey: `fees:${unitId}:call:${visits.map((d) => d.billId).join(',')}`.slice(0, 500),
        recipientId: owner.id,
        name: owner.name,
        phone: owner.phone,
        unitLabel: label,
        title: `欠费催缴：${label}`,
        lines: [
          { label: '欠费项目', value: [...new Set(visits.map((d) => d.itemName))].join('、') },
          { label: '欠费金额', value: `${yuan(visits.reduce((sum, d) => sum + d.fen, 0))}元` },
        ],
        reason: '逾期30天，请电话或上门催缴并记录结果',
      });
    }
    report.review += list.filter((d) => d.stage === 4).length;
  }
}

/** Queue it: large chunks, because on FerretDB each chunk's recipient lookups scan the users once. */
async function queue(out: Outgoing, report: ReminderRunReport): Promise<void> {
  for (let i = 0; i < out.messages.length; i += 20_000) await enqueueMany(out.messages.slice(i, i + 20_000));
  report.callTasks += await addCallTasks(out.calls);
}

const keyOf = (d: { billId: string; stage: number }) => `remind:${d.billId}:${d.stage}`;

/** Finish the journals of runs that died between claiming and queueing (one replays each). */
async function replayDeadRuns(report: ReminderRunReport, scope: JobScope | undefined): Promise<void> {
  const dead = await ReminderRun.find({ at: { $lt: new Date(now().getTime() - RUN_LEASE_MS) }, ...inScope(scope) }).lean();
  for (const run of dead) {
    // Permanent (no ttl): a dead run is replayed once; there is one such claim per crashed run.
    if (!(await claimOnce(`replay:${run._id}`))) continue;
    const items = (run.items as StageItem[]).map((d) => ({ ...d, dueDate: new Date(d.dueDate) }));
    // Only the stages that run had claimed (another run may hold the rest).
    const held = new Set((await Claim.find({ _id: { $in: items.map(keyOf) }, run: run._id }, { _id: 1 }).lean()).map((c) => c._id));
    const mine = items.filter((d) => held.has(keyOf(d)));
    if (mine.length) {
      const out: Outgoing = { messages: [], calls: [] };
      stageOutgoing(run.communityId, run.day, mine, await recipientsOf({ communityIds: [String(run.communityId)] }), report, out);
      await queue(out, report);
    }
    await ReminderRun.deleteOne({ _id: run._id });
    report.replayed += mine.length;
  }
}

/** The closing line of a reminder when WeChat Pay is on (a `thing` value: at most 20 characters). */
const PAY_ONLINE_REMARK = '点击即可微信支付，或到物业服务中心缴纳';

/** The overdue message's closing line: which formal notice was issued (stage 2), else how to pay. */
function overdueRemark(formal: { parking: boolean }[], payOnline: boolean): string {
  if (!formal.length) return payOnline ? PAY_ONLINE_REMARK : '可到物业服务中心现金、POS或转账缴纳';
  if (formal.every((d) => d.parking)) return '车位使用费催缴通知单已出具，请尽快缴纳';
  if (formal.some((d) => d.parking)) return '费用及车位费催缴通知单已出具，请尽快缴纳';
  return '费用催缴通知单已出具，请尽快缴纳';
}

/**
 * The reminder ladder (催缴), every community: for each unit with unpaid bills and no pause (a
 * promised date, a manager's hardship pause, an unresolved disputed repair or fee complaint), each bill's highest stage
 * reached (the community's own stage days) is handled exactly once (claim `remind:<bill>:<stage>`):
 * stages 0–2 as one bundled WeChat message per unit per day (subscription → official account → a
 * call task), stage 3 as a call task for agents, stage 4 onto the manager's review list.
 *
 * Exactly once across racing runs (the claims) and crashes: each community's stages are written to
 * a journal before they are claimed and the journals are deleted once everything is queued (all
 * communities together, in a few large chunks); the next run replays a journal older than the
 * lease. `checkpoint` lets crash tests stop the process there.
 *
 * The timer runs it for every community; a manager's manual run passes `scope` (their communities):
 * every read below, and so every claim and message, stays inside it.
 */
export async function runReminders(
  opts: { signal?: AbortSignal; checkpoint?: (step: 'claimed' | 'queued') => void | Promise<void>; scope?: JobScope } = {},
): Promise<ReminderRunReport> {
  const report: ReminderRunReport = { units: 0, messages: 0, callTasks: 0, review: 0, paused: 0, replayed: 0 };
  const { scope } = opts;
  await replayDeadRuns(report, scope);
  const at = now();
  const today = localDay(at);
  const mine = inScope(scope);
  // Every collection is read once for all communities in scope (on FerretDB each read is a full scan).
  const [allBills, payments, refunds, pauses, disputed, sentToday] = await Promise.all([
    Bill.find({ status: 'open', ...mine }).lean(),
    Payment.find(mine, { unitId: 1, amountFen: 1 }).lean(),
    Refund.find(mine, { unitId: 1, amountFen: 1 }).lean(),
    UnitPause.find(mine).lean(),
    // Units whose owner disputes a repair or a fee that is not resolved yet (fees.hooks.ts): the ladder waits.
    feeHooks.disputedUnits.run(scope),
    // Reminders already sent today (one per unit per day): their units' message stages wait for tomorrow.
    eventKeysSince({ templateKeys: ['fee.reminder', 'fee.overdue'], since: dayStart(today), scope }),
  ]);
  const soon = at.getTime() + 31 * DAY_MS;
  const billsByCommunity = new Map<string, typeof allBills>();
  for (const b of allBills) {
    const list = billsByCommunity.get(String(b.communityId));
    if (list) list.push(b);
    else billsByCommunity.set(String(b.communityId), [b]);
  }
  const communities = [...billsByCommunity.keys()].filter((cid) => billsByCommunity.get(cid)!.some((b) => b.dueDate.getTime() <= soon));
  const paidIn = new Map<string, number>();
  for (const p of payments) paidIn.set(String(p.unitId), (paidIn.get(String(p.unitId)) ?? 0) + p.amountFen);
  for (const r of refunds) paidIn.set(String(r.unitId), (paidIn.get(String(r.unitId)) ?? 0) - r.amountFen);
  const paused = new Set(pauses.filter((p) => p.kind === 'hardship' || (p.until && p.until > at)).map((p) => p._id));
  for (const unitId of disputed) paused.add(unitId);
  let who: Recipients | null = null;
  // Claimed in every community first, then queued together (few large enqueue chunks), then the journals closed.
  const out: Outgoing = { messages: [], calls: [] };
  const runs: { runId: string; claimed: StageItem[] }[] = [];
  for (const cid of communities) {
    if (opts.signal?.aborted) break;
    const communityId = new mongoose.Types.ObjectId(cid);
    const ladder = await ladderDaysOf(cid);
    const bills = billsByCommunity.get(cid)!;
    const byUnit = new Map<string, typeof bills>();
    for (const b of bills) byUnit.set(String(b.unitId), [...(byUnit.get(String(b.unitId)) ?? []), b]);

    // Every unit's due stages, then one batch of claims (`remind:<bill>:<stage>`: a stage is handled once).
    const wanted: StageItem[] = [];
    for (const [unitId, unitBills] of byUnit) {
      const settled = settle(unitBills.map((b) => ({ id: b._id, amountFen: b.amountFen, dueDate: b.dueDate.toISOString() })), paidIn.get(unitId) ?? 0);
      const owed = new Map(settled.bills.filter((b) => b.dueFen > 0).map((b) => [b.id, b.dueFen]));
      const unpaid = unitBills.filter((b) => owed.has(b._id));
      if (!unpaid.length) continue;
      report.units++;
      if (paused.has(unitId)) {
        report.paused++;
        continue;
      }
      const messagedToday = sentToday.has(`fees:${unitId}:${today}`);
      for (const b of unpaid) {
        const stage = stageReached(b.dueDate, at, ladder);
        if (stage === null || (stage <= 2 && messagedToday)) continue;
        wanted.push({ unitId, billId: b._id, stage, fen: owed.get(b._id)!, itemName: b.itemName, parking: b.kind === 'parking', dueDate: b.dueDate });
      }
    }
    if (!wanted.length) continue;
    // The journal first, then the claims (each marked with this run): a crash after claiming is replayed.
    const runId = `${cid}:${today}:${at.getTime()}:${Math.random().toString(36).slice(2, 10)}`;
    await ReminderRun.create({ _id: runId, communityId, day: today, items: wanted, at });
    const taken = await insertIgnoringDuplicates(Claim.collection, wanted.map((d) => ({ _id: keyOf(d), at, run: runId })) as never[]);
    const claimed = wanted.filter((_d, i) => !taken.has(i));
    runs.push({ runId, claimed });
    if (claimed.length) {
      who ??= await recipientsOf(scope);
      stageOutgoing(communityId, today, claimed, who, report, out);
    }
  }
  if (!runs.length) return report;
  await opts.checkpoint?.('claimed');
  try {
    await queue(out, report);
  } catch (err) {
    // What was not queued is tried again by the next run: give the stages back.
    await Claim.collection.deleteMany({ _id: { $in: runs.flatMap((r) => r.claimed.map(keyOf)) } } as never);
    await ReminderRun.deleteMany({ _id: { $in: runs.map((r) => r.runId) } });
    throw err;
  }
  await opts.checkpoint?.('queued');
  await ReminderRun.deleteMany({ _id: { $in: runs.map((r) => r.runId) } });
  return report;
}
