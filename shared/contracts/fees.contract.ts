import { z } from 'zod';
import { BILLING_CYCLES, FEE_KINDS, PAYMENT_METHODS, type BillingCycle, type FeeKind, type PaymentMethod } from '../domain/fees';
import { action, community, objectId, self } from './contract';

/**
 * Fees (物业费 · 停车费): fee items per community, the billing run (one bill per unit, item and
 * period, idempotent), offline payments with receipts, refunds, and each unit's account: payments
 * pay the oldest bills first, what is left is prepayment credit for the next bills.
 */
export interface FeeItemView {
  id: string;
  name: string;
  kind: FeeKind;
  /** 分 per ㎡ / space / unit per month (one-off: per time). */
  rateFen: number;
  cycle: BillingCycle;
  /** Day of the period's first month the bill is due (1–28). */
  dueDay: number;
  /** A vacant unit pays this percent (property fee). */
  vacancyPercent: number;
  active: boolean;
}

export interface BillView {
  id: string;
  itemName: string;
  kind: FeeKind;
  period: string;
  periodLabel: string;
  amountFen: number;
  paidFen: number;
  dueFen: number;
  dueDate: string;
  status: 'open' | 'paid' | 'cancelled';
  /** Days past the due date while unpaid (0 when not overdue). */
  daysOverdue: number;
  /** How it was computed, e.g. 2.35元/㎡/月 × 89.50㎡ × 1个月. */
  detail: string;
  cancelReason?: string;
}

export interface PaymentView {
  id: string;
  receiptNo: string;
  method: PaymentMethod;
  amountFen: number;
  refundedFen: number;
  at: string;
  cashierName: string;
  note?: string;
  refunds: { amountFen: number; reason: string; at: string; byName: string }[];
}

export interface UnitAccount {
  unitId: string;
  unitLabel: string;
  bills: BillView[];
  payments: PaymentView[];
  /** Still owed over all bills. */
  owedFen: number;
  /** Paid in advance, for the next bills. */
  creditFen: number;
}

export interface BillingRunReport {
  period: string;
  items: number;
  created: number;
  existing: number;
}

const fen = (label: string) => z.number({ message: `请填写${label}` }).int(`${label}须为整数（单位：分）`).positive(`${label}须大于0`).max(100_000_000_00, `${label}过大`);

export const feesContract = {
  items: action<FeeItemView[]>()(z.object({}).strict().optional().default({}), community(['cashier', 'agent', 'manager'])),
  saveItem: action<FeeItemView>()(
    z
      .object({
        itemId: objectId.optional(),
        name: z.string().trim().min(1, '请填写收费项目名称').max(20, '名称最多20字'),
        kind: z.enum(FEE_KINDS),
        rateFen: fen('单价'),
        cycle: z.enum(BILLING_CYCLES).default('monthly'),
        dueDay: z.number().int().min(1).max(28).default(15),
        vacancyPercent: z.number().int().min(0).max(100).default(100),
        active: z.boolean().default(true),
      })
      .strict(),
    community(['manager'], { itemId: 'feeItem' }),
  ),
  /** Bill every unit for the periods that start in this month (Asia/Shanghai); running it again changes nothing. */
  runBilling: action<BillingRunReport>()(
    z
      .object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM').optional() })
      .strict()
      .optional()
      .default({}),
    community(['manager']),
  ),
  account: action<UnitAccount>()(z.object({ unitId: objectId }).strict(), community(['cashier', 'agent', 'manager'], { unitId: 'unit' })),
  /** Owner: the accounts of my units. */
  myAccounts: action<UnitAccount[]>()(z.object({}).strict().optional().default({}), self(['owner'])),
  recordPayment: action<UnitAccount>()(
    z
      .object({
        unitId: objectId,
        amountFen: fen('金额'),
        method: z.enum(PAYMENT_METHODS),
        receiptNo: z.string().trim().regex(/^[\w-]{3,32}$/, '收据号为3到32位字母、数字或-'),
        /** The bill the owner came to pay (must not be cancelled); the money still pays the oldest bills first. */
        billId: z.string().max(80).optional(),
        note: z.string().trim().max(100).optional(),
      })
      .strict(),
    community(['cashier', 'manager'], { unitId: 'unit' }),
  ),
  refund: action<UnitAccount>()(
    z.object({ paymentId: objectId, amountFen: fen('退款金额'), reason: z.string().trim().min(2, '请填写退款原因').max(100) }).strict(),
    community(['cashier', 'manager'], { paymentId: 'payment' }),
  ),
  cancelBill: action<UnitAccount>()(z.object({ billId: z.string().min(1).max(80), reason: z.string().trim().min(2, '请填写作废原因').max(100) }).strict(), community(['manager'])),
};

export type FeesContract = typeof feesContract;
