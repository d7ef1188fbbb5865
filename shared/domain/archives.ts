/**
 * Property archives (物业档案, handbook ch. 4 §1): what a property office keeps, who may see which
 * category, the documents it takes, and the ledger's due dates. Zod-free values shared with the client;
 * each part adds its own values in its section.
 */
import { addDays, daysBetween } from './calendar';
import type { Role } from './roles';

type StaffRole = Exclude<Role, 'owner'>;

// --- categories & visibility ---

/** The categories of the archive (档案类别). */
export const ARCHIVE_CATEGORIES = ['property', 'equipment', 'contract', 'rules', 'owner', 'minutes'] as const;
export type ArchiveCategory = (typeof ARCHIVE_CATEGORIES)[number];
export const ARCHIVE_CATEGORY_LABELS: Record<ArchiveCategory, string> = {
  property: '产权资料',
  equipment: '设备设施台账',
  contract: '合同',
  rules: '制度',
  owner: '业主档案',
  minutes: '会议纪要',
};
/** What each category holds, as the list page explains it. */
export const ARCHIVE_CATEGORY_HINTS: Record<ArchiveCategory, string> = {
  property: '移交资料、竣工图、产权证明等',
  equipment: '电梯、水泵、消防等设备的台账与维保记录',
  contract: '保洁、绿化、电梯维保等服务合同（仅主管可见）',
  rules: '管理制度、岗位职责、操作规程',
  owner: '每户的购房合同、入住资料、装修资料（仅本小区员工可见）',
  minutes: '业委会、物业内部会议纪要',
};

/**
 * Who may see the documents of a category. Owners' papers: the community's staff (not technicians, who
 * have no business with them); contracts: managers only. A record of a category the caller may not see
 * answers 404 like a missing one.
 */
export const ARCHIVE_READ_ROLES: Record<ArchiveCategory, readonly StaffRole[]> = {
  property: ['agent', 'technician', 'manager'],
  equipment: ['agent', 'technician', 'manager'],
  contract: ['manager'],
  rules: ['agent', 'technician', 'cashier', 'manager'],
  owner: ['agent', 'cashier', 'manager'],
  minutes: ['agent', 'manager'],
};
/** Who may add documents and versions to a category (and edit their tags). */
export const ARCHIVE_WRITE_ROLES: Record<ArchiveCategory, readonly StaffRole[]> = {
  property: ['agent', 'manager'],
  equipment: ['agent', 'technician', 'manager'],
  contract: ['manager'],
  rules: ['manager'],
  owner: ['agent', 'manager'],
  minutes: ['agent', 'manager'],
};
/** Every staff role that sees at least one category. */
export const ARCHIVE_STAFF = ['agent', 'technician', 'cashier', 'manager'] as const;

/** The categories `roles` may see, in list order. */
export function readableCategories(roles: readonly string[]): ArchiveCategory[] {
  return ARCHIVE_CATEGORIES.filter((c) => ARCHIVE_READ_ROLES[c].some((r) => roles.includes(r)));
}
export function canWriteCategory(roles: readonly string[], category: ArchiveCategory): boolean {
  return ARCHIVE_WRITE_ROLES[category].some((r) => roles.includes(r));
}

export const ARCHIVE_TITLE_MAX = 60;
export const ARCHIVE_NOTE_MAX = 500;
export const ARCHIVE_TAG_MAX = 12;
export const ARCHIVE_TAGS_MAX = 10;

// --- documents ---

/** The largest archived document (档案文件) a staff member may upload: 20 MB. */
export const ARCHIVE_MAX_BYTES = 20 * 1024 * 1024;
/** Paper-original location (纸质原件存放位置), free text. */
export const ARCHIVE_PAPER_LOCATION_MAX = 60;
/** Version notes (版本说明). */
export const ARCHIVE_VERSION_NOTE_MAX = 200;
/** Search text typed in the list (按名称、标签、房号搜索). */
export const ARCHIVE_QUERY_MAX = 40;
/** What the history of a document says (documents' events; the ledger adds its own). */
export const ARCHIVE_DOC_EVENT_LABELS: Record<string, string> = { create: '建档', version: '上传新版本', edit: '修改信息', remove: '删除' };
/** How a document size reads: "1.2 MB", "356 KB". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}

// --- ledger ---

/** Equipment kinds of the ledger (设备设施台账). */
export const EQUIPMENT_KINDS = ['elevator', 'pump', 'fire', 'power', 'cctv', 'access', 'other'] as const;
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number];
export const EQUIPMENT_KIND_LABELS: Record<EquipmentKind, string> = {
  elevator: '电梯',
  pump: '水泵',
  fire: '消防',
  power: '配电',
  cctv: '监控',
  access: '门禁',
  other: '其他',
};
export const EQUIPMENT_STATUSES = ['active', 'retired'] as const;
export type EquipmentStatus = (typeof EQUIPMENT_STATUSES)[number];
export const EQUIPMENT_STATUS_LABELS: Record<EquipmentStatus, string> = { active: '在用', retired: '已停用' };
/** Who keeps the equipment ledger: agents, technicians, managers (retiring an item: managers). */
export const EQUIPMENT_STAFF = ['agent', 'technician', 'manager'] as const;
export const EQUIPMENT_NAME_MAX = 40;
export const EQUIPMENT_CODE_MAX = 32;
export const EQUIPMENT_TEXT_MAX = 60;
export const EQUIPMENT_CYCLE_MAX_DAYS = 3660;
export const EQUIPMENT_DOCS_MAX = 20;

