import { z } from 'zod';
import { NOTICE_KINDS, type ArrearsNotice } from '../domain/fee-notice';
import { AGEING_BUCKETS, ARREARS_REASONS, BILLING_CYCLES, FEE_KINDS, ladderDaysProblem, MAX_CHARGE_UNITS, PAYMENT_METHODS, type AgeingBucket, type ArrearsReason, type BillingCycle, type FeeKind, type PaymentMethod } from '../domain/fees';
import { INVOICE_TITLE_TYPES, taxNumberProblem, type InvoiceStatus, type InvoiceTitleType } from '../domain/receipts';
import { PAY_ISSUE_STATUSES, type PayIssueKind, type PayIssueStatus } from '../domain/pay-issues';
import { action, calendarDay, community, objectId, page, type Paged, pageSize, self } from './contract';

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
  /** `returned`: a deposit given back (已退还): out of what is owed, see `returnNote`. */
  status: 'open' | 'paid' | 'cancelled' | 'returned';
  /** Days past the due date while unpaid (0 when not overdue). */
  daysOverdue: number;
  /** How it was computed, e.g. 2.35元/㎡/月 × 89.50㎡ × 1个月. */
  detail: string;
  cancelReason?: string;
  /** A deposit given back: how (退还 X 元，扣款 Y 元：…). */
  returnNote?: string;
}

export interface PaymentView {
  id: string;
  /** The unit paid for (its receipt: routes.owner.receipt). */
  unitId: string;
  receiptNo: string;
  method: PaymentMethod;
  amountFen: number;
  refundedFen: number;
  at: string;
  cashierName: string;
  note?: string;
  refunds: { amountFen: number; reason: string; at: string; byName: string }[];
  /** Paid online with WeChat Pay (its refunds go back through WeChat Pay; payments.md "Refunds"). */
  online?: boolean;
  /** Refunds asked at WeChat Pay and not finished: 退款中 (`pending`) or 退款异常 (`abnormal`, on the cashier's list). Not in `refundedFen` yet. */
  pendingRefunds?: { amountFen: number; reason: string; at: string; byName: string; status: 'pending' | 'abnormal' }[];
}

/** A carry-over agreement (欠费转移协议): on a resale (过户) the new owner takes over what the unit owes (fees.md "Resale"). */
export interface CarryOverView {
  id: string;
  unitId: string;
  amountFen: number;
  note: string;
  byName: string;
  at: string;
  /** When a transfer used it (absent: still open). */
  usedAt?: string;
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
  /** The reminders (催缴) sent about this unit's bills, newest first: one per day at most. */
  reminders: { at: string; title: string; lines: { label: string; value: string }[] }[];
  /** `fees.myAccounts` only: how the owner can pay online (absent: at the desk only). */
  payOnline?: PayOnline;
}

/**
 * Paying online (payments.md "The pay page"): 'wechat' = WeChat Pay is configured (the pay page,
 * `Taro.requestPayment` in the mini-program); 'demo' = configured in demo mode against the fake
 * WeChat Pay, where the H5 app shows a 模拟支付 sheet instead.
 */
export type PayOnline = 'wechat' | 'demo';

export interface BillingRunReport {
  period: string;
  items: number;
  created: number;
  existing: number;
  /** Work is left for the next invocation (the run's budget was spent, or another worker held a community). */
  more: boolean;
}

/** What a one-off charge did: bills made now, and bills that already existed (the same request sent again). */
export interface OneOffChargeReport {
  chargeId: string;
  itemName: string;
  /** 分 per unit (the item's price, or the amount given for this charge). */
  amountFen: number;
  dueDate: string;
  note?: string;
  /** Units charged. */
  units: number;
  created: number;
  /** Bills that existed already: this request was sent before (a retry), nothing was billed twice. */
  skipped: number;
  /** The request was sent before: this is the first charge's result, nothing new was charged. */
  replayed: boolean;
}

