import type { PayOrderView, PayPrepared } from '@shared/contracts/fees.contract';
import type { PayOrdersRunReport } from '@shared/contracts/jobs.contract';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { idOfRequest } from '../../lib/idempotent';
import type { JobScope } from '../../lib/job-scope';
import { Budget, runSliced } from '../../lib/slices';
import { logger } from '../../lib/logger';
import { WechatPayError, type WechatPayClient } from '../../lib/wechat-pay/client';
import type { Transaction } from '../../lib/wechat-pay/types';
import { communityIdsIn } from '../community';
import { openidOf } from '../identity';
import { accountOf } from './fee.service';
import { Payment } from './fee.model';
import { refreshBalances } from './balance.service';
import { payClient, wechatTime } from './pay-client';
import { handleRefundNotification } from './pay-refund.service';
import { PayBillLock, PayIssue, PayOrder, type PayOrderStatus } from './pay.model';

/**
 * Paying bills with WeChat Pay (JSAPI), docs/modules/payments.md "Paying bills": the order
 * (`payPrepare`), the notification (`handlePayNotification`, the gateway's notify route), the owner's
 * result page (`payStatus`) and the job closing expired orders (`closeExpiredPayOrders`). Money moves
 * only in `recordWechatPayment`, on a verified notification or an order query, once per transaction.
 */

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

/** How long an order may be paid (WeChat's time_expire too); then the job closes it and frees its bills. */
export const PAY_ORDER_TTL_MS = 15 * 60_000;
/** The cashier of record of an online payment. */
const WECHAT_CASHIER = '微信支付';


type OrderDoc = {
  _id: Id;
  communityId: Id;
  unitId: Id;
  userId: Id;
  userName: string;
  billIds: string[];
  amountFen: number;
  status: string;
  expiresAt: Date;
  prepayId?: string | null;
  transactionId?: string | null;
  paymentId?: Id | null;
};

function orderView(o: OrderDoc): PayOrderView {
  return { orderId: String(o._id), unitId: String(o.unitId), billIds: o.billIds, amountFen: o.amountFen, status: o.status as PayOrderStatus, expiresAt: o.expiresAt.toISOString(), ...(o.paymentId ? { paymentId: String(o.paymentId) } : {}) };
}

async function releaseBills(orderId: Id): Promise<void> {
  await PayBillLock.deleteMany({ orderId });
}

async function setStatus(orderId: Id, status: PayOrderStatus, extra: Record<string, unknown> = {}): Promise<void> {
  await PayOrder.updateOne({ _id: orderId }, { $set: { status, endedAt: now(), ...extra } });
}

/**
 * Locks each bill to the order (unique `_id` = bill id). A lock held by an order no longer pending
 * (a crash between its end and the release) is taken over; one held by another pending order → 409,
 * and the locks taken here are given back.
 */
async function lockBills(orderId: Id, billIds: string[]): Promise<void> {
  const taken: string[] = [];
  try {
    for (const billId of billIds) {
      for (let attempt = 0; ; attempt++) {
        try {
          await PayBillLock.collection.insertOne({ _id: billId, orderId, at: now() } as never);
          taken.push(billId);
          break;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          const lock = await PayBillLock.findById(billId).lean();
          if (lock && String(lock.orderId) === String(orderId)) break; // a twin of this request took it
          const holder = lock ? await PayOrder.findById(lock.orderId, { status: 1 }).lean() : null;
          if (attempt === 0 && lock && holder?.status !== 'pending') {
            await PayBillLock.deleteOne({ _id: billId, orderId: lock.orderId });
            continue;
          }
          throw new AppError('PAY.BILL_IN_ORDER', undefined, { billId });
        }
      }
    }
  } catch (err) {
    if (taken.length) await PayBillLock.deleteMany({ _id: { $in: taken }, orderId });
    throw err;
  }
}

/**
 * fees.payPrepare (owner): an order for bills of one of the caller's units (their amounts left to pay,
 * from the ledger — never the client's), or an amount ahead; the bills locked to it; the JSAPI prepay;
 * the signed parameters for `requestPayment`. The same request id again answers the same order.
 */
