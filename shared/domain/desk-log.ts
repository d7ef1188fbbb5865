/**
 * The desk's call and visit log (来电 · 来访登记) and its goods release passes (放行条): kinds, labels,
 * limits and the pass's state table, shared by the pages and the server.
 */
import { stateMachine, type Transition } from './state-machine';

// ── Call and visit log ──────────────────────────────────────────────────────────────────────────

export const CONTACT_KINDS = ['call', 'visit', 'wechat'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export const CONTACT_KIND_LABELS: Record<ContactKind, string> = { call: '来电', visit: '来访', wechat: '微信' };

export const CONTACT_DIRECTIONS = ['in', 'out'] as const;
export type ContactDirection = (typeof CONTACT_DIRECTIONS)[number];
export const CONTACT_DIRECTION_LABELS: Record<ContactDirection, string> = { in: '呼入', out: '呼出' };

/** Why a visitor who is not an owner came (or called): 施工, 快递外卖, 政府部门, 中介, 亲友, 其他. */
export const VISITOR_PURPOSES = ['construction', 'delivery', 'government', 'agency', 'relative', 'other'] as const;
export type VisitorPurpose = (typeof VISITOR_PURPOSES)[number];
export const VISITOR_PURPOSE_LABELS: Record<VisitorPurpose, string> = {
  construction: '施工',
  delivery: '快递外卖',
  government: '政府部门',
  agency: '中介',
  relative: '亲友',
  other: '其他',
};

/** Text limits of a log entry (longer or empty → 400). */
export const CONTACT_PURPOSE_MAX = 200;
export const CONTACT_RESULT_MAX = 500;
export const CONTACT_NOTE_MAX = 300;
export const VISITOR_NAME_MAX = 30;
export const VISITOR_COMPANY_MAX = 60;

// ── Release passes (放行条) ─────────────────────────────────────────────────────────────────────

export const PASS_STATUSES = ['pending', 'approved', 'rejected', 'used', 'revoked'] as const;
export type PassStatus = (typeof PASS_STATUSES)[number];
export const PASS_STATUS_LABELS: Record<PassStatus, string> = {
  pending: '待业主确认',
  approved: '已批准',
  rejected: '业主未同意',
  used: '已放行',
  revoked: '已撤销',
};

export const PASS_TRANSITIONS = {
  approve: { from: ['pending'], to: 'approved' },
  reject: { from: ['pending'], to: 'rejected' },
  release: { from: ['approved'], to: 'used' },
  revoke: { from: ['pending', 'approved'], to: 'revoked' },
} as const satisfies Record<string, Transition<PassStatus>>;
export type PassEvent = keyof typeof PASS_TRANSITIONS;
export const PASS_EVENT_LABELS: Record<PassEvent | 'create', string> = {
  create: '申请放行条',
  approve: '业主同意',
  reject: '业主不同意',
  release: '门岗放行',
  revoke: '撤销',
};

/** The pass's state machine (refusals are 409 PASS.INVALID_TRANSITION). */
export const PASS_MACHINE = stateMachine<PassStatus, PassEvent>({
  noun: '放行条',
  table: PASS_TRANSITIONS,
  states: PASS_STATUS_LABELS,
  events: PASS_EVENT_LABELS,
  code: 'PASS.INVALID_TRANSITION',
});

/** What the gate sees for a code: only `valid` may be released (放行). */
export const PASS_CHECKS = ['valid', 'early', 'expired', 'pending', 'rejected', 'used', 'revoked'] as const;
export type PassCheck = (typeof PASS_CHECKS)[number];
export const PASS_CHECK_LABELS: Record<PassCheck, string> = {
  valid: '有效',
  early: '未到放行日期',
  expired: '已过期',
  pending: '未批准',
  rejected: '未批准',
  used: '已使用',
  revoked: '已撤销',
};

/** The gate's verdict on a pass on `today` (Asia/Shanghai day). */
export function passCheck(status: PassStatus, date: string, today: string): PassCheck {
  if (status !== 'approved') return status;
  if (date < today) return 'expired';
  if (date > today) return 'early';
  return 'valid';
}

// Pass codes (alphabet, normalizing, formatting) are shared with renovation's 装修出入证: shared/domain/pass-code.ts.
export { formatPassCode, normalizePassCode, PASS_CODE_ALPHABET, PASS_CODE_LENGTH } from './pass-code';

export const PASS_ITEMS_MAX = 200;
export const PASS_QUANTITY_MAX = 999;
/** How far ahead a pass may be dated. */
export const PASS_DAYS_AHEAD = 30;
