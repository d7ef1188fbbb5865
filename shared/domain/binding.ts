/** Owner binding (业主绑定房屋): statuses and limits (zod-free, shared with the client). */
export const BINDING_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type BindingStatus = (typeof BINDING_STATUSES)[number];
export const BINDING_STATUS_LABELS: Record<BindingStatus, string> = { pending: '待审核', approved: '已绑定', rejected: '未通过' };

/** Wrong tries allowed per WeChat user per hour before binding answers RATE.LIMITED. */
export const BINDING_MAX_MISSES_PER_HOUR = 5;
/** Wrong tries allowed per unit per hour, by all WeChat users together, before binding to it answers RATE.LIMITED. */
export const BINDING_MAX_TRIES_PER_UNIT_PER_HOUR = 10;