export async function payPrepare(caller: Caller, input: { unitId: string; billIds?: string[]; aheadFen?: number; requestId: string }, retried = false): Promise<PayPrepared> {
  const client = payClient();
  if (!client) throw new AppError('PAY.NOT_CONFIGURED');
  const communityId = new ObjectId(caller.communityId);
  const unitId = new ObjectId(input.unitId);
  const orderId = idOfRequest(`pay:${caller.userId}:${input.requestId}`);
  const existing = (await PayOrder.findById(orderId).lean()) as OrderDoc | null;
  if (existing) return prepared(client, existing);

  const billIds = [...new Set(input.billIds ?? [])];
  let amountFen: number;
  let description: string;
  const account = await accountOf(communityId, unitId);
  if (billIds.length) {
    const byId = new Map(account.bills.map((b) => [b.id, b]));
    amountFen = 0;
    for (const id of billIds) {
      const bill = byId.get(id);
      if (!bill) throw new AppError('BILL.NOT_FOUND', undefined, { billId: id });
      if (bill.status === 'cancelled') throw new AppError('FEE.BILL_CANCELLED', undefined, { billId: id });
      if (bill.dueFen === 0) throw new AppError('PAY.BILL_PAID', undefined, { billId: id });
      amountFen += bill.dueFen;
    }
    const first = byId.get(billIds[0])!;
    description = `${account.unitLabel} ${first.itemName}${first.periodLabel}${billIds.length > 1 ? `等${billIds.length}笔` : ''}`;
  } else {
    amountFen = input.aheadFen ?? 0;
    description = `${account.unitLabel} 预缴物业费`;
  }
  const openid = caller.openid ?? (await openidOf(caller.userId));
  if (!openid) throw new AppError('PAY.NO_OPENID');

  if (billIds.length) {
    const again = await ownPendingOrder(client, caller, unitId, billIds, amountFen);
    if (again === 'settled') {
      // An order of these bills was paid meanwhile: what is left to pay is not what was read above.
      if (retried) throw new AppError('PAY.BILL_IN_ORDER');
      return payPrepare(caller, input, true);
    }
    if (again) return again;
  }

  await lockBills(orderId, billIds);
  const at = now();
  const order: OrderDoc & { openid: string; createdAt: Date } = {
    _id: orderId,
    communityId,
    unitId,
    userId: new ObjectId(caller.userId),
    userName: caller.name,
    openid,
    billIds,
    amountFen,
    status: 'pending',
    expiresAt: new Date(at.getTime() + PAY_ORDER_TTL_MS),
    createdAt: at,
  };
  try {
    await PayOrder.collection.insertOne(order as never);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // a twin of this request made it
  }
  const saved = (await PayOrder.findById(orderId).lean()) as OrderDoc;
  try {
    const { prepayId } = await client.jsapiPrepay({ description: description.slice(0, 127), outTradeNo: String(orderId), amountFen: saved.amountFen, payerOpenid: openid, timeExpire: saved.expiresAt });
    await PayOrder.updateOne({ _id: orderId }, { $set: { prepayId } });
    return prepared(client, { ...saved, prepayId });
  } catch (err) {
    if (!(err instanceof WechatPayError)) throw err;
    logger.warn('wechat pay prepay failed', { orderId: String(orderId), status: err.status, code: err.code, message: err.message });
    await setStatus(orderId, 'closed');
    await releaseBills(orderId);
    throw new AppError('PAY.UPSTREAM', undefined, { wechatCode: err.code });
  }
}

/** An order with less time left than this is not offered again (WeChat would refuse it soon): it is closed and a new one made. */
const REUSE_MIN_LEFT_MS = 2 * 60_000;

const sameBills = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id));

