import type { BillingRunReport, BillView, FeeItemView, PaymentView, UnitAccount } from '@shared/contracts/fees.contract';
import { addMonths, DAY_MS, dayOf, dayStart, localMonth } from '@shared/domain/calendar';
import { billAmount, CYCLE_MONTHS, FEE_RATE_UNITS, periodOf, PERIOD_LABEL, settle, yuan, type BillingCycle, type FeeKind, type PaymentMethod } from '@shared/domain/fees';
import { AppError } from '../../lib/app-error';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { inScope, type JobScope } from '../../lib/job-scope';
import { insertIgnoringDuplicates } from '../../lib/bulk';
import type { Caller } from '../../lib/caller';
import { communityIdsIn, spaceHolders, unitOf, unitsOf as unitsIn, type UnitRecord } from '../community';
import { Budget, runSliced } from '../../lib/slices';
import { messagesAbout } from '../messaging';
import { Bill, FeeItem, Payment, Refund } from './fee.model';
import { PayRefund } from './pay.model';
import { payOnlineMode } from './pay-mode';
import { markBalancesStale, rebuildBalances, storeBalances } from './balance.service';
import { LAST_DATE } from '../../lib/paging';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;



type ItemDoc = { _id: Id; name: string; kind: string; rateFen: number; cycle: string; dueDay: number; vacancyPercent: number; active?: boolean | null };

function itemView(i: ItemDoc): FeeItemView {
  return { id: String(i._id), name: i.name, kind: i.kind as FeeKind, rateFen: i.rateFen, cycle: i.cycle as BillingCycle, dueDay: i.dueDay, vacancyPercent: i.vacancyPercent, active: i.active !== false };
}

export async function items(caller: Caller): Promise<FeeItemView[]> {
  return (await FeeItem.find({ communityId: new ObjectId(caller.communityId) }).sort({ createdAt: 1 }).lean()).map((i) => itemView(i as ItemDoc));
}

export async function saveItem(caller: Caller, input: { itemId?: string; name: string; kind: FeeKind; rateFen: number; cycle: BillingCycle; dueDay: number; vacancyPercent: number; active: boolean }): Promise<FeeItemView> {
  const communityId = new ObjectId(caller.communityId);
  const { itemId, ...fields } = input;
  const _id = itemId ? new ObjectId(itemId) : new ObjectId();
  await FeeItem.updateOne({ _id, communityId }, { $set: { ...fields, communityId } }, { upsert: !itemId });
  const saved = await FeeItem.findById(_id).lean();
  if (!saved) throw new AppError('FEE_ITEM.NOT_FOUND');
  return itemView(saved as ItemDoc);
}

/** The current month in Asia/Shanghai as YYYY-MM. */
function thisMonth(): string {
  return localMonth(now());
}

/**
 * The month a manager may bill by hand: this month (the default) or last month (Asia/Shanghai), to
 * catch up a missed run. Any other month is refused: bills for a past year would be months overdue
 * the moment they exist (and reach the reminder ladder's legal review), bills for a future month
 * are the timer's to make.
 */
export function billableMonth(month?: string): string {
  const current = thisMonth();
  if (month === undefined || month === current) return current;
  const previous = addMonths(current, -1);
  if (month === previous) return month;
  const message = `只能为本月（${current}）或上月（${previous}）出账`;
  throw new AppError('VALIDATION', message, { issues: [{ path: 'month', message }] });
}

/**
 * The billing run: for each active recurring item whose period starts in `month` (monthly items every
 * month; quarterly in Jan/Apr/Jul/Oct; yearly in January), one bill per unit (property: by area, the
 * vacancy discount for vacant units; parking: by the unit's spaces; fixed: per unit). Bills are keyed
 * by item, unit and period and inserted ignoring duplicates: a repeated or resumed run adds nothing twice.
 *
 * In slices (lib/slices.ts `runSliced`): community by community under a lease, units in `_id` order
 * in batches of up to 1,000 (one insert of their bills, then the cursor: the last unit done), until
 * the budget (bills) is spent — the report says `more` and the next invocation continues. The timer's
 * pass is per month (job `billFees`, period = the month: a community billed for the month is skipped
 * until the next one); a manager's run by hand is a fresh pass each time (job `billFees:manual:<month>`),
 * so an item added later is billed and what exists is counted. Items, units and parking spaces are
 * each read once per invocation.
 */
