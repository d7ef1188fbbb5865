import { settle, stageReached, yuan, LADDER_STAGES, type LadderDays, type LadderStage } from '@shared/domain/fees';
import { DAY_MS, localDay } from '@shared/domain/calendar';
import { routes } from '@shared/routes';
import { now } from '../../lib/clock';
import { getConfig } from '../../lib/config';
import { mongoose } from '../../lib/db';
import type { JobScope } from '../../lib/job-scope';
import { Budget, runSliced } from '../../lib/slices';
import { communityIdsIn, servicePhones, unitLabels } from '../community';
import { openidsOfUsers, ownersByUnitIn } from '../identity';
import { addCallTasks, enqueueManyKnown, type EnqueueInput, type KnownRecipient } from '../messaging';
import { Bill, UnitPause } from './fee.model';
import { paidInByUnit } from './balance.service';
import { planById, plansOf, writePlan, type PlanItem } from './reminder-plans';
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
  /** Stages of dead workers' plans queued again by this run. */
  replayed: number;
  /** Work is left for the next invocation (budget spent, or communities another worker held). */
  more: boolean;
}

/** Units whose stages go into one plan (one document, one enqueue, one cursor save). */
const BATCH_UNITS = 1000;
/** Bills due within this are read (stage 0 starts a few days before the due date). */
const AHEAD_MS = 31 * DAY_MS;

/** One bill's stage to handle (stored in the batch's plan). */
type StageItem = PlanItem & { stage: LadderStage };

/**
 * What one invocation reads once, for every community it may work on (on FerretDB each of these is
 * one pass over its collection, whatever the number of reminders): owners by unit with their WeChat
 * contacts, service phones, what each unit has paid, pauses and disputes. Unit labels come with the
 * bills (each bill keeps its unit's label from when it was billed).
 */
async function invocationData(scope: JobScope, at: Date) {
  const ids = (scope.communityIds ?? []).map((id) => new mongoose.Types.ObjectId(id));
  const community = ids.length === 1 ? ids[0] : { $in: ids };
  const [ownersByUnit, phoneOf, paidIn, pauses, disputed] = await Promise.all([
    ownersByUnitIn(scope),
    servicePhones(scope),
    paidInByUnit(ids),
    UnitPause.find({ communityId: community }, { kind: 1, until: 1 }).lean(),
    // Units whose owner disputes a repair or a fee that is not resolved yet (fees.hooks.ts): the ladder waits.
    feeHooks.disputedUnits.run(scope),
  ]);
  // Each owner's WeChat openids (mini-program, official account): one streamed read for the whole run.
  const { appId, oa } = getConfig().wechat;
  const identities = await openidsOfUsers(ownersByUnit.ownerIds(), [...new Set([appId, oa.appId].filter(Boolean))]);
  const openids = new Map<string, { openid?: string; oaOpenid?: string }>();
  for (const [id, list] of identities) {
    const openid = list.find((i) => i.appId === appId)?.openid;
    const oaOpenid = list.find((i) => i.appId === oa.appId)?.openid;
    if (openid || oaOpenid) openids.set(id, { ...(openid ? { openid } : {}), ...(oaOpenid ? { oaOpenid } : {}) });
  }
  const paused = new Set(pauses.filter((p) => p.kind === 'hardship' || (p.until && p.until > at)).map((p) => String(p._id)));
  for (const unitId of disputed) paused.add(unitId);
  // Unit labels come with the bills (a bill keeps its unit's label: no read of the units); filled per batch, see `send`.
  const labelOf = new Map<string, string>();
  return { ownersByUnit, labelOf, phoneOf, openids, paidIn, paused };
}
type Recipients = Awaited<ReturnType<typeof invocationData>>;

/** The outbox's view of the owners of these messages (the unit the reminder is about names them). */
function knownRecipients(units: readonly string[], who: Recipients): Map<string, KnownRecipient> {
  const out = new Map<string, KnownRecipient>();
  for (const unitId of units) {
    for (const o of who.ownersByUnit.get(unitId)) {
      const label = who.labelOf.get(unitId);
      out.set(String(o.id), { name: o.name, phone: o.phone, ...(label ? { unitLabel: label } : {}), ...who.openids.get(String(o.id)) });
    }
  }
  return out;
}

