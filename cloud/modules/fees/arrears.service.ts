import type { ArrearsReport, ArrearsUnit, CollectionStats } from '@shared/contracts/fees.contract';
import { DAY_MS, dayEnd, localMonth, monthBounds } from '@shared/domain/calendar';
import { AGEING_BUCKETS, ageingBucket, LADDER_STAGES, settle, type AgeingBucket, type ArrearsReason } from '@shared/domain/fees';
import { maskPhone } from '@shared/domain/privacy';
import { AppError } from '../../lib/app-error';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { buildingsOf, recordedOwners, unitOf, unitsByIds } from '../community';
import type { Caller } from '../../lib/caller';
import { ArrearsOutcome, Bill, Payment, Refund, UnitPause } from './fee.model';
import { plansOf } from './reminder-plans';
import { ladderDaysOf } from './ladder.service';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;


/** Every unit's unpaid amount and oldest overdue day count, from one read of the community's ledger. */
async function ledgerOf(communityId: Id) {
  const [bills, payments, refunds] = await Promise.all([
    Bill.find({ communityId, status: 'open' }, { unitId: 1, amountFen: 1, dueDate: 1 }).lean(),
    Payment.find({ communityId }, { unitId: 1, amountFen: 1 }).lean(),
    Refund.find({ communityId }, { unitId: 1, amountFen: 1 }).lean(),
  ]);
  const paidIn = new Map<string, number>();
  for (const p of payments) paidIn.set(String(p.unitId), (paidIn.get(String(p.unitId)) ?? 0) + p.amountFen);
  for (const r of refunds) paidIn.set(String(r.unitId), (paidIn.get(String(r.unitId)) ?? 0) - r.amountFen);
  const byUnit = new Map<string, typeof bills>();
  for (const b of bills) byUnit.set(String(b.unitId), [...(byUnit.get(String(b.unitId)) ?? []), b]);
  const at = now().getTime();
  const out = new Map<string, { owedFen: number; daysOverdue: number }>();
  for (const [unitId, list] of byUnit) {
    const s = settle(list.map((b) => ({ id: String(b._id), amountFen: b.amountFen, dueDate: b.dueDate.toISOString() })), paidIn.get(unitId) ?? 0);
    const unpaid = s.bills.filter((b) => b.dueFen > 0);
    const overdue = list.filter((b) => unpaid.some((u) => u.id === String(b._id)) && b.dueDate.getTime() < at);
    if (!overdue.length) continue;
    const oldest = Math.min(...overdue.map((b) => b.dueDate.getTime()));
    out.set(unitId, { owedFen: unpaid.reduce((sum, b) => sum + b.dueFen, 0), daysOverdue: Math.floor((at - oldest) / DAY_MS) });
  }
  return out;
}

async function describeUnits(communityId: Id, ledger: Map<string, { owedFen: number; daysOverdue: number }>, onlyUnitIds?: string[]): Promise<ArrearsUnit[]> {
  const ids = (onlyUnitIds ?? [...ledger.keys()]).filter((u) => ledger.has(u));
  if (!ids.length) return [];
  const oids = ids.map((u) => new ObjectId(u));
  const [units, buildings, owners, pauses, outcomes] = await Promise.all([
    unitsByIds(oids),
    buildingsOf(communityId),
    recordedOwners(communityId, oids),
    UnitPause.find({ communityId }).lean(),
    ArrearsOutcome.find({ communityId, unitId: { $in: oids } }).sort({ at: -1 }).lean(),
  ]);
  const buildingName = new Map(buildings.map((b) => [String(b._id), b.name]));
  const at = now();
  return units
    .map((u) => {
      const l = ledger.get(String(u._id))!;
      const mine = owners.filter((o) => String(o.unitId) === String(u._id));
      const pause = pauses.find((p) => p._id === String(u._id) && (p.kind === 'hardship' || (p.until && p.until > at)));
      const last = outcomes.find((o) => String(o.unitId) === String(u._id));
      return {
        unitId: String(u._id),
        unitLabel: u.label,
        buildingName: buildingName.get(String(u.buildingId)) ?? '',
        owedFen: l.owedFen,
        daysOverdue: l.daysOverdue,
        bucket: ageingBucket(l.daysOverdue),
        ownerNames: mine.map((o) => o.name),
        phone: mine.find((o) => o.phone) ? maskPhone(mine.find((o) => o.phone)!.phone) : '',
        ...(pause ? { paused: { kind: pause.kind as 'promise' | 'hardship', ...(pause.until ? { until: pause.until.toISOString() } : {}), reason: pause.reason } } : {}),
        ...(last
          ? { lastOutcome: { reason: last.reason as ArrearsReason, ...(last.promiseDate ? { promiseDate: last.promiseDate.toISOString() } : {}), ...(last.note ? { note: last.note } : {}), at: last.at.toISOString(), byName: last.byName } }
          : {}),
      };
    })
    .sort((a, b) => b.daysOverdue - a.daysOverdue || b.owedFen - a.owedFen);
}

