import type { ReceiptFile, ReceiptView } from '@shared/contracts/fees.contract';
import { localDayDigits } from '@shared/domain/calendar';
import { PERIOD_LABEL, type PaymentMethod } from '@shared/domain/fees';
import { rmbCapitals } from '@shared/domain/money';
import { paymentShare, RECEIPT_TITLE } from '@shared/domain/receipts';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { mongoose } from '../../lib/db';
import { communityContact, unitOf } from '../community';
import { ownerOf, owners as ownersOf } from '../identity';
import { Bill, Payment, Refund } from './fee.model';
import { latestInvoiceRequest } from './invoice.service';
import { receiptPdf as printReceipt } from './receipt-pdf';

/**
 * Receipts (电子收据), payments.md "Receipts and invoices": any payment of the ledger — at the desk
 * (cash, transfer, POS) or online (WeChat Pay) — shown as its receipt, and printed as a PDF.
 */

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

/**
 * The receipt of a payment of the unit (another unit's payment, or another community's → 404
 * PAYMENT.NOT_FOUND). What it settled follows the ledger as it stands (shared/domain/receipts.ts
 * `paymentShare`): the unit's payments net of their refunds, in the order they were made, pay its
 * bills (voided ones aside) oldest first; this payment's stretch of that is its bills, and what is
 * past the last bill is its 预存 credit — which pays later bills when they are issued, and then shows
 * as those bills here.
 */
export async function receiptOf(communityId: Id, unitId: Id, paymentId: Id): Promise<ReceiptView> {
  const payment = await Payment.findOne({ _id: paymentId, communityId, unitId }).lean();
  if (!payment) throw new AppError('PAYMENT.NOT_FOUND');
  const [bills, payments, refunds, unit, community, invoice] = await Promise.all([
    Bill.find({ communityId, unitId, status: { $nin: ['cancelled', 'returned'] } }, { itemName: 1, period: 1, amountFen: 1, dueDate: 1 }).lean(),
    Payment.find({ communityId, unitId }, { amountFen: 1, at: 1 }).sort({ at: 1, _id: 1 }).lean(),
    Refund.find({ communityId, unitId }).sort({ at: 1 }).lean(),
    unitOf(communityId, unitId),
    communityContact(communityId),
    latestInvoiceRequest(communityId, paymentId),
  ]);
  const refundedOf = new Map<string, number>();
  for (const r of refunds) refundedOf.set(String(r.paymentId), (refundedOf.get(String(r.paymentId)) ?? 0) + r.amountFen);
  const share = paymentShare(
    bills.map((b) => ({ id: b._id, amountFen: b.amountFen, dueDate: b.dueDate.toISOString() })),
    payments.map((p) => ({ id: String(p._id), netFen: p.amountFen - (refundedOf.get(String(p._id)) ?? 0) })),
    String(paymentId),
  ) ?? { applied: [], creditFen: 0 };
  const billById = new Map(bills.map((b) => [b._id, b]));
  const unitLabel = unit?.label ?? '';
  const communityName = community?.name ?? '';
  const method = payment.method as PaymentMethod;
  const mine = refunds.filter((r) => String(r.paymentId) === String(paymentId));
  return {
    paymentId: String(paymentId),
    unitId: String(unitId),
    title: RECEIPT_TITLE,
    receiptNo: payment.receiptNo,
    communityName,
    payee: `${communityName}物业服务中心`,
    unitLabel,
    payer: await payerOf(communityId, unitId, unitLabel, method, payment.cashierId as Id),
    method,
    at: payment.at.toISOString(),
    amountFen: payment.amountFen,
    amountCapitals: rmbCapitals(payment.amountFen),
    cashierName: payment.cashierName,
    // An online payment's note is the order it paid (technical): not printed.
    ...(payment.note && method !== 'wechat' ? { note: payment.note } : {}),
    lines: share.applied.map((a) => {
      const b = billById.get(a.billId)!;
      return { billId: a.billId, itemName: b.itemName, periodLabel: PERIOD_LABEL(b.period), billFen: b.amountFen, appliedFen: a.fen };
    }),
    creditFen: share.creditFen,
    refunds: mine.map((r) => ({ amountFen: r.amountFen, reason: r.reason, at: r.at.toISOString(), byName: r.byName })),
    refundedFen: mine.reduce((s, r) => s + r.amountFen, 0),
    ...(invoice ? { invoice } : {}),
  };
}

/** 交款人: the owner who paid in WeChat (the payment's payer of record), else the unit's owners, else 「<unit>业主」. */
async function payerOf(communityId: Id, unitId: Id, unitLabel: string, method: PaymentMethod, payerId: Id): Promise<string> {
  if (method === 'wechat') {
    const owner = await ownerOf(String(communityId), String(payerId));
    if (owner) return owner.name;
  }
  const names = (await ownersOf({ communityId }, { unitId })).map((o) => o.name);
  return names.length ? names.join('、') : `${unitLabel}业主`;
}

/** fees.receipt: the unit is one the caller may see (the contract's accountUnit: their own, or any for staff). */
export function receipt(caller: Caller, input: { unitId: string; paymentId: string }): Promise<ReceiptView> {
  return receiptOf(new ObjectId(caller.communityId), new ObjectId(input.unitId), new ObjectId(input.paymentId));
}

/** fees.receiptPdf: the receipt and its PDF (base64), named after the receipt number. */
export async function receiptPdf(caller: Caller, input: { unitId: string; paymentId: string }): Promise<ReceiptFile> {
  const view = await receipt(caller, input);
  const pdf = await printReceipt(view);
  return { receipt: view, fileName: `${RECEIPT_TITLE}-${view.receiptNo}-${localDayDigits(view.at)}.pdf`, mime: 'application/pdf', contentBase64: pdf.toString('base64') };
}
