import type { Paged } from '@shared/contracts/contract';
import type { InvoiceRequestView } from '@shared/contracts/fees.contract';
import type { PaymentMethod } from '@shared/domain/fees';
import { INVOICE_STATUS_LABELS, invoiceMachine, type InvoiceEvent, type InvoiceStatus, type InvoiceTitleType } from '@shared/domain/receipts';
import { routes } from '@shared/routes';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { claimOutcome } from '../../lib/claim';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { paged, type PageQuery } from '../../lib/paging';
import { transitionTo } from '../../lib/transition';
import { unitOf } from '../community';
import { enqueueOrLog } from '../messaging';
import { Payment, Refund } from './fee.model';
import { InvoiceRequest, type InvoiceRequestDoc } from './invoice.model';

/**
 * Invoice requests (发票申请), payments.md "Receipts and invoices": the owner asks for an invoice of a
 * payment (`requestInvoice`), the cashier lists the requests (`invoiceRequests`) and issues the
 * invoice in the tax system, then records its number (`invoiceIssued`) or sends the request back
 * (`invoiceRejected`); either way the owner is told through the outbox.
 */

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

export function invoiceView(d: InvoiceRequestDoc): InvoiceRequestView {
  return {
    id: String(d._id),
    unitId: String(d.unitId),
    unitLabel: d.unitLabel,
    paymentId: String(d.paymentId),
    receiptNo: d.receiptNo,
    method: d.method as PaymentMethod,
    paidAt: d.paidAt.toISOString(),
    amountFen: d.amountFen,
    titleType: d.titleType as InvoiceTitleType,
    title: d.title,
    ...(d.taxNo ? { taxNo: d.taxNo } : {}),
    ...(d.email ? { email: d.email } : {}),
    ...(d.note ? { note: d.note } : {}),
    status: d.status as InvoiceStatus,
    requesterName: d.requesterName,
    requestedAt: d.requestedAt.toISOString(),
    ...(d.invoiceNo ? { invoiceNo: d.invoiceNo } : {}),
    ...(d.rejectReason ? { rejectReason: d.rejectReason } : {}),
    ...(d.decidedByName ? { decidedByName: d.decidedByName } : {}),
    ...(d.decidedAt ? { decidedAt: d.decidedAt.toISOString() } : {}),
  };
}

/** The latest invoice request of a payment (the receipt shows its state). */
export async function latestInvoiceRequest(communityId: Id, paymentId: Id): Promise<InvoiceRequestView | undefined> {
  const d = (await InvoiceRequest.findOne({ communityId, paymentId }).sort({ requestedAt: -1, _id: -1 }).lean()) as InvoiceRequestDoc | null;
  return d ? invoiceView(d) : undefined;
}

/** A payment holds one request at a time while it is open or issued (the model's unique `slot`). */
const slotOf = (paymentId: Id | string) => String(paymentId);

function alreadyRequested(held: InvoiceRequestDoc | null): AppError {
  if (held?.status === 'issued') return new AppError('INVOICE.ALREADY_REQUESTED', `该笔缴费的发票已开具${held.invoiceNo ? `（发票号码 ${held.invoiceNo}）` : ''}`, { invoiceRequestId: String(held._id), status: held.status });
  return new AppError('INVOICE.ALREADY_REQUESTED', '该笔缴费已申请过发票，请等待收费员开具', held ? { invoiceRequestId: String(held._id), status: held.status } : {});
}

/**
 * fees.requestInvoice (owner, one of their units: the contract's ownUnit): a request for an invoice
 * of one of the unit's payments (another unit's → 404 PAYMENT.NOT_FOUND), for what is left of it
 * after refunds (nothing left → 409). One per request id (a replay answers the first request); one
 * open or issued request per payment (a second → 409 INVOICE.ALREADY_REQUESTED, whatever the timing:
 * the unique slot decides).
 */
export async function requestInvoice(
  caller: Caller,
  input: { unitId: string; paymentId: string; requestId: string; titleType: InvoiceTitleType; title: string; taxNo?: string; email?: string; note?: string },
): Promise<InvoiceRequestView> {
  const communityId = new ObjectId(caller.communityId);
  const unitId = new ObjectId(input.unitId);
  const paymentId = new ObjectId(input.paymentId);
  try {
    const { doc } = await createOnce<InvoiceRequestDoc>({
      model: InvoiceRequest,
      key: `invoice:${caller.userId}:${input.requestId}`,
      build: async (_id) => {
        const payment = await Payment.findOne({ _id: paymentId, communityId, unitId }).lean();
        if (!payment) throw new AppError('PAYMENT.NOT_FOUND');
        const refunds = await Refund.find({ paymentId }, { amountFen: 1 }).lean();
        const amountFen = payment.amountFen - refunds.reduce((s, r) => s + r.amountFen, 0);
        if (amountFen <= 0) throw new AppError('INVOICE.NOTHING_TO_INVOICE');
        const held = (await InvoiceRequest.findOne({ slot: slotOf(paymentId) }).lean()) as InvoiceRequestDoc | null;
        if (held) throw alreadyRequested(held);
        const unit = await unitOf(communityId, unitId);
        return {
          _id,
          communityId,
          unitId,
          unitLabel: unit?.label ?? '',
          paymentId,
          receiptNo: payment.receiptNo,
          method: payment.method,
          paidAt: payment.at,
          amountFen,
          titleType: input.titleType,
          title: input.title,
          ...(input.taxNo ? { taxNo: input.taxNo } : {}),
          ...(input.email ? { email: input.email } : {}),
          ...(input.note ? { note: input.note } : {}),
          status: 'requested',
          slot: slotOf(paymentId),
          requesterId: new ObjectId(caller.userId),
          requesterName: caller.name,
          requestedAt: now(),
        };
      },
    });
    return invoiceView(doc);
  } catch (err) {
    // Another request of this payment took the slot between the check and the insert.
    if (isDuplicateKey(err)) throw alreadyRequested((await InvoiceRequest.findOne({ slot: slotOf(paymentId) }).lean()) as InvoiceRequestDoc | null);
    throw err;
  }
}