export async function arrears(caller: Caller, input: { buildingId?: string }): Promise<ArrearsReport> {
  const communityId = new ObjectId(caller.communityId);
  let items = await describeUnits(communityId, await ledgerOf(communityId));
  const buildings = await buildingsOf(communityId);
  if (input.buildingId) {
    const name = buildings.find((b) => String(b._id) === input.buildingId)?.name;
    items = items.filter((i) => i.buildingName === name);
  }
  const byBucket = Object.fromEntries(AGEING_BUCKETS.map((k) => [k, { units: 0, fen: 0 }])) as Record<AgeingBucket, { units: number; fen: number }>;
  for (const i of items) {
    byBucket[i.bucket].units++;
    byBucket[i.bucket].fen += i.owedFen;
  }
  return {
    totalFen: items.reduce((s, i) => s + i.owedFen, 0),
    units: items.length,
    byBucket,
    byBuilding: buildings
      .map((b) => {
        const mine = items.filter((i) => i.buildingName === b.name);
        return { buildingId: String(b._id), name: b.name, units: mine.length, fen: mine.reduce((s, i) => s + i.owedFen, 0) };
      })
      .filter((b) => b.units > 0),
    items,
  };
}

export async function reviewList(caller: Caller): Promise<ArrearsUnit[]> {
  const communityId = new ObjectId(caller.communityId);
  const review = (await ladderDaysOf(caller.communityId))[4];
  return (await describeUnits(communityId, await ledgerOf(communityId))).filter((u) => u.daysOverdue >= review);
}

async function one(caller: Caller, unitId: string): Promise<ArrearsUnit> {
  const communityId = new ObjectId(caller.communityId);
  const ledger = await ledgerOf(communityId);
  const found = (await describeUnits(communityId, ledger, [unitId]))[0];
  if (found) return found;
  const unit = await unitOf(communityId, new ObjectId(unitId));
  if (!unit) throw new AppError('UNIT.NOT_FOUND');
  return { unitId, unitLabel: unit.label, buildingName: '', owedFen: 0, daysOverdue: 0, bucket: '0-30', ownerNames: [], phone: '' };
}

/** The outcome of a call or visit; a promised date pauses the ladder until then. */
export async function recordOutcome(caller: Caller, input: { unitId: string; reason: ArrearsReason; promiseDate?: string; note?: string }): Promise<ArrearsUnit> {
  const communityId = new ObjectId(caller.communityId);
  const unitId = new ObjectId(input.unitId);
  const at = now();
  const promise = input.promiseDate ? dayEnd(input.promiseDate) : undefined;
  if (promise && promise.getTime() <= at.getTime()) throw new AppError('VALIDATION', '承诺缴费日期应晚于今天', { issues: [{ path: 'promiseDate', message: '承诺缴费日期应晚于今天' }] });
  await ArrearsOutcome.create({ communityId, unitId, reason: input.reason, ...(promise ? { promiseDate: promise } : {}), ...(input.note ? { note: input.note } : {}), byName: caller.name, at });
  if (promise) {
    await UnitPause.updateOne({ _id: input.unitId }, { $set: { communityId, kind: 'promise', until: promise, reason: `承诺 ${input.promiseDate} 前缴费`, byName: caller.name, at } }, { upsert: true });
  }
  return one(caller, input.unitId);
}

/** Hardship: a manager pauses the ladder until resumed. */
export async function pause(caller: Caller, input: { unitId: string; pause: boolean; reason: string }): Promise<ArrearsUnit> {
  const communityId = new ObjectId(caller.communityId);
  if (input.pause) await UnitPause.updateOne({ _id: input.unitId }, { $set: { communityId, kind: 'hardship', reason: input.reason, byName: caller.name, at: now() }, $unset: { until: '' } }, { upsert: true });
  else await UnitPause.deleteOne({ _id: input.unitId, communityId });
  return one(caller, input.unitId);
}

/**
 * The month's collection: bills of periods starting in the month, what of them is paid (settled
 * oldest first by each unit's payments), by building; and the reminder stages handled in the month
 * with how many of those bills were paid within 7 days.
 */
type BillAmount = { _id: unknown; unitId: unknown; amountFen: number; dueDate: Date };
type UnitAmount = { unitId: unknown; amountFen: number };

