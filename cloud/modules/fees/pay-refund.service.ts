import type { UnitAccount } from '@shared/contracts/fees.contract';
import type { PayRefundsRunReport } from '@shared/contracts/jobs.contract';
import { yuan } from '@shared/domain/fees';
import type { PayIssueKind } from '@shared/domain/pay-issues';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { claimUnlessStale, releaseClaim } from '../../lib/claim';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import type { JobScope } from '../../lib/job-scope';
import { Budget, runSliced } from '../../lib/slices';
import { logger } from '../../lib/logger';
import { WechatPayError, type WechatPayClient } from '../../lib/wechat-pay/client';
import type { RefundNotificationResource, RefundStatus } from '../../lib/wechat-pay/types';
import { communityIdsIn } from '../community';
import { accountOf, refund as ledgerRefund } from './fee.service';
import { Payment, Refund } from './fee.model';
import { refreshBalances } from './balance.service';
import { payClient, wechatTime } from './pay-client';
import { PayIssue, PayOrder, PayRefund, type PayRefundStatus } from './pay.model';

/**
 * Refunds of online payments through WeChat Pay (docs/modules/payments.md "Refunds"): a cashier's
 * `fees.refund` of a payment made with WeChat Pay, and the owner's `fees.refundCredit` (the credit a
 * WeChat payment left, e.g. when its bills were meanwhile paid at the desk). The refund is asked at
 * WeChat (`pay_refunds`, `out_refund_no` from its id, so asking again is the same refund) and enters
 * the ledger only when WeChat reports success — a REFUND.SUCCESS notification or a refund query —
 * once: the ledger Refund's `_id` is the refund's. Until then it is 退款中 on the account and holds
 * its amount against the payment. REFUND.ABNORMAL / CLOSED → the cashier's list.
 */

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

/** Statuses that hold their amount against the payment (asked at WeChat, not ended without money moving). */
const HELD: readonly PayRefundStatus[] = ['pending', 'abnormal'];
/** A pending refund younger than this is left to its notification by the job. */
const NOTIFICATION_GRACE_MS = 60_000;

export type PaymentDoc = { _id: Id; communityId: Id; unitId: Id; amountFen: number; method: string; orderId?: Id | null };
export type OrderDoc = { _id: Id; communityId: Id; unitId: Id; amountFen: number; status: string; paymentId?: Id | null };
export type PayRefundDoc = {
  _id: string;
  communityId: Id;
  unitId: Id;
  paymentId: Id;
  orderId: Id;
  outRefundNo: string;
  amountFen: number;
  reason: string;
  source: 'cashier' | 'owner';
  byId: Id;
  byName: string;
  status: PayRefundStatus;
  refundId?: string | null;
  successAt?: Date | null;
  createdAt: Date;
  /** The deposit bill this refund gives back (deposit.service.ts). */
  depositBillId?: string | null;
};

/** WeChat allows no colon in out_refund_no: the refund `<payment>:<n>` is `<payment>_<n>` there. */
export const outRefundNoOf = (refundKey: string) => refundKey.replace(':', '_');
/** The refund key of an out_refund_no of ours, or null. */
export function refundKeyOf(outRefundNo: string): string | null {
  const m = /^([a-f0-9]{24})_(\d{1,4})$/.exec(outRefundNo);
  return m ? `${m[1]}:${m[2]}` : null;
}

/**
 * The WeChat Pay order of an online payment, or null for an offline one (a cashier may record a
 * transfer to a WeChat account as method wechat: that has no order and is refunded at the desk).
 */
export async function orderOf(payment: PaymentDoc): Promise<OrderDoc | null> {
  if (payment.method !== 'wechat') return null;
  if (payment.orderId) return (await PayOrder.findById(payment.orderId).lean()) as OrderDoc | null;
  // Recorded before payments carried their order.
  return (await PayOrder.findOne({ communityId: payment.communityId, paymentId: payment._id, status: 'paid' }).lean()) as OrderDoc | null;
}

/**
 * What is left of a payment to refund — its amount, minus its refunds in the ledger, minus WeChat
 * refunds still held (pending, abnormal) — and the number of its next refund (after every refund of it,
 * in the ledger or asked at WeChat).
 */
