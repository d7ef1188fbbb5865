/**
 * Renovation (二次装修): the works an owner may apply for, the works a community forbids, the
 * renovation's states and its state machine (zod-free, shared with the client). Each part of the
 * module adds its own values in its section.
 */
import { addDays, daysBetween } from './calendar';
import type { CallerRole } from './roles';
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

/** Default texts of the two papers (a community edits its own in the settings). */
export const DEFAULT_RENOVATION_PAPERS: Record<RenovationPaper, string> = {
  pledge: [
    '装修施工责任承诺书',
    '本人（业主）及所委托的施工单位，为保障房屋结构安全和全体业主的共同利益，自愿作出如下承诺：',
    '一、严格遵守《住宅室内装饰装修管理办法》、本小区《管理规约》和《装修管理规定》，按物业服务中心审批的范围和图纸施工，不擅自扩大装修项目。',
    '二、不拆改承重墙、剪力墙、梁、柱、楼板等主体结构，不改变房屋外立面，不拆改燃气管道和公共管道、消防设施，不将无防水要求的房间改为卫生间或厨房。',
    '三、涉及防水的项目，施工后做闭水试验，经物业验收合格后方可封闭；因防水不合格造成邻居损失的，由业主和施工单位承担赔偿责任。',
    '四、遵守施工时间规定，噪声作业只在规定时段进行；施工人员凭《装修出入证》出入，不在小区留宿。',
    '五、装修材料和垃圾不堆放在走廊、楼道、电梯厅等公共部位，垃圾袋装后按指定时间运到指定地点。',
    '六、做好用电、动火和消防安全措施，施工现场配备灭火器，不私拉乱接电线。',
    '七、接受物业服务中心的巡查和监督，收到《整改通知》后在期限内整改；违规施工造成公共部位或他人财产损坏的，负责修复和赔偿。',
    '八、装修完工后申请竣工验收，验收合格、无未整改违规后退还装修押金，验收中发现的问题按协议从押金中扣除相应费用。',
  ].join('\n'),
  agreement: [
    '装修管理协议书',
    '甲方：物业服务中心　乙方：业主　丙方：施工单位',
    '一、乙方装修前向甲方申报装修方案，提交施工单位资质和施工人员信息，经甲方审核批准、领取《装修许可证》后方可开工。',
    '二、乙方按规定缴纳装修押金和装修管理费、垃圾清运费；装修押金用于担保装修期间遵守本协议，竣工验收合格后无息退还，扣除项目须列明原因和金额。',
    '三、丙方施工人员凭甲方核发的《装修出入证》出入小区，出入证仅在许可证有效期内、施工期间使用，不得转借；工程结束或被停工时出入证失效。',
    '四、甲方按规定频次对施工现场进行巡查，发现违规行为有权要求限期整改；情节严重或多次违规的，甲方有权责令停工整改，停工期间出入证停止使用。',
    '五、装修施工告知由甲方发给相邻住户；施工中如影响邻居正常生活，乙方和丙方应及时处理并配合甲方调解。',
    '六、因装修造成房屋结构、防水、公共设施或相邻住户财产损坏的，由乙方和丙方负责修复并赔偿损失。',
    '七、本协议自三方签署之日起生效，至装修竣工验收合格、押金结清之日终止。',
  ].join('\n'),
};

/** Words in an application's description that point at a forbidden work (flagged while the owner types). */
export const FORBIDDEN_MENTION_WORDS: readonly { word: string; key: string }[] = [
  { word: '承重墙', key: 'load_bearing' },
  { word: '剪力墙', key: 'load_bearing' },
  { word: '梁柱', key: 'load_bearing' },
  { word: '楼板', key: 'load_bearing' },
  { word: '外立面', key: 'facade' },
  { word: '外墙', key: 'facade' },
  { word: '改窗', key: 'facade' },
  { word: '防水层', key: 'waterproof_break' },
  { word: '燃气', key: 'gas_pipe' },
  { word: '煤气', key: 'gas_pipe' },
  { word: '天然气', key: 'gas_pipe' },
  { word: '暖气主管', key: 'public_pipes' },
  { word: '公共管道', key: 'public_pipes' },
  { word: '消防', key: 'public_pipes' },
  { word: '阳台加建', key: 'balcony_structure' },
  { word: '楼道', key: 'common_area' },
  { word: '走廊', key: 'common_area' },
];

