/**
 * The route registry: every page of the mini-program, declared once. client/src/app.config.ts
 * lists its pages from here, the client navigates with these routes, and the cloud writes the
 * links of WeChat messages with them — so renaming a page is one edit, and a link to a page
 * that does not exist cannot be written (tests/unit/routes.test.ts checks the files and links).
 *
 * `routes.owner.repair({ id })` → 'owner/pages/repair/index?id=…' (a message link);
 * `routes.owner.repair.url({ id })` → '/owner/pages/repair/index?id=…' (Taro navigation).
 * A page may also take optional parameters (written only when given, e.g. the pay page's `billIds`).
 */
import type { CallerRole } from './domain/roles';

/** Packages of the app: the main package and the sub-packages by role (their `root`). */
export const PACKAGES = ['main', 'owner', 'staff', 'manager'] as const;
export type PackageName = (typeof PACKAGES)[number];

/** Query parameters of a page (strings; the optional ones may be left out). */
export type RouteParams = Readonly<Partial<Record<string, string>>>;
/** The arguments of a route's builders: its parameters, or nothing for a page without any. */
export type RouteArgs<P extends RouteParams | void> = P extends RouteParams ? ({} extends P ? [params?: P] : [params: P]) : [];

/**
 * A link to a page inside a WeChat message (`page` of a subscribe message, `pagepath` of an
 * official-account template): path without a leading slash, then the query. Only the registry
 * makes them.
 */
export type PageLink = string & { readonly __pageLink: true };

/** What every route is, whatever its parameters (for lists and look-ups). */
export interface AnyRoute {
  readonly pkg: PackageName;
  /** The page inside its package, as app.config lists it: 'pages/repair/index'. */
  readonly page: string;
  /** The page from the app root, no leading slash and no query: 'owner/pages/repair/index'. */
  readonly path: string;
  /** Names of the query parameters the page needs. */
  readonly params: readonly string[];
  /** Names of the query parameters it may take besides (written only when given and not empty). */
  readonly optional: readonly string[];
}

export interface Route<P extends RouteParams | void = void> extends AnyRoute {
  /** The message link: 'owner/pages/repair/index?id=…'. */
  (...params: RouteArgs<P>): PageLink;
  /** The Taro navigation URL: '/owner/pages/repair/index?id=…'. */
  url(...params: RouteArgs<P>): string;
}

function query(names: readonly string[], optional: readonly string[], params: RouteParams | undefined): string {
  const given = optional.filter((k) => params?.[k]);
  return [...names, ...given].map((k) => `${k}=${encodeURIComponent(params?.[k] ?? '')}`).join('&');
}

/**
 * The route of a page taking the query parameters named K, and optionally those named O (a page
 * with only optional ones is opened with or without them; none at all: a route without parameters).
 */
type RouteOf<K extends readonly string[], O extends readonly string[] = []> = Route<
  K extends readonly [] ? (O extends readonly [] ? void : Partial<Record<O[number], string>>) : Record<K[number], string> & Partial<Record<O[number], string>>
>;

function route<const K extends readonly string[] = [], const O extends readonly string[] = []>(pkg: PackageName, page: string, params?: K, optional?: O): RouteOf<K, O> {
  const names: readonly string[] = params ?? [];
  const extra: readonly string[] = optional ?? [];
  const path = pkg === 'main' ? page : `${pkg}/${page}`;
  const withQuery = (p?: RouteParams) => {
    const q = query(names, extra, p);
    return q ? `${path}?${q}` : path;
  };
  const link = (p?: RouteParams) => withQuery(p) as PageLink;
  return Object.assign(link, { url: (p?: RouteParams) => `/${withQuery(p)}`, pkg, page, path, params: names, optional: extra }) as unknown as RouteOf<K, O>;
}