export interface ArrearsUnit {
  unitId: string;
  unitLabel: string;
  buildingName: string;
  owedFen: number;
  /** Days the oldest unpaid bill is overdue. */
  daysOverdue: number;
  bucket: AgeingBucket;
  ownerNames: string[];
  /** Masked. */
  phone: string;
  paused?: { kind: 'promise' | 'hardship'; until?: string; reason: string };
  /** The last call outcome recorded. */
  lastOutcome?: { reason: ArrearsReason; promiseDate?: string; note?: string; at: string; byName: string };
}

/**
 * fees.arrears: a page of the units in arrears (oldest unpaid bill first, then by unit label; `total`
 * counts the units of the page's filter, the bucket included) and the totals of all units in arrears
 * of the community or building (the bucket not applied): `$group`s over the stored balances (two: one per sum, FerretDB v1).
 */
export interface ArrearsReport extends Paged<ArrearsUnit> {
  totalFen: number;
  units: number;
  byBucket: Record<AgeingBucket, { units: number; fen: number }>;
  byBuilding: { buildingId: string; name: string; units: number; fen: number }[];
}

export interface CollectionStats {
  /** Bills of periods starting in the month, YYYY-MM. */
  month: string;
  billedFen: number;
  collectedFen: number;
  /** collected / billed (0–1; null without bills). */
  rate: number | null;
  byBuilding: { buildingId: string; name: string; billedFen: number; collectedFen: number; rate: number | null }[];
  /** Reminder stages handled in the month, and how many of those bills were paid within 7 days. */
  reminders: { stage: number; label: string; sent: number; paidWithin7Days: number }[];
}

/** The community's reminder ladder: when each stage starts, in days from the due date (negative: before). */
export interface LadderView {
  stages: { stage: number; label: string; days: number; defaultDays: number }[];
  /** Set when the community changed the defaults. */
  updatedBy?: string;
  updatedAt?: string;
}

/** A printable 催缴通知单: its content, and the PDF to print or forward. */
export interface ReminderNoticeFile {
  notice: ArrearsNotice;
  fileName: string;
  mime: 'application/pdf';
  contentBase64: string;
}

/** A WeChat Pay order of bills (payments.md "Paying bills"); `review` = paid but not recorded (on the cashier's list). */
export interface PayOrderView {
  orderId: string;
  unitId: string;
  billIds: string[];
  amountFen: number;
  status: 'pending' | 'paid' | 'closed' | 'review';
  expiresAt: string;
  /** The recorded payment (its receipt), once paid. */
  paymentId?: string;
}

/** `fees.payPrepare`: the order and what `Taro.requestPayment` takes (signed by the server). */
export interface PayPrepared extends PayOrderView {
  payment: { appId: string; timeStamp: string; nonceStr: string; package: string; signType: 'RSA'; paySign: string };
}

/**
 * An online payment or refund the cashier must look at (线上支付异常; payments.md): what each `kind`
 * means is `PAY_ISSUE_TEXT` (shared/domain/pay-issues.ts).
 */
export interface PayIssueView {
  id: string;
  kind: PayIssueKind;
  status: PayIssueStatus;
  unitId: string;
  unitLabel: string;
  orderId?: string;
  paymentId?: string;
  transactionId?: string;
  /** A refund's number at WeChat (`<payment>_<n>`). */
  outRefundNo?: string;
  /** The amount recorded here (the order's, the ledger's payment or refund), 分. */
  orderFen?: number;
  /** The amount WeChat Pay reports, 分. */
  paidFen?: number;
  /** The reconciliation's day that found it (YYYY-MM-DD). */
  billDate?: string;
  at: string;
  resolved?: { byName: string; at: string; note: string };
}

/**
 * An owner's request for an invoice of one payment (payments.md "Receipts and invoices"): the 抬头
 * and 税号 the cashier issues it with, and how it ended.
 */
export interface InvoiceRequestView {
  id: string;
  unitId: string;
  unitLabel: string;
  paymentId: string;
  receiptNo: string;
  method: PaymentMethod;
  paidAt: string;
  /** The payment less its refunds when asked, 分. */
  amountFen: number;
  titleType: InvoiceTitleType;
  title: string;
  taxNo?: string;
  /** Where the owner wants the electronic invoice. */
  email?: string;
  note?: string;
  status: InvoiceStatus;
  requesterName: string;
  requestedAt: string;
  invoiceNo?: string;
  rejectReason?: string;
  decidedByName?: string;
  decidedAt?: string;
}

