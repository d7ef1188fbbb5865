/** Follow-up visits (回访): methods, outcomes, statuses (zod-free, shared with the client). */
export const FOLLOW_UP_SOURCES = ['repair', 'complaint'] as const;
export type FollowUpSource = (typeof FOLLOW_UP_SOURCES)[number];
export const FOLLOW_UP_SOURCE_LABELS: Record<FollowUpSource, string> = { repair: '报修', complaint: '投诉' };

export const FOLLOW_UP_METHODS = ['phone', 'visit', 'wechat'] as const;
export type FollowUpMethod = (typeof FOLLOW_UP_METHODS)[number];
export const FOLLOW_UP_METHOD_LABELS: Record<FollowUpMethod, string> = { phone: '电话回访', visit: '上门回访', wechat: '微信回访' };

export const FOLLOW_UP_OUTCOMES = ['satisfied', 'neutral', 'unsatisfied'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];
export const FOLLOW_UP_OUTCOME_LABELS: Record<FollowUpOutcome, string> = { satisfied: '满意', neutral: '一般', unsatisfied: '不满意' };

export const FOLLOW_UP_STATUSES = ['open', 'done'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
export const FOLLOW_UP_STATUS_LABELS: Record<FollowUpStatus, string> = { open: '待回访', done: '已回访' };