/**
 * The forbidden works of `list` (the community's) that `text` mentions: by the words above (only for
 * works still on the list) or by a work's own label. One entry per work, in the list's order, with
 * the words found.
 */
export function forbiddenMentions(text: string, list: readonly ForbiddenWork[]): (ForbiddenWork & { words: string[] })[] {
  const t = text.replace(/\s+/g, '');
  if (!t) return [];
  return list.flatMap((w) => {
    const words = FORBIDDEN_MENTION_WORDS.filter((m) => m.key === w.key && t.includes(m.word)).map((m) => m.word);
    if (w.label && t.includes(w.label.replace(/\s+/g, ''))) words.push(w.label);
    return words.length ? [{ ...w, words }] : [];
  });
}

/** Why planned dates are refused (field and message), or nothing: start not before today, end not before start, at most RENOVATION_DAYS_MAX days. */
export function plannedDatesProblem(start: string, end: string, today: string): { path: 'plannedStart' | 'plannedEnd'; message: string } | undefined {
  if (start < today) return { path: 'plannedStart', message: '开工日期不能早于今天' };
  if (end < start) return { path: 'plannedEnd', message: '完工日期不能早于开工日期' };
  const days = daysBetween(start, end) + 1;
  if (days > RENOVATION_DAYS_MAX) return { path: 'plannedEnd', message: `装修工期最长${RENOVATION_DAYS_MAX}天，超过请完工后另行申请` };
  return undefined;
}

/** The signatures an application needs before it is submitted: each paper by each signer. */
export function missingSignatures(signed: readonly { paper: string; signer: string }[]): { paper: RenovationPaper; signer: RenovationSigner }[] {
  return RENOVATION_PAPERS.flatMap((paper) => RENOVATION_SIGNERS.filter((signer) => !signed.some((s) => s.paper === paper && s.signer === signer)).map((signer) => ({ paper, signer })));
}
/** "业主签署《装修施工责任承诺书》" for each missing signature. */
export const missingSignatureText = (m: readonly { paper: RenovationPaper; signer: RenovationSigner }[]): string => m.map((x) => `${RENOVATION_SIGNER_LABELS[x.signer]}签署《${RENOVATION_PAPER_LABELS[x.paper]}》`).join('、');

/** Statuses in which the applicant may still edit the application and sign (before submitting, or after it came back). */
export const EDITABLE_RENOVATION_STATUSES: readonly RenovationStatus[] = ['draft', 'returned'];

/**
 * Who may fire each event (the detail's `actions`, so pages show the buttons; each part's service
 * still checks its own rules): owners apply, submit, cancel and ask for acceptance; agents review,
 * start, inspect; the manager approves, suspends and resumes. Each part may adjust its own events.
 */
export const RENOVATION_EVENT_ROLES: Record<RenovationEvent, readonly CallerRole[]> = {
  submit: ['owner', 'agent', 'manager'],
  review: ['agent', 'manager'],
  return: ['agent', 'manager'],
  approve: ['manager'],
  start: ['agent', 'manager'],
  suspend: ['manager'],
  resume: ['manager'],
  applyAcceptance: ['owner', 'agent', 'manager'],
  failAcceptance: ['agent', 'manager'],
  accept: ['agent', 'manager'],
  close: ['agent', 'manager'],
  cancel: ['owner', 'agent', 'manager'],
};
/** The events the machine allows from `status` that one of `roles` may fire. */
export function renovationActions(status: RenovationStatus, roles: readonly CallerRole[]): RenovationEvent[] {
  return RENOVATION_EVENTS.filter((e) => RENOVATION_MACHINE.check(status, e).ok && RENOVATION_EVENT_ROLES[e].some((r) => roles.includes(r)));
}

// --- approval, permit & passes ---
// Review conditions, the permit's number, the 装修出入证 and the gate's verdict, noisyWorkAllowed and the
// neighbours of a unit: shared/domain/renovation-permit.ts.