/**
 * A payment's receipt (电子收据), laid out like the paper one: who received (the community's service
 * centre, its seal line), who paid, how, when, how much (also in capitals), what it settled by the
 * ledger's rule (bills oldest first; the rest is 预存 credit), the refunds against it, and the
 * latest invoice request.
 */
export interface ReceiptView {
  paymentId: string;
  unitId: string;
  /** 收款收据 */
  title: string;
  receiptNo: string;
  communityName: string;
  /** 收款单位（盖章）: the community's 物业服务中心. */
  payee: string;
  unitLabel: string;
  /** 交款人: the owner who paid in WeChat, else the unit's owners (or 「<unit>业主」). */
  payer: string;
  method: PaymentMethod;
  at: string;
  amountFen: number;
  /** 人民币大写 of amountFen. */
  amountCapitals: string;
  /** 经办人 (微信支付 for online payments). */
  cashierName: string;
  note?: string;
  /** The bills this payment settled, oldest first: the bill's amount and the part of this payment applied to it. */
  lines: { billId: string; itemName: string; periodLabel: string; billFen: number; appliedFen: number }[];
  /** What is not applied to a bill (yet): 预存, for the next bills. */
  creditFen: number;
  refunds: { amountFen: number; reason: string; at: string; byName: string }[];
  refundedFen: number;
  /** The latest invoice request of this payment. */
  invoice?: InvoiceRequestView;
}

