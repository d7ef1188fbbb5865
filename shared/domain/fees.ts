/**
 * Fees (物业费 · 停车费): fee items, billing periods, the amount of a bill, and how a payment is
 * allocated. Money is integer 分 everywhere. Pure and zod-free: the server bills with these rules,
 * the client shows them.
 *
 * Rounding rule: a bill's amount is computed exactly (rate × quantity × months × vacancy share) and
 * rounded once, half up, to the whole 分 (四舍五入到分). Never per month, never per line.
 */

import { DAY_MS } from './calendar';

export const FEE_KINDS = ['property', 'parking', 'fixed', 'one-off'] as const;
export type FeeKind = (typeof FEE_KINDS)[number];
export const FEE_KIND_LABELS: Record<FeeKind, string> = { property: '物业服务费', parking: '车位使用费', fixed: '固定收费', 'one-off': '一次性收费' };
/** What the rate is per (per month for recurring items). */
export const FEE_RATE_UNITS: Record<FeeKind, string> = { property: '元/㎡/月', parking: '元/个/月', fixed: '元/户/月', 'one-off': '元/次' };

/** Units one one-off charge may name (a whole building is named by its id instead). */
export const MAX_CHARGE_UNITS = 500;

export const BILLING_CYCLES = ['monthly', 'quarterly', 'yearly'] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];
export const BILLING_CYCLE_LABELS: Record<BillingCycle, string> = { monthly: '按月', quarterly: '按季', yearly: '按年' };
export const CYCLE_MONTHS: Record<BillingCycle, number> = { monthly: 1, quarterly: 3, yearly: 12 };

/** 12345 分 → '123.45'. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** '123.45' / '123.4' / '123' → 12345 分; null when it is not a plain amount with at most 2 decimals. */
export function parseYuan(text: string): number | null {
  const m = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/**
 * Round half up to the whole 分, exactly: `numerator / denominator` 分 with integers (no floating
 * error: 2.35 元/㎡ × 89.5 ㎡ is 235 × 8950 / 100 分).
 */
export function roundHalfUp(numerator: bigint, denominator: bigint): number {
  const q = numerator / denominator;
  const r = numerator % denominator;
  return Number(2n * r >= denominator ? q + 1n : q);
}

export interface BillInput {
  kind: FeeKind;
  /** 分 per unit of measure (per month for recurring items), e.g. 235 for 2.35 元/㎡/月. */
  rateFen: number;
  /** Unit area in ㎡ with at most 2 decimals (property fee). */
  areaM2?: number;
  /** Parking spaces held (parking fee). */
  spaces?: number;
  months: number;
  /** A vacant unit pays this percent of the amount (e.g. 50); omitted → full. */
  vacancyPercent?: number;
}

/** The amount of one bill in 分 (see the rounding rule above). */
export function billAmount(b: BillInput): number {
  // Quantities in hundredths (area has 2 decimals), percent in hundredths: scale everything to integers.
  const quantity100 = b.kind === 'property' ? BigInt(Math.round((b.areaM2 ?? 0) * 100)) : BigInt(Math.round((b.kind === 'parking' ? (b.spaces ?? 0) : 1) * 100));
  const months = BigInt(b.kind === 'one-off' ? 1 : b.months);
  const percent = BigInt(b.vacancyPercent ?? 100);
  return roundHalfUp(BigInt(b.rateFen) * quantity100 * months * percent, 100n * 100n);
}

/** Billing period keys: '2026-11' (month), '2026-Q4' (quarter), '2026' (year). */
export function periodOf(cycle: BillingCycle, year: number, month: number): string {
  if (cycle === 'monthly') return `${year}-${String(month).padStart(2, '0')}`;
  if (cycle === 'quarterly') return `${year}-Q${Math.ceil(month / 3)}`;
  return String(year);
}

/** First month (1–12) and length of a period key. */
export function periodRange(period: string): { year: number; firstMonth: number; months: number } {
  const m = /^(\d{4})(?:-(\d{2})|-Q([1-4]))?$/.exec(period);
  if (!m) throw new Error(`bad period ${period}`);
  const year = Number(m[1]);
  if (m[2]) return { year, firstMonth: Number(m[2]), months: 1 };
  if (m[3]) return { year, firstMonth: (Number(m[3]) - 1) * 3 + 1, months: 3 };
  return { year, firstMonth: 1, months: 12 };
}

export const PERIOD_LABEL = (period: string): string => {
  const r = periodRange(period);
  return r.months === 1 ? `${r.year}年${r.firstMonth}月` : r.months === 3 ? `${r.year}年第${Math.ceil(r.firstMonth / 3)}季度` : `${r.year}年度`;
};

export interface Outstanding {
  billId: string;
  /** Still owed, 分. */
  dueFen: number;
}

/**
 * Allocate a payment to bills, in the order given (oldest first): each bill gets what it still
 * owes until the money runs out; what is left over becomes prepayment credit.
 */
export function allocate(amountFen: number, bills: readonly Outstanding[]): { applied: { billId: string; fen: number }[]; creditFen: number } {
  let left = amountFen;
  const applied: { billId: string; fen: number }[] = [];
  for (const b of bills) {
    if (left <= 0) break;
    const fen = Math.min(left, Math.max(0, b.dueFen));
    if (fen > 0) {
      applied.push({ billId: b.billId, fen });
      left -= fen;
    }
  }
  return { applied, creditFen: left };
}

/** Arrears ageing buckets by days overdue. */
export const AGEING_BUCKETS = ['0-30', '31-90', '90+'] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];
export function ageingBucket(daysOverdue: number): AgeingBucket {
  return daysOverdue <= 30 ? '0-30' : daysOverdue <= 90 ? '31-90' : '90+';
}

