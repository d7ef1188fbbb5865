import { PAY_ISSUE_KINDS, PAY_ISSUE_STATUSES } from '@shared/domain/pay-issues';
import { mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

export const PAY_ORDER_STATUSES = ['pending', 'paid', 'closed', 'review'] as const;
export type PayOrderStatus = (typeof PAY_ORDER_STATUSES)[number];

/**
 * A WeChat Pay order (payments.md): made by `fees.payPrepare`, `_id` derived from the owner's request
 * (a replay finds it), `out_trade_no` = String(_id). Money is recorded only from a verified notification
 * or an order query (pay.service.ts `recordWechatPayment`), once per transaction: the payment's unique
 * receipt key is the claim. `review` = paid at WeChat but not recorded (amount mismatch: on the cashier's list).
 */
const payOrderSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    userName: { type: String, required: true },
    openid: { type: String, required: true },
    /** The bills it pays (locked to it while pending); empty = a prepayment (amount ahead). */
    billIds: { type: [String], required: true },
    amountFen: { type: Number, required: true },
    status: { type: String, enum: PAY_ORDER_STATUSES, required: true },
    expiresAt: { type: Date, required: true },
    prepayId: { type: String },
    transactionId: { type: String },
    paymentId: { type: Schema.Types.ObjectId },
    /** When WeChat says it was paid (success_time): the day of WeChat's bill it is in. */
    paidAt: { type: Date },
    createdAt: { type: Date, required: true },
    endedAt: { type: Date },
  },
  { versionKey: false, collection: 'pay_orders' },
);
payOrderSchema.index({ status: 1, expiresAt: 1 });
export const PayOrder = model('PayOrder', payOrderSchema);

/** A bill locked to a pending order: `_id` is the bill id (unique), so a bill is in one pending order at a time. */
const payBillLockSchema = new Schema(
  {
    _id: { type: String, required: true },
    orderId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'pay_bill_locks' },
);
// An order ended (closed by the job, paid) releases its bills' locks by order.
payBillLockSchema.index({ orderId: 1 });
export const PayBillLock = model('PayBillLock', payBillLockSchema);

/**
 * The cashier's list of online-payment issues (payments.md): an amount WeChat reports that differs
 * from the order's, a refund WeChat could not make (REFUND.ABNORMAL / CLOSED), and every difference
 * the daily reconciliation finds between WeChat's bill and the ledger. `_id` is `<kind>:<transaction
 * id | refund key>`, so a notification sent again, or a reconciliation run again, adds nothing.
 * `orderFen` is the amount recorded here (the order's, the ledger's payment or refund), `paidFen`
 * WeChat's. An issue is open until a cashier resolves it (`status` absent on older ones = open).
 */
const payIssueSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    orderId: { type: Schema.Types.ObjectId },
    kind: { type: String, enum: PAY_ISSUE_KINDS, required: true },
    transactionId: { type: String },
    /** A refund's issue: our refund number (`<payment>_<n>`) and WeChat's refund id. */
    outRefundNo: { type: String },
    refundId: { type: String },
    paymentId: { type: Schema.Types.ObjectId },
    orderFen: { type: Number },
    paidFen: { type: Number },
    /** The reconciliation's day (YYYY-MM-DD, Asia/Shanghai) that found it. */
    billDate: { type: String },
    at: { type: Date, required: true },
    status: { type: String, enum: PAY_ISSUE_STATUSES },
    resolvedAt: { type: Date },
    resolvedById: { type: Schema.Types.ObjectId },
    resolvedByName: { type: String },
    resolution: { type: String },
  },
  { versionKey: false, collection: 'pay_issues' },
);
payIssueSchema.index({ communityId: 1, at: -1 });
export const PayIssue = model('PayIssue', payIssueSchema);

export const PAY_REFUND_STATUSES = ['pending', 'success', 'abnormal', 'closed', 'failed'] as const;
export type PayRefundStatus = (typeof PAY_REFUND_STATUSES)[number];

/**
 * A refund of an online payment through WeChat Pay (payments.md "Refunds"). `_id` is the refund's
 * number among the payment's refunds, `<payment>:<n>` — the ledger Refund's id too, so two refunds
 * racing for the same number cannot both be asked, and the ledger records it once, when WeChat
 * reports success. `out_refund_no` = `<payment>_<n>` (WeChat allows no colon): a create sent again is
 * the same refund at WeChat. `pending` (asked, not finished) and `abnormal` still hold their amount
 * against the payment; `closed` and `failed` (refused at once) do not.
 */
const payRefundSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    paymentId: { type: Schema.Types.ObjectId, required: true },
    orderId: { type: Schema.Types.ObjectId, required: true },
    outRefundNo: { type: String, required: true },
    amountFen: { type: Number, required: true },
    reason: { type: String, required: true },
    /** Who asked: a cashier (fees.refund) or the owner (fees.refundCredit). */
    source: { type: String, enum: ['cashier', 'owner'], required: true },
    byId: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
    status: { type: String, enum: PAY_REFUND_STATUSES, required: true },
    refundId: { type: String },
    /** WeChat's success time. */
    successAt: { type: Date },
    /** Why WeChat refused the create (its code). */
    failCode: { type: String },
    /** A deposit's refund (deposit.service.ts): the deposit bill it gives back. */
    depositBillId: { type: String },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date },
  },
  { versionKey: false, collection: 'pay_refunds' },
);
payRefundSchema.index({ communityId: 1, unitId: 1 });
payRefundSchema.index({ status: 1 });
export const PayRefund = model('PayRefund', payRefundSchema);