/** Service contract kinds (合同). */
export const CONTRACT_KINDS = ['maintenance', 'cleaning', 'greening', 'security', 'other'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];
export const CONTRACT_KIND_LABELS: Record<ContractKind, string> = { maintenance: '维保', cleaning: '保洁', greening: '绿化', security: '安保', other: '其他' };
export const CONTRACT_STATUSES = ['active', 'ended'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export const CONTRACT_STATUS_LABELS: Record<ContractStatus, string> = { active: '履行中', ended: '已终止' };
/** The largest contract amount, in 分 (one hundred million yuan). */
export const CONTRACT_AMOUNT_MAX_FEN = 10_000_000_000;

/** Loans of paper originals (借阅). */
export const LOAN_STATUSES = ['open', 'returned'] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];
export const LOAN_STATUS_LABELS: Record<LoanStatus, string> = { open: '借出中', returned: '已归还' };
/** Who keeps the borrowing log (records loans and returns): agents and managers. */
export const LOAN_KEEPERS = ['agent', 'manager'] as const;
export const LOAN_PURPOSE_MAX = 60;
export const LOAN_MAX_DAYS = 90;

/** The warnings before a due date (inspection due, contract end), in days ahead. */
export const DUE_WARNING_DAYS = [30, 7, 1] as const;
export type DueThreshold = (typeof DUE_WARNING_DAYS)[number];
/** What the manager's 即将到期 card looks ahead. */
export const DUE_SOON_DAYS = 30;

/**
 * Which of the 30/7/1-day warnings is due on `today` for a due date `dueOn` (both YYYY-MM-DD,
 * Asia/Shanghai days): the nearest threshold reached — a single warning, or none when the date is
 * more than 30 days away. A run that missed days (the job did not run) warns once with the nearest
 * threshold, not with every one it passed; a date already passed counts as the 1-day warning (one
 * last warning, 已逾期). The caller claims (record, due date, threshold) once, so each is sent once.
 */
export function dueWarnings(today: string, dueOn: string): DueThreshold[] {
  const left = daysBetween(today, dueOn);
  const reached = DUE_WARNING_DAYS.filter((t) => left <= t);
  return reached.length ? [reached[reached.length - 1]] : [];
}

/** Days from `today` to `dueOn` as people read it: 今天到期, 还有3天, 已逾期2天. */
export function dueText(today: string, dueOn: string): string {
  const left = daysBetween(today, dueOn);
  if (left === 0) return '今天到期';
  return left > 0 ? `还有${left}天` : `已逾期${-left}天`;
}

/** How a due date stands: overdue (passed), soon (within DUE_SOON_DAYS), or fine. */
export function dueState(today: string, dueOn: string | null | undefined): 'overdue' | 'soon' | 'ok' | 'none' {
  if (!dueOn) return 'none';
  const left = daysBetween(today, dueOn);
  return left < 0 ? 'overdue' : left <= DUE_SOON_DAYS ? 'soon' : 'ok';
}

/** The overdue week of a loan due back on `dueOn` (1 from the first day late, 2 from the 8th…), or 0 when not overdue: its reminder goes once per week. */
export function loanOverdueWeek(today: string, dueOn: string): number {
  const late = daysBetween(dueOn, today);
  return late <= 0 ? 0 : Math.floor((late - 1) / 7) + 1;
}

/** The next inspection due after maintenance on `on` with a cycle of `cycleDays` (none without a cycle). */
export function nextDueAfter(on: string, cycleDays: number | null | undefined): string | undefined {
  return cycleDays ? addDays(on, cycleDays) : undefined;
}
