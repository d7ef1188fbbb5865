/**
 * The reception desk (接待台): inquiries (咨询) — topics, promised reply times, the one transition
 * table, channels and text limits the client and the server share. The handbook's 沟通三部曲
 * (listen → give quick feedback → carry out and reply): an inquiry is acknowledged within minutes
 * (快速反馈) and answered in writing by the promised time.
 */
import { HOUR_MS, MINUTE_MS } from './calendar';
import { stateMachine, type Transition } from './state-machine';

// ---------------------------------------------------------------------------------------------
// Inquiries (咨询)

export const INQUIRY_TOPICS = ['fees', 'parking', 'renovation', 'movein', 'documents', 'facilities', 'order', 'activities', 'other'] as const;
export type InquiryTopic = (typeof INQUIRY_TOPICS)[number];
export const INQUIRY_TOPIC_LABELS: Record<InquiryTopic, string> = {
  fees: '物业费用',
  parking: '停车',
  renovation: '装修',
  movein: '入住手续',
  documents: '证件办理',
  facilities: '设施设备',
  order: '公共秩序',
  activities: '社区活动',
  other: '其他',
};

/** A topic's promised reply times: the acknowledgement (快速反馈) in minutes, the written answer in hours. */
export interface InquiryPromise {
  ackMinutes: number;
  answerHours: number;
}
export type InquiryPromises = Record<InquiryTopic, InquiryPromise>;

/**
 * The defaults (a community may change them): every question is acknowledged within 30 minutes
 * (15 for facilities: something may be broken right now); simple questions answered within a day,
 * those that need someone to look into records or ask another office within two.
 */
export const DEFAULT_INQUIRY_PROMISES: InquiryPromises = {
  fees: { ackMinutes: 30, answerHours: 24 },
  parking: { ackMinutes: 30, answerHours: 24 },
  renovation: { ackMinutes: 30, answerHours: 24 },
  movein: { ackMinutes: 30, answerHours: 24 },
  documents: { ackMinutes: 30, answerHours: 48 },
  facilities: { ackMinutes: 15, answerHours: 24 },
  order: { ackMinutes: 30, answerHours: 24 },
  activities: { ackMinutes: 30, answerHours: 48 },
  other: { ackMinutes: 30, answerHours: 48 },
};
/** What a manager may set (the contract and the settings page say the same). */
export const INQUIRY_ACK_MINUTES = { min: 5, max: 24 * 60 } as const;
export const INQUIRY_ANSWER_HOURS = { min: 1, max: 30 * 24 } as const;

/** Why a promise is not acceptable, or null. */
export function inquiryPromiseProblem(p: InquiryPromise): string | null {
  if (!Number.isInteger(p.ackMinutes) || p.ackMinutes < INQUIRY_ACK_MINUTES.min || p.ackMinutes > INQUIRY_ACK_MINUTES.max) return `受理时限应为${INQUIRY_ACK_MINUTES.min}～${INQUIRY_ACK_MINUTES.max}分钟`;
  if (!Number.isInteger(p.answerHours) || p.answerHours < INQUIRY_ANSWER_HOURS.min || p.answerHours > INQUIRY_ANSWER_HOURS.max) return `答复时限应为${INQUIRY_ANSWER_HOURS.min}～${INQUIRY_ANSWER_HOURS.max}小时`;
  if (p.ackMinutes > p.answerHours * 60) return '受理时限不能晚于答复时限';
  return null;
}

/** The deadlines of an inquiry received at `at` on a topic with promise `p`. */
export function inquiryDeadlines(at: Date, p: InquiryPromise): { ack: Date; answer: Date } {
  return { ack: new Date(at.getTime() + p.ackMinutes * MINUTE_MS), answer: new Date(at.getTime() + p.answerHours * HOUR_MS) };
}