/** One declaration per page, by package; the first page of the main package is the launch page. */
export const routes = {
  main: {
    workbench: route('main', 'pages/index/index'),
    mine: route('main', 'pages/mine/index'),
    login: route('main', 'pages/login/index'),
    messages: route('main', 'pages/messages/index'),
  },
  owner: {
    home: route('owner', 'pages/home/index'),
    bind: route('owner', 'pages/bind/index'),
    bound: route('owner', 'pages/bound/index', ['unit']),
    repairs: route('owner', 'pages/repairs/index'),
    repairNew: route('owner', 'pages/repair-new/index'),
    repair: route('owner', 'pages/repair/index', ['id']),
    notices: route('owner', 'pages/notices/index'),
    notice: route('owner', 'pages/notice/index', ['id']),
    bills: route('owner', 'pages/bills/index'),
    /** 微信支付 of a unit's bills (payments.md "The pay page"); `billIds` (comma-separated) preselects up to those bills. */
    pay: route('owner', 'pages/pay/index', ['unitId'], ['billIds']),
    payResult: route('owner', 'pages/pay-result/index', ['unitId', 'orderId']),
    /** A payment's 电子收据 (payments.md "Receipts and invoices"): the receipt, its PDF, 申请发票. */
    receipt: route('owner', 'pages/receipt/index', ['unitId', 'paymentId']),
    complaints: route('owner', 'pages/complaints/index'),
    complaintNew: route('owner', 'pages/complaint-new/index'),
    complaint: route('owner', 'pages/complaint/index', ['id']),
    /** 我的咨询 (desk.md "Inquiries"). */
    inquiries: route('owner', 'pages/inquiries/index'),
    /** 我要咨询: topic, question, photos; matching knowledge-base answers shown before it is sent. */
    inquiryNew: route('owner', 'pages/inquiry-new/index'),
    inquiry: route('owner', 'pages/inquiry/index', ['id']),
    /** 我的放行条 (desk.md "Release passes"): ask for a pass, approve the ones asked for my unit, show the code. */
    passes: route('owner', 'pages/passes/index'),
    /** 服务指南 (knowledge.md "Pages"): search the knowledge base, or browse it by category. */
    knowledge: route('owner', 'pages/knowledge/index', [], ['q']),
    /** A knowledge-base article, with 有帮助 / 没帮助. */
    article: route('owner', 'pages/article/index', ['id']),
    /** 我的入住 (movein.md "Batches and bookings"): status, booking a slot, documents to bring, the checklist as staff tick it. */
    movein: route('owner', 'pages/movein/index'),
    /** 入住资料 (movein.md "Inspection (验房) and owners' papers"): upload 购房合同 / 身份证 photos for staff; see what was uploaded. */
    moveinDocs: route('owner', 'pages/movein-docs/index'),
    /** 验房问题: the defects found at my inspection and their repairs. */
    moveinDefects: route('owner', 'pages/movein-defects/index'),
    /** 我的装修 (renovation.md "Application"): my units' renovations, 申请装修. */
    renovations: route('owner', 'pages/renovations/index'),
    /** 申请装修 / 修改申请: a new application (no id) or a draft / returned one. */
    renovationApply: route('owner', 'pages/renovation-apply/index', [], ['id']),
    /** A renovation: the application, its bills, signatures and history, with each part's section. */
    renovation: route('owner', 'pages/renovation/index', ['id']),
    /** 签署文书: the 承诺书 and 协议书, signed by the owner and (on the same phone) the contractor. */
    renovationSign: route('owner', 'pages/renovation-sign/index', ['id']),
    /** 装修许可证 (renovation.md "Approval, permit and passes"): the permit to show on the phone, working hours, the workers' 出入证 codes. */
    renovationPermit: route('owner', 'pages/renovation-permit/index', ['id']),
    /** 问卷调查 (life.md "Surveys"): the surveys I am asked — open ones first, then answered and closed. */
    surveys: route('owner', 'pages/surveys/index'),
    /** A survey: the answer form (or my answer, 修改答卷 where allowed; the closed state). */
    survey: route('owner', 'pages/survey/index', ['id']),
    /** 社区活动 (life.md "Activities"): upcoming activities to sign up for, my sign-ups, past ones with photos. */
    activities: route('owner', 'pages/activities/index'),
    /** An activity: the plan's public parts, places left, 报名 / 取消报名, my check-in code or my place on the waiting list. */
    activity: route('owner', 'pages/activity/index', ['id']),
  },
  staff: {
    agent: route('staff', 'pages/agent/index'),
    /** 验房 of a move-in case (movein.md "Inspection (验房) and owners' papers"): rooms and items, defects → 维保 repairs; the owner's papers. */
    moveinInspection: route('staff', 'pages/movein-inspection/index', ['id']),
    /** 入住办理 (movein.md "The 入伙手续书 (checklist)"): today's booked move-ins by slot, a unit searched, 零散入住. */
    moveins: route('staff', 'pages/moveins/index'),
    /** The 入伙手续书 of a case: the steps, fees, signatures, keys, cards, completion and its PDF. */
    movein: route('staff', 'pages/movein/index', ['id']),
    /** 零散入住: a move-in without a batch, for a unit and its buyer. */
    moveinNew: route('staff', 'pages/movein-new/index'),
    /** 装修管理 (renovation.md "Application"): the community's renovations by status, found by unit / owner / contractor. */
    renovations: route('staff', 'pages/renovations/index'),
    /** A renovation: the application and each part's section (review, permit, patrols, acceptance). */
    renovation: route('staff', 'pages/renovation/index', ['id']),
    /** 代业主申请装修: an agent fills the application for an owner at the desk. */
    renovationNew: route('staff', 'pages/renovation-new/index', [], ['id']),
    /** 装修巡查 (renovation.md "Patrols and violations"): today's and overdue patrol tasks, re-inspections of 整改通知. */
    renovationPatrols: route('staff', 'pages/renovation-patrols/index'),
    /** One patrol task: the checklist (standard items and forbidden works), photos, outcome; a violation's 整改通知. */
    renovationPatrol: route('staff', 'pages/renovation-patrol/index', ['id']),
    /** 宣传栏 (life.md "Notice boards (宣传栏)"): the community's boards with what is up on each, expired postings flagged. */
    boards: route('staff', 'pages/boards/index'),
    /** One board: its postings (up, to come, expired, taken down), 新增张贴, 撤下; edit or retire the board. */
    board: route('staff', 'pages/board/index', ['id']),
    /** 宣传栏周检: this week's check — expired postings to take down (ticked 已撤下) and boards with nothing up. */
    boardCheck: route('staff', 'pages/board-check/index'),
    /** 活动签到 (life.md "Activities"): published activities from today on, soonest first → the check-in page. */
    activityCheckins: route('staff', 'pages/activity-checkins/index'),
    /** Check-in at the door: the code typed or scanned, the sign-ups with 签到, the attendance figures. */
    activityCheckin: route('staff', 'pages/activity-checkin/index', ['id']),
    technician: route('staff', 'pages/technician/index'),
    cashier: route('staff', 'pages/cashier/index'),
    directory: route('staff', 'pages/directory/index'),
    unit: route('staff', 'pages/unit/index', ['unitId']),
    /** 过户迁入 (movein.md "Progress, calls and resale"): a resold unit's old owners leave (arrears settled or carried over), the buyer's case and notice. */
    moveinResale: route('staff', 'pages/movein-resale/index', ['unitId']),
    bindings: route('staff', 'pages/bindings/index'),
    calls: route('staff', 'pages/calls/index'),
    repair: route('staff', 'pages/repair/index', ['id']),
    repairs: route('staff', 'pages/repairs/index'),
    /** 代客报修; `unitId` (and `ownerId`, a resident's id) start it with the owner chosen (the owner view). */
    repairNew: route('staff', 'pages/repair-new/index', [], ['unitId', 'residentId']),
    followups: route('staff', 'pages/followups/index'),
    arrears: route('staff', 'pages/arrears/index'),
    account: route('staff', 'pages/account/index', ['unitId']),
    feeCharge: route('staff', 'pages/fee-charge/index'),
    /** 发票申请: the owners' invoice requests, for the cashier to issue or send back. */
    invoices: route('staff', 'pages/invoices/index'),
    /** 线上支付异常: online payments and refunds not settled by themselves, and the reconciliation's differences (payments.md). */
    payIssues: route('staff', 'pages/pay-issues/index'),
    complaints: route('staff', 'pages/complaints/index'),
    complaint: route('staff', 'pages/complaint/index', ['id']),
    /** 代客投诉; `unitId` (and `residentId`) start it with the owner chosen (the owner view). */
    complaintNew: route('staff', 'pages/complaint-new/index', [], ['unitId', 'residentId']),
    incidents: route('staff', 'pages/incidents/index'),
    incident: route('staff', 'pages/incident/index', ['id']),
    sentimentGroups: route('staff', 'pages/sentiment-groups/index'),
    sentimentImport: route('staff', 'pages/sentiment-import/index'),
    /** 词库纠正 (sentiment.md "纠正与本小区词库"): staff's 漏报/误报/话题/级别 corrections; managers preview and accept or reject each proposed entry. */
    sentimentCorrections: route('staff', 'pages/sentiment-corrections/index'),
    /** 本小区词库: the community's overlay on the built-in lexicon (version, entries, add/delete, export/import) and the correction figures. */
    sentimentLexicon: route('staff', 'pages/sentiment-lexicon/index'),
    parking: route('staff', 'pages/parking/index'),
    /** 咨询: the community's inquiries, overdue promises first. */
    inquiries: route('staff', 'pages/inquiries/index'),
    inquiry: route('staff', 'pages/inquiry/index', ['id']),
    /** 代客咨询 (a call, a visit, a WeChat message); `unitId` / `ownerId` start it with the owner chosen (the owner view). */
    inquiryNew: route('staff', 'pages/inquiry-new/index', [], ['unitId', 'ownerId']),
    /** 查询业主: find an owner by phone (full or last 4 digits), name or room. */
    ownerLookup: route('staff', 'pages/owner-lookup/index', [], ['q']),
    /** 一户一档: one owner's units, household, records and contacts; `kind` = unit | user | resident. */
    ownerView: route('staff', 'pages/owner-view/index', ['kind', 'id']),
    /** 来电来访登记: today's log, open follow-ups first (desk.md "Call and visit log"). */
    contacts: route('staff', 'pages/contacts/index'),
    /** 登记来电来访; `unitId` / `ownerId` / `phone` start it with the owner or caller chosen (owner view, lookup). */
    contactNew: route('staff', 'pages/contact-new/index', [], ['unitId', 'ownerId', 'phone']),
    /** 门岗核验: type or scan a 放行条 code, see what it is today, 放行. */
    gate: route('staff', 'pages/gate/index'),
    /** 知识库: agents search the articles (staff-only ones too) and read one in place. */
    knowledge: route('staff', 'pages/knowledge/index', [], ['q']),
    // --- growth: courses ---
    /** 员工成长 (growth.md): 我的入职学习 with progress, the courses by course, 情景演练 and 我的服务数据. */
    growth: route('staff', 'pages/growth/index'),
    /** A lesson (growth.md "Courses"): read it, 开始测验, the result with the right answers and explanations. */
    lesson: route('staff', 'pages/lesson/index', ['id']),
    // --- growth: practice & figures ---
    /** 情景演练 (growth.md "Practice drills"): the scenarios with my attempts and best score. */
    drills: route('staff', 'pages/drills/index'),
    /** One drill: the owner's message, my reply, the rule-based feedback at once, 再练一次. */
    drill: route('staff', 'pages/drill/index', ['id']),
    /** 我的服务数据 (growth.md "Service figures"): my figures this month against the team's median, by month. */
    myFigures: route('staff', 'pages/my-figures/index'),
    // --- archives: documents ---
    /** 物业档案 (archives.md "Documents"): the categories the role reads as tabs, search by name/tag/room, tag chips, paged. */
    archives: route('staff', 'pages/archives/index', [], ['category']),
    /** One archived document: versions (查看 opens a short-lived link), 上传新版本, tags, the paper original and its loan. */
    archive: route('staff', 'pages/archive/index', ['id']),
    /** 新建档案: category, title, tags, the unit for 业主档案, the file; `unitId` starts it for a unit. */
    archiveNew: route('staff', 'pages/archive-new/index', [], ['category', 'unitId']),
    /** 业主档案 of a unit: its owner papers, move-in and renovation records, linked to their pages. */
    unitArchive: route('staff', 'pages/unit-archive/index', ['unitId']),
    // --- archives: ledger ---
    /** 设备设施台账 (archives.md "Ledger"): the equipment by kind, inspections due within 30 days first when asked. */
    equipmentList: route('staff', 'pages/equipment-list/index', [], ['due']),
    /** One item: its data, documents, maintenance log (记录维保), retire. */
    equipment: route('staff', 'pages/equipment/index', ['id']),
    /** 登记设备 (no id) or edit one. */
    equipmentForm: route('staff', 'pages/equipment-form/index', [], ['id']),
    /** 借阅登记: paper originals lent (open, overdue, all), 归还. */
    loanList: route('staff', 'pages/loan-list/index'),
  },
  manager: {
    home: route('manager', 'pages/home/index'),
    /** 入住管理: the move-in batches (集中入住). */
    moveinBatches: route('manager', 'pages/movein-batches/index'),
    /** A move-in batch: edit a draft (no id, or 'new': a new one), publish, bookings per day and slot, close. */
    moveinBatch: route('manager', 'pages/movein-batch/index', [], ['id']),
    /** 入住设置: which steps of the 入伙手续书 are required, how long owners' papers are kept, the 维保 technician. */
    moveinSettings: route('manager', 'pages/movein-settings/index'),
    /** 入住进度 of a batch (movein.md "Progress, calls and resale"): by building, the day's schedule, the owners to call. */
    moveinProgress: route('manager', 'pages/movein-progress/index', ['id']),
    import: route('manager', 'pages/import/index'),
    outbox: route('manager', 'pages/outbox/index'),
    wechatInbox: route('manager', 'pages/wechat-inbox/index'),
    repairs: route('manager', 'pages/repairs/index'),
    repairSettings: route('manager', 'pages/repair-settings/index'),
    notices: route('manager', 'pages/notices/index'),
    noticeNew: route('manager', 'pages/notice-new/index'),
    notice: route('manager', 'pages/notice/index', ['id']),
    noticeTemplate: route('manager', 'pages/notice-template/index', ['key']),
    noticeAudiences: route('manager', 'pages/notice-audiences/index'),
    fees: route('manager', 'pages/fees/index'),
    complaints: route('manager', 'pages/complaints/index'),
    /** 咨询承诺时限: the promised acknowledgement and answer times per topic. */
    inquirySettings: route('manager', 'pages/inquiry-settings/index'),
    /** 接待台数据 (desk.md "Desk figures"): inquiries, promise times, self-service, busiest hours, per agent. */
    deskFigures: route('manager', 'pages/desk-figures/index'),
    /** 知识库维护 (knowledge.md): the articles by category and status, the editor, and the owners' 缺失答案. */
    knowledgeEdit: route('manager', 'pages/knowledge-edit/index'),
    /** 话术库维护: the scripts per context, starter ones edited, hidden or restored, own ones added. */
    scriptsEdit: route('manager', 'pages/scripts-edit/index'),
    /** 装修设置 (renovation.md "Settings"): forbidden works, the papers' texts, fee items, working hours, patrol frequency. */
    renovationSettings: route('manager', 'pages/renovation-settings/index'),
    /** 装修管理看板 (renovation.md "Completion, deposit and the board"): waiting applications, active works, overdue acceptances, deposits held. */
    renovationBoard: route('manager', 'pages/renovation-board/index'),
    /** 施工单位档案: one contractor's renovations and violations across units. */
    renovationContractor: route('manager', 'pages/renovation-contractor/index', ['company']),
    /** 社区文化 (life.md): the hub — 问卷调查, 社区活动 and 宣传栏 with their counts. */
    life: route('manager', 'pages/life/index'),
    /** 问卷结果 (life.md "Results and the yearly satisfaction survey"): per question charts, word list, by building, export. */
    surveyResults: route('manager', 'pages/survey-results/index', ['id']),
    /** 问卷调查 (life.md "Surveys"): the community's surveys by status, 新建问卷 / 从模板新建. */
    surveys: route('manager', 'pages/surveys/index'),
    /** 问卷编辑: the builder of a new survey (no id) or a draft; publish with the reach. */
    surveyEdit: route('manager', 'pages/survey-edit/index', [], ['id']),
    /** 社区活动 (life.md "Activities"): the community's activities by status with their figures, 新建活动计划 from a template. */
    activities: route('manager', 'pages/activities/index'),
    /** 活动计划: the plan editor (no id: a new plan), review, publication, and after the day spent lines, photos, feedback, figures. */
    activityPlan: route('manager', 'pages/activity-plan/index', [], ['id', 'template']),
    // --- growth: courses ---
    /** 培训管理 (growth.md "Onboarding and the training view"): team progress, lesson figures with the most-missed questions, the path and quiz setting, the community's own lessons. */
    training: route('manager', 'pages/training/index'),
    /** One staff member's lessons: attempts, best, last, passed. */
    trainee: route('manager', 'pages/trainee/index', ['id']),
    /** 课程编辑: a new lesson of the community's own (no id) or one to edit, with its quiz. */
    lessonEdit: route('manager', 'pages/lesson-edit/index', [], ['id']),
    // --- growth: practice & figures ---
    /** 员工服务数据 (growth.md "Service figures"): every agent's figures of a month, the team's median and trend. */
    staffFigures: route('manager', 'pages/staff-figures/index'),
    // --- archives: ledger ---
    /** 合同管理 (archives.md "Ledger"; managers only): contracts in force by end date, ended ones. */
    contractList: route('manager', 'pages/contract-list/index'),
    /** One contract: term, amount, documents, 终止. */
    contract: route('manager', 'pages/contract/index', ['id']),
    /** 新建合同 (no id) or edit one. */
    contractForm: route('manager', 'pages/contract-form/index', [], ['id']),
  },
} as const;

