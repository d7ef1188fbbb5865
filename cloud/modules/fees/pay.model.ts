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
export const PayBillLock = model('PayBillLock', payBillLockSchema);

/**
 * The cashier's list of online payments not recorded automatically (e.g. the amount WeChat reports
 * differs from the order's): `_id` is `<kind>:<transaction id>`, so a notification sent again adds nothing.
 */
const payIssueSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    orderId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: ['amount-mismatch'], required: true },
    transactionId: { type: String, required: true },
    orderFen: { type: Number, required: true },
    paidFen: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'pay_issues' },
);
payIssueSchema.index({ communityId: 1, at: -1 });
export const PayIssue = model('PayIssue', payIssueSchema);