/** What the planned stages say, before it is queued. */
interface Outgoing {
  messages: EnqueueInput[];
  calls: Parameters<typeof addCallTasks>[0];
}

/**
 * What the planned stages say: stages 0–2 as one bundled message per unit (event key
 * `fees:<unit>:<day>`), stage 3 as a call task, stage 4 counted for the review list. Idempotent per
 * event key once queued, so replaying a dead worker's plan sends nothing twice.
 */
function stageOutgoing(communityId: Id, day: string, claimed: StageItem[], who: Recipients, report: ReminderRunReport, out: Outgoing): void {
  const { messages, calls } = out;
  // With WeChat Pay on, the message opens the unit's pay page (the overdue bills preselected) and says so.
  const payOnline = Boolean(payOnlineMode());
  const byUnit = new Map<string, StageItem[]>();
  for (const d of claimed) byUnit.set(d.unitId, [...(byUnit.get(d.unitId) ?? []), d]);
  for (const [unitId, list] of byUnit) {
    const ownersOfUnit = who.ownersByUnit.get(unitId);
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
        recipientId: new mongoose.Types.ObjectId(owner.id),
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
 * Queue what the planned stages say: one enqueue (recipients known) and one batch of call tasks. The
 * units' labels came with their bills; units whose bills predate that (or a replayed plan's) are read
 * here, one read for the batch. The batch's labels are dropped after it (the map never holds a run).
 */
async function send(communityId: Id, day: string, items: StageItem[], who: Recipients, report: ReminderRunReport): Promise<void> {
  const units = [...new Set(items.map((d) => d.unitId))];
  const unlabelled = units.filter((u) => !who.labelOf.has(u));
  if (unlabelled.length) for (const [id, label] of await unitLabels(unlabelled.map((u) => new mongoose.Types.ObjectId(u)))) who.labelOf.set(id, label);
  const out: Outgoing = { messages: [], calls: [] };
  stageOutgoing(communityId, day, items, who, report, out);
  await enqueueManyKnown(out.messages, knownRecipients(units, who));
  if (out.calls.length) report.callTasks += await addCallTasks(out.calls);
  for (const u of units) who.labelOf.delete(u);
}

type BillRow = { _id: string; communityId: Id; unitId: Id; unitLabel?: string | null; amountFen: number; dueDate: Date; itemName: string; kind: string };

/**
 * The open bills due by `until` of every community of the run, read once per invocation as one
 * streamed cursor sorted by community and unit (the index `{communityId, unitId}`), never all in
 * memory: each community's work takes its units from it in turn (runSliced goes through the
 * communities in `_id` order, the order of the stream).
 */
class BillStream {
  private cursor: ReturnType<typeof this.open> | null = null;
  private iterator: AsyncIterator<BillRow> | null = null;
  private head: BillRow | null | undefined;

  constructor(
    private readonly communityIds: readonly string[],
    private readonly until: Date,
  ) {}

  private open() {
    const ids = this.communityIds.map((id) => new mongoose.Types.ObjectId(id));
    return Bill.find({ communityId: ids.length === 1 ? ids[0] : { $in: ids }, status: 'open', dueDate: { $lte: this.until } }, { communityId: 1, unitId: 1, unitLabel: 1, amountFen: 1, dueDate: 1, itemName: 1, kind: 1 })
      .sort({ communityId: 1, unitId: 1 })
      .batchSize(5000)
      .lean<BillRow[]>()
      .cursor();
  }

  async peek(): Promise<BillRow | null> {
    if (this.head === undefined) {
      if (!this.iterator) {
        this.cursor = this.open();
        this.iterator = this.cursor[Symbol.asyncIterator]() as AsyncIterator<BillRow>;
      }
      const next = await this.iterator.next();
      this.head = next.done ? null : next.value;
    }
    return this.head;
  }

  /** The units of one community after `after` (unit ids compare as hex), each with its bills. */
  async *unitsOf(communityId: string, after: string): AsyncGenerator<{ unitId: string; bills: BillRow[] }> {
    for (;;) {
      const first = await this.peek();
      if (!first) return;
      const cid = String(first.communityId);
      if (cid > communityId) return;
      this.head = undefined;
      if (cid < communityId) continue; // a community this worker does not work on now (held, or skipped)
      const unitId = String(first.unitId);
      const bills = [first];
      for (let b = await this.peek(); b && String(b.communityId) === communityId && String(b.unitId) === unitId; b = await this.peek()) {
        bills.push(b);
        this.head = undefined;
      }
      if (!after || unitId > after) yield { unitId, bills };
    }
  }

  async close(): Promise<void> {
    await this.cursor?.close();
  }
}

/** The longest a stage 0–3 lasts on this ladder, in days: the plans of this window (and a margin) are the ladder's memory. */
function windowDays(ladder: LadderDays): number {
  let span = 0;
  for (let s = 0; s < LADDER_STAGES.length - 1; s++) span = Math.max(span, ladder[s + 1] - ladder[s]);
  return span + 2;
}

export type ReminderCheckpoint = 'claimed' | 'queued' | 'saved';

/**
 * The reminder ladder (催缴): for each unit with unpaid bills and no pause (a promised date, a
 * manager's hardship pause, an unresolved disputed repair or fee complaint), each bill's highest
 * stage reached (the community's own stage days) is handled exactly once: stages 0–2 as one bundled
 * WeChat message per unit per day (subscription → official account → 我的消息), stage 3 as a call
 * task for agents, stage 4 onto the manager's review list.
 *
 * In slices (lib/slices.ts `runSliced`, job `remindFees`): community by community under a lease,
 * batches of up to 1,000 units, each batch a plan (`fee_reminder_plans`: the stages handled, which
 * later runs read back for the ladder's window instead of a claim per stage), then its messages
 * and call tasks (keyed: idempotent), then the cursor saved. Killed after the plan and before the
 * cursor, the next worker finds the plan by `_id` and queues it again; killed before the plan, the
 * batch is simply done again. The budget (`run.budget`, default the configured one) counts units
 * with stages handled; when it is spent the report says `more` and the next invocation continues.
 * Every invocation starts a fresh pass over the communities it finished (a pause lifted or a
 * dispute resolved today is reminded on the next run, not tomorrow); their handled stages cost
 * reads only.
 *
 * The timer runs it for every community; a manager's manual run passes `scope` (their communities):
 * every read below, and so every message, stays inside it. `checkpoint` lets crash tests stop the
 * process: `claimed` (a batch's plan written), `queued` (its messages written), `saved` (its cursor saved).
 */
export async function runReminders(
  opts: { signal?: AbortSignal; checkpoint?: (step: ReminderCheckpoint) => void | Promise<void>; scope?: JobScope; budget?: Budget; /** Units per batch (tests: several batches in a few units). */ batchUnits?: number } = {},
): Promise<ReminderRunReport> {
  const report: ReminderRunReport = { units: 0, messages: 0, callTasks: 0, review: 0, paused: 0, replayed: 0, more: false };
  const budget = opts.budget ?? Budget.of({ signal: opts.signal });
  const communityIds = await communityIdsIn(opts.scope);
  if (!communityIds.length) return report;
  const at = now();
  const today = localDay(at);
  // Read when the first community is worked on, for it and the ones after it (those before are through
  // the pass or held by another worker: never read by this invocation).
  let loaded: { who: Recipients; stream: BillStream } | null = null;
  const checkpoint = async (step: ReminderCheckpoint) => opts.checkpoint?.(step);
  try {
    const sliced = await runSliced('remindFees', { communityIds, budget }, async (cid, { cursor, budget, save }) => {
      if (!loaded) {
        const rest = communityIds.slice(communityIds.indexOf(cid));
        const stream = new BillStream(rest, new Date(at.getTime() + AHEAD_MS));
        // The owners and payments are read while the first bills arrive (two connections, one wait).
        let who: Recipients;
        try {
          [who] = await Promise.all([invocationData({ communityIds: rest }, at), stream.peek()]);
        } catch (err) {
          await stream.close(); // the bills' cursor opened beside a failed read is not left holding a connection
          throw err;
        }
        loaded = { who, stream };
      }
      const { who, stream } = loaded;
      const communityId = new mongoose.Types.ObjectId(cid);
      const ladder = await ladderDaysOf(cid);
      const windowStart = at.getTime() - windowDays(ladder) * DAY_MS;
      // The ladder's memory: the stages the plans of the window handled, and the units messaged today.
      const handled = new Set<string>();
      const messagedToday = new Set<string>();
      for (const plan of await plansOf(communityId, new Date(windowStart))) {
        for (const d of plan.items) {
          handled.add(`${d.billId}:${d.stage}`);
          if (plan.day === today && d.stage <= 2) messagedToday.add(d.unitId);
        }
      }
      // The cursor: `<pass>|<last unit done>`; a plan keyed by it is a batch its worker did not finish.
      let [pass, after] = cursor ? (cursor.split('|') as [string, string]) : [null, ''];
      if (pass) {
        const dead = await planById(`${cid}:${pass}:${after}`);
        if (dead) {
          const items = dead.items as StageItem[];
          await send(communityId, dead.day, items, who, report);
          report.replayed += items.length;
          after = dead.last;
          await save(`${pass}|${after}`);
        }
      }
      let batch: StageItem[] = [];
      let units = 0;
      let last = after;
      // A batch's writes (plan → messages → cursor, in that order) overlap the reading of the next
      // batch's bills; the next batch's writes start only when they are done, so a crash leaves what a
      // sequential run leaves (at most one batch planned and not saved: replayed from its plan).
      let writing: Promise<void> | null = null;
      let writingUnits = 0;
      const finishWriting = async () => {
        const w = writing;
        writing = null;
        writingUnits = 0;
        await w;
      };
      const flush = async () => {
        await finishWriting();
        if (!batch.length) return;
        if (!pass) {
          pass = `${at.getTime().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
          await save(`${pass}|${after}`);
        }
        const items = batch;
        const n = units;
        const from = after;
        const to = last;
        batch = [];
        units = 0;
        writingUnits = n;
        writing = (async () => {
          await writePlan({ _id: `${cid}:${pass}:${from}`, communityId, day: today, last: to, items, at });
          await checkpoint('claimed');
          await send(communityId, today, items, who, report);
          await checkpoint('queued');
          after = to;
          await save(`${pass}|${to}`);
          await checkpoint('saved');
          budget.spend(n);
        })();
        writing.catch(() => undefined); // awaited by the next flush (or below); never unhandled meanwhile
      };
      try {
        for await (const { unitId, bills } of stream.unitsOf(cid, after)) {
          last = unitId;
          const settled = settle(bills.map((b) => ({ id: b._id, amountFen: b.amountFen, dueDate: b.dueDate.toISOString() })), who.paidIn.get(unitId) ?? 0);
          const owed = new Map(settled.bills.filter((b) => b.dueFen > 0).map((b) => [b.id, b.dueFen]));
          const unpaid = bills.filter((b) => owed.has(b._id));
          if (!unpaid.length) continue;
          report.units++;
          if (who.paused.has(unitId)) {
            report.paused++;
            continue;
          }
          const messaged = messagedToday.has(unitId);
          let wanted = 0;
          for (const b of unpaid) {
            const stage = stageReached(b.dueDate, at, ladder);
            if (stage === null || (stage <= 2 && messaged) || handled.has(`${b._id}:${stage}`)) continue;
            // A stage reached before the window (only the review stage lasts longer) was handled then.
            if (b.dueDate.getTime() + ladder[stage] * DAY_MS < windowStart) continue;
            batch.push({ unitId, billId: b._id, stage, fen: owed.get(b._id)!, itemName: b.itemName, parking: b.kind === 'parking', dueDate: b.dueDate });
            wanted++;
          }
          if (wanted) {
            units++;
            const label = bills.find((b) => b.unitLabel)?.unitLabel;
            if (label) who.labelOf.set(unitId, label);
          }
          // The items left are counted without the batch being written: a batch never starts beyond the budget.
          if (units >= Math.min(opts.batchUnits ?? BATCH_UNITS, Math.max(1, budget.itemsLeft - writingUnits))) {
            await finishWriting();
            if (budget.spent) return 'more'; // this batch is not planned: the next invocation reads it again
            await flush();
          }
        }
        await flush();
        await finishWriting();
      } finally {
        // A failed read still lets the batch being written finish (or fail) before the slice ends.
        await (writing as Promise<void> | null)?.catch(() => undefined);
      }
      return 'done';
    });
    report.more = sliced.more;
  } finally {
    await (loaded as { stream: BillStream } | null)?.stream.close();
  }
  return report;
}
