import type { UnitAccount } from '@shared/contracts/fees.contract';
import { yuan } from '@shared/domain/fees';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { claimUnlessStale, releaseClaim } from '../../lib/claim';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { accountAfterChange, accountOf } from './fee.service';
import { Bill, DepositReturn, Payment, Refund } from './fee.model';
import { PayRefund } from './pay.model';
import { orderOf, refundState, startWechatRefund, type PaymentDoc } from './pay-refund.service';

/**
 * Giving a deposit back (押金退还, fees.md "Deposits"), minus deductions. A plain refund would lower the
 * unit's paid-in total and so reopen the deposit bill it paid; instead, in this order (each step
 * idempotent, so a retry or a second caller finishes a return that stopped halfway):
 *
 * 1. the return's record (`fee_deposit_returns`, `_id` = the deposit bill's id: one per deposit), with
 *    the deductions and the payments the refund goes back to;
 * 2. the deposit bill marked `returned` (已退还): out of what is owed, like a voided one;
 * 3. the deductions billed (`<bill>:deduction`, 装修押金扣款, due on the deposit's day so the ledger
 *    settles it where the deposit stood) — paid by the part of the deposit that is kept;
 * 4. the refund of the rest, per payment: an offline payment refunded in the ledger at once, a WeChat
 *    Pay one through WeChat Pay (退款中 until WeChat reports success, payments.md "Refunds").
 *
 * After it the unit owes what it owed before and its credit is unchanged: −deposit + deductions + refund = 0.
 */

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

export interface DepositReturnInput {
  billId: string;
  deductions: { reason: string; amountFen: number }[];
  /** Why (e.g. 装修验收通过，退还押金 · ZX20261206-1); on the refund records. */
  reason: string;
}

export interface DepositReturnResult {
  depositFen: number;
  deductedFen: number;
  refundFen: number;
  /** Refund parts still at WeChat Pay (退款中). */
  pendingFen: number;
  account: UnitAccount;
}

type ReturnDoc = { _id: string; communityId: Id; unitId: Id; depositFen: number; deductions: { reason: string; amountFen: number }[]; deductedFen: number; refundFen: number; parts: { paymentId: Id; amountFen: number; online: boolean }[]; reason: string; byName: string };

/**
 * The payments a deposit's refund goes back to, as many as needed: a WeChat Pay payment whose order
 * named the deposit bill first, then payments made after the bill was issued (oldest first: those
 * paid it), then any others (newest first). Each gives at most what is left of it to refund.
 */
async function refundParts(bill: { _id: string; communityId: Id; unitId: Id; createdAt: Date }, refundFen: number): Promise<{ paymentId: Id; amountFen: number; online: boolean }[]> {
  const payments = (await Payment.find({ communityId: bill.communityId, unitId: bill.unitId }).sort({ at: 1 }).lean()) as (PaymentDoc & { at: Date })[];
  const orders = new Map<string, boolean>();
  for (const p of payments) {
    const order = await orderOf(p);
    orders.set(String(p._id), Boolean(order));
    if (order && (order as unknown as { billIds?: string[] }).billIds?.includes(bill._id)) orders.set(`${String(p._id)}:names`, true);
  }
  const rank = (p: PaymentDoc & { at: Date }) => (orders.get(`${String(p._id)}:names`) ? 0 : p.at >= bill.createdAt ? 1 : 2);
  const ordered = [...payments].sort((a, b) => rank(a) - rank(b) || (rank(a) === 2 ? b.at.getTime() - a.at.getTime() : a.at.getTime() - b.at.getTime()));
  const parts: { paymentId: Id; amountFen: number; online: boolean }[] = [];
  let left = refundFen;
  for (const p of ordered) {
    if (left <= 0) break;
    const { leftFen } = await refundState(p);
    const take = Math.min(left, Math.max(0, leftFen));
    if (take > 0) parts.push({ paymentId: p._id, amountFen: take, online: Boolean(orders.get(String(p._id))) });
    left -= take;
  }
  if (left > 0) throw new AppError('FEE.REFUND_TOO_LARGE', `该房屋的缴费最多还可退 ${yuan(refundFen - left)} 元，不足以退还押金 ${yuan(refundFen)} 元`, { leftFen: refundFen - left });
  return parts;
}

/**
 * Gives a paid deposit bill back to the unit minus deductions (see above). Refused: the bill is not a
 * one-off bill of the community (404 BILL.NOT_FOUND), voided (409 FEE.BILL_CANCELLED), not paid in full
 * (409 FEE.DEPOSIT_UNPAID), deductions over the deposit (409 FEE.DEDUCTION_TOO_LARGE), a refund more than
 * the unit's payments have left (409 FEE.REFUND_TOO_LARGE). Called again for the same bill: the first
 * return's figures (and any step it had not finished is done now); other deductions are not applied.
 */
