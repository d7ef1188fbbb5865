/**
 * Complaints (投诉处理): categories after the handbook's common causes, the one transition table,
 * deadlines and the rules the client and the server share.
 */
import { stateMachine, type Transition } from './state-machine';

export const COMPLAINT_CATEGORIES = ['attitude', 'repair', 'fees', 'security', 'cleaning', 'greenery', 'noise', 'renovation', 'parking', 'facilities', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export const COMPLAINT_CATEGORY_LABELS: Record<ComplaintCategory, string> = {
  attitude: '服务态度',
  repair: '维修质量/延误',
  fees: '收费问题',
  security: '安全秩序',
  cleaning: '保洁卫生',
  greenery: '绿化养护',
  noise: '噪音/邻里',
  renovation: '装修管理',
  parking: '停车管理',
  facilities: '公共设施',
  other: '其他',
};

/** Where a complaint came from. */
export const COMPLAINT_CHANNELS = ['miniprogram', 'phone', 'walk-in', 'sentiment', 'rating', 'inquiry'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];
export const COMPLAINT_CHANNEL_LABELS: Record<ComplaintChannel, string> = { miniprogram: '小程序', phone: '电话', 'walk-in': '来访', sentiment: '业主群舆情', rating: '报修差评/回访不满', inquiry: '咨询转入' };

export const COMPLAINT_STATUSES = ['received', 'accepted', 'investigating', 'replied', 'followup', 'closed', 'reopened'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const COMPLAINT_STATUS_LABELS: Record<ComplaintStatus, string> = {
  received: '待受理',
  accepted: '处理中',
  investigating: '调查中',
  replied: '已答复',
  followup: '已回访',
  closed: '已结案',
  reopened: '重新处理',
};
/** Nobody has accepted it yet (待受理): new, or reopened by the owner — `accept` moves both on. */
export const WAITING_COMPLAINT_STATUSES: readonly ComplaintStatus[] = ['received', 'reopened'];
/** Not closed: still someone's work (and a fee complaint still pauses the unit's reminders). */
export const OPEN_COMPLAINT_STATUSES: readonly ComplaintStatus[] = ['received', 'accepted', 'investigating', 'replied', 'followup', 'reopened'];

/**
 * The one transition table. `accept` assigns the handler (first response); `assign` hands it to
 * another handler while it is being handled (the state stays); `reply` is the written answer to the
 * owner; `followup` records that the owner was asked and is content (by an agent's 回访 or the
 * owner's own confirmation); `reopen` is the owner still unhappy (at follow-up or after the reply);
 * only a complaint whose follow-up is done can be closed.
 */
export const COMPLAINT_TRANSITIONS = {
  accept: { from: ['received', 'reopened'], to: 'accepted' },
  assign: { from: ['accepted', 'investigating'] },
  investigate: { from: ['accepted'], to: 'investigating' },
  reply: { from: ['accepted', 'investigating'], to: 'replied' },
  followup: { from: ['replied'], to: 'followup' },
  close: { from: ['followup'], to: 'closed' },
  reopen: { from: ['replied', 'followup', 'closed'], to: 'reopened' },
} as const satisfies Record<string, Transition<ComplaintStatus>>;
export type ComplaintEvent = keyof typeof COMPLAINT_TRANSITIONS;

export const COMPLAINT_EVENT_LABELS: Record<ComplaintEvent | 'create', string> = {
  create: '登记投诉',
  accept: '受理',
  assign: '转交',
  investigate: '开始调查',
  reply: '书面答复',
  followup: '回访',
  close: '结案',
  reopen: '重新处理',
};

/** The complaint's state machine (next / allowed / check; refusals are 409 COMPLAINT.INVALID_TRANSITION). */
export const COMPLAINT_MACHINE = stateMachine<ComplaintStatus, ComplaintEvent>({
  noun: '投诉',
  table: COMPLAINT_TRANSITIONS,
  states: COMPLAINT_STATUS_LABELS,
  events: COMPLAINT_EVENT_LABELS,
  code: 'COMPLAINT.INVALID_TRANSITION',
});

/** After investigation: was the complaint founded (有效投诉) or not (无效投诉)? */
export const COMPLAINT_VALIDITY = ['valid', 'invalid'] as const;
export type ComplaintValidity = (typeof COMPLAINT_VALIDITY)[number];
export const COMPLAINT_VALIDITY_LABELS: Record<ComplaintValidity, string> = { valid: '有效投诉', invalid: '无效投诉' };

/** Deadlines, per community: first response (accept) in hours, the written reply in days, the follow-up in days after the reply. */
export interface ComplaintDeadlines {
  firstResponseHours: number;
  urgentFirstResponseHours: number;
  replyDays: number;
  followUpDays: number;
}
export const DEFAULT_COMPLAINT_DEADLINES: ComplaintDeadlines = { firstResponseHours: 24, urgentFirstResponseHours: 2, replyDays: 7, followUpDays: 3 };

/** The deadlines a complaint runs against, in order. */
export const COMPLAINT_STAGES = ['respond', 'reply', 'followup'] as const;
export type ComplaintStage = (typeof COMPLAINT_STAGES)[number];
export const COMPLAINT_STAGE_LABELS: Record<ComplaintStage, string> = { respond: '首次响应', reply: '书面答复', followup: '回访' };
/** The stage whose deadline runs in each state (none once followed up or closed). */
export const COMPLAINT_STAGE_OF: Partial<Record<ComplaintStatus, ComplaintStage>> = { received: 'respond', reopened: 'respond', accepted: 'reply', investigating: 'reply', replied: 'followup' };
export const COMPLAINT_WARN_SHARE = 0.8;

export const MAX_COMPLAINT_PHOTOS = 9;

/** A complaint's description: at least this many characters (after trimming), at most 1,000. */
export const COMPLAINT_TEXT_MIN = 5;
export const COMPLAINT_TEXT_MAX = 1000;
export const COMPLAINT_TEXT_TOO_SHORT = `请至少用${COMPLAINT_TEXT_MIN}个字描述投诉内容`;

/** Why a description is not acceptable, or null (the forms and the contract say the same). */
export function complaintTextProblem(text: string): string | null {
  const t = text.trim();
  if (t.length < COMPLAINT_TEXT_MIN) return COMPLAINT_TEXT_TOO_SHORT;
  if (t.length > COMPLAINT_TEXT_MAX) return `投诉内容最多${COMPLAINT_TEXT_MAX}字`;
  return null;
}

/** Words that make an owner's complaint urgent (2-hour first response): safety, or a threat to escalate. */
export const URGENT_COMPLAINT_TERMS = ['危险', '安全隐患', '受伤', '打人', '威胁', '报警', '投诉到', '12345', '媒体', '曝光', '律师', '起诉', '住建', '燃气', '漏电', '被困'] as const;

export function complaintTermsIn(text: string): string[] {
  return URGENT_COMPLAINT_TERMS.filter((t) => text.includes(t));
}