/** Every route, main package first, in declaration order. */
export const ALL_ROUTES: readonly AnyRoute[] = PACKAGES.flatMap((pkg) => Object.values<AnyRoute>(routes[pkg]));

/** The home page of each role, in its sub-package. A guest's home is the binding page. */
export const ROLE_HOME: Readonly<Record<CallerRole, Route>> = {
  owner: routes.owner.home,
  agent: routes.staff.agent,
  technician: routes.staff.technician,
  cashier: routes.staff.cashier,
  manager: routes.manager.home,
  guest: routes.owner.bind,
};

/**
 * The tab bar every role home, 我的消息 and 我的 show at the bottom (client/src/components/tab-bar.tsx).
 * It is drawn by the app, not WeChat's native tabBar: native tab pages must live in the main
 * package, while the role homes live in their role's sub-package. The first tab is the caller's
 * home (`ROLE_HOME`), called 首页 for owners and guests and 工作台 for staff.
 */
export const TAB_KEYS = ['home', 'messages', 'mine'] as const;
export type TabKey = (typeof TAB_KEYS)[number];
export const TAB_BAR: readonly { key: TabKey; text: string; icon: 'home' | 'message' | 'user' }[] = [
  { key: 'home', text: '首页', icon: 'home' },
  { key: 'messages', text: '消息', icon: 'message' },
  { key: 'mine', text: '我的', icon: 'user' },
];