/** What each open bill has been paid, by bill id: each unit's payments less refunds settle its bills, the oldest due first. */
function paidOfBills(allBills: readonly BillAmount[], payments: readonly UnitAmount[], refunds: readonly UnitAmount[]): Map<string, number> {
  const paidIn = new Map<string, number>();
  for (const p of payments) paidIn.set(String(p.unitId), (paidIn.get(String(p.unitId)) ?? 0) + p.amountFen);
  for (const r of refunds) paidIn.set(String(r.unitId), (paidIn.get(String(r.unitId)) ?? 0) - r.amountFen);
  const paidOf = new Map<string, number>();
  for (const unitId of new Set(allBills.map((b) => String(b.unitId)))) {
    const s = settle(allBills.filter((b) => String(b.unitId) === unitId).map((b) => ({ id: String(b._id), amountFen: b.amountFen, dueDate: b.dueDate.toISOString() })), paidIn.get(unitId) ?? 0);
    for (const b of s.bills) paidOf.set(b.id, b.paidFen);
  }
  return paidOf;
}

/**
 * The collection rate of each month (YYYY-MM): collected / billed for the open bills due in it,
 * settled as `stats` settles them (null for a month without bills).
 */
export async function collectionRates(communityId: string, months: readonly string[]): Promise<{ month: string; billedFen: number; collectedFen: number; rate: number | null }[]> {
  const cid = new ObjectId(communityId);
  const [allBills, payments, refunds] = await Promise.all([
    Bill.find({ communityId: cid, status: 'open' }, { unitId: 1, amountFen: 1, dueDate: 1 }).lean(),
    Payment.find({ communityId: cid }, { unitId: 1, amountFen: 1 }).lean(),
    Refund.find({ communityId: cid }, { unitId: 1, amountFen: 1 }).lean(),
  ]);
  const paidOf = paidOfBills(allBills, payments, refunds);
  return months.map((month) => {
    const mine = allBills.filter((b) => localMonth(b.dueDate) === month);
    const billedFen = mine.reduce((n, b) => n + b.amountFen, 0);
    const collectedFen = mine.reduce((n, b) => n + (paidOf.get(String(b._id)) ?? 0), 0);
    return { month, billedFen, collectedFen, rate: billedFen ? collectedFen / billedFen : null };
  });
}

export async function stats(caller: Caller, month?: string): Promise<CollectionStats> {
  const communityId = new ObjectId(caller.communityId);
  const m = month ?? localMonth(now());
  const { from, to } = monthBounds(m);
  const [bills, allBills, payments, refunds, buildings] = await Promise.all([
    Bill.find({ communityId, status: 'open', dueDate: { $gte: from, $lt: to } }).lean(),
    Bill.find({ communityId, status: 'open' }, { unitId: 1, amountFen: 1, dueDate: 1 }).lean(),
    Payment.find({ communityId }, { unitId: 1, amountFen: 1, at: 1 }).lean(),
    Refund.find({ communityId }, { unitId: 1, amountFen: 1 }).lean(),
    buildingsOf(communityId),
  ]);
  const paidOf = paidOfBills(allBills, payments, refunds);
  const sum = (list: typeof bills, f: (b: (typeof bills)[number]) => number) => list.reduce((s, b) => s + f(b), 0);
  const billed = sum(bills, (b) => b.amountFen);
  const collected = sum(bills, (b) => paidOf.get(String(b._id)) ?? 0);
  // Reminders handled in the month: the stages of the reminder run's plans (reminder.job.ts), each once.
  const plans = await plansOf(communityId, from, to);
  const billIds = new Set(allBills.map((b) => String(b._id)));
  const handled = new Map<string, { stage: number; unitId: string; at: Date }>();
  for (const p of plans) {
    for (const d of p.items) {
      const key = `${d.billId}:${d.stage}`;
      if (!handled.has(key) && billIds.has(d.billId)) handled.set(key, { stage: d.stage, unitId: d.unitId, at: p.at });
    }
  }
  const paymentsByUnit = new Map<string, Date[]>();
  for (const p of payments) paymentsByUnit.set(String(p.unitId), [...(paymentsByUnit.get(String(p.unitId)) ?? []), p.at]);
  const reminders = LADDER_STAGES.map((s) => {
    const mine = [...handled.values()].filter((h) => h.stage === s.stage);
    const paidWithin7Days = mine.filter((h) => (paymentsByUnit.get(h.unitId) ?? []).some((at) => at >= h.at && at.getTime() - h.at.getTime() <= 7 * DAY_MS)).length;
    return { stage: s.stage, label: s.label, sent: mine.length, paidWithin7Days };
  });
  return {
    month: m,
    billedFen: billed,
    collectedFen: collected,
    rate: billed ? collected / billed : null,
    byBuilding: buildings
      .map((b) => {
        const mine = bills.filter((x) => String(x.buildingId) === String(b._id));
        const bf = sum(mine, (x) => x.amountFen);
        const cf = sum(mine, (x) => paidOf.get(String(x._id)) ?? 0);
        return { buildingId: String(b._id), name: b.name, billedFen: bf, collectedFen: cf, rate: bf ? cf / bf : null };
      })
      .filter((b) => b.billedFen > 0),
    reminders,
  };
}