async function bill(month: string, opts: { scope?: JobScope; manual?: boolean; budget?: Budget; signal?: AbortSignal } = {}): Promise<BillingRunReport> {
  const [year, m] = month.split('-').map(Number);
  const communityIds = await communityIdsIn(opts.scope);
  const report: BillingRunReport = { period: month, items: 0, created: 0, existing: 0, more: false };
  if (!communityIds.length) return report;
  const jobScope: JobScope = { communityIds };
  const due = (await FeeItem.find({ ...inScope(jobScope), active: true }).lean()).filter((i) => i.kind !== 'one-off' && (m - 1) % CYCLE_MONTHS[i.cycle as BillingCycle] === 0);
  report.items = due.length;
  if (!due.length) return report;
  const billed = communityIds.filter((cid) => due.some((i) => String(i.communityId) === cid));
  // Read when a community is first worked on, for it and the ones after it (those before are billed or
  // held by another worker; a timer's later runs in the month skip every community: no read).
  let directory: Promise<{ unitsOf: Map<string, UnitRecord[]>; spacesOf: Map<string, number> }> | null = null;
  const load = async (first: string) => {
    const scope = { communityIds: billed.slice(billed.indexOf(first)) };
    const [units, holders] = await Promise.all([unitsIn(scope), due.some((i) => i.kind === 'parking') ? spaceHolders(scope) : Promise.resolve([])]);
    const unitsOf = new Map<string, UnitRecord[]>();
    for (const u of units) {
      const list = unitsOf.get(String(u.communityId));
      if (list) list.push(u);
      else unitsOf.set(String(u.communityId), [u]);
    }
    for (const list of unitsOf.values()) list.sort((a, b) => (String(a._id) < String(b._id) ? -1 : 1));
    const spacesOf = new Map<string, number>();
    for (const unitId of holders) spacesOf.set(String(unitId), (spacesOf.get(String(unitId)) ?? 0) + 1);
    return { unitsOf, spacesOf };
  };
  const at = now();
  const budget = opts.budget ?? Budget.of({ signal: opts.signal });
  const job = opts.manual ? `billFees:manual:${month}` : 'billFees';
  const through: Id[] = [];
  const sliced = await runSliced(job, { communityIds: billed, period: opts.manual ? '' : month, budget }, async (cid, { cursor, budget, save }) => {
    const { unitsOf, spacesOf } = await (directory ??= load(cid));
    // Its stored balances (fees.md "Balances") are rebuilt once the community is through; until then they count as stale.
    await markBalancesStale(new ObjectId(cid));
    const items = due.filter((i) => String(i.communityId) === cid);
    const units = (unitsOf.get(cid) ?? []).filter((u) => !cursor || String(u._id) > cursor);
    for (let i = 0; i < units.length; ) {
      const n = Math.max(1, Math.min(1000, Math.floor(budget.itemsLeft / items.length)));
      const chunk = units.slice(i, i + n);
      i += chunk.length;
      const docs = items.flatMap((item) => chunk.flatMap((u) => billOf(item, u, year, m, spacesOf, at)));
      const dup = await insertIgnoringDuplicates(Bill.collection, docs as never[]);
      report.created += docs.length - dup.size;
      report.existing += dup.size;
      await save(String(chunk[chunk.length - 1]._id));
      budget.spend(Math.max(1, docs.length));
      if (budget.spent && i < units.length) return 'more';
    }
    through.push(new ObjectId(cid));
    return 'done';
  });
  // The balances of the communities this invocation finished, in one pass over their ledgers (the
  // units read for billing are let go first: the rebuild reads its own, and both at once doubled the peak).
  directory = null;
  if (through.length) await rebuildBalances(through);
  report.more = sliced.more;
  return report;
}

type DueItem = { _id: Id; communityId: Id; name: string; kind: string; rateFen: number; cycle: string; dueDay: number; vacancyPercent: number };