/** The page a tab opens for a person whose primary role is `role` (none: the launch page). */
export function tabRoute(key: TabKey, role: CallerRole | undefined): Route {
  if (key === 'messages') return routes.main.messages;
  if (key === 'mine') return routes.main.mine;
  return role ? ROLE_HOME[role] : routes.main.workbench;
}

/** The label of a tab: the first is 首页 for owners and guests, 工作台 for staff. */
export function tabText(key: TabKey, role: CallerRole | undefined): string {
  if (key === 'home' && role && role !== 'owner' && role !== 'guest') return '工作台';
  return TAB_BAR.find((t) => t.key === key)?.text ?? '';
}

/** The `pages` and `subPackages` lists of app.config.ts. */
export function appPages(): { pages: string[]; subPackages: { root: string; pages: string[] }[] } {
  const pagesOf = (pkg: PackageName) => Object.values<AnyRoute>(routes[pkg]).map((r) => r.page);
  return {
    pages: pagesOf('main'),
    subPackages: PACKAGES.filter((p) => p !== 'main').map((root) => ({ root, pages: pagesOf(root) })),
  };
}

const BY_PATH = new Map(ALL_ROUTES.map((r) => [r.path, r]));

/**
 * Read a message link back: its route and query, or undefined when the path is no page of the
 * app, a parameter the page needs is missing or empty, or a parameter is one it does not take
 * (neither needed nor optional).
 */
export function parseLink(link: string): { route: AnyRoute; params: Record<string, string> } | undefined {
  const [path, qs = ''] = link.split('?', 2);
  const found = BY_PATH.get(path);
  if (!found) return undefined;
  const params: Record<string, string> = {};
  for (const pair of qs ? qs.split('&') : []) {
    const [k, v = ''] = pair.split('=', 2);
    let value: string;
    try {
      value = decodeURIComponent(v);
    } catch {
      return undefined;
    }
    if (!found.params.includes(k) && !found.optional.includes(k)) return undefined;
    params[k] = value;
  }
  if (found.params.some((k) => !params[k])) return undefined;
  return { route: found, params };
}
