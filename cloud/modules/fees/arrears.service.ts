import type { Paged } from '@shared/contracts/contract';
import type { ArrearsReport, ArrearsUnit, CollectionStats } from '@shared/contracts/fees.contract';
import { DAY_MS, dayEnd, localMonth, monthBounds } from '@shared/domain/calendar';
import { AGEING_BUCKETS, ageingBucket, LADDER_STAGES, settle, type AgeingBucket, type ArrearsReason } from '@shared/domain/fees';
import { maskPhone } from '@shared/domain/privacy';
import { AppError } from '../../lib/app-error';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { paged } from '../../lib/paging';
import { buildingsOf, recordedOwners, unitOf, unitsByIds } from '../community';
import type { Caller } from '../../lib/caller';
import { ArrearsOutcome, Bill, Payment, Refund, UnitPause } from './fee.model';
import { plansOf } from './reminder-plans';
import { FeeBalance } from './balance.model';
import { ensureBalances } from './balance.service';
import { ladderDaysOf } from './ladder.service';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;


type BalanceDoc = { _id: Id; buildingId?: Id | null; unitLabel: string; owedFen: number; oldestDue: Date };

const daysSince = (due: Date, at: Date) => Math.floor((at.getTime() - due.getTime()) / DAY_MS);

/**
 * The `oldestDue` range of units overdue at `at`: all of them, one ageing bucket (days overdue
 * 0–30: due after at − 31 days; 31–90; 90+: due at or before at − 91 days), or at least `minDays`.
 */
function overdueRange(at: Date, opts: { bucket?: AgeingBucket; minDays?: number } = {}): Record<string, Date> {
  const daysAgo = (d: number) => new Date(at.getTime() - d * DAY_MS);
  const range: Record<string, Date> = { $lt: at };
  if (opts.bucket === '0-30') range.$gt = daysAgo(31);
  if (opts.bucket === '31-90') Object.assign(range, { $gt: daysAgo(91), $lte: daysAgo(31) });
  if (opts.bucket === '90+') range.$lte = daysAgo(91);
  if (opts.minDays !== undefined) range.$lte = range.$lte && range.$lte < daysAgo(opts.minDays) ? range.$lte : daysAgo(opts.minDays);
  return range;
}

/** The arrears rows of a page of balances (in their order): units, owners, pauses and outcomes of these units only. */
async function describeUnits(communityId: Id, balances: readonly BalanceDoc[], buildings?: { _id: Id; name: string }[]): Promise<ArrearsUnit[]> {
  if (!balances.length) return [];
  const oids = balances.map((b) => b._id);
  const [units, buildingList, owners, pauses, outcomes] = await Promise.all([
    unitsByIds(oids),
    buildings ? Promise.resolve(buildings) : buildingsOf(communityId),
    recordedOwners(communityId, oids),
    UnitPause.find({ _id: { $in: oids.map(String) }, communityId }).lean(),
    // The page's units' outcomes (no sort: an `$in` then a sort is not in index order), the latest picked below.
    ArrearsOutcome.find({ communityId, unitId: { $in: oids } }).lean(),
  ]);
  outcomes.sort((a, b) => b.at.getTime() - a.at.getTime());
  const unitOfId = new Map(units.map((u) => [String(u._id), u]));
  const buildingName = new Map(buildingList.map((b) => [String(b._id), b.name]));
  const at = now();
  return balances.map((l) => {
    const id = String(l._id);
    const u = unitOfId.get(id);
    const mine = owners.filter((o) => String(o.unitId) === id);
    const pause = pauses.find((p) => p._id === id && (p.kind === 'hardship' || (p.until && p.until > at)));
    const last = outcomes.find((o) => String(o.unitId) === id);
    const daysOverdue = Math.max(0, daysSince(l.oldestDue, at));
    return {
      unitId: id,
      unitLabel: u?.label ?? l.unitLabel,
      buildingName: buildingName.get(String(u?.buildingId ?? l.buildingId)) ?? '',
      owedFen: l.owedFen,
      daysOverdue,
      bucket: ageingBucket(daysOverdue),
      ownerNames: mine.map((o) => o.name),
      phone: mine.find((o) => o.phone) ? maskPhone(mine.find((o) => o.phone)!.phone) : '',
      ...(pause ? { paused: { kind: pause.kind as 'promise' | 'hardship', ...(pause.until ? { until: pause.until.toISOString() } : {}), reason: pause.reason } } : {}),
      ...(last
        ? { lastOutcome: { reason: last.reason as ArrearsReason, ...(last.promiseDate ? { promiseDate: last.promiseDate.toISOString() } : {}), ...(last.note ? { note: last.note } : {}), at: last.at.toISOString(), byName: last.byName } }
        : {}),
    };
  });
}

