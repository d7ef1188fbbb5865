/**
 * Renovation (二次装修): the works an owner may apply for, the works a community forbids, the
 * renovation's states and its state machine (zod-free, shared with the client). Each part of the
 * module adds its own values in its section.
 */
import { stateMachine } from './state-machine';

/** The kinds of work an application names (装修项目). */
export const RENOVATION_WORKS = ['plumbing_electric', 'wall', 'waterproof', 'ceiling', 'floor', 'doors_windows', 'kitchen_bath', 'air_conditioning', 'painting', 'furniture', 'other'] as const;
export type RenovationWork = (typeof RENOVATION_WORKS)[number];
export const RENOVATION_WORK_LABELS: Record<RenovationWork, string> = {
  plumbing_electric: '水电改造',
  wall: '墙体（非承重墙拆砌）',
  waterproof: '防水',
  ceiling: '吊顶',
  floor: '地面铺装',
  doors_windows: '门窗更换',
  kitchen_bath: '厨卫改造',
  air_conditioning: '空调安装',
  painting: '墙面油漆/墙纸',
  furniture: '定制家具安装',
  other: '其他',
};

/**
 * Works a community forbids by default (禁止行为). Each has the rule owners are shown the moment
 * they pick it; `exceptionAllowed` ones may go ahead only with an exception the manager approves
 * (e.g. breaking the water-proofing layer with a new 闭水试验 afterwards). Communities edit the list.
 */
export interface ForbiddenWork {
  key: string;
  label: string;
  rule: string;
  exceptionAllowed: boolean;
}
export const DEFAULT_FORBIDDEN_WORKS: readonly ForbiddenWork[] = [
  { key: 'load_bearing', label: '拆改承重墙、剪力墙、梁柱', rule: '《住宅室内装饰装修管理办法》第五条：禁止拆除、改动承重墙、剪力墙、梁、柱、楼板等主体结构', exceptionAllowed: false },
  { key: 'facade', label: '改变外立面（开窗、改窗、外墙挂物）', rule: '管理规约：不得擅自改变房屋外立面及外观颜色，不得在外墙开洞、改窗', exceptionAllowed: false },
  { key: 'waterproof_break', label: '破坏卫生间/厨房防水层', rule: '破坏防水层须重做防水并做48小时闭水试验，经物业验收合格后方可封闭', exceptionAllowed: true },
  { key: 'wet_over_bedroom', label: '将卫生间、厨房移至下层卧室/客厅上方', rule: '《住宅室内装饰装修管理办法》第五条：禁止将没有防水要求的房间或阳台改为卫生间、厨房', exceptionAllowed: false },
  { key: 'gas_pipe', label: '拆改燃气管道、燃气表', rule: '燃气设施只能由燃气公司改动，业主和装修队不得自行拆改', exceptionAllowed: false },
  { key: 'public_pipes', label: '改动公共管道、暖气主管、消防设施', rule: '公共给排水、暖气主立管和消防设施属共用部位，不得拆改、包封后影响检修', exceptionAllowed: true },
  { key: 'balcony_structure', label: '拆除阳台与房间之间的墙体、阳台加建', rule: '阳台与房间之间的墙体多为承重/配重墙，不得拆除；阳台不得搭建、加重', exceptionAllowed: false },
  { key: 'common_area', label: '占用公共部位（走廊、楼道、屋面）', rule: '管理规约：装修材料和垃圾不得堆放在走廊、楼道等公共部位，不得占用屋面、露台公共部分', exceptionAllowed: false },
];

/**
 * A renovation: drafted (the owner fills it in and signs) → submitted (待审核) → reviewed by an agent
 * (待审批, with conditions) → approved by the manager (许可证 and 出入证 issued) → in progress (开工:
 * neighbours told) ⇄ suspended (停工整改: passes stop working) → acceptance requested (申请验收) →
 * accepted (验收通过, deposit settled) → closed (押金已退). Returned (退回) goes back to the owner;
 * cancelled ends it before the works start.
 */