/** The bill of one item for one unit (none: a parking fee for a unit without spaces). */
function billOf(item: DueItem, u: UnitRecord, year: number, m: number, spacesOf: Map<string, number>, at: Date): Record<string, unknown>[] {
  const cycle = item.cycle as BillingCycle;
  const period = periodOf(cycle, year, m);
  const months = CYCLE_MONTHS[cycle];
  const vacant = u.status === 'vacant' && item.kind === 'property';
  const count = item.kind === 'parking' ? (spacesOf.get(String(u._id)) ?? 0) : 1;
  if (count === 0) return [];
  const amountFen = billAmount({ kind: item.kind as FeeKind, rateFen: item.rateFen, areaM2: u.areaM2, spaces: count, months, vacancyPercent: vacant ? item.vacancyPercent : 100 });
  const quantity = item.kind === 'property' ? `${u.areaM2.toFixed(2)}㎡` : item.kind === 'parking' ? `${count}个车位` : '1户';
  return [
    {
      _id: `${String(item._id)}:${String(u._id)}:${period}`,
      communityId: item.communityId,
      unitId: u._id,
      buildingId: u.buildingId,
      unitLabel: u.label,
      itemId: item._id,
      itemName: item.name,
      kind: item.kind,
      period,
      amountFen,
      dueDate: dayStart(dayOf(year, m, item.dueDay)),
      detail: `${yuan(item.rateFen)}${FEE_RATE_UNITS[item.kind as FeeKind]} × ${quantity} × ${months}个月${vacant && item.vacancyPercent < 100 ? ` × 空置${item.vacancyPercent}%` : ''}`,
      status: 'open',
      createdAt: at,
    },
  ];
}

/** fees.runBilling: a manager bills their (active) community for this month or last month (Asia/Shanghai; default this month). */
export async function runBilling(caller: Caller, month?: string): Promise<BillingRunReport> {
  return bill(billableMonth(month), { scope: { communityIds: [caller.communityId] }, manual: true });
}

/** jobs.billFees run by hand: the communities the manager belongs to, this month or last month. */
export async function runBillingByHand(caller: Caller, month?: string, run: { budget?: Budget; signal?: AbortSignal } = {}): Promise<BillingRunReport> {
  return bill(billableMonth(month), { scope: { communityIds: caller.communityIds }, manual: true, ...run });
}

/** The billing job (monthly timer; `npm start` with the fee jobs): every community, this month. */
export function runBillingJob(month = thisMonth(), run: { budget?: Budget; signal?: AbortSignal } = {}): Promise<BillingRunReport> {
  return bill(month, run);
}

type BillDoc = { _id: string; unitId: Id; buildingId?: Id; itemName: string; kind: string; period: string; amountFen: number; dueDate: Date; detail: string; status?: string | null; cancelReason?: string | null; returnNote?: string | null };

/** A unit's account: its bills settled by its payments (oldest first) and its payment history. */
export async function accountOf(communityId: Id, unitId: Id): Promise<UnitAccount> {
  return (await readAccount(communityId, unitId)).account;
}

/**
 * The unit's account after a change of its ledger (a payment, a refund, a bill voided, a deposit given
 * back), and its stored balance (balance.service.ts) from the same reads: one more command, a write.
 */
export async function accountAfterChange(communityId: Id, unitId: Id): Promise<UnitAccount> {
  const { account, buildingId } = await readAccount(communityId, unitId);
  const unpaid = account.bills.filter((b) => b.status === 'open').map((b) => new Date(b.dueDate));
  const oldestDue = unpaid.reduce((min, d) => (d < min ? d : min), LAST_DATE);
  await storeBalances(communityId, [{ unit: { _id: unitId, label: account.unitLabel, buildingId }, balance: { owedFen: account.owedFen, oldestDue } }]);
  return account;
}