/** 30分钟 / 2小时 / 1天: how a promise reads to owners. */
export function promiseText(minutes: number): string {
  if (minutes < 60) return `${minutes}分钟`;
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)}天`;
  if (minutes % 60 === 0) return `${minutes / 60}小时`;
  return `${Math.floor(minutes / 60)}小时${minutes % 60}分钟`;
}

/** Where an inquiry came from: the owner's own question, or an agent recording a call, a visit or a WeChat message. */
export const INQUIRY_CHANNELS = ['miniprogram', 'phone', 'visit', 'wechat'] as const;
export type InquiryChannel = (typeof INQUIRY_CHANNELS)[number];
export const INQUIRY_CHANNEL_LABELS: Record<InquiryChannel, string> = { miniprogram: '小程序', phone: '电话', visit: '来访', wechat: '微信' };
/** The channels an agent records on an owner's behalf. */
export const RECORDED_INQUIRY_CHANNELS = ['phone', 'visit', 'wechat'] as const;

export const INQUIRY_STATUSES = ['received', 'acknowledged', 'answered', 'rated', 'toRepair', 'toComplaint', 'closed'] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];
export const INQUIRY_STATUS_LABELS: Record<InquiryStatus, string> = {
  received: '待受理',
  acknowledged: '已受理',
  answered: '已答复',
  rated: '已评价',
  toRepair: '已转报修',
  toComplaint: '已转投诉',
  closed: '已关闭',
};
/** Still someone's work. */
export const OPEN_INQUIRY_STATUSES: readonly InquiryStatus[] = ['received', 'acknowledged'];

/**
 * The one transition table. `acknowledge` is the quick feedback (the owner sees it at once);
 * `answer` the written answer (an answer straight away also counts as the first response); `rate`
 * the owner's stars, once, after the answer; `toRepair` / `toComplaint` hand it to the repair or
 * complaint process (linked both ways); `assign` changes the handler while it is open; `close`
 * ends it without an answer (a duplicate, a caller who withdrew) or after an unrated answer.
 */
export const INQUIRY_TRANSITIONS = {
  acknowledge: { from: ['received'], to: 'acknowledged' },
  assign: { from: ['received', 'acknowledged'] },
  answer: { from: ['received', 'acknowledged'], to: 'answered' },
  rate: { from: ['answered'], to: 'rated' },
  toRepair: { from: ['received', 'acknowledged', 'answered'], to: 'toRepair' },
  toComplaint: { from: ['received', 'acknowledged', 'answered'], to: 'toComplaint' },
  close: { from: ['received', 'acknowledged', 'answered'], to: 'closed' },
} as const satisfies Record<string, Transition<InquiryStatus>>;
export type InquiryEvent = keyof typeof INQUIRY_TRANSITIONS;

export const INQUIRY_EVENT_LABELS: Record<InquiryEvent | 'create', string> = {
  create: '提出咨询',
  acknowledge: '受理',
  assign: '转交',
  answer: '答复',
  rate: '评价',
  toRepair: '转报修',
  toComplaint: '转投诉',
  close: '关闭',
};

/** The inquiry's state machine (refusals are 409 INQUIRY.INVALID_TRANSITION). */
export const INQUIRY_MACHINE = stateMachine<InquiryStatus, InquiryEvent>({
  noun: '咨询',
  table: INQUIRY_TRANSITIONS,
  states: INQUIRY_STATUS_LABELS,
  events: INQUIRY_EVENT_LABELS,
  code: 'INQUIRY.INVALID_TRANSITION',
});

/** The two promises an inquiry runs against. */
export const INQUIRY_STAGES = ['ack', 'answer'] as const;
export type InquiryStage = (typeof INQUIRY_STAGES)[number];
export const INQUIRY_STAGE_LABELS: Record<InquiryStage, string> = { ack: '受理', answer: '答复' };
/** The stages whose deadlines run in each state (both run from the moment it is received). */
export const INQUIRY_STAGES_OF: Partial<Record<InquiryStatus, readonly InquiryStage[]>> = { received: ['ack', 'answer'], acknowledged: ['answer'] };
export const INQUIRY_WARN_SHARE = 0.8;

/** Text limits (the forms and the contract say the same). */
export const INQUIRY_TEXT_MIN = 4;
export const INQUIRY_TEXT_MAX = 500;
export const INQUIRY_ACK_MAX = 200;
export const INQUIRY_ANSWER_MIN = 5;
export const INQUIRY_ANSWER_MAX = 1000;
export const INQUIRY_COMMENT_MAX = 300;
export const MAX_INQUIRY_PHOTOS = 6;

/** Why a question is not acceptable, or null. */
export function inquiryTextProblem(text: string): string | null {
  const t = text.trim();
  if (t.length < INQUIRY_TEXT_MIN) return `请至少用${INQUIRY_TEXT_MIN}个字描述您的问题`;
  if (t.length > INQUIRY_TEXT_MAX) return `咨询内容最多${INQUIRY_TEXT_MAX}字`;
  return null;
}

/** Quick feedback an agent can send with one tap (edited before sending if needed). */
export const QUICK_ACKS = ['您好，您的咨询已收到，我们正在为您核实，请稍候。', '您好，已收到您的问题，相关同事会尽快给您答复。', '您好，此问题需要向相关部门确认，我们会在承诺时间内答复您。'] as const;

export const RATING_LABELS = ['', '非常不满意', '不满意', '一般', '满意', '非常满意'] as const;