export const RENOVATION_STATUSES = ['draft', 'submitted', 'reviewed', 'returned', 'approved', 'in_progress', 'suspended', 'acceptance', 'accepted', 'closed', 'cancelled'] as const;
export type RenovationStatus = (typeof RENOVATION_STATUSES)[number];
export const RENOVATION_STATUS_LABELS: Record<RenovationStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  reviewed: '待审批',
  returned: '已退回',
  approved: '已批准',
  in_progress: '施工中',
  suspended: '停工整改',
  acceptance: '待验收',
  accepted: '验收通过',
  closed: '已结案',
  cancelled: '已撤销',
};
export const RENOVATION_EVENTS = ['submit', 'review', 'return', 'approve', 'start', 'suspend', 'resume', 'applyAcceptance', 'failAcceptance', 'accept', 'close', 'cancel'] as const;
export type RenovationEvent = (typeof RENOVATION_EVENTS)[number];
export const RENOVATION_EVENT_LABELS: Record<RenovationEvent | 'create' | 'edit' | 'sign' | 'patrol' | 'violation' | 'rectified' | 'pass' | 'refund', string> = {
  create: '填写申请',
  edit: '修改申请',
  sign: '签署',
  submit: '提交申请',
  review: '客服审核',
  return: '退回修改',
  approve: '批准',
  start: '开工',
  suspend: '停工整改',
  resume: '复工',
  applyAcceptance: '申请验收',
  failAcceptance: '验收不通过',
  accept: '验收通过',
  close: '退还押金 · 结案',
  cancel: '撤销',
  patrol: '巡查',
  violation: '违规整改通知',
  rectified: '整改复查通过',
  pass: '出入证',
  refund: '押金退还',
};
export const RENOVATION_MACHINE = stateMachine<RenovationStatus, RenovationEvent>({
  noun: '装修申请',
  table: {
    submit: { from: ['draft', 'returned'], to: 'submitted' },
    review: { from: ['submitted'], to: 'reviewed' },
    return: { from: ['submitted', 'reviewed'], to: 'returned' },
    approve: { from: ['reviewed'], to: 'approved' },
    start: { from: ['approved'], to: 'in_progress' },
    suspend: { from: ['in_progress'], to: 'suspended' },
    resume: { from: ['suspended'], to: 'in_progress' },
    applyAcceptance: { from: ['in_progress'], to: 'acceptance' },
    failAcceptance: { from: ['acceptance'], to: 'in_progress' },
    accept: { from: ['acceptance'], to: 'accepted' },
    close: { from: ['accepted'], to: 'closed' },
    cancel: { from: ['draft', 'submitted', 'reviewed', 'returned', 'approved'], to: 'cancelled' },
  },
  states: RENOVATION_STATUS_LABELS,
  events: RENOVATION_EVENT_LABELS,
  code: 'RENOVATION.INVALID_TRANSITION',
});

/** Statuses in which the unit has an open renovation (one at a time per unit). */
export const OPEN_RENOVATION_STATUSES: readonly RenovationStatus[] = ['draft', 'submitted', 'reviewed', 'returned', 'approved', 'in_progress', 'suspended', 'acceptance', 'accepted'];
/** Statuses in which works are on site (patrols run, passes may be valid). */
export const ACTIVE_RENOVATION_STATUSES: readonly RenovationStatus[] = ['in_progress', 'suspended', 'acceptance'];

/** The two papers owner and contractor sign (text from the community's templates). */
export const RENOVATION_PAPERS = ['pledge', 'agreement'] as const;
export type RenovationPaper = (typeof RENOVATION_PAPERS)[number];
export const RENOVATION_PAPER_LABELS: Record<RenovationPaper, string> = { pledge: '装修施工责任承诺书', agreement: '装修管理协议书' };
export const RENOVATION_SIGNERS = ['owner', 'contractor'] as const;
export type RenovationSigner = (typeof RENOVATION_SIGNERS)[number];
export const RENOVATION_SIGNER_LABELS: Record<RenovationSigner, string> = { owner: '业主', contractor: '施工单位负责人' };

/** The fee kinds a renovation is billed (one-off items of the fees module, chosen in the settings). */
export const RENOVATION_FEE_KINDS = ['deposit', 'management', 'rubbish'] as const;
export type RenovationFeeKind = (typeof RENOVATION_FEE_KINDS)[number];
export const RENOVATION_FEE_KIND_LABELS: Record<RenovationFeeKind, string> = { deposit: '装修押金', management: '装修管理费', rubbish: '垃圾清运费' };

export const RENOVATION_ROOMS_MAX = 20;
export const RENOVATION_WORKERS_MAX = 30;
export const RENOVATION_TEXT_MAX = 500;
/** A renovation lasts at most this many days (start..end); extensions go through a new application. */
export const RENOVATION_DAYS_MAX = 180;

/**
 * Working hours for noisy works (电钻、切割、敲打): periods per kind of day, HH:MM (Asia/Shanghai).
 * Quiet works (油漆、安装) are allowed through `allDay`. Weekends and public holidays follow `restDays`.
 */
export interface WorkingHours {
  workdays: { from: string; to: string }[];
  /** Periods on 休息日 (weekends); empty: no noisy works at all on those days. */
  restDays: { from: string; to: string }[];
  /** Any works at all (quiet ones too) only between these times. */
  allDay: { from: string; to: string };
}
export const DEFAULT_WORKING_HOURS: WorkingHours = {
  workdays: [
    { from: '08:00', to: '12:00' },
    { from: '14:00', to: '18:00' },
  ],
  restDays: [],
  allDay: { from: '08:00', to: '20:00' },
};
/** Days between two routine patrols of a renovation on site (the community may change it). */
export const DEFAULT_PATROL_EVERY_DAYS = 3;

// --- application ---

// --- approval, permit & passes ---

// --- patrols & violations ---

// --- completion, deposit & board ---
