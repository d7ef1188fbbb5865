import { BILLING_CYCLES, FEE_KINDS, PAYMENT_METHODS } from '@shared/domain/fees';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

const feeItemSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    kind: { type: String, enum: FEE_KINDS, required: true },
    rateFen: { type: Number, required: true },
    cycle: { type: String, enum: BILLING_CYCLES, required: true },
    dueDay: { type: Number, required: true },
    vacancyPercent: { type: Number, required: true },
    active: { type: Boolean, default: true },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'fee_items' },
);
feeItemSchema.index({ communityId: 1 });

/**
 * One bill per unit, item and period: `_id` is `<itemId>:<unitId>:<period>`, so a billing run
 * that is repeated or resumed inserts nothing twice. Paid amounts are not stored: they follow from
 * the unit's payments (fees.service settles them oldest first).
 */
const billSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    buildingId: { type: Schema.Types.ObjectId, required: true },
    /** The unit's label when it was billed (the reminder run names the unit without reading the units; absent on older bills). */
    unitLabel: { type: String },
    itemId: { type: Schema.Types.ObjectId, required: true },
    itemName: { type: String, required: true },
    kind: { type: String, enum: FEE_KINDS, required: true },
    period: { type: String, required: true },
    amountFen: { type: Number, required: true },
    dueDate: { type: Date, required: true },
    detail: { type: String, required: true },
    status: { type: String, enum: ['open', 'cancelled', 'returned'], default: 'open' },
    cancelReason: { type: String },
    /** A deposit given back (`returned`, deposit.service.ts): out of what is owed, shown 已退还 with this note. */
    returnNote: { type: String },
    /** A one-off charge's bill: the charge (`fee_charges`) and its note. */
    chargeId: { type: Schema.Types.ObjectId },
    note: { type: String },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'bills' },
);
billSchema.index({ communityId: 1, unitId: 1 });

/**
 * A one-off charge (一次性收费): an item charged by staff to chosen units or a building, due on a day.
 * `_id` derives from the request (lib/idempotent.ts), so the same request sent again finds this
 * charge; its bills are keyed `<item>:<unit>:<charge>` and inserted ignoring duplicates, so a replay
 * (or a charge that stopped halfway) bills nothing twice. A second charge on purpose is a new request.
 */
const oneOffChargeSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    requestKey: { type: String, required: true },
    itemId: { type: Schema.Types.ObjectId, required: true },
    itemName: { type: String, required: true },
    amountFen: { type: Number, required: true },
    /** The item's price was overridden for this charge. */
    custom: { type: Boolean, required: true },
    dueDate: { type: Date, required: true },
    note: { type: String },
    /** The units charged, as resolved when the charge was made (a building's units then). */
    unitIds: { type: [Schema.Types.ObjectId], required: true },
    buildingId: { type: Schema.Types.ObjectId },
    byId: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'fee_charges' },
);
oneOffChargeSchema.index({ communityId: 1, at: -1 });
export const OneOffCharge = model('OneOffCharge', oneOffChargeSchema);

/** A payment (one insert; the receipt number is unique in the community). */
const paymentSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    receiptKey: { type: String, required: true, unique: true },
    receiptNo: { type: String, required: true },
    method: { type: String, enum: PAYMENT_METHODS, required: true },
    amountFen: { type: Number, required: true },
    note: { type: String },
    cashierId: { type: Schema.Types.ObjectId, required: true },
    cashierName: { type: String, required: true },
    /** An online payment: its WeChat Pay order (`pay_orders`); refunds of it go back through WeChat Pay. */
    orderId: { type: Schema.Types.ObjectId },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'payments' },
);
paymentSchema.index({ communityId: 1, unitId: 1 });

/** A refund of (part of) a payment; `n` numbers the refunds of one payment (unique: claimed once). */
const refundSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    paymentId: { type: Schema.Types.ObjectId, required: true },
    amountFen: { type: Number, required: true },
    reason: { type: String, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'refunds' },
);
refundSchema.index({ paymentId: 1 });
// What each unit's refunds add up to (the reminder run's $group by unit).
refundSchema.index({ communityId: 1, unitId: 1 });