/** `fees.receiptPdf`: the receipt and its one-page A4 PDF. */
export interface ReceiptFile {
  receipt: ReceiptView;
  fileName: string;
  mime: 'application/pdf';
  contentBase64: string;
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
  /**
   * Bill every unit of the caller's community for the periods that start in this month (default) or
   * last month (Asia/Shanghai; any other month is refused); running it again changes nothing.
   */
  runBilling: action<BillingRunReport>()(
    z
      .object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM').optional() })
      .strict()
      .optional()
      .default({}),
    community(['manager']),
  ),
  /**
   * Charge a one-off item (装修押金, 门禁卡工本费…) to chosen units and/or every unit of a building, due
   * on a day (today or later), at the item's price or `amountFen`, with a note. One charge per
   * `requestId` (per caller): sending the same request again bills nothing twice; a new request id
   * charges again, on purpose.
   */
  chargeOneOff: action<OneOffChargeReport>()(
    z
      .object({
        requestId: z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确'),
        itemId: objectId,
        unitIds: z.array(objectId).min(1, '请选择房屋').max(MAX_CHARGE_UNITS, `一次最多选择${MAX_CHARGE_UNITS}户`).optional(),
        buildingId: objectId.optional(),
        dueDate: calendarDay('缴费截止日期'),
        amountFen: fen('金额').optional(),
        note: z.string().trim().max(50, '备注最多50字').optional(),
      })
      .strict()
      .refine((i) => i.unitIds !== undefined || i.buildingId !== undefined, { message: '请选择房屋或楼栋', path: ['unitIds'] }),
    community(['cashier', 'manager'], { itemId: 'feeItem', unitIds: 'unit', buildingId: 'building' }),
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
  /** Cashier/agent: a page of the units in arrears (oldest first; a building, an ageing bucket), with ages, amounts, pauses and the last call outcome, and the totals. */
  arrears: action<ArrearsReport>()(
    z.object({ buildingId: objectId.optional(), bucket: z.enum(AGEING_BUCKETS).optional(), page, pageSize }).strict().optional().default({}),
    community(['cashier', 'agent', 'manager'], { buildingId: 'building' }),
  ),
  /** Manager: a page of the units whose oldest unpaid bill reached the review stage (90 days by default: lawyer's letter decision). */
  reviewList: action<Paged<ArrearsUnit>>()(z.object({ page, pageSize }).strict().optional().default({}), community(['manager'])),
  /** After a call or visit: why it is unpaid, and a promised date (the ladder waits until then). */
  recordOutcome: action<ArrearsUnit>()(
    z
      .object({
        unitId: objectId,
        reason: z.enum(ARREARS_REASONS, { message: '请选择欠费原因' }),
        promiseDate: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
          .optional(),
        note: z.string().trim().max(200).optional(),
      })
      .strict(),
    community(['cashier', 'agent', 'manager'], { unitId: 'unit' }),
  ),
  /** Manager: pause the ladder for a hardship case (until resumed), or resume it. */
  pause: action<ArrearsUnit>()(z.object({ unitId: objectId, pause: z.boolean(), reason: z.string().trim().min(2, '请填写原因').max(100) }).strict(), community(['manager'], { unitId: 'unit' })),
  stats: action<CollectionStats>()(z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM').optional() }).strict().optional().default({}), community(['manager'])),
  ladder: action<LadderView>()(z.object({}).strict().optional().default({}), community(['cashier', 'agent', 'manager'])),
  /** Manager: the days at which stages 0–4 start (from the next reminder run). */
  saveLadder: action<LadderView>()(
    z
      .object({
        days: z
          .array(z.number({ message: '请填写天数' }).int('天数须为整数'))
          .superRefine((days, ctx) => {
            const problem = ladderDaysProblem(days);
            if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
          }),
      })
      .strict(),
    community(['manager']),
  ),
  /** The formal notice of a unit's overdue bills (PDF): 费用催缴通知单, or for parking 车位使用费催缴通知单. */
  reminderNotice: action<ReminderNoticeFile>()(z.object({ unitId: objectId, kind: z.enum(NOTICE_KINDS).default('property') }).strict(), community(['cashier', 'agent', 'manager'], { unitId: 'unit' })),
  cancelBill: action<UnitAccount>()(z.object({ billId: z.string().min(1).max(80), reason: z.string().trim().min(2, '请填写作废原因').max(100) }).strict(), community(['manager'])),
  /**
   * Owner: a WeChat Pay order for bills of one of my units (the amount is what the ledger says is left
   * to pay) or an amount ahead (预缴), and the signed parameters for `requestPayment`. One order per
   * `requestId`: the same request again answers the same order.
   */
  payPrepare: action<PayPrepared>()(
    z
      .object({
        unitId: objectId,
        billIds: z.array(z.string().min(1).max(80)).min(1, '请选择要缴的账单').max(36).optional(),
        aheadFen: fen('预缴金额').optional(),
        requestId: z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确'),
      })
      .strict()
      .refine((i) => (i.billIds === undefined) !== (i.aheadFen === undefined), { message: '请选择要缴的账单或填写预缴金额', path: ['billIds'] }),
    self(['owner'], { unitId: 'ownUnit' }),
  ),
  /** Owner: an order of one of my units; still pending → WeChat Pay is asked (a payment is recorded once). */
  payStatus: action<PayOrderView>()(z.object({ unitId: objectId, orderId: objectId }).strict(), self(['owner'], { unitId: 'ownUnit' })),
  /** Cashier: online payments not recorded automatically (e.g. the amount WeChat reports differs from the order's). */
  payIssues: action<Paged<PayIssueView>>()(
    z
      .object({ status: z.enum(PAY_ISSUE_STATUSES).default('open'), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community(['cashier', 'manager']),
  ),
  /** Cashier: an issue handled (补登、退款、核实无误…), with a note; who and when are recorded. Once (again → 409 PAY.ISSUE_RESOLVED). */
  resolvePayIssue: action<PayIssueView>()(
    z.object({ issueId: z.string().min(3).max(120), note: z.string({ message: '请填写处理说明' }).trim().min(2, '请填写处理说明（至少2个字）').max(200, '处理说明最多200字') }).strict(),
    community(['cashier', 'manager']),
  ),
  /**
   * Owner: pay back the prepayment credit of my unit through WeChat Pay, out of one of its WeChat
   * payments: min(the credit, what is left of that payment). No credit → 409 PAY.NO_CREDIT.
   */
  refundCredit: action<UnitAccount>()(
    z.object({ unitId: objectId, paymentId: objectId, reason: z.string({ message: '请填写退款原因' }).trim().min(2, '请填写退款原因（至少2个字）').max(60, '退款原因最多60字') }).strict(),
    self(['owner'], { unitId: 'ownUnit' }),
  ),
  /** A payment's receipt (电子收据): an owner of the unit, or the community's cashiers, agents and managers. Another unit's payment → 404. */
  receipt: action<ReceiptView>()(z.object({ unitId: objectId, paymentId: objectId }).strict(), community(['owner', 'cashier', 'agent', 'manager'], { unitId: 'accountUnit' })),
  /** The receipt as a one-page A4 PDF (base64), to download or forward. */
  receiptPdf: action<ReceiptFile>()(z.object({ unitId: objectId, paymentId: objectId }).strict(), community(['owner', 'cashier', 'agent', 'manager'], { unitId: 'accountUnit' })),
  /**
   * Owner: ask for an invoice of one of my unit's payments (抬头, 税号 for a 单位, email for the
   * electronic invoice). One open request per payment (a second → 409 INVOICE.ALREADY_REQUESTED);
   * the same `requestId` again answers the first request.
   */
  requestInvoice: action<InvoiceRequestView>()(
    z
      .object({
        unitId: objectId,
        paymentId: objectId,
        requestId: z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确'),
        titleType: z.enum(INVOICE_TITLE_TYPES, { message: '请选择抬头类型' }),
        title: z.string({ message: '请填写发票抬头' }).trim().min(2, '请填写发票抬头（至少2个字）').max(100, '发票抬头最多100字'),
        taxNo: z.string().trim().toUpperCase().max(20, '税号最多20位').optional(),
        email: z.string().trim().max(100, '邮箱最多100个字符').email('邮箱格式不正确').optional(),
        note: z.string().trim().max(200, '备注最多200字').optional(),
      })
      .strict()
      .superRefine((i, ctx) => {
        if (i.titleType === 'company' && !i.taxNo) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['taxNo'], message: '单位抬头须填写税号' });
        const problem = i.taxNo ? taxNumberProblem(i.taxNo) : null;
        if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['taxNo'], message: problem });
      }),
    self(['owner'], { unitId: 'ownUnit' }),
  ),
  /** Cashier: the invoice requests, open ones first (oldest first), then the decided ones (newest first); `status` narrows to one part. */
  invoiceRequests: action<Paged<InvoiceRequestView>>()(
    z
      .object({ status: z.enum(['open', 'done']).optional(), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community(['cashier', 'manager']),
  ),
  /** Manager: a resale's carry-over agreement (欠费转移协议) for exactly what the unit owes now; one per request id. */
  carryOver: action<CarryOverView>()(
    z
      .object({
        unitId: objectId,
        requestId: z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确'),
        amountFen: fen('协议金额'),
        note: z.string({ message: '请填写协议说明' }).trim().min(2, '请填写协议说明（谁承担、何时结清）').max(200, '协议说明最多200字'),
      })
      .strict(),
    community(['manager'], { unitId: 'unit' }),
  ),
  /** Cashier: the invoice was issued, with its number (发票号码); the owner is told. Sending the same number again changes nothing. */
  invoiceIssued: action<InvoiceRequestView>()(
    z
      .object({ invoiceRequestId: objectId, invoiceNo: z.string({ message: '请填写发票号码' }).trim().regex(/^[0-9A-Za-z-]{8,32}$/, '发票号码为8到32位数字或字母') })
      .strict(),
    community(['cashier', 'manager'], { invoiceRequestId: 'invoiceRequest' }),
  ),
  /** Cashier: send a request back with the reason (e.g. a wrong 税号); the owner is told and may ask again. */
  invoiceRejected: action<InvoiceRequestView>()(
    z.object({ invoiceRequestId: objectId, reason: z.string({ message: '请填写退回原因' }).trim().min(2, '请填写退回原因').max(100, '退回原因最多100字') }).strict(),
    community(['cashier', 'manager'], { invoiceRequestId: 'invoiceRequest' }),
  ),
};

export type FeesContract = typeof feesContract;