async function readAccount(communityId: Id, unitId: Id): Promise<{ account: UnitAccount; buildingId?: Id }> {
  const [unit, bills, payments, refunds, held, reminders] = await Promise.all([
    unitOf(communityId, unitId),
    Bill.find({ communityId, unitId }).lean() as Promise<BillDoc[]>,
    Payment.find({ communityId, unitId }).sort({ at: -1 }).lean(),
    Refund.find({ communityId, unitId }).sort({ at: 1 }).lean(),
    // Refunds asked at WeChat Pay and not in the ledger yet (退款中, 退款异常): payments.md "Refunds".
    PayRefund.find({ communityId, unitId, status: { $in: ['pending', 'abnormal'] } }).sort({ createdAt: 1 }).lean(),
    // The reminders sent about the unit (event keys `fees:<unit>:<day>`, see reminder.job.ts).
    messagesAbout(communityId, `fees:${String(unitId)}:`).then((sent) => sent.filter((m) => /^\d/.test(m.eventKey.slice(`fees:${String(unitId)}:`.length)))),
  ]);
  if (!unit) throw new AppError('UNIT.NOT_FOUND');
  const paidIn = payments.reduce((s, p) => s + p.amountFen, 0) - refunds.reduce((s, r) => s + r.amountFen, 0);
  // Voided bills and deposits given back (deposit.service.ts) are out of what is owed.
  const open = bills.filter((b) => b.status !== 'cancelled' && b.status !== 'returned');
  const settled = settle(open.map((b) => ({ id: b._id, amountFen: b.amountFen, dueDate: b.dueDate.toISOString() })), paidIn);
  const byId = new Map(settled.bills.map((b) => [b.id, b]));
  const at = now().getTime();
  const view = (b: BillDoc): BillView => {
    const s = byId.get(b._id);
    const dueFen = s?.dueFen ?? 0;
    const status = b.status === 'cancelled' ? 'cancelled' : b.status === 'returned' ? 'returned' : dueFen === 0 ? 'paid' : 'open';
    return {
      id: b._id,
      itemName: b.itemName,
      kind: b.kind as FeeKind,
      period: b.period,
      periodLabel: PERIOD_LABEL(b.period),
      amountFen: b.amountFen,
      paidFen: status === 'returned' ? b.amountFen : (s?.paidFen ?? 0),
      dueFen: status === 'cancelled' || status === 'returned' ? 0 : dueFen,
      dueDate: b.dueDate.toISOString(),
      status,
      daysOverdue: status === 'open' && at > b.dueDate.getTime() ? Math.floor((at - b.dueDate.getTime()) / DAY_MS) : 0,
      detail: b.detail,
      ...(b.cancelReason ? { cancelReason: b.cancelReason } : {}),
      ...(b.returnNote ? { returnNote: b.returnNote } : {}),
    };
  };
  const recorded = new Set(refunds.map((r) => String(r._id)));
  const paymentViews: PaymentView[] = payments.map((p) => {
    const mine = refunds.filter((r) => String(r.paymentId) === String(p._id));
    const pending = held.filter((r) => String(r.paymentId) === String(p._id) && !recorded.has(r._id));
    return {
      id: String(p._id),
      unitId: String(unitId),
      receiptNo: p.receiptNo,
      method: p.method as PaymentMethod,
      amountFen: p.amountFen,
      refundedFen: mine.reduce((s, r) => s + r.amountFen, 0),
      at: p.at.toISOString(),
      cashierName: p.cashierName,
      ...(p.note ? { note: p.note } : {}),
      refunds: mine.map((r) => ({ amountFen: r.amountFen, reason: r.reason, at: r.at.toISOString(), byName: r.byName })),
      ...(p.orderId ? { online: true } : {}),
      ...(pending.length ? { pendingRefunds: pending.map((r) => ({ amountFen: r.amountFen, reason: r.reason, at: r.createdAt.toISOString(), byName: r.byName, status: r.status as 'pending' | 'abnormal' })) } : {}),
    };
  });
  const account: UnitAccount = {
    unitId: String(unitId),
    unitLabel: unit.label,
    bills: [...bills].sort((a, b) => b.dueDate.getTime() - a.dueDate.getTime() || b._id.localeCompare(a._id)).map(view),
    payments: paymentViews,
    owedFen: settled.bills.reduce((s, b) => s + b.dueFen, 0),
    creditFen: settled.creditFen,
    // One per day (the same reminder went to each owner of the unit).
    reminders: [...new Map(reminders.map((m) => [m.eventKey, m])).values()].map((m) => ({ at: m.createdAt.toISOString(), title: m.title, lines: m.lines.map((l) => ({ label: l.label, value: l.value })) })),
  };
  return { account, buildingId: bills.find((b) => b.buildingId)?.buildingId };
}

export async function account(caller: Caller, unitId: string): Promise<UnitAccount> {
  return accountOf(new ObjectId(caller.communityId), new ObjectId(unitId));
}

