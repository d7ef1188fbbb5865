import type { ArchiveCategory, ContractKind, ContractStatus, EquipmentKind, EquipmentStatus, LoanStatus } from '../domain/archives';

/**
 * The ledger's views (设备设施台账, 合同, 借阅, 即将到期), zod-free so pages and other contract parts
 * may import them without a cycle.
 */

export interface LedgerHistoryItem {
  at: string;
  event: string;
  byName: string;
  note?: string;
}

/** How a due date stands today: passed, within 30 days, later, or none known. */
export type DueStateView = 'overdue' | 'soon' | 'ok' | 'none';

/** An archived document attached to an item or a contract (its current version; shown through A's signed links). */
export interface AttachedDoc {
  id: string;
  title: string;
  category: ArchiveCategory;
  fileName?: string;
  /** The paper original is out: who has it, until when. */
  onLoan?: { borrowerName: string; dueOn: string };
}

/** An item of the equipment ledger in the lists. */
export interface EquipmentSummary {
  id: string;
  kind: EquipmentKind;
  name: string;
  code: string;
  location: string;
  buildingName?: string;
  maintainer?: string;
  lastMaintainedOn?: string;
  nextDueOn?: string;
  due: DueStateView;
  /** 还有6天 / 今天到期 / 已逾期2天 (with a due date). */
  dueText?: string;
  status: EquipmentStatus;
}

export interface MaintenanceItem {
  on: string;
  by: string;
  note?: string;
  nextDueOn?: string;
  at: string;
  byName: string;
}

export interface EquipmentView extends EquipmentSummary {
  buildingId?: string;
  maker?: string;
  modelNo?: string;
  maintainerPhone?: string;
  installedOn?: string;
  cycleDays?: number;
  docs: AttachedDoc[];
  /** Newest first (the last 50). */
  log: MaintenanceItem[];
  logCount: number;
  history: LedgerHistoryItem[];
  can: { edit: boolean; maintain: boolean; retire: boolean };
}

/** A service contract in the lists (managers only). */
export interface ContractSummary {
  id: string;
  title: string;
  party: string;
  kind: ContractKind;
  startOn: string;
  endOn: string;
  amountFen: number;
  status: ContractStatus;
  due: DueStateView;
  dueText?: string;
}

export interface ContractView extends ContractSummary {
  note?: string;
  endedOn?: string;
  docs: AttachedDoc[];
  history: LedgerHistoryItem[];
  can: { edit: boolean; end: boolean };
}

/** A loan of a paper original (借阅). */
export interface LoanView {
  id: string;
  docId: string;
  docTitle: string;
  docCategory: ArchiveCategory;
  paperLocation?: string;
  borrowerId?: string;
  borrowerName: string;
  /** A staff member of the community, or someone from outside (业委会…). */
  borrowerKind: 'staff' | 'outside';
  purpose: string;
  lentOn: string;
  dueOn: string;
  status: LoanStatus;
  overdue: boolean;
  dueText: string;
  lentAt: string;
  byName: string;
  returnedAt?: string;
  returnedByName?: string;
  returnNote?: string;
  /** The caller may record its return (keepers: agents, managers). */
  canReturn: boolean;
}

/** One line of the 即将到期 card. */
export interface DueItem {
  kind: 'equipment' | 'contract' | 'loan';
  id: string;
  title: string;
  /** 电梯 · 1号楼 / 保洁 · 某公司 / 借阅人. */
  detail: string;
  dueOn: string;
  dueText: string;
  overdue: boolean;
}

/** The manager home's 即将到期 card: inspections and contract ends within 30 days, overdue loans; soonest first. */
export interface DueSoonView {
  today: string;
  items: DueItem[];
  counts: { equipment: number; contracts: number; loans: number };
}
