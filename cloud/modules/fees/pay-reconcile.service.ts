import type { PayReconcileReport } from '@shared/contracts/jobs.contract';
import { addDays, dayEnd, dayStart, localDay } from '@shared/domain/calendar';
import type { PayIssueKind } from '@shared/domain/pay-issues';
import { AppError } from '../../lib/app-error';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { inScope, type JobScope } from '../../lib/job-scope';
import { logger } from '../../lib/logger';
import { WechatPayError } from '../../lib/wechat-pay/client';
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

/**
 * One run: `day` (default yesterday; only days before today). A run by hand (`manual`) answers 409
 * PAY.BILL_NOT_READY while WeChat is still making the bill; a timer run reports `billReady: false`.
 */
export async function reconcilePayments(input: { day?: string }, jobScope?: JobScope, manual = false): Promise<PayReconcileReport> {
  const today = localDay(now());
  const day = input.day ?? addDays(today, -1);
  if (day >= today) {
    const message = `只能核对今天（${today}）以前的微信支付账单`;
    throw new AppError('VALIDATION', message, { issues: [{ path: 'day', message }] });
  }
  const report: PayReconcileReport = { day, configured: true, billReady: true, lines: 0, matched: 0, differences: 0, added: 0, unassigned: 0 };
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

  const communities = jobScope?.communityIds ? new Set(jobScope.communityIds) : null;
  const ours = (communityId: Id) => !communities || communities.has(String(communityId));
  const from = dayStart(day);
  const to = dayEnd(day);
  const difference = async (kind: PayIssueKind, key: string, fields: { communityId: Id; unitId: Id } & Record<string, unknown>) => {
    report.differences++;
    if (await listIssue({ _id: `${kind}:${key}`, kind, billDate: day, ...fields })) report.added++;
  };
  const orderCache = new Map<string, OrderDoc | null>();
  const orderById = async (no: string): Promise<OrderDoc | null> => {
    if (!/^[a-f0-9]{24}$/.test(no)) return null;
    if (!orderCache.has(no)) orderCache.set(no, (await PayOrder.findById(new ObjectId(no)).lean()) as OrderDoc | null);
    return orderCache.get(no) ?? null;
  };
  const unassigned = (line: TradeBillRow) => {
    // A timer run covers every community: a line of no order here belongs to none of them. A manual
    // run cannot tell whose it is: not counted.
    if (communities) return;
    report.unassigned++;
    logger.warn('wechat pay bill line of no order here', { day, outTradeNo: line.outTradeNo, transactionId: line.transactionId, outRefundNo: line.outRefundNo });
  };

  // Payments WeChat received that day.
  const seenTransactions = new Set<string>();
  for (const line of rows.filter((r) => !isRefundLine(r) && r.tradeState === 'SUCCESS')) {
    const order = await orderById(line.outTradeNo);
    if (!order) {
      unassigned(line);
      continue;
    }
    if (!ours(order.communityId)) continue;
    report.lines++;
    seenTransactions.add(line.transactionId);
    const where = { communityId: order.communityId, unitId: order.unitId, orderId: order._id, transactionId: line.transactionId };
    if (order.transactionId === line.transactionId && order.status === 'review') {
      // The notification's amount differed from the order's: on the list since then.
      await difference('amount-mismatch', line.transactionId, { ...where, orderFen: order.amountFen, paidFen: line.orderFen });
      continue;
    }
    const payment = order.status === 'paid' && order.transactionId === line.transactionId && order.paymentId ? await Payment.findById(order.paymentId, { amountFen: 1 }).lean() : null;
    if (!payment) await difference('paid-unrecorded', line.transactionId, { ...where, orderFen: order.amountFen, paidFen: line.orderFen });
    else if (payment.amountFen !== line.orderFen) await difference('amount-mismatch', line.transactionId, { ...where, paymentId: payment._id, orderFen: payment.amountFen, paidFen: line.orderFen });
    else report.matched++;
  }
  // Payments recorded here as paid at WeChat that day, missing from its bill.
  const paid = (await PayOrder.find({ ...inScope(jobScope), status: 'paid', paidAt: { $gte: from, $lt: to } }).lean()) as OrderDoc[];
  for (const order of paid) {
    if (!order.transactionId || seenTransactions.has(order.transactionId)) continue;
    const payment = order.paymentId ? await Payment.findById(order.paymentId, { amountFen: 1 }).lean() : null;
    await difference('recorded-not-paid', order.transactionId, { communityId: order.communityId, unitId: order.unitId, orderId: order._id, transactionId: order.transactionId, ...(payment ? { paymentId: payment._id, orderFen: payment.amountFen } : { orderFen: order.amountFen }) });
  }

  // Refunds WeChat made that day.
  const seenRefunds = new Set<string>();
  // Only refunds that succeeded (a bill may also list one still processing: not yet money moved).
  for (const line of rows.filter((r) => isRefundLine(r) && (r.refundStatus === 'SUCCESS' || r.refundStatus === ''))) {
    const key = refundKeyOf(line.outRefundNo);
    const doc = key ? ((await PayRefund.findById(key).lean()) as PayRefundDoc | null) : null;
    const order = doc ? null : await orderById(line.outTradeNo);
    const owner = doc ?? order;
    if (!owner) {
      unassigned(line);
      continue;
    }
    if (!ours(owner.communityId)) continue;
    report.lines++;
    if (doc) seenRefunds.add(doc._id);
    const recorded = doc ? await Refund.findById(doc._id, { amountFen: 1 }).lean() : null;
    const where = { communityId: owner.communityId, unitId: owner.unitId, orderId: doc ? doc.orderId : owner._id, transactionId: line.transactionId, outRefundNo: line.outRefundNo, refundId: line.refundId, ...(doc ? { paymentId: doc.paymentId } : {}) };
    if (!recorded) await difference('refund-unrecorded', line.refundId || line.outRefundNo, { ...where, ...(doc ? { orderFen: doc.amountFen } : {}), paidFen: line.refundFen });
    else if (recorded.amountFen !== line.refundFen) await difference('refund-amount-mismatch', doc ? doc._id : line.refundId, { ...where, orderFen: recorded.amountFen, paidFen: line.refundFen });
    else report.matched++;
  }
  // Refunds recorded here as made by WeChat that day, missing from its bill.
  const refunded = (await PayRefund.find({ ...inScope(jobScope), status: 'success', successAt: { $gte: from, $lt: to } }).lean()) as PayRefundDoc[];
  for (const doc of refunded) {
    if (seenRefunds.has(doc._id)) continue;
    await difference('refund-not-at-wechat', doc._id, { communityId: doc.communityId, unitId: doc.unitId, orderId: doc.orderId, paymentId: doc.paymentId, outRefundNo: doc.outRefundNo, orderFen: doc.amountFen });
  }

  logger.info('wechat pay reconciliation', { ...report });
  return report;
}