/**
 * The owner taps 微信支付 again — a new request id — for bills already in a pending order of theirs
 * (they cancelled in WeChat, or left the page and came back). The same bills at the same amount
 * with time left → that order again: the same prepay id, freshly signed parameters. Other bills, another
 * amount, or an order about to expire → the owner's old order is ended (asked at WeChat, closed there and
 * here, its bills released; paid meanwhile → recorded, 'settled') so that the new one can take the
 * bills. A bill in a pending order of another person (another owner of the unit) is left alone: the
 * lock then answers 409 PAY.BILL_IN_ORDER.
 */
async function ownPendingOrder(client: WechatPayClient, caller: Caller, unitId: Id, billIds: string[], amountFen: number): Promise<PayPrepared | 'settled' | null> {
  const locks = await PayBillLock.find({ _id: { $in: billIds } }).lean();
  if (!locks.length) return null;
  const holderIds = [...new Set(locks.map((l) => String(l.orderId)))].map((id) => new ObjectId(id));
  const holders = (await PayOrder.find({ _id: { $in: holderIds } }).lean()) as OrderDoc[];
  const pending = holders.filter((o) => o.status === 'pending');
  const mine = pending.filter((o) => String(o.userId) === caller.userId && String(o.unitId) === String(unitId));
  const same = mine.find((o) => o.prepayId && sameBills(o.billIds, billIds) && o.amountFen === amountFen && o.expiresAt.getTime() - now().getTime() > REUSE_MIN_LEFT_MS);
  if (same && pending.length === 1) {
    // Still payable at WeChat? (It may have been paid in another tab, or be unknown to it: a fake restarted.)
    try {
      if ((await client.queryByOutTradeNo(String(same._id))).trade_state === 'NOTPAY') return prepared(client, same);
    } catch (err) {
      if (!(err instanceof WechatPayError)) throw err;
    }
  }
  let settled = false;
  for (const order of mine) {
    const ended = await endOrder(client, order);
    if (ended === 'unknown') throw new AppError('PAY.BILL_IN_ORDER', undefined, { orderId: String(order._id) });
    if (ended === 'paid') settled = true;
  }
  return settled ? 'settled' : null;
}

async function prepared(client: WechatPayClient, order: OrderDoc): Promise<PayPrepared> {
  if (order.status !== 'pending' || !order.prepayId) throw new AppError('PAY.ORDER_FINISHED', undefined, { orderId: String(order._id), status: order.status });
  return { ...orderView(order), payment: client.requestPaymentParams(order.prepayId) };
}

export type RecordOutcome = 'recorded' | 'already' | 'mismatch' | 'not-paid';

/**
 * THE recording of an online payment, from a verified notification or an order query: once per
 * transaction — the payment's receipt key `<community>:WX<transaction id>` is unique, so of a
 * notification, its duplicate and a query racing, one insert wins (the others find it). The amount
 * must be the order's, else nothing is recorded and the payment goes on the cashier's list. The
 * payment is an ordinary ledger payment (method wechat): it pays the oldest bills first, and what
 * is no longer owed (bills meanwhile paid at the desk) is prepayment credit of the unit.
 */
