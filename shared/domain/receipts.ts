/**
 * Receipts (电子收据) and invoice requests (发票申请), payments.md "Receipts and invoices". Pure and
 * zod-free: the server builds receipts and checks requests with these rules, the pages show them.
 */
import type { LedgerBill } from './fees';
import { stateMachine } from './state-machine';

/** The receipt's title, on the page and in the PDF. */
export const RECEIPT_TITLE = '收款收据';

/** The receipt's PDF title (its document information): the title and the receipt number. */
export const receiptDocumentTitle = (receiptNo: string): string => `${RECEIPT_TITLE} ${receiptNo}`;

/** Who a payment's share of the ledger is: its bills (oldest first) and what is left of it as credit. */
export interface PaymentShare {
  applied: { billId: string; fen: number }[];
  /** Not (yet) applied to any bill: 预存, for the next bills. */
  creditFen: number;
}

/** A payment as the ledger counts it: its amount minus its refunds. */
export interface LedgerPayment {
  id: string;
  netFen: number;
}

/**
 * What one payment settled, by the ledger's rule (fees.ts `settle`): the unit's payments, each net
 * of its refunds and taken in the order they were made, pay the bills oldest first — so the money
 * of the n-th payment is the n-th stretch of that one allocation. The shares of all payments add up
 * to what `settle` says each bill got, and whatever is past the last bill is the payment's credit.
 * `payments` in the order they were made; null when `paymentId` is not among them.
 */
export function paymentShare(bills: readonly LedgerBill[], payments: readonly LedgerPayment[], paymentId: string): PaymentShare | null {
  const index = payments.findIndex((p) => p.id === paymentId);
  if (index < 0) return null;
  const start = payments.slice(0, index).reduce((s, p) => s + Math.max(0, p.netFen), 0);
  const end = start + Math.max(0, payments[index].netFen);
  // The order `settle` pays bills in.
  const ordered = [...bills].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
  const applied: PaymentShare['applied'] = [];
  let from = 0;
  for (const b of ordered) {
    const to = from + b.amountFen;
    const fen = Math.min(end, to) - Math.max(start, from);
    if (fen > 0) applied.push({ billId: b.id, fen });
    from = to;
  }
  return { applied, creditFen: end - start - applied.reduce((s, a) => s + a.fen, 0) };
}

// ---------------------------------------------------------------- invoice requests

export const INVOICE_TITLE_TYPES = ['personal', 'company'] as const;
export type InvoiceTitleType = (typeof INVOICE_TITLE_TYPES)[number];
export const INVOICE_TITLE_TYPE_LABELS: Record<InvoiceTitleType, string> = { personal: '个人', company: '单位' };

export const INVOICE_STATUSES = ['requested', 'issued', 'rejected'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = { requested: '已申请', issued: '已开具', rejected: '已退回' };

/** A request is decided once: the cashier issues the invoice (with its number) or sends it back (with a reason). */
export const invoiceMachine = stateMachine({
  noun: '发票申请',
  table: {
    issue: { from: ['requested'], to: 'issued' },
    reject: { from: ['requested'], to: 'rejected' },
  },
  states: INVOICE_STATUS_LABELS,
  events: { issue: '开票', reject: '退回' },
  code: 'INVOICE.INVALID_TRANSITION',
});
export type InvoiceEvent = (typeof invoiceMachine.eventNames)[number];

/** The characters of a 统一社会信用代码 (GB 32100-2015): digits and capitals without I, O, S, V, Z. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** The weights of its first 17 characters (3^i mod 31). */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of a 统一社会信用代码's first 17 characters, or null when one is not a code character. */
export function usccCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31];
}

export const TAX_NUMBER_FORMAT = '税号应为18位统一社会信用代码，或15位、20位的旧税号';

/**
 * Why a taxpayer number (纳税人识别号, in capitals) is not one, or null: an 18-character 统一社会信用代码
 * whose last character is its check character, or an older 15- or 20-character tax number (letters
 * and digits; they carry no check character of their own that every issuer kept).
 */
export function taxNumberProblem(taxNo: string): string | null {
  if (taxNo.length === 18) {
    if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(taxNo)) return '统一社会信用代码只含数字和大写字母（不含I、O、S、V、Z）';
    return usccCheckChar(taxNo.slice(0, 17)) === taxNo[17] ? null : '统一社会信用代码的校验位不对，请核对后重新填写';
  }
  if ((taxNo.length === 15 || taxNo.length === 20) && /^[0-9A-Z]+$/.test(taxNo)) return null;
  return TAX_NUMBER_FORMAT;
}
