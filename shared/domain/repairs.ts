/**
 * Repairs (报修): categories, urgency, the order states and the one transition table, deadlines.
 * Pure and zod-free: the server enforces these rules and the client shows them.
 */
import { stateMachine } from './state-machine';

/** Categories a community starts with; a manager may edit the list. */
export const DEFAULT_REPAIR_CATEGORIES = ['水电', '管道疏通', '门窗', '墙面/渗漏', '电梯', '公共照明', '门禁/对讲', '其他'] as const;

export const REPAIR_AREAS = ['home', 'common'] as const;
export type RepairArea = (typeof REPAIR_AREAS)[number];
export const REPAIR_AREA_LABELS: Record<RepairArea, string> = { home: '户内', common: '公共区域' };

/** Most urgent first. */
export const URGENCIES = ['emergency', 'urgent', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = { emergency: '紧急', urgent: '加急', normal: '普通' };

export const REPAIR_CHANNELS = ['miniprogram', 'phone', 'walk-in', 'sentiment', 'inquiry', 'inspection'] as const;
export type RepairChannel = (typeof REPAIR_CHANNELS)[number];
export const REPAIR_CHANNEL_LABELS: Record<RepairChannel, string> = { miniprogram: '小程序', phone: '电话', 'walk-in': '前台', sentiment: '业主群', inquiry: '咨询转入', inspection: '入住验房' };

/**
 * 维保: defects found at a move-in inspection (验房), repaired under the developer's warranty. Built
 * in: orders of the 'inspection' channel take it whatever the community's own category list says,
 * and any technician may be given one (the developer's contact has no skills of ours).
 */
export const WARRANTY_CATEGORY = '维保';
/** Whether a report of this channel may use this category, given the community's list. */
export const categoryAccepted = (category: string, categories: readonly string[], channel?: RepairChannel): boolean =>
  categories.includes(category) || (channel === 'inspection' && category === WARRANTY_CATEGORY);

export const DISPATCH_MODES = ['auto', 'pool', 'manual'] as const;
export type DispatchMode = (typeof DISPATCH_MODES)[number];
export const DISPATCH_MODE_LABELS: Record<DispatchMode, string> = { auto: '自动派单', pool: '抢单', manual: '人工派单' };

export const REPAIR_STATUSES = ['submitted', 'dispatched', 'accepted', 'arrived', 'paused', 'completed', 'rated', 'closed', 'returned', 'cancelled', 'reopened'] as const;
export type RepairStatus = (typeof REPAIR_STATUSES)[number];
export const REPAIR_STATUS_LABELS: Record<RepairStatus, string> = {
  submitted: '待派单',
  dispatched: '待接单',
  accepted: '已接单',
  arrived: '维修中',
  paused: '暂停中',
  completed: '待评价',
  rated: '已评价',
  closed: '已完结',
  returned: '已退单',
  cancelled: '已取消',
  reopened: '已重开',
};

/** Orders waiting for a technician (dispatch, pool claim). */
export const UNASSIGNED_STATUSES: readonly RepairStatus[] = ['submitted', 'returned', 'reopened'];
/** Orders a technician holds. */
export const ASSIGNED_STATUSES: readonly RepairStatus[] = ['dispatched', 'accepted', 'arrived', 'paused'];
/** Orders still being worked on (not yet completed or cancelled). */
export const OPEN_STATUSES: readonly RepairStatus[] = [...UNASSIGNED_STATUSES, ...ASSIGNED_STATUSES];

/**
 * The one transition table: each event, the states it may start from, and where it leads.
 * `dispatch` from `dispatched` is a reassignment. `claim` is a technician taking a pool order
 * (it is accepted at once).
 */
export const REPAIR_TRANSITIONS = {
  dispatch: { from: ['submitted', 'returned', 'reopened', 'dispatched'], to: 'dispatched' },
  claim: { from: ['submitted', 'returned', 'reopened'], to: 'accepted' },
  accept: { from: ['dispatched'], to: 'accepted' },
  return: { from: ['dispatched', 'accepted'], to: 'returned' },
  arrive: { from: ['accepted'], to: 'arrived' },
  pause: { from: ['arrived'], to: 'paused' },
  resume: { from: ['paused'], to: 'arrived' },
  complete: { from: ['arrived'], to: 'completed' },
  rate: { from: ['completed'], to: 'rated' },
  close: { from: ['completed', 'rated'], to: 'closed' },
  cancel: { from: ['submitted', 'dispatched', 'returned', 'reopened'], to: 'cancelled' },
  reopen: { from: ['completed', 'rated', 'closed'], to: 'reopened' },
} as const satisfies Record<string, { from: readonly RepairStatus[]; to: RepairStatus }>;
export type RepairEvent = keyof typeof REPAIR_TRANSITIONS;
export const REPAIR_EVENTS = Object.keys(REPAIR_TRANSITIONS) as RepairEvent[];

export const REPAIR_EVENT_LABELS: Record<RepairEvent | 'create' | 'urge', string> = {
  create: '提交报修',
  dispatch: '派单',
  claim: '抢单',
  accept: '接单',
  return: '退单',
  arrive: '到场',
  pause: '暂停',
  resume: '继续维修',
  complete: '完工',
  rate: '评价',
  close: '回访完结',
  cancel: '取消',
  reopen: '重开',
  urge: '催单',
};

/** The order's state machine (next / allowed / check; refusals are 409 REPAIR.INVALID_TRANSITION). */
export const REPAIR_MACHINE = stateMachine<RepairStatus, RepairEvent>({
  noun: '工单',
  table: REPAIR_TRANSITIONS,
  states: REPAIR_STATUS_LABELS,
  events: REPAIR_EVENT_LABELS,
  code: 'REPAIR.INVALID_TRANSITION',
});

/** Minutes allowed per stage, counted from the report (accept: from the latest dispatch). */
export interface SlaMinutes {
  accept: number;
  arrive: number;
  complete: number;
}
export type SlaTable = Record<Urgency, SlaMinutes>;
export const DEFAULT_SLA: SlaTable = {
  emergency: { accept: 15, arrive: 30, complete: 4 * 60 },
  urgent: { accept: 30, arrive: 2 * 60, complete: 24 * 60 },
  normal: { accept: 2 * 60, arrive: 24 * 60, complete: 72 * 60 },
};
export const SLA_STAGES = ['accept', 'arrive', 'complete'] as const;
export type SlaStage = (typeof SLA_STAGES)[number];
export const SLA_STAGE_LABELS: Record<SlaStage, string> = { accept: '接单', arrive: '到场', complete: '完工' };
/** The stage whose deadline runs in a state (none while unassigned waits are handled by dispatch, or paused). */
export const STAGE_OF: Partial<Record<RepairStatus, SlaStage>> = { dispatched: 'accept', accepted: 'arrive', arrived: 'complete' };
/** Share of a deadline after which the assignee is warned. */
export const SLA_WARN_SHARE = 0.8;

/** Owner limits. */
export const MAX_REPAIR_PHOTOS = 9;
export const URGE_INTERVAL_MINUTES = 30;
export const REOPEN_WITHIN_DAYS = 7;
/** A rating left this long after completion is reported as "unrated" (never as 5 stars). */
export const RATE_WITHIN_HOURS = 72;
/** A follow-up visit is due this long after completion. */
export const FOLLOW_UP_WITHIN_DAYS = 3;
/** A rating at or below this flags the manager. */
export const LOW_RATING = 2;
export const DEFAULT_POOL_FALLBACK_MINUTES = 10;

/** Photos: JPEG, PNG or WebP, at most 5 MB each. */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/**
 * Text rules of triage. Matched on the description (and category); emergencies put life or
 * property at risk now, urgent ones stop daily life.
 */
export const EMERGENCY_TERMS = [
  '燃气味', '煤气味', '天然气味', '漏气', '燃气泄漏', '闻到气味',
  '漏水淹', '水淹', '淹了', '淹水', '爆管', '水管爆', '爆裂', '喷水',
  '困人', '被困', '困在电梯', '关在电梯', '电梯里出不来',
  '停电', '整栋没电', '冒烟', '起火', '着火', '火花', '烧焦', '漏电', '触电',
] as const;
export const URGENT_TERMS = [
  '漏水', '渗水', '滴水', '堵塞', '堵了', '反水', '冒水', '没水', '停水', '跳闸', '没电',
  '进不了门', '进不去', '打不开', '锁坏', '门禁坏', '电梯坏', '电梯停', '电梯故障', '异响',
] as const;
/** Categories that are at least urgent whatever the text says. */
export const URGENT_CATEGORIES = ['电梯', '门禁/对讲'] as const;

/** Signs that the owner is angry (the manager is flagged). Kept here until the sentiment engine exists. */
export const ANGRY_TERMS = [
  '投诉', '太差', '垃圾物业', '什么物业', '不负责任', '没人管', '没人理', '一直没人', '多少次', '好几次', '第三次', '又坏了',
  '12345', '曝光', '媒体', '记者', '退费', '不交物业费', '拒交', '气死', '受够了', '忍无可忍', '欺负人',
] as const;

const RANK: Record<Urgency, number> = { emergency: 0, urgent: 1, normal: 2 };

/** The more urgent of two. */
export function moreUrgent(a: Urgency, b: Urgency): Urgency {
  return RANK[a] <= RANK[b] ? a : b;
}

/** Sort key: emergencies first. */
export function urgencyRank(u: Urgency): number {
  return RANK[u];
}

export interface Triage {
  urgency: Urgency;
  /** The terms that decided it (empty for a normal order). */
  matched: string[];
  /** The report reads angry: the manager is flagged. */
  angry: boolean;
  angryTerms: string[];
}

function found(text: string, terms: readonly string[]): string[] {
  return terms.filter((t) => text.includes(t));
}

/**
 * Urgency from category and text; the owner may ask for more (never less). Exclamation marks in a
 * row (!!! / ！！！) also read as anger.
 */
export function triage(input: { category: string; description: string; requested?: Urgency }): Triage {
  const text = input.description.replace(/\s+/g, '');
  const emergency = found(text, EMERGENCY_TERMS);
  const urgent = found(text, URGENT_TERMS);
  let urgency: Urgency = 'normal';
  let matched: string[] = [];
  if (emergency.length) {
    urgency = 'emergency';
    matched = emergency;
  } else if (urgent.length || (URGENT_CATEGORIES as readonly string[]).includes(input.category)) {
    urgency = 'urgent';
    matched = urgent.length ? urgent : [input.category];
  }
  if (input.requested) urgency = moreUrgent(urgency, input.requested);
  const angryTerms = found(text, ANGRY_TERMS);
  if (/[!！]{3,}/.test(text)) angryTerms.push('！！！');
  return { urgency, matched, angry: angryTerms.length > 0, angryTerms };
}

/** Marks on an order for the manager's eye (set by the server; `emergency` shows as the urgency). */
export const REPAIR_FLAGS = ['emergency', 'angry', 'unassigned', 'overdue', 'low-rating', 'reopened', 'unhappy'] as const;
export type RepairFlag = (typeof REPAIR_FLAGS)[number];
export const REPAIR_FLAG_LABELS: Record<RepairFlag, string> = {
  emergency: '紧急',
  angry: '业主情绪激动',
  unassigned: '无人接单',
  overdue: '超时',
  'low-rating': '低评分',
  reopened: '曾重开',
  unhappy: '回访不满意',
};

export const RATING_ASPECTS = ['overall', 'speed', 'attitude'] as const;
export type RatingAspect = (typeof RATING_ASPECTS)[number];
export const RATING_ASPECT_LABELS: Record<RatingAspect, string> = { overall: '总体评价', speed: '维修速度', attitude: '服务态度' };