export async function refundState(payment: PaymentDoc): Promise<{ leftFen: number; heldFen: number; next: number }> {
  const [ledger, online] = await Promise.all([
    Refund.find({ paymentId: payment._id }, { amountFen: 1 }).lean(),
    PayRefund.find({ communityId: payment.communityId, paymentId: payment._id }, { amountFen: 1, status: 1 }).lean(),
  ]);
  const recorded = new Set(ledger.map((r) => String(r._id)));
  const heldFen = online.filter((r) => HELD.includes(r.status as PayRefundStatus) && !recorded.has(r._id)).reduce((s, r) => s + r.amountFen, 0);
  const numbers = [...ledger.map((r) => String(r._id)), ...online.map((r) => r._id)].map((id) => Number(id.split(':')[1]) || 0);
  return { leftFen: payment.amountFen - ledger.reduce((s, r) => s + r.amountFen, 0) - heldFen, heldFen, next: Math.max(0, ...numbers) + 1 };
}

/** The unit's WeChat refunds still held (not in the ledger yet): the account's credit is that much smaller for the owner's refund. */
async function heldOfUnit(communityId: Id, unitId: Id): Promise<number> {
  const held = await PayRefund.find({ communityId, unitId, status: { $in: HELD } }, { amountFen: 1 }).lean();
  if (!held.length) return 0;
  const recorded = new Set((await Refund.find({ communityId, unitId }, { _id: 1 }).lean()).map((r) => String(r._id)));
  return held.filter((r) => !recorded.has(r._id)).reduce((s, r) => s + r.amountFen, 0);
}