/**
 * A deposit given back (押金退还, deposit.service.ts): one per deposit bill (`_id` = the bill's id), with
 * the deductions kept (billed as `<bill>:deduction`) and the refunds made, per payment.
 */
const depositReturnSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    depositFen: { type: Number, required: true },
    deductions: { type: [{ reason: String, amountFen: Number, _id: false }], default: [] },
    deductedFen: { type: Number, required: true },
    refundFen: { type: Number, required: true },
    /** The payments the refund goes back to: online ones through WeChat Pay, others in the ledger at once. */
    parts: { type: [{ paymentId: Schema.Types.ObjectId, amountFen: Number, online: Boolean, _id: false }], default: [] },
    reason: { type: String, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'fee_deposit_returns' },
);
export const DepositReturn = model('DepositReturn', depositReturnSchema);

export const FeeItem = model('FeeItem', feeItemSchema);
export const Bill = model('Bill', billSchema);
export const Payment = model('Payment', paymentSchema);
export const Refund = model('Refund', refundSchema);

/** The ladder is paused for a unit: until a promised payment date, or (hardship) until a manager resumes it. */
const unitPauseSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: ['promise', 'hardship'], required: true },
    until: { type: Date },
    reason: { type: String, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'fee_pauses' },
);
unitPauseSchema.index({ communityId: 1 });
export const UnitPause = model('UnitPause', unitPauseSchema);

/** What an agent learned calling or visiting about arrears (the latest per unit is shown). */
const arrearsOutcomeSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    reason: { type: String, required: true },
    promiseDate: { type: Date },
    note: { type: String },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'arrears_outcomes' },
);
arrearsOutcomeSchema.index({ communityId: 1, unitId: 1, at: -1 });
export const ArrearsOutcome = model('ArrearsOutcome', arrearsOutcomeSchema);

/** A community's own reminder ladder (days from the due date per stage); absent → the defaults. */
const feeSettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    ladderDays: { type: [Number], required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'fee_settings' },
);
export const FeeSettings = model('FeeSettings', feeSettingsSchema);

/**
 * The reminder run's plan of one batch (reminder.job.ts): the stages of up to ~1,000 units it is
 * about to send, written before their messages and call tasks. It is the ladder's memory — a stage
 * of a bill is handled once: the next runs read the plans of the ladder's window and skip what they
 * list — and its journal: a worker killed after writing it left its cursor at the batch's start, so
 * the next worker finds the plan by `_id` (`<community>:<pass>:<cursor>`) and queues it again
 * (keyed messages and call tasks: nothing goes twice). Never updated.
 *
 * Two documents per batch: this small header, which the window's query (`{communityId, at}`) reads,
 * and its items (`fee_reminder_plan_items`, same `_id`), read only by `_id`. A query by community
 * never passes over the items of other communities' plans (on FerretDB every filter but an `_id`
 * equality decodes each document of the collection: with the items inline, a community's window
 * read decoded every plan of every community, 300 ms per community at 10,000 reminders).
 */
const reminderPlanSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** The local day of the batch: the bundled messages' event key `fees:<unit>:<day>`. */
    day: { type: String, required: true },
    /** The last unit of the batch (the cursor once it is queued). */
    last: { type: String, required: true },
    /** How many items the plan has (its items document holds them). */
    count: { type: Number, required: true },
    /** Plans written before the split held their items here (read as they are). */
    items: { type: [Schema.Types.Mixed], default: undefined },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'fee_reminder_plans' },
);
// The ladder's window of a community (reminder.job.ts) and a month's stages (arrears.service.ts stats).
reminderPlanSchema.index({ communityId: 1, at: 1 });
export const ReminderPlan = model('ReminderPlan', reminderPlanSchema);

/** The items of a reminder plan (same `_id` as its header), written before the header and read by `_id` only. */
const reminderPlanItemsSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** All items as one string (reminder-plans.ts `packItems`); plans written before: one string, or an object, per item. */
    items: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, collection: 'fee_reminder_plan_items' },
);
export const ReminderPlanItems = model('ReminderPlanItems', reminderPlanItemsSchema);