export interface LedgerBill {
  id: string;
  amountFen: number;
  /** ISO date or any sortable string: bills are settled oldest first. */
  dueDate: string;
}

export interface SettledBill {
  id: string;
  amountFen: number;
  paidFen: number;
  dueFen: number;
}

/**
 * A unit's account as a ledger: every payment (minus refunds) goes to the bills oldest first; what
 * is left is prepayment credit, which pays the next bills as they are issued. Nothing is stored per
 * bill, so a payment is one insert and can never leave a bill half-updated.
 */
export function settle(bills: readonly LedgerBill[], paidInFen: number): { bills: SettledBill[]; creditFen: number } {
  const ordered = [...bills].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
  const { applied, creditFen } = allocate(Math.max(0, paidInFen), ordered.map((b) => ({ billId: b.id, dueFen: b.amountFen })));
  const paid = new Map(applied.map((a) => [a.billId, a.fen]));
  return {
    bills: ordered.map((b) => ({ id: b.id, amountFen: b.amountFen, paidFen: paid.get(b.id) ?? 0, dueFen: b.amountFen - (paid.get(b.id) ?? 0) })),
    creditFen,
  };
}

export const PAYMENT_METHODS = ['cash', 'transfer', 'pos', 'wechat'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = { cash: '现金', transfer: '银行转账', pos: 'POS刷卡', wechat: '微信支付' };

/**
 * The reminder ladder (催缴), per bill: each stage starts this many days after the due date
 * (negative: before). Stage 2 also makes the formal 费用催缴通知单 (parking: 车位使用费催缴通知单);
 * stage 3 is a call or visit by an agent; stage 4 puts the unit on the manager's review list
 * (lawyer's letter decision). `days` are the defaults; each community may set its own.
 */
export const LADDER_STAGES = [
  { stage: 0, days: -3, label: '到期提醒' },
  { stage: 1, days: 1, label: '逾期提醒' },
  { stage: 2, days: 15, label: '催缴通知单' },
  { stage: 3, days: 30, label: '电话/上门催缴' },
  { stage: 4, days: 90, label: '主管审核' },
] as const;
export type LadderStage = (typeof LADDER_STAGES)[number]['stage'];
/** Days from the due date at which stages 0–4 start. */
export type LadderDays = readonly [number, number, number, number, number];
export const DEFAULT_LADDER_DAYS: LadderDays = [-3, 1, 15, 30, 90];

/** Why a community's ladder is not usable, or null: stage 0 at or before the due date, stage 1 after it, each later than the one before. */
export function ladderDaysProblem(days: readonly number[]): string | null {
  if (days.length !== LADDER_STAGES.length) return `须设置${LADDER_STAGES.length}个阶段`;
  if (days.some((d) => !Number.isInteger(d))) return '天数须为整数';
  if (days[0] > 0 || days[0] < -30) return '到期提醒须在到期日前0到30天';
  if (days[1] < 1) return '逾期提醒须在到期日之后';
  if (days[days.length - 1] > 365) return '主管审核须在逾期365天以内';
  for (let i = 1; i < days.length; i++) if (days[i] <= days[i - 1]) return `「${LADDER_STAGES[i].label}」须晚于「${LADDER_STAGES[i - 1].label}」`;
  return null;
}

/** The highest stage a bill due at `due` has reached at `at` (null before the first). */
export function stageReached(due: Date, at: Date, ladder: LadderDays = DEFAULT_LADDER_DAYS): LadderStage | null {
  const days = (at.getTime() - due.getTime()) / DAY_MS;
  let reached: LadderStage | null = null;
  for (const s of LADDER_STAGES) if (days >= ladder[s.stage]) reached = s.stage;
  return reached;
}

/** Why an agent's call about arrears ended as it did. */
export const ARREARS_REASONS = ['dispute', 'hardship', 'away', 'refuses', 'forgot'] as const;
export type ArrearsReason = (typeof ARREARS_REASONS)[number];
export const ARREARS_REASON_LABELS: Record<ArrearsReason, string> = { dispute: '有争议', hardship: '经济困难', away: '长期不在', refuses: '拒绝缴费', forgot: '忘记缴费' };
