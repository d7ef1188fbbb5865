/**
 * Property archives (物业档案, handbook ch. 4 §1): what a property office keeps, who may see which
 * category, the documents it takes, and the ledger's due dates. Zod-free values shared with the client;
 * each part adds its own values in its section.
 */
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

// --- ledger ---