/** Puts an issue on the cashier's list once (its `_id` is deterministic); true when it is new. */
export async function listIssue(issue: { _id: string; communityId: Id; unitId: Id; kind: PayIssueKind } & Record<string, unknown>): Promise<boolean> {
  try {
    await PayIssue.collection.insertOne({ ...issue, at: now(), status: 'open' } as never);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export type RefundOutcome = 'recorded' | 'already' | 'pending' | 'abnormal' | 'closed' | 'mismatch';

/**
 * Applies what WeChat says of a refund (the create's answer, a query, a notification). SUCCESS → the
 * ledger Refund, once (its `_id` is the refund's: a duplicate notification or a racing query finds it);
 * an amount other than asked → not recorded, on the cashier's list. ABNORMAL / CLOSED → the refund's
 * status, and the cashier's list (once). PROCESSING → nothing yet.
 */
async function applyRefund(doc: PayRefundDoc, w: { status: RefundStatus; refundFen: number; refundId?: string; successTime?: string }): Promise<RefundOutcome> {
  const base = { communityId: doc.communityId, unitId: doc.unitId, orderId: doc.orderId, paymentId: doc.paymentId, outRefundNo: doc.outRefundNo, ...(w.refundId ? { refundId: w.refundId } : {}) };
  if (w.status === 'PROCESSING') {
    if (w.refundId && !doc.refundId) await PayRefund.updateOne({ _id: doc._id }, { $set: { refundId: w.refundId } });
    return 'pending';
  }
  if (w.status === 'SUCCESS') {
    if (w.refundFen !== doc.amountFen) {
      await PayRefund.updateOne({ _id: doc._id }, { $set: { status: 'abnormal', updatedAt: now(), ...(w.refundId ? { refundId: w.refundId } : {}) } });
      await listIssue({ _id: `refund-amount-mismatch:${doc._id}`, kind: 'refund-amount-mismatch', ...base, orderFen: doc.amountFen, paidFen: w.refundFen });
      logger.warn('wechat pay refund amount differs', { refund: doc._id, askedFen: doc.amountFen, refundFen: w.refundFen });
      return 'mismatch';
    }
    let outcome: RefundOutcome = 'recorded';
    try {
      await Refund.create({ _id: doc._id, communityId: doc.communityId, unitId: doc.unitId, paymentId: doc.paymentId, amountFen: doc.amountFen, reason: doc.reason, byName: doc.byName, at: now() });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      outcome = 'already';
    }
    await refreshBalances(doc.communityId, [doc.unitId]);
    await PayRefund.updateOne({ _id: doc._id }, { $set: { status: 'success', successAt: wechatTime(w.successTime), updatedAt: now(), ...(w.refundId ? { refundId: w.refundId } : {}) } });
    return outcome;
  }
  // ABNORMAL or CLOSED: never over a refund already in the ledger (a late, stale event).
  if (await Refund.exists({ _id: doc._id })) return 'already';
  const abnormal = w.status === 'ABNORMAL';
  await PayRefund.updateOne({ _id: doc._id }, { $set: { status: abnormal ? 'abnormal' : 'closed', updatedAt: now(), ...(w.refundId ? { refundId: w.refundId } : {}) } });
  const kind: PayIssueKind = abnormal ? 'refund-abnormal' : 'refund-closed';
  if (await listIssue({ _id: `${kind}:${doc._id}`, kind, ...base, orderFen: doc.amountFen })) logger.warn('wechat pay refund not made', { refund: doc._id, status: w.status });
  return abnormal ? 'abnormal' : 'closed';
}

/** A WeChat answer that says the refund was not made and will not be (a retry would be refused again). */
function refusedForGood(err: WechatPayError): boolean {
  return err.status >= 400 && err.status < 500 && err.status !== 429 && err.code !== 'SYSTEM_ERROR' && err.code !== 'FREQUENCY_LIMITED';
}

/**
 * Asks WeChat to make the refund (the same out_refund_no again is the same refund there) and applies
 * its answer. Refused → `failed` (a cashier asking: 502 PAY.REFUND_FAILED; the job: the cashier's
 * list); no answer → left pending (the job asks again).
 */
async function submitRefund(client: WechatPayClient, doc: PayRefundDoc, totalFen: number, asking: boolean): Promise<RefundOutcome> {
  try {
    const r = await client.refund({ outTradeNo: String(doc.orderId), outRefundNo: doc.outRefundNo, refundFen: doc.amountFen, totalFen, reason: doc.reason.slice(0, 80) });
    return await applyRefund(doc, { status: r.status, refundFen: r.amount.refund, refundId: r.refund_id, successTime: r.success_time });
  } catch (err) {
    if (!(err instanceof WechatPayError)) throw err;
    if (!refusedForGood(err)) {
      logger.warn('wechat pay refund not answered', { refund: doc._id, status: err.status, code: err.code });
      return 'pending';
    }
    logger.warn('wechat pay refund refused', { refund: doc._id, status: err.status, code: err.code, message: err.message });
    await PayRefund.updateOne({ _id: doc._id }, { $set: { status: 'failed', failCode: err.code, updatedAt: now() } });
    if (asking) throw new AppError('PAY.REFUND_FAILED', `微信支付未受理退款：${err.message}`, { wechatCode: err.code });
    await listIssue({ _id: `refund-closed:${doc._id}`, kind: 'refund-closed', communityId: doc.communityId, unitId: doc.unitId, orderId: doc.orderId, paymentId: doc.paymentId, outRefundNo: doc.outRefundNo, orderFen: doc.amountFen });
    return 'closed';
  }
}

/**
 * A refund of an online payment, asked at WeChat: checked against what is left of the payment (its
 * refunds in the ledger and those still held at WeChat), numbered after the payment's refunds (two
 * racing for one number: one wins, the other 409 STATE.CONFLICT), then asked.
 */
export async function startWechatRefund(payment: PaymentDoc, order: OrderDoc, a: { amountFen: number; reason: string; source: 'cashier' | 'owner'; caller: Caller; depositBillId?: string }): Promise<RefundOutcome> {
  const client = payClient();
  if (!client) throw new AppError('PAY.NOT_CONFIGURED', '微信支付未开通，无法原路退款');
  const { leftFen, heldFen, next } = await refundState(payment);
  if (a.amountFen > leftFen) throw new AppError('FEE.REFUND_TOO_LARGE', `该笔缴费最多还可退 ${yuan(Math.max(0, leftFen))} 元${heldFen ? `（另有 ${yuan(heldFen)} 元正在退款中）` : ''}`, { leftFen: Math.max(0, leftFen), heldFen });
  const _id = `${String(payment._id)}:${next}`;
  const doc: PayRefundDoc = {
    _id,
    communityId: payment.communityId,
    unitId: payment.unitId,
    paymentId: payment._id,
    orderId: order._id,
    outRefundNo: outRefundNoOf(_id),
    amountFen: a.amountFen,
    reason: a.reason,
    source: a.source,
    byId: new ObjectId(a.caller.userId),
    byName: a.caller.name,
    status: 'pending',
    createdAt: now(),
    // A deposit's refund (deposit.service.ts): a retry of the return finds it.
    ...(a.depositBillId ? { depositBillId: a.depositBillId } : {}),
  };
  try {
    await PayRefund.collection.insertOne(doc as never);
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('STATE.CONFLICT');
    throw err;
  }
  return submitRefund(client, doc, order.amountFen, true);
}

/**
 * fees.refund (cashier, manager): a payment made with WeChat Pay goes back through WeChat Pay (退款中
 * until WeChat reports success); any other is refunded in the ledger at once (fee.service).
 */
export async function refund(caller: Caller, input: { paymentId: string; amountFen: number; reason: string }): Promise<UnitAccount> {
  const communityId = new ObjectId(caller.communityId);
  const payment = (await Payment.findOne({ _id: new ObjectId(input.paymentId), communityId }).lean()) as PaymentDoc | null;
  if (!payment) throw new AppError('PAYMENT.NOT_FOUND');
  const order = await orderOf(payment);
  if (!order) return ledgerRefund(caller, input);
  await startWechatRefund(payment, order, { amountFen: input.amountFen, reason: input.reason, source: 'cashier', caller });
  return accountOf(communityId, payment.unitId);
}

/**
 * fees.refundCredit (owner): the unit's prepayment credit paid back through WeChat Pay, out of one of
 * the unit's WeChat payments: min(the credit less refunds still held, what is left of that payment).
 * No credit → 409 PAY.NO_CREDIT; an offline payment → 409 PAY.NOT_ONLINE. One at a time per unit: the
 * k-th owner refund of the unit claims its number (two taps racing → one refund, the other 409).
 */
export async function refundCredit(caller: Caller, input: { unitId: string; paymentId: string; reason: string }): Promise<UnitAccount> {
  const communityId = new ObjectId(caller.communityId);
  const unitId = new ObjectId(input.unitId);
  const payment = (await Payment.findOne({ _id: new ObjectId(input.paymentId), communityId, unitId }).lean()) as PaymentDoc | null;
  if (!payment) throw new AppError('PAYMENT.NOT_FOUND');
  const order = await orderOf(payment);
  if (!order) throw new AppError('PAY.NOT_ONLINE');
  const [account, heldFen, state] = await Promise.all([accountOf(communityId, unitId), heldOfUnit(communityId, unitId), refundState(payment)]);
  const creditFen = account.creditFen - heldFen;
  if (creditFen <= 0) throw new AppError('PAY.NO_CREDIT', undefined, { creditFen: account.creditFen, heldFen });
  const amountFen = Math.min(creditFen, state.leftFen);
  if (amountFen <= 0) throw new AppError('FEE.REFUND_TOO_LARGE', '该笔微信缴费已没有可退的金额', { leftFen: 0 });
  const k = (await PayRefund.countDocuments({ communityId, unitId, source: 'owner' })) + 1;
  const key = `pay-credit-refund:${input.unitId}:${k}`;
  if (!(await claimUnlessStale(key, 30_000))) throw new AppError('STATE.CONFLICT');
  try {
    await startWechatRefund(payment, order, { amountFen, reason: `业主申请退还预存余额：${input.reason}`, source: 'owner', caller });
  } catch (err) {
    await releaseClaim(key);
    throw err;
  }
  return accountOf(communityId, unitId);
}

/** A REFUND.* notification (verified and decrypted by the client): applied once; a refund not ours → 404 (WeChat sends again; reconciliation lists it). */
export async function handleRefundNotification(client: WechatPayClient, r: RefundNotificationResource): Promise<{ status: number; body?: { code: string; message: string } }> {
  const key = refundKeyOf(r.out_refund_no);
  const doc = key ? ((await PayRefund.findById(key).lean()) as PayRefundDoc | null) : null;
  if (!doc || r.mchid !== client.settings.mchid || r.out_trade_no !== String(doc.orderId)) {
    logger.warn('wechat pay refund notification for an unknown refund', { outRefundNo: r.out_refund_no, refundId: r.refund_id });
    return { status: 404, body: { code: 'FAIL', message: '退款单不存在' } };
  }
  const outcome = await applyRefund(doc, { status: r.refund_status, refundFen: r.amount.refund, refundId: r.refund_id, successTime: r.success_time });
  logger.info('wechat pay refund notification', { refund: doc._id, status: r.refund_status, outcome });
  return { status: 204 };
}

/**
 * The job (jobs.settlePayRefunds, in the turn of closePayOrders): refunds still pending at WeChat
 * (older than a minute: the notification had its chance) or abnormal are asked about — a success
 * whose notification was lost is recorded; a refund WeChat never received (the create went
 * unanswered) is asked again with the same out_refund_no.
 */
export async function settlePayRefunds(run: { scope?: JobScope; signal?: AbortSignal; budget?: Budget } = {}): Promise<PayRefundsRunReport> {
  const report: PayRefundsRunReport = { asked: 0, recorded: 0, pending: 0, abnormal: 0, closed: 0, unknown: 0, more: false };
  const client = payClient();
  if (!client) return report;
  const graceEnd = now().getTime() - NOTIFICATION_GRACE_MS;
  const budget = run.budget ?? Budget.of({ signal: run.signal });
  // Per community (lib/slices.ts), by `_id` (the refund's key) from the saved cursor: refunds still
  // held stay so, the cursor passes them. An item is a refund; applying WeChat's answer again records
  // nothing twice (applyRefund is once per refund).
  const sliced = await runSliced('settlePayRefunds', { communityIds: await communityIdsIn(run.scope), budget }, async (communityId, slice) => {
    let after = slice.cursor;
    for (;;) {
      if (slice.budget.spent) return 'more';
      const limit = Math.min(REFUND_BATCH, slice.budget.itemsLeft);
      const docs = (await PayRefund.find({ communityId: new ObjectId(communityId), status: { $in: HELD }, ...(after ? { _id: { $gt: after } } : {}) })
        .sort({ _id: 1 })
        .limit(limit)
        .lean()) as PayRefundDoc[];
      for (const doc of docs) {
        slice.budget.spend(1);
        await settleOne(client, doc, graceEnd, report);
      }
      if (docs.length) {
        after = docs[docs.length - 1]._id;
        await slice.save(after);
      }
      if (docs.length < limit) return 'done';
    }
  });
  report.more = sliced.more;
  return report;
}

/** Refunds one read of settlePayRefunds takes (the run's budget bounds it further). */
const REFUND_BATCH = 100;

/** One held refund asked about at WeChat (a pending one younger than the grace: left for its notification). */
async function settleOne(client: WechatPayClient, doc: PayRefundDoc, graceEnd: number, report: PayRefundsRunReport): Promise<void> {
  if (doc.status === 'pending' && doc.createdAt.getTime() > graceEnd) return;
  report.asked++;
  let outcome: RefundOutcome | 'unknown';
  try {
    const r = await client.queryRefund(doc.outRefundNo);
    outcome = await applyRefund(doc, { status: r.status, refundFen: r.amount.refund, refundId: r.refund_id, successTime: r.success_time });
  } catch (err) {
    if (!(err instanceof WechatPayError)) throw err;
    if (err.code === 'RESOURCE_NOT_EXISTS') {
      const order = (await PayOrder.findById(doc.orderId, { amountFen: 1 }).lean()) as { amountFen: number } | null;
      outcome = order ? await submitRefund(client, doc, order.amountFen, false) : 'unknown';
    } else {
      logger.warn('wechat pay refund query failed', { refund: doc._id, status: err.status, code: err.code });
      outcome = 'unknown';
    }
  }
  if (outcome === 'recorded' || outcome === 'already') report.recorded++;
  else if (outcome === 'mismatch') report.abnormal++;
  else report[outcome]++;
}