/** fees.invoiceRequests (cashier): open requests first, oldest first; then the decided ones, newest first. */
export async function invoiceRequests(caller: Caller, input: { status?: 'open' | 'done'; page: number; pageSize: number }): Promise<Paged<InvoiceRequestView>> {
  const communityId = new ObjectId(caller.communityId);
  const open: PageQuery = { model: InvoiceRequest, filter: { communityId, status: 'requested' }, sort: { requestedAt: 1 } };
  const done: PageQuery = { model: InvoiceRequest, filter: { communityId, status: { $in: ['issued', 'rejected'] } }, sort: { decidedAt: -1 } };
  const parts = input.status === 'open' ? [open] : input.status === 'done' ? [done] : [open, done];
  return paged(parts, input, (docs: InvoiceRequestDoc[]) => docs.map(invoiceView));
}

/**
 * The cashier's decision, made once: the first decision claims the request (`claimOutcome`: a unique
 * key, since guarded updates are not atomic on FerretDB); the same decision again (a retry, a replay
 * after a crash) finishes and answers it, another one is refused by the state machine (409 naming
 * both states). The owner is told once per outcome (the message's event key).
 */
async function decide(caller: Caller, invoiceRequestId: string, event: InvoiceEvent, outcome: string, fields: (d: InvoiceRequestDoc) => Record<string, unknown>, tell: (d: InvoiceRequestDoc) => { result: string; invoiceNo?: string; remark: string }): Promise<InvoiceRequestView> {
  const _id = new ObjectId(invoiceRequestId);
  const doc = (await InvoiceRequest.findOne({ _id, communityId: new ObjectId(caller.communityId) }).lean()) as InvoiceRequestDoc | null;
  if (!doc) throw new AppError('INVOICE.NOT_FOUND');
  const won = await claimOutcome(`invoice:${invoiceRequestId}:decision`, outcome);
  if (won !== outcome) transitionTo(invoiceMachine, won.startsWith('issued') ? 'issued' : 'rejected', event);
  const to = transitionTo(invoiceMachine, 'requested', event);
  if (doc.status === 'requested') {
    await InvoiceRequest.updateOne({ _id }, { $set: { status: to, ...fields(doc), decidedById: new ObjectId(caller.userId), decidedByName: caller.name, decidedAt: now() } });
  }
  const saved = (await InvoiceRequest.findById(_id).lean()) as InvoiceRequestDoc;
  const message = tell(saved);
  await enqueueOrLog(
    {
      communityId: saved.communityId,
      eventKey: `invoice:${invoiceRequestId}:${to}`,
      recipientUserId: saved.requesterId,
      templateKey: 'fee.invoice',
      values: { title: saved.title, amount: saved.amountFen, result: message.result, invoiceNo: message.invoiceNo, remark: message.remark, time: saved.decidedAt ?? now() },
      page: routes.owner.receipt({ unitId: String(saved.unitId), paymentId: String(saved.paymentId) }),
    },
    { invoiceRequestId },
  );
  return invoiceView(saved);
}

/** fees.invoiceIssued (cashier): the invoice was issued with this number. */
export function invoiceIssued(caller: Caller, input: { invoiceRequestId: string; invoiceNo: string }): Promise<InvoiceRequestView> {
  return decide(caller, input.invoiceRequestId, 'issue', `issued:${input.invoiceNo}`, () => ({ invoiceNo: input.invoiceNo }), (d) => ({
    result: INVOICE_STATUS_LABELS.issued,
    invoiceNo: d.invoiceNo ?? input.invoiceNo,
    remark: d.email ? '电子发票将发送至您的邮箱' : '点击查看电子收据与发票号码',
  }));
}

/** fees.invoiceRejected (cashier): the request goes back to the owner with the reason; the payment may be asked for again. */
export function invoiceRejected(caller: Caller, input: { invoiceRequestId: string; reason: string }): Promise<InvoiceRequestView> {
  // Sent back, the request frees its payment's slot: the owner may send a corrected one.
  const fields = (d: InvoiceRequestDoc) => ({ rejectReason: input.reason, slot: `${slotOf(d.paymentId)}:${String(d._id)}` });
  return decide(caller, input.invoiceRequestId, 'reject', 'rejected', fields, (d) => ({ result: INVOICE_STATUS_LABELS.rejected, remark: `退回原因：${d.rejectReason ?? input.reason}` }));
}