// --- patrols & violations ---
/** A patrol task: a routine visit (by the community's frequency) or the re-inspection (复查) of a 整改通知 on its deadline. */
export const PATROL_KINDS = ['routine', 'reinspection'] as const;
export type PatrolKind = (typeof PATROL_KINDS)[number];
export const PATROL_KIND_LABELS: Record<PatrolKind, string> = { routine: '例行巡查', reinspection: '整改复查' };
export const PATROL_STATUSES = ['open', 'done'] as const;
export type PatrolStatus = (typeof PATROL_STATUSES)[number];
export const PATROL_STATUS_LABELS: Record<PatrolStatus, string> = { open: '待巡查', done: '已巡查' };
/** A patrol's outcome: every item in order, or a violation (a 整改通知 with a deadline; on a re-inspection: not rectified). */
export const PATROL_OUTCOMES = ['ok', 'violation'] as const;
export type PatrolOutcome = (typeof PATROL_OUTCOMES)[number];
export const PATROL_OUTCOME_LABELS: Record<PatrolOutcome, string> = { ok: '正常', violation: '违规' };
export const VIOLATION_SEVERITIES = ['minor', 'serious'] as const;
export type ViolationSeverity = (typeof VIOLATION_SEVERITIES)[number];
export const VIOLATION_SEVERITY_LABELS: Record<ViolationSeverity, string> = { minor: '一般违规', serious: '严重违规' };

/** The standard items of a site patrol (巡查项目); the community's forbidden works are checked after them (key `forbidden:<key>`). */
export const PATROL_CHECK_ITEMS: readonly { key: string; label: string; hint: string }[] = [
  { key: 'pass_worn', label: '出入证佩戴', hint: '施工人员均佩戴本户有效的装修出入证，无证人员不得施工' },
  { key: 'working_hours', label: '施工时间', hint: '噪音作业（电钻、切割、敲打）在规定时段内进行' },
  { key: 'permit_posted', label: '许可证张贴', hint: '装修许可证张贴在户门显眼处' },
  { key: 'common_area', label: '公共部位堆放', hint: '走廊、楼道、电梯厅无装修材料、垃圾堆放' },
  { key: 'rubbish', label: '垃圾清运', hint: '装修垃圾袋装并在指定时间运至指定地点' },
  { key: 'protection', label: '成品保护', hint: '电梯轿厢、公共地面和墙面已做防护，无损坏' },
  { key: 'fire_electric', label: '消防/用电安全', hint: '配备灭火器；无私拉乱接电线；动火作业已报备；无烟头' },
  { key: 'waterproof_structure', label: '防水/结构', hint: '未破坏防水层、承重墙、梁柱和楼板；未改动公共管道' },
  { key: 'scope', label: '施工范围', hint: '施工内容与批准的装修项目一致' },
  { key: 'dust_noise', label: '粉尘/噪音控制', hint: '门窗关闭作业，粉尘、异味不影响邻居' },
];
/** The checklist key of a forbidden work (the community's list is checked on every patrol). */
export const forbiddenCheckKey = (key: string): string => `forbidden:${key}`;

/** Days the owner gets to rectify, by default, and at most. */
export const RECTIFY_DAYS_DEFAULT = 3;
export const RECTIFY_DAYS_MAX = 15;
export const MAX_PATROL_PHOTOS = 9;
/** The 3rd 整改通知 of a renovation (or any serious one) proposes suspending the works to the manager. */
export const SUSPEND_AFTER_VIOLATIONS = 3;

/** Why the manager is advised to suspend the works after a violation, or null. */
export function suspensionProposal(severity: ViolationSeverity, violationCount: number): string | null {
  if (severity === 'serious') return '本次巡查发现严重违规，建议停工整改';
  if (violationCount >= SUSPEND_AFTER_VIOLATIONS) return `本装修已累计${violationCount}次违规整改通知，建议停工整改`;
  return null;
}

/** A patrol's result as recorded: at least one item, any item not in order makes it a violation (with severity and deadline). */
export interface PatrolResultInput {
  checks: { key: string; ok: boolean; note?: string }[];
  severity?: ViolationSeverity;
  deadline?: string;
}
/** What is wrong with a patrol's result, field by field (empty: fine). `today` and `items`: the checklist's keys. */
export function patrolResultProblems(input: PatrolResultInput, today: string, items: readonly string[]): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const c of input.checks) {
    if (!items.includes(c.key)) issues.push({ path: 'checks', message: `巡查项目不在检查表中：${c.key}` });
    else if (seen.has(c.key)) issues.push({ path: 'checks', message: '巡查项目重复' });
    seen.add(c.key);
    if (!c.ok && !c.note?.trim()) issues.push({ path: 'checks', message: '请说明不合格项目的具体问题' });
  }
  const missing = items.filter((k) => !seen.has(k));
  if (missing.length) issues.push({ path: 'checks', message: `还有${missing.length}个巡查项目未检查` });
  const violation = input.checks.some((c) => !c.ok);
  if (violation) {
    if (!input.severity) issues.push({ path: 'severity', message: '请选择违规程度' });
    if (!input.deadline) issues.push({ path: 'deadline', message: '请填写整改期限' });
    else if (input.deadline <= today) issues.push({ path: 'deadline', message: '整改期限应晚于今天' });
    else if (input.deadline > addDays(today, RECTIFY_DAYS_MAX)) issues.push({ path: 'deadline', message: `整改期限最长${RECTIFY_DAYS_MAX}天` });
  }
  return issues;
}

