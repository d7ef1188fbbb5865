import type { PayReconcileReport } from '@shared/contracts/jobs.contract';
import { addDays, dayEnd, dayStart, localDay } from '@shared/domain/calendar';
import type { PayIssueKind } from '@shared/domain/pay-issues';
import { AppError } from '../../lib/app-error';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import type { JobScope } from '../../lib/job-scope';
import { Budget, runSliced, type SliceContext } from '../../lib/slices';
import { logger } from '../../lib/logger';
import { WechatPayError } from '../../lib/wechat-pay/client';
import { communityIdsIn } from '../community';
import type { TradeBillRow } from '../../lib/wechat-pay/types';
import { Payment, Refund } from './fee.model';
import { payClient } from './pay-client';
import { PayOrder, PayRefund } from './pay.model';
import { listIssue, refundKeyOf, type PayRefundDoc } from './pay-refund.service';

/**
 * The daily reconciliation (jobs.reconcilePayments, docs/modules/payments.md "Reconciliation"):
 * WeChat Pay's trade bill of a day (Asia/Shanghai; default yesterday) against the ledger's online
 * payments and refunds of that day. Every difference goes on the cashier's list of its community —
 * the bill names no community (one merchant per deployment): a line is mapped through its order
 * (`out_trade_no` = the order id) or its refund (`out_refund_no`). An issue's `_id` is its kind and
 * the transaction (or refund), so running again adds nothing.
 *
 * The day of a payment is WeChat's success time of it (the order's `paidAt`), of a refund WeChat's
 * success time of the refund: the times WeChat's bill goes by.
 */

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

type OrderDoc = { _id: Id; communityId: Id; unitId: Id; amountFen: number; status: string; transactionId?: string | null; paymentId?: Id | null };

/** A line of the bill is a refund (WeChat writes 0 for "none" in the refund columns). */
const isRefundLine = (r: TradeBillRow) => r.tradeState === 'REFUND' || (r.refundId !== '' && r.refundId !== '0');

/** The phases of a community's reconciliation, in order (the cursor's first part). */
const PHASES = ['pay', 'paid', 'refund', 'refunded'] as const;
type Phase = (typeof PHASES)[number];
/** Items one slice of the reconciliation takes before saving its cursor (the budget bounds it further). */
const RECONCILE_BATCH = 100;

/** Records by id, in reads of RECONCILE_BATCH × 5 ids: a map by the id's text. */
async function byIds<D extends { _id: unknown }>(model: mongoose.Model<never>, ids: readonly unknown[]): Promise<Map<string, D>> {
  const out = new Map<string, D>();
  const unique = [...new Map(ids.map((id) => [String(id), id])).values()];
  for (let i = 0; i < unique.length; i += RECONCILE_BATCH * 5) {
    const docs = (await model.find({ _id: { $in: unique.slice(i, i + RECONCILE_BATCH * 5) } } as never).lean()) as unknown as D[];
    for (const d of docs) out.set(String(d._id), d);
  }
  return out;
}

/** A community's lines of the bill from position `at`, in slices (the cursor saved after each); false when the budget ran out. */
async function linesInSlices(lines: TradeBillRow[], at: string, each: (line: TradeBillRow) => Promise<void>, slice: SliceContext, phase: Phase): Promise<boolean> {
  let i = at ? Number(at) : 0;
  while (i < lines.length) {
    if (slice.budget.spent) return false;
    const end = Math.min(lines.length, i + Math.min(RECONCILE_BATCH, slice.budget.itemsLeft));
    for (; i < end; i++) {
      await each(lines[i]);
      slice.budget.spend(1);
    }
    await slice.save(`${phase}:${i}`);
  }
  return true;
}

/** A community's records matching `filter` by `_id` after `after`, in slices (the cursor saved after each); false when the budget ran out. */
async function recordsInSlices<D extends { _id: unknown }>(model: mongoose.Model<never>, filter: Record<string, unknown>, after: string, each: (d: D) => Promise<void>, slice: SliceContext, phase: Phase): Promise<boolean> {
  let last: unknown = after ? (phase === 'paid' ? new ObjectId(after) : after) : null;
  for (;;) {
    if (slice.budget.spent) return false;
    const limit = Math.min(RECONCILE_BATCH, slice.budget.itemsLeft);
    const docs = (await model
      .find({ ...filter, ...(last ? { _id: { $gt: last } } : {}) } as never)
      .sort({ _id: 1 })
      .limit(limit)
      .lean()) as unknown as D[];
    for (const d of docs) {
      await each(d);
      slice.budget.spend(1);
    }
    if (docs.length) {
      last = docs[docs.length - 1]._id;
      await slice.save(`${phase}:${String(last)}`);
    }
    if (docs.length < limit) return true;
  }
}

