import { LADDER_STAGES, settle, yuan, type LadderStage } from '@shared/domain/fees';
import { OPEN_STATUSES } from '@shared/domain/repairs';
import { Claim } from '../../lib/claim';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { Community, Unit } from '../community/community.model';
import { User } from '../identity/user.model';
import { addCallTasks } from '../messaging/call-task.service';
import { OutboxMessage } from '../messaging/messaging.model';
import { insertIgnoringDuplicates } from '../messaging/bulk';
import { enqueueMany, type EnqueueInput } from '../messaging/outbox.service';
import { Repair } from '../repairs/repair.model';
import { Bill, Payment, Refund, UnitPause } from './fee.model';

type Id = mongoose.Types.ObjectId;

export interface ReminderRunReport {
  units: number;
  messages: number;
  callTasks: number;
  review: number;
  paused: number;
}

const SHANGHAI_MS = 8 * 3600_000;
const dayOf = (d: Date) => new Date(d.getTime() + SHANGHAI_MS).toISOString().slice(0, 10);

/** Flags that mean the owner disputes a repair (the ladder waits while it is open). */
const DISPUTE_FLAGS = ['angry', 'low-rating', 'unhappy'];

/**
 * The reminder ladder (催缴), every community: for each unit with unpaid bills and no pause (a
 * promised date, a manager's hardship pause, an open disputed repair), each bill's highest stage
 * reached is handled exactly once (claim `remind:<bill>:<stage>`): stages 0–2 as one bundled WeChat
 * message per unit per day (subscription → official account → a call task), stage 3 as a call task
 * for agents, stage 4 onto the manager's review list. Safe to run twice at once and after a crash.
 */