/** The list's order: the oldest unpaid bill first, then by unit label (`_id` last: paging). */
const ARREARS_SORT = { oldestDue: 1, unitLabel: 1 } as const;

/**
 * fees.arrears: a page of the units in arrears (stored balances, fees.md "Balances") and the totals of
 * all of them — `$group`s by building and oldest due date (a short reply: buildings × due dates),
 * bucketed here. A constant number of commands whatever the community's size.
 */
export async function arrears(caller: Caller, input: { buildingId?: string; bucket?: AgeingBucket; page: number; pageSize: number }): Promise<ArrearsReport> {
  const communityId = new ObjectId(caller.communityId);
  await ensureBalances(communityId);
  const at = now();
  const scope = { communityId, ...(input.buildingId ? { buildingId: new ObjectId(input.buildingId) } : {}) };
  // Two `$group`s of one accumulator each: FerretDB v1 sums only the first accumulator of a `$group`
  // (the others answer 0). Both by building and oldest due date: a short reply (buildings × due dates).
  const totals = (sum: 1 | '$owedFen') =>
    FeeBalance.aggregate<{ _id: { b?: Id | null; d: Date }; n: number }>([{ $match: { ...scope, oldestDue: overdueRange(at) } }, { $group: { _id: { b: '$buildingId', d: '$oldestDue' }, n: { $sum: sum } } }]);
  const [counts, sums, buildings] = await Promise.all([totals(1), totals('$owedFen'), buildingsOf(communityId)]);
  const fenOf = new Map(sums.map((g) => [`${String(g._id.b ?? '')}|${new Date(g._id.d).getTime()}`, g.n]));
  const groups = counts.map((g) => ({ _id: g._id, units: g.n, fen: fenOf.get(`${String(g._id.b ?? '')}|${new Date(g._id.d).getTime()}`) ?? 0 }));
  const byBucket = Object.fromEntries(AGEING_BUCKETS.map((k) => [k, { units: 0, fen: 0 }])) as Record<AgeingBucket, { units: number; fen: number }>;
  const ofBuilding = new Map<string, { units: number; fen: number }>();
  for (const g of groups) {
    const bucket = byBucket[ageingBucket(Math.max(0, daysSince(new Date(g._id.d), at)))];
    bucket.units += g.units;
    bucket.fen += g.fen;
    const key = String(g._id.b ?? '');
    const b = ofBuilding.get(key) ?? { units: 0, fen: 0 };
    b.units += g.units;
    b.fen += g.fen;
    ofBuilding.set(key, b);
  }
  const list = await paged<BalanceDoc, BalanceDoc>(
    { model: FeeBalance, filter: { ...scope, oldestDue: overdueRange(at, { bucket: input.bucket }) }, sort: ARREARS_SORT },
    input,
    (docs) => docs,
  );
  return {
    ...list,
    items: await describeUnits(communityId, list.items, buildings),
    totalFen: AGEING_BUCKETS.reduce((s, k) => s + byBucket[k].fen, 0),
    units: AGEING_BUCKETS.reduce((s, k) => s + byBucket[k].units, 0),
    byBucket,
    byBuilding: buildings.flatMap((b) => {
      const mine = ofBuilding.get(String(b._id));
      return mine ? [{ buildingId: String(b._id), name: b.name, units: mine.units, fen: mine.fen }] : [];
    }),
  };
}

/** fees.reviewList: a page of the units whose oldest unpaid bill reached the review stage (the community's ladder), oldest first. */
export async function reviewList(caller: Caller, input: { page: number; pageSize: number } = { page: 1, pageSize: 20 }): Promise<Paged<ArrearsUnit>> {
  const communityId = new ObjectId(caller.communityId);
  const [review] = await Promise.all([ladderDaysOf(caller.communityId).then((d) => d[4]), ensureBalances(communityId)]);
  const list = await paged<BalanceDoc, BalanceDoc>({ model: FeeBalance, filter: { communityId, oldestDue: overdueRange(now(), { minDays: review }) }, sort: ARREARS_SORT }, input, (docs) => docs);
  return { ...list, items: await describeUnits(communityId, list.items) };
}

/** One unit's arrears row (after an outcome or a pause): its balance by `_id`. */
async function one(caller: Caller, unitId: string): Promise<ArrearsUnit> {
  const communityId = new ObjectId(caller.communityId);
  await ensureBalances(communityId);
  const balance = (await FeeBalance.findOne({ _id: new ObjectId(unitId), communityId }).lean()) as BalanceDoc | null;
  if (balance && balance.oldestDue < now()) return (await describeUnits(communityId, [balance]))[0];
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