/**
 * One run: `day` (default yesterday; only days before today). A run by hand (`manual`) answers 409
 * PAY.BILL_NOT_READY while WeChat is still making the bill; a timer run reports `billReady: false`.
 */
export async function reconcilePayments(input: { day?: string }, run: { scope?: JobScope; signal?: AbortSignal; budget?: Budget } = {}, manual = false): Promise<PayReconcileReport> {
  const budget = run.budget ?? Budget.of({ signal: run.signal });
  const today = localDay(now());
  const day = input.day ?? addDays(today, -1);
  if (day >= today) {
    const message = `只能核对今天（${today}）以前的微信支付账单`;
    throw new AppError('VALIDATION', message, { issues: [{ path: 'day', message }] });
  }
  const report: PayReconcileReport = { day, configured: true, billReady: true, lines: 0, matched: 0, differences: 0, added: 0, unassigned: 0, more: false };
  const client = payClient();
  if (!client) return { ...report, configured: false };

  let rows: TradeBillRow[];
  try {
    rows = (await client.tradeBill(day)).rows;
  } catch (err) {
    if (!(err instanceof WechatPayError)) throw err;
    if (err.code === 'NO_STATEMENT_EXIST') rows = []; // no trade that day
    else if (err.code === 'STATEMENT_CREATING') {
      if (manual) throw new AppError('PAY.BILL_NOT_READY', undefined, { day });
      return { ...report, billReady: false };
    }
    else {
      logger.warn('wechat pay trade bill failed', { day, status: err.status, code: err.code, message: err.message });
      throw new AppError('PAY.BILL_UNAVAILABLE', undefined, { day, wechatCode: err.code });
    }
  }

  const manualScope = Boolean(run.scope?.communityIds);
  const from = dayStart(day);
  const to = dayEnd(day);
  const difference = async (kind: PayIssueKind, key: string, fields: { communityId: Id; unitId: Id } & Record<string, unknown>) => {
    report.differences++;
    if (await listIssue({ _id: `${kind}:${key}`, kind, billDate: day, ...fields })) report.added++;
  };
  const unassigned = (line: TradeBillRow) => {
    // A timer run covers every community: a line of no order here belongs to none of them. A manual
    // run cannot tell whose it is: not counted.
    if (manualScope) return;
    report.unassigned++;
    logger.warn('wechat pay bill line of no order here', { day, outTradeNo: line.outTradeNo, transactionId: line.transactionId, outRefundNo: line.outRefundNo });
  };

  // The bill's lines, each mapped to its community through its order or refund: read by id, in
  // batches (a few commands per invocation, not one per line). The bill is in memory anyway (WeChat
  // sends it whole); the lines of a community are then worked through in slices.
  const payLines = rows.filter((r) => !isRefundLine(r) && r.tradeState === 'SUCCESS');
  // Only refunds that succeeded (a bill may also list one still processing: not yet money moved).
  const refundLines = rows.filter((r) => isRefundLine(r) && (r.refundStatus === 'SUCCESS' || r.refundStatus === ''));
  const refunds = await byIds<PayRefundDoc>(PayRefund as never, refundLines.map((l) => refundKeyOf(l.outRefundNo)).filter((k): k is string => Boolean(k)));
  const refundOf = (line: TradeBillRow) => refunds.get(refundKeyOf(line.outRefundNo) ?? '') ?? null;
  const orderNos = [...payLines, ...refundLines.filter((l) => !refundOf(l))].map((l) => l.outTradeNo).filter((no) => /^[a-f0-9]{24}$/.test(no));
  const orders = await byIds<OrderDoc>(PayOrder as never, orderNos.map((no) => new ObjectId(no)));
  const orderOf = (line: TradeBillRow) => orders.get(line.outTradeNo) ?? null;
  const lineCommunity = new Map<TradeBillRow, string>();
  for (const line of payLines) {
    const order = orderOf(line);
    if (order) lineCommunity.set(line, String(order.communityId));
    else unassigned(line);
  }
  for (const line of refundLines) {
    const owner = refundOf(line) ?? orderOf(line);
    if (owner) lineCommunity.set(line, String(owner.communityId));
    else unassigned(line);
  }
  // Transactions and refunds the bill has (of an order or refund here): the ledger's own not among them are differences.
  const seenTransactions = new Set(payLines.filter((l) => orderOf(l)).map((l) => l.transactionId));
  const seenRefunds = new Set(refundLines.map((l) => refundOf(l)?._id).filter((id): id is string => Boolean(id)));

  /** A payment line of the bill against the ledger. */
  const payLine = async (line: TradeBillRow) => {
    const order = orderOf(line) as OrderDoc;
    report.lines++;
    const where = { communityId: order.communityId, unitId: order.unitId, orderId: order._id, transactionId: line.transactionId };
    if (order.transactionId === line.transactionId && order.status === 'review') {
      // The notification's amount differed from the order's: on the list since then.
      await difference('amount-mismatch', line.transactionId, { ...where, orderFen: order.amountFen, paidFen: line.orderFen });
      return;
    }
    const payment = order.status === 'paid' && order.transactionId === line.transactionId && order.paymentId ? await Payment.findById(order.paymentId, { amountFen: 1 }).lean() : null;
    if (!payment) await difference('paid-unrecorded', line.transactionId, { ...where, orderFen: order.amountFen, paidFen: line.orderFen });
    else if (payment.amountFen !== line.orderFen) await difference('amount-mismatch', line.transactionId, { ...where, paymentId: payment._id, orderFen: payment.amountFen, paidFen: line.orderFen });
    else report.matched++;
  };
  /** A payment recorded here as paid at WeChat that day: a difference when missing from its bill. */
  const paidOrder = async (order: OrderDoc) => {
    if (!order.transactionId || seenTransactions.has(order.transactionId)) return;
    const payment = order.paymentId ? await Payment.findById(order.paymentId, { amountFen: 1 }).lean() : null;
    await difference('recorded-not-paid', order.transactionId, { communityId: order.communityId, unitId: order.unitId, orderId: order._id, transactionId: order.transactionId, ...(payment ? { paymentId: payment._id, orderFen: payment.amountFen } : { orderFen: order.amountFen }) });
  };
  /** A refund line of the bill against the ledger. */
  const refundLine = async (line: TradeBillRow) => {
    const doc = refundOf(line);
    const owner = (doc ?? orderOf(line)) as PayRefundDoc | OrderDoc;
    report.lines++;
    const recorded = doc ? await Refund.findById(doc._id, { amountFen: 1 }).lean() : null;
    const where = { communityId: owner.communityId, unitId: owner.unitId, orderId: doc ? doc.orderId : owner._id, transactionId: line.transactionId, outRefundNo: line.outRefundNo, refundId: line.refundId, ...(doc ? { paymentId: doc.paymentId } : {}) };
    if (!recorded) await difference('refund-unrecorded', line.refundId || line.outRefundNo, { ...where, ...(doc ? { orderFen: doc.amountFen } : {}), paidFen: line.refundFen });
    else if (recorded.amountFen !== line.refundFen) await difference('refund-amount-mismatch', doc ? doc._id : line.refundId, { ...where, orderFen: recorded.amountFen, paidFen: line.refundFen });
    else report.matched++;
  };
  /** A refund recorded here as made by WeChat that day: a difference when missing from its bill. */
  const refundedDoc = async (doc: PayRefundDoc) => {
    if (seenRefunds.has(doc._id)) return;
    await difference('refund-not-at-wechat', doc._id, { communityId: doc.communityId, unitId: doc.unitId, orderId: doc.orderId, paymentId: doc.paymentId, outRefundNo: doc.outRefundNo, orderFen: doc.amountFen });
  };

  // Per community (lib/slices.ts; the day is part of the job's key, so each day's pass has its own
  // cursors): its payment lines, its paid orders of the day, its refund lines, its refunds of the day.
  // The cursor is `<phase>:<position>` (a line's index among the community's lines of the bill, or
  // the last `_id` read). An item is a line or a record; a difference is a keyed insert (`<kind>:<transaction>`):
  // one compared again lists nothing twice.
  const sliced = await runSliced(`reconcilePayments:${day}`, { communityIds: await communityIdsIn(run.scope), budget }, async (communityId, slice) => {
    const cid = new ObjectId(communityId);
    const mine = (lines: TradeBillRow[]) => lines.filter((l) => lineCommunity.get(l) === communityId);
    const [fromPhase, fromAt] = slice.cursor ? (slice.cursor.split(':') as [Phase, string]) : ['pay' as Phase, ''];
    const start = (phase: Phase) => (phase === fromPhase ? fromAt : '');
    const phases: Record<Phase, () => Promise<boolean>> = {
      pay: () => linesInSlices(mine(payLines), start('pay'), payLine, slice, 'pay'),
      paid: () => recordsInSlices<OrderDoc>(PayOrder as never, { communityId: cid, status: 'paid', paidAt: { $gte: from, $lt: to } }, start('paid'), paidOrder, slice, 'paid'),
      refund: () => linesInSlices(mine(refundLines), start('refund'), refundLine, slice, 'refund'),
      refunded: () => recordsInSlices<PayRefundDoc>(PayRefund as never, { communityId: cid, status: 'success', successAt: { $gte: from, $lt: to } }, start('refunded'), refundedDoc, slice, 'refunded'),
    };
    for (const phase of PHASES.slice(Math.max(0, PHASES.indexOf(fromPhase)))) if (!(await phases[phase]())) return 'more';
    return 'done';
  });
  report.more = sliced.more;

  logger.info('wechat pay reconciliation', { ...report });
  return report;
}