export async function runReminders(opts: { signal?: AbortSignal } = {}): Promise<ReminderRunReport> {
  const report: ReminderRunReport = { units: 0, messages: 0, callTasks: 0, review: 0, paused: 0 };
  const at = now();
  const today = dayOf(at);
  const open = await Bill.find({ status: 'open', dueDate: { $lte: new Date(at.getTime() + 3 * 86_400_000) } }).lean();
  const communities = [...new Set(open.map((b) => String(b.communityId)))];
  for (const cid of communities) {
    if (opts.signal?.aborted) break;
    const communityId = new mongoose.Types.ObjectId(cid);
    const [bills, payments, refunds, pauses, disputes, owners, units, community] = await Promise.all([
      Bill.find({ communityId, status: 'open' }).lean(),
      Payment.find({ communityId }, { unitId: 1, amountFen: 1 }).lean(),
      Refund.find({ communityId }, { unitId: 1, amountFen: 1 }).lean(),
      UnitPause.find({ communityId }).lean(),
      Repair.find({ communityId, status: { $in: OPEN_STATUSES }, flags: { $in: DISPUTE_FLAGS } }, { unitId: 1 }).lean(),
      User.find({ communityId, roles: 'owner', status: 'active' }, { unitIds: 1, name: 1, phone: 1 }).lean(),
      Unit.find({ communityId }, { label: 1 }).lean(),
      Community.findById(communityId, { servicePhone: 1 }).lean(),
    ]);
    const paidIn = new Map<string, number>();
    for (const p of payments) paidIn.set(String(p.unitId), (paidIn.get(String(p.unitId)) ?? 0) + p.amountFen);
    for (const r of refunds) paidIn.set(String(r.unitId), (paidIn.get(String(r.unitId)) ?? 0) - r.amountFen);
    const paused = new Set(pauses.filter((p) => p.kind === 'hardship' || (p.until && p.until > at)).map((p) => p._id));
    for (const d of disputes) if (d.unitId) paused.add(String(d.unitId));
    const labelOf = new Map(units.map((u) => [String(u._id), u.label]));
    const byUnit = new Map<string, typeof bills>();
    for (const b of bills) byUnit.set(String(b.unitId), [...(byUnit.get(String(b.unitId)) ?? []), b]);

    // Reminders already sent today (one per unit per day): their units' message stages wait for tomorrow.
    const startOfDay = new Date(Date.parse(`${today}T00:00:00Z`) - SHANGHAI_MS);
    const sentToday = new Set(
      (await OutboxMessage.find({ communityId, templateKey: { $in: ['fee.reminder', 'fee.overdue'] }, createdAt: { $gte: startOfDay } }, { eventKey: 1 }).lean()).map((m) => m.eventKey),
    );
    const ownersByUnit = new Map<string, typeof owners>();
    for (const o of owners) for (const u of o.unitIds ?? []) ownersByUnit.set(String(u), [...(ownersByUnit.get(String(u)) ?? []), o]);

    // Every unit's due stages, then one batch of claims (`remind:<bill>:<stage>`: a stage is handled once).
    const wanted: { unitId: string; billId: string; stage: LadderStage; fen: number; itemName: string; dueDate: Date }[] = [];
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
        const days = (at.getTime() - b.dueDate.getTime()) / 86_400_000;
        const stage = [...LADDER_STAGES].reverse().find((st) => days >= st.days)?.stage;
        if (stage === undefined || (stage <= 2 && messagedToday)) continue;
        wanted.push({ unitId, billId: b._id, stage, fen: owed.get(b._id)!, itemName: b.itemName, dueDate: b.dueDate });
      }
    }
    if (!wanted.length) continue;
    const keyOf = (d: { billId: string; stage: number }) => `remind:${d.billId}:${d.stage}`;
    const taken = await insertIgnoringDuplicates(Claim.collection, wanted.map((d) => ({ _id: keyOf(d), at })) as never[]);
    const claimed = wanted.filter((_d, i) => !taken.has(i));
    if (!claimed.length) continue;

    try {
      const messages: EnqueueInput[] = [];
      const calls: Parameters<typeof addCallTasks>[0] = [];
      const byUnitClaimed = new Map<string, typeof claimed>();
      for (const d of claimed) byUnitClaimed.set(d.unitId, [...(byUnitClaimed.get(d.unitId) ?? []), d]);
      for (const [unitId, list] of byUnitClaimed) {
        const ownersOfUnit = ownersByUnit.get(unitId) ?? [];
        const label = labelOf.get(unitId) ?? '';
        const texts = list.filter((d) => d.stage <= 2);
        if (texts.length && ownersOfUnit.length) {
          const overdue = texts.some((d) => d.stage >= 1);
          const formal = texts.some((d) => d.stage === 2);
          const items = [...new Set(texts.map((d) => d.itemName))].join('、');
          const amount = texts.reduce((sum, d) => sum + d.fen, 0);
          for (const o of ownersOfUnit) {
            messages.push({
              communityId,
              eventKey: `fees:${unitId}:${today}`,
              recipientUserId: o._id,
              templateKey: overdue ? 'fee.overdue' : 'fee.reminder',
              values: overdue
                ? { item: items, amount, unit: label, servicePhone: community?.servicePhone ?? '', remark: formal ? '物业费用催缴通知单已出具，请尽快缴纳' : '请尽快缴纳，如已缴纳请忽略' }
                : { item: items, amount, dueDate: texts.reduce((m, d) => (d.dueDate < m ? d.dueDate : m), texts[0].dueDate), unit: label },
              page: 'owner/pages/home/index',
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
            recipientId: owner._id as Id,
            name: owner.name,
            phone: owner.phone ?? '',
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
      // Large chunks: on FerretDB each chunk's recipient lookups scan the users once.
      for (let i = 0; i < messages.length; i += 5000) await enqueueMany(messages.slice(i, i + 5000));
      report.callTasks += await addCallTasks(calls);
    } catch (err) {
      // What was not queued is tried again by the next run: give the stages back.
      await Claim.collection.deleteMany({ _id: { $in: claimed.map(keyOf) } } as never);
      throw err;
    }
  }
  return report;
}
