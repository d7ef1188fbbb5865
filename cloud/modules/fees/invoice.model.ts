import { INVOICE_STATUSES, INVOICE_TITLE_TYPES } from '@shared/domain/receipts';
import { PAYMENT_METHODS } from '@shared/domain/fees';
import { mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/**
 * An owner's request for an invoice (发票申请) of one payment, payments.md "Receipts and invoices".
 * `_id` derives from the owner's request id (lib/idempotent.ts: a replay finds it). `slot` is unique:
 * `<payment>` while the request is open or its invoice issued, so a payment has one such request at
 * a time (a second insert fails on the index — FerretDB enforces unique keys inside the insert); a
 * request sent back frees it (`<payment>:<request>`), and the owner may ask again. The payment's
 * receipt, the unit's label and the amount are copied in when asked: the cashier's list reads this
 * collection only.
 */
const invoiceRequestSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    unitLabel: { type: String, required: true },
    paymentId: { type: Schema.Types.ObjectId, required: true },
    receiptNo: { type: String, required: true },
    method: { type: String, enum: PAYMENT_METHODS, required: true },
    paidAt: { type: Date, required: true },
    /** What the invoice is for: the payment less its refunds when asked, 分. */
    amountFen: { type: Number, required: true },
    titleType: { type: String, enum: INVOICE_TITLE_TYPES, required: true },
    title: { type: String, required: true },
    taxNo: { type: String },
    email: { type: String },
    note: { type: String },
    status: { type: String, enum: INVOICE_STATUSES, required: true },
    slot: { type: String, required: true, unique: true },
    requesterId: { type: Schema.Types.ObjectId, required: true },
    requesterName: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    invoiceNo: { type: String },
    rejectReason: { type: String },
    decidedById: { type: Schema.Types.ObjectId },
    decidedByName: { type: String },
    decidedAt: { type: Date },
  },
  { versionKey: false, collection: 'invoice_requests' },
);
// The cashier's list: open requests oldest first, then decided ones newest first; a receipt's latest request.
invoiceRequestSchema.index({ communityId: 1, status: 1, requestedAt: 1 });
invoiceRequestSchema.index({ communityId: 1, status: 1, decidedAt: -1 });
invoiceRequestSchema.index({ communityId: 1, paymentId: 1, requestedAt: -1 });
export const InvoiceRequest = model('InvoiceRequest', invoiceRequestSchema);

export type InvoiceRequestDoc = {
  _id: mongoose.Types.ObjectId;
  communityId: mongoose.Types.ObjectId;
  unitId: mongoose.Types.ObjectId;
  unitLabel: string;
  paymentId: mongoose.Types.ObjectId;
  receiptNo: string;
  method: string;
  paidAt: Date;
  amountFen: number;
  titleType: string;
  title: string;
  taxNo?: string | null;
  email?: string | null;
  note?: string | null;
  status: string;
  slot: string;
  requesterId: mongoose.Types.ObjectId;
  requesterName: string;
  requestedAt: Date;
  invoiceNo?: string | null;
  rejectReason?: string | null;
  decidedById?: mongoose.Types.ObjectId | null;
  decidedByName?: string | null;
  decidedAt?: Date | null;
};