export async function recordWechatPayment(order: OrderDoc, txn: Transaction): Promise<RecordOutcome> {
  if (txn.trade_state !== 'SUCCESS' || !txn.transaction_id) return 'not-paid';
  const transactionId = txn.transaction_id;
  const paidFen = txn.amount?.total ?? -1;
  if (paidFen !== order.amountFen) {
    try {
      await PayIssue.collection.insertOne({ _id: `amount-mismatch:${transactionId}`, communityId: order.communityId, unitId: order.unitId, orderId: order._id, kind: 'amount-mismatch', transactionId, orderFen: order.amountFen, paidFen, at: now(), status: 'open' } as never);
      logger.warn('wechat pay amount mismatch', { orderId: String(order._id), transactionId, orderFen: order.amountFen, paidFen });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    await setStatus(order._id, 'review', { transactionId, paidAt: wechatTime(txn.success_time) });
    await releaseBills(order._id);
    return 'mismatch';
  }
  const receiptNo = `WX${transactionId}`;
  const receiptKey = `${String(order.communityId)}:${receiptNo}`;
  let outcome: RecordOutcome = 'recorded';
  try {
    await Payment.create({ communityId: order.communityId, unitId: order.unitId, receiptKey, receiptNo, method: 'wechat', amountFen: paidFen, note: `微信支付订单 ${String(order._id)}`, cashierId: order.userId, cashierName: WECHAT_CASHIER, orderId: order._id, at: now() });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    outcome = 'already';
  }
  // The unit's balance (fees.md "Balances"): recomputed also when the payment was there (a kill before this line).
  await refreshBalances(order.communityId, [order.unitId]);
  const payment = await Payment.findOne({ receiptKey }, { _id: 1 }).lean();
  await setStatus(order._id, 'paid', { transactionId, paymentId: payment?._id, paidAt: wechatTime(txn.success_time) });
  await releaseBills(order._id);
  return outcome;
}

/** The notify route's answer (the gateway sends it as is). */
export interface NotifyAnswer {
  status: number;
  body?: { code: string; message: string };
}

/**
 * The WeChat Pay notification (POST to WECHAT_PAY_NOTIFY_URL, raw body as received): verified and
 * decrypted by the client, then recorded once. 204 when handled (WeChat stops sending); a bad
 * signature → 401 SIGN_ERROR, logged, nothing recorded; anything we cannot handle now → an error
 * status, so that WeChat sends it again.
 */
export async function handlePayNotification(header: (name: string) => string | null | undefined, rawBody: string): Promise<NotifyAnswer> {
  const client = payClient();
  if (!client) return { status: 404, body: { code: 'FAIL', message: '未开通微信支付' } };
  const parsed = client.parseNotification(header, rawBody);
  if (!parsed.ok) {
    logger.warn('wechat pay notification refused', { reason: parsed.reason });
    const signature = (['bad-signature', 'unknown-serial', 'stale-timestamp', 'missing-headers'] as string[]).includes(parsed.reason);
    return signature ? { status: 401, body: { code: 'SIGN_ERROR', message: '签名错误' } } : { status: 400, body: { code: 'FAIL', message: parsed.reason } };
  }
  const event = parsed.event;
  if (event.kind === 'refund') return handleRefundNotification(client, event.refund);
  const txn = event.transaction;
  const order = ObjectId.isValid(txn.out_trade_no) && txn.out_trade_no.length === 24 ? ((await PayOrder.findById(new ObjectId(txn.out_trade_no)).lean()) as OrderDoc | null) : null;
  if (!order || txn.mchid !== client.settings.mchid) {
    logger.warn('wechat pay notification for an unknown order', { outTradeNo: txn.out_trade_no, transactionId: txn.transaction_id });
    return { status: 404, body: { code: 'FAIL', message: '订单不存在' } };
  }
  const outcome = await recordWechatPayment(order, txn);
  logger.info('wechat pay notification', { orderId: String(order._id), transactionId: txn.transaction_id, outcome });
  return { status: 204 };
}

/** Asks WeChat about a pending order and records it when paid (the same record-once path). */
async function settleFromQuery(client: WechatPayClient, order: OrderDoc): Promise<RecordOutcome | 'unknown'> {
  try {
    return await recordWechatPayment(order, await client.queryByOutTradeNo(String(order._id)));
  } catch (err) {
    if (!(err instanceof WechatPayError)) throw err;
    if (err.code === 'ORDER_NOT_EXIST') return 'not-paid';
    logger.warn('wechat pay query failed', { orderId: String(order._id), status: err.status, code: err.code });
    return 'unknown';
  }
}

/** fees.payStatus (owner): an order of one of the caller's units (`unitId`); still pending → WeChat is asked (and a payment recorded). */
export async function payStatus(caller: Caller, input: { unitId: string; orderId: string }): Promise<PayOrderView> {
  const _id = new ObjectId(input.orderId);
  // The unit is one of the caller's (the contract's ownUnit); the order must be of it.
  const order = (await PayOrder.findOne({ _id, communityId: new ObjectId(caller.communityId), unitId: new ObjectId(input.unitId) }).lean()) as OrderDoc | null;
  if (!order) throw new AppError('PAY.ORDER_NOT_FOUND');
  const client = payClient();
  if (order.status === 'pending' && order.prepayId && client) {
    await settleFromQuery(client, order);
    return orderView((await PayOrder.findById(_id).lean()) as OrderDoc);
  }
  return orderView(order);
}


/**
 * The job: pending orders past their expiry. Each is asked about first (paid → recorded); otherwise
 * closed at WeChat and here, and its bills are payable again. A close refused because it was paid
 * meanwhile (ORDERPAID) → asked again and recorded.
 */
export async function closeExpiredPayOrders(run: { scope?: JobScope; signal?: AbortSignal; budget?: Budget } = {}): Promise<PayOrdersRunReport> {
  const report: PayOrdersRunReport = { expired: 0, paid: 0, closed: 0, failed: 0, more: false };
  const client = payClient();
  const at = now();
  const budget = run.budget ?? Budget.of({ signal: run.signal });
  // Per community (lib/slices.ts), by `_id` from the saved cursor (an order WeChat could not tell
  // about stays pending: the cursor passes it; the next pass asks again). An item is an order; ending
  // one again is harmless (the payment is recorded once, a closed order is closed).
  const sliced = await runSliced('closePayOrders', { communityIds: await communityIdsIn(run.scope), budget }, async (communityId, slice) => {
    let after = slice.cursor ? new ObjectId(slice.cursor) : null;
    for (;;) {
      if (slice.budget.spent) return 'more';
      const limit = Math.min(JOB_BATCH, slice.budget.itemsLeft);
      const orders = (await PayOrder.find({ communityId: new ObjectId(communityId), status: 'pending', expiresAt: { $lt: at }, ...(after ? { _id: { $gt: after } } : {}) })
        .sort({ _id: 1 })
        .limit(limit)
        .lean()) as OrderDoc[];
      for (const order of orders) {
        report.expired++;
        slice.budget.spend(1);
        if (order.prepayId && !client) {
          // Payment switched off: nothing to ask.
          report.failed++;
          continue;
        }
        const ended = await endOrder(client, order);
        report[ended === 'unknown' ? 'failed' : ended]++;
      }
      if (orders.length) {
        after = orders[orders.length - 1]._id;
        await slice.save(String(after));
      }
      if (orders.length < limit) return 'done';
    }
  });
  report.more = sliced.more;
  return report;
}

/** Orders (refunds) one read of a pay job takes (the run's budget bounds it further). */
const JOB_BATCH = 100;

/**
 * Ends a pending order: asked about first (paid → recorded, 'paid'); otherwise closed at WeChat and
 * here, and its bills are payable again ('closed'). A close refused because it was paid meanwhile
 * (ORDERPAID) → asked again and recorded. 'unknown' when WeChat could not tell (left pending).
 * An order that never reached WeChat (a crash before the prepay) is closed without asking.
 */
async function endOrder(client: WechatPayClient | null, order: OrderDoc): Promise<'paid' | 'closed' | 'unknown'> {
  let outcome: RecordOutcome | 'unknown' = 'not-paid';
  if (order.prepayId) {
    if (!client) return 'unknown';
    outcome = await settleFromQuery(client, order);
    if (outcome === 'not-paid') {
      try {
        await client.close(String(order._id));
      } catch (err) {
        if (!(err instanceof WechatPayError)) throw err;
        if (err.code === 'ORDERPAID') outcome = await settleFromQuery(client, order);
        else if (err.code !== 'ORDER_CLOSED' && err.code !== 'ORDER_NOT_EXIST') outcome = 'unknown';
      }
    }
  }
  if (outcome === 'not-paid') {
    await setStatus(order._id, 'closed');
    await releaseBills(order._id);
    return 'closed';
  }
  return outcome === 'unknown' ? 'unknown' : 'paid';
}