/** Complaint categories that may name the unit complained about (被投诉房屋): the ones a renovation causes. */
export const ABOUT_UNIT_CATEGORIES = ['noise', 'renovation', 'cleaning', 'security'] as const;


// --- completion, deposit & board ---

/** The acceptance checklist (完工验收): standard items staff check on site. */
export const ACCEPTANCE_ITEMS = [
  { key: 'structure', label: '主体结构、承重墙及梁柱未被拆改' },
  { key: 'facade', label: '外立面、外窗及空调机位未被改变' },
  { key: 'public_pipes', label: '公共管道、烟道、消防设施完好，检修口保留' },
  { key: 'electric', label: '电气线路规范，强弱电分开，漏电保护有效' },
  { key: 'gas', label: '燃气管道、燃气表未被改动或包封' },
  { key: 'waterproof', label: '卫生间、厨房、阳台防水完好，地漏排水通畅' },
  { key: 'common_area', label: '公共部位无损坏、无遗留材料及垃圾' },
  { key: 'rubbish', label: '装修垃圾已清运完毕' },
  { key: 'passes', label: '装修出入证已全部交回' },
] as const;
export type AcceptanceItemKey = (typeof ACCEPTANCE_ITEMS)[number]['key'];
export const ACCEPTANCE_ITEM_KEYS = ACCEPTANCE_ITEMS.map((i) => i.key) as unknown as readonly [AcceptanceItemKey, ...AcceptanceItemKey[]];

/** 闭水试验 results. */
export const WATER_TEST_RESULTS = ['pass', 'leak'] as const;
export type WaterTestResult = (typeof WATER_TEST_RESULTS)[number];
export const WATER_TEST_RESULT_LABELS: Record<WaterTestResult, string> = { pass: '无渗漏，合格', leak: '有渗漏，不合格' };

/**
 * The 闭水试验 an acceptance needs, or null: 24 hours when the works include 防水; 48 hours when the
 * application broke the water-proofing layer (the forbidden work `waterproof_break`, allowed only as an
 * exception on condition of a new 48-hour test).
 */
export function waterTestHoursRequired(works: readonly string[], forbiddenKeys: readonly string[]): number | null {
  if (forbiddenKeys.includes('waterproof_break')) return 48;
  if (works.includes('waterproof')) return 24;
  return null;
}

export const ACCEPTANCE_DEFECTS_MAX = 20;
export const ACCEPTANCE_DEDUCTIONS_MAX = 10;
/** A single deduction at most (分): 10 万元, far above any deposit; the deposit itself is the real bound. */
export const DEDUCTION_FEN_MAX = 10_000_000;

/** Refund of the deposit: the deposit less the deductions (negative when they exceed it: refused, 409 FEE.DEDUCTION_TOO_LARGE). */
export function depositBreakdown(depositFen: number, deductions: readonly { amountFen: number }[]): { depositFen: number; deductedFen: number; refundFen: number } {
  const deductedFen = deductions.reduce((s, d) => s + d.amountFen, 0);
  return { depositFen, deductedFen, refundFen: depositFen - deductedFen };
}

/** How many days past the planned end an open renovation without acceptance counts as overdue on the board (0: the day after). */
export const ACCEPTANCE_OVERDUE_AFTER_DAYS = 0;

/**
 * Days a renovation is past its planned end without acceptance (the board's 逾期未验收), or null: only
 * works on site and not yet asked for acceptance (施工中, 停工整改) count, from the day after the end.
 */
export function acceptanceOverdueDays(status: RenovationStatus, plannedEnd: string, today: string): number | null {
  if (status !== 'in_progress' && status !== 'suspended') return null;
  const days = daysBetween(plannedEnd, today);
  return days > ACCEPTANCE_OVERDUE_AFTER_DAYS ? days : null;
}