/** fees.myAccounts (owner): each of my units' accounts, and whether I can pay online (`payOnline`). */
export async function myAccounts(caller: Caller): Promise<UnitAccount[]> {
  const payOnline = payOnlineMode();
  const accounts = await Promise.all(caller.unitIds.map((u) => accountOf(new ObjectId(caller.communityId), new ObjectId(u))));
  return payOnline ? accounts.map((a) => ({ ...a, payOnline })) : accounts;
}

/**
 * An offline payment (cash, transfer, POS) with its receipt number: one insert. It pays the oldest
 * bills first; more than is owed becomes prepayment credit for the next bills.
 */
export async function recordPayment(caller: Caller, input: { unitId: string; amountFen: number; method: PaymentMethod; receiptNo: string; billId?: string; note?: string }): Promise<UnitAccount> {
  const communityId = new ObjectId(caller.communityId);
  const unitId = new ObjectId(input.unitId);
  if (input.billId) {
    const bill = await Bill.findOne({ _id: input.billId, communityId, unitId }, { status: 1 }).lean();
    if (!bill) throw new AppError('BILL.NOT_FOUND');
    if (bill.status === 'cancelled') throw new AppError('FEE.BILL_CANCELLED');
    if (bill.status === 'returned') throw new AppError('FEE.BILL_CANCELLED', '该押金已退还');
  }
  try {
    await Payment.create({
      communityId,
      unitId,
      receiptKey: `${caller.communityId}:${input.receiptNo}`,
      receiptNo: input.receiptNo,
      method: input.method,
      amountFen: input.amountFen,
      ...(input.note ? { note: input.note } : {}),
      cashierId: new ObjectId(caller.userId),
      cashierName: caller.name,
      at: now(),
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('FEE.DUPLICATE_RECEIPT', `收据号 ${input.receiptNo} 已登记过`);
    throw err;
  }
  return accountAfterChange(communityId, unitId);
}

/** Refund (part of) a payment, with a reason; never more than the payment minus its earlier refunds. */
export async function refund(caller: Caller, input: { paymentId: string; amountFen: number; reason: string }): Promise<UnitAccount> {
  const communityId = new ObjectId(caller.communityId);
  const payment = await Payment.findOne({ _id: new ObjectId(input.paymentId), communityId }).lean();
  if (!payment) throw new AppError('PAYMENT.NOT_FOUND');
  const earlier = await Refund.find({ paymentId: payment._id }, { amountFen: 1 }).lean();
  const left = payment.amountFen - earlier.reduce((s, r) => s + r.amountFen, 0);
  if (input.amountFen > left) throw new AppError('FEE.REFUND_TOO_LARGE', `该笔缴费最多还可退 ${yuan(left)} 元`, { leftFen: left });
  // The n-th refund of a payment has the id `<payment>:<n>`: two refunds racing cannot both pass the check above.
  try {
    await Refund.create({ _id: `${input.paymentId}:${earlier.length + 1}`, communityId, unitId: payment.unitId, paymentId: payment._id, amountFen: input.amountFen, reason: input.reason, byName: caller.name, at: now() });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('STATE.CONFLICT');
    throw err;
  }
  return accountAfterChange(communityId, payment.unitId as Id);
}

/** Void a bill (e.g. billed by mistake): what was paid towards it goes to the other bills or credit. */
export async function cancelBill(caller: Caller, input: { billId: string; reason: string }): Promise<UnitAccount> {
  const communityId = new ObjectId(caller.communityId);
  const bill = await Bill.findOne({ _id: input.billId, communityId }).lean();
  if (!bill) throw new AppError('BILL.NOT_FOUND');
  if (bill.status === 'cancelled') throw new AppError('FEE.BILL_CANCELLED', '该账单已作废');
  if (bill.status === 'returned') throw new AppError('FEE.BILL_CANCELLED', '该押金已退还，不能作废');
  await Bill.updateOne({ _id: input.billId }, { $set: { status: 'cancelled', cancelReason: input.reason } });
  return accountAfterChange(communityId, bill.unitId as Id);
}

/** The bill exists and is one of the unit's (a complaint about a bill names one of its unit's). */
export async function isBillOfUnit(communityId: Id, billId: string, unitId: string): Promise<boolean> {
  return (await Bill.exists({ _id: billId, communityId, unitId: new ObjectId(unitId) })) !== null;
}