export async function returnDeposit(caller: Caller, input: DepositReturnInput): Promise<DepositReturnResult> {
  const communityId = new ObjectId(caller.communityId);
  const bill = await Bill.findOne({ _id: input.billId, communityId }).lean();
  if (!bill || bill.kind !== 'one-off') throw new AppError('BILL.NOT_FOUND');
  let record = (await DepositReturn.findById(bill._id).lean()) as ReturnDoc | null;
  if (!record) {
    if (bill.status === 'cancelled') throw new AppError('FEE.BILL_CANCELLED', '该押金账单已作废，不能退还');
    const deductedFen = input.deductions.reduce((s, d) => s + d.amountFen, 0);
    if (deductedFen > bill.amountFen) throw new AppError('FEE.DEDUCTION_TOO_LARGE', `扣款合计 ${yuan(deductedFen)} 元，超过押金 ${yuan(bill.amountFen)} 元`, { depositFen: bill.amountFen, deductedFen });
    const account = await accountOf(communityId, bill.unitId as Id);
    const view = account.bills.find((b) => b.id === bill._id);
    if (bill.status !== 'returned' && (!view || view.dueFen > 0)) throw new AppError('FEE.DEPOSIT_UNPAID', `押金 ${yuan(bill.amountFen)} 元尚未缴清（已缴 ${yuan(view?.paidFen ?? 0)} 元），不能退还`, { depositFen: bill.amountFen, paidFen: view?.paidFen ?? 0 });
    const refundFen = bill.amountFen - deductedFen;
    const parts = await refundParts({ _id: bill._id, communityId, unitId: bill.unitId as Id, createdAt: bill.createdAt }, refundFen);
    try {
      await DepositReturn.create({ _id: bill._id, communityId, unitId: bill.unitId, depositFen: bill.amountFen, deductions: input.deductions, deductedFen, refundFen, parts, reason: input.reason, byName: caller.name, at: now() });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    record = (await DepositReturn.findById(bill._id).lean()) as ReturnDoc;
  }
  await finish(caller, record, bill as { _id: string; itemId: Id; buildingId: Id; unitLabel?: string | null; period: string; dueDate: Date; itemName: string });
  // The unit's balance follows the deposit given back, its deduction and its ledger refunds (fees.md "Balances").
  const account = await accountAfterChange(communityId, record.unitId);
  const held = await PayRefund.find({ communityId, unitId: record.unitId, depositBillId: record._id, status: { $in: ['pending', 'abnormal'] } }, { amountFen: 1 }).lean();
  const pendingFen = held.reduce((s, r) => s + r.amountFen, 0);
  return { depositFen: record.depositFen, deductedFen: record.deductedFen, refundFen: record.refundFen, pendingFen, account };
}

/** Steps 2–4 of a return (each idempotent). */
async function finish(caller: Caller, r: ReturnDoc, bill: { _id: string; itemId: Id; buildingId: Id; unitLabel?: string | null; period: string; dueDate: Date; itemName: string }): Promise<void> {
  const note = `退还 ${yuan(r.refundFen)} 元${r.deductedFen ? `，扣款 ${yuan(r.deductedFen)} 元（${r.deductions.map((d) => `${d.reason} ${yuan(d.amountFen)} 元`).join('；')}）` : ''}`;
  await Bill.updateOne({ _id: r._id }, { $set: { status: 'returned', returnNote: note } });
  if (r.deductedFen > 0) {
    try {
      await Bill.collection.insertOne({
        _id: `${r._id}:deduction`,
        communityId: r.communityId,
        unitId: r.unitId,
        buildingId: bill.buildingId,
        ...(bill.unitLabel ? { unitLabel: bill.unitLabel } : {}),
        itemId: bill.itemId,
        itemName: `${bill.itemName}扣款`,
        kind: 'one-off',
        period: bill.period,
        amountFen: r.deductedFen,
        dueDate: bill.dueDate,
        detail: r.deductions.map((d) => `${d.reason} ${yuan(d.amountFen)}元`).join('；'),
        status: 'open',
        note: '由押金抵扣',
        createdAt: now(),
      } as never);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  for (const [i, part] of r.parts.entries()) {
    // One caller makes each part; a part whose maker died is taken over after 30 s and checked first.
    const key = `deposit-return:${r._id}:${i}`;
    if (!(await claimUnlessStale(key, 30_000))) continue;
    try {
      if (part.online) {
        if (await PayRefund.exists({ communityId: r.communityId, paymentId: part.paymentId, depositBillId: r._id })) continue;
        const payment = (await Payment.findById(part.paymentId).lean()) as PaymentDoc | null;
        const order = payment ? await orderOf(payment) : null;
        if (!payment || !order) throw new AppError('PAYMENT.NOT_FOUND');
        await startWechatRefund(payment, order, { amountFen: part.amountFen, reason: r.reason, source: 'cashier', caller, depositBillId: r._id });
      } else {
        try {
          await Refund.create({ _id: `${String(part.paymentId)}:deposit:${r._id}`, communityId: r.communityId, unitId: r.unitId, paymentId: part.paymentId, amountFen: part.amountFen, reason: r.reason, byName: r.byName, at: now() });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
    } catch (err) {
      await releaseClaim(key);
      throw err;
    }
  }
}

/** What a deposit's return came to, or null when it was not given back. */
export async function depositReturnOf(communityId: Id, billId: string): Promise<{ depositFen: number; deductedFen: number; refundFen: number; at: Date; byName: string } | null> {
  const r = await DepositReturn.findOne({ _id: billId, communityId }).lean();
  return r ? { depositFen: r.depositFen, deductedFen: r.deductedFen, refundFen: r.refundFen, at: r.at, byName: r.byName } : null;
}
