import type { BoardRow, ContractorHistoryView, RenovationBoardView } from '@shared/contracts/renovation-completion.contract';
import { localDay } from '@shared/domain/calendar';
import { acceptanceOverdueDays, ACTIVE_RENOVATION_STATUSES, type RenovationStatus } from '@shared/domain/renovation';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { Renovation } from './renovation.model';

/**
 * The manager's board (装修管理看板) and a contractor's history (施工单位档案): read from the
 * renovations' own fields (the patrol part mirrors `nextPatrolOn` and `openViolations` onto them).
 * A community has at most some hundreds of open renovations: one read of its renovations.
 */

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

type Row = {
  _id: Id;
  no: string;
  unitLabel: string;
  ownerName: string;
  contractor?: { company?: string | null; licence?: string | null } | null;
  status: string;
  plannedStart: string;
  plannedEnd: string;
  submittedAt?: Date | null;
  nextPatrolOn?: string | null;
  openViolations?: number | null;
  violationCount?: number | null;
  bills?: { kind: string; amountFen: number }[];
  createdAt: Date;
};

const FIELDS = { no: 1, unitLabel: 1, ownerName: 1, contractor: 1, status: 1, plannedStart: 1, plannedEnd: 1, submittedAt: 1, nextPatrolOn: 1, openViolations: 1, violationCount: 1, bills: 1, createdAt: 1 };

function rowOf(r: Row, today: string): BoardRow {
  const deposit = r.bills?.find((b) => b.kind === 'deposit');
  const open = r.openViolations ?? 0;
  const overdue = acceptanceOverdueDays(r.status as RenovationStatus, r.plannedEnd, today);
  return {
    id: String(r._id),
    no: r.no,
    unitLabel: r.unitLabel,
    ownerName: r.ownerName,
    company: r.contractor?.company ?? '',
    status: r.status as RenovationStatus,
    plannedStart: r.plannedStart,
    plannedEnd: r.plannedEnd,
    ...(r.nextPatrolOn ? { nextPatrolOn: r.nextPatrolOn } : {}),
    openViolations: open,
    ...(overdue !== null ? { daysOverdue: overdue } : {}),
    ...(deposit ? { depositFen: deposit.amountFen } : {}),
    ...(r.status === 'accepted' ? { heldReason: open > 0 ? `${open}项违规未整改` : '待退还' } : {}),
  };
}

/** renovation.board (manager). */
export async function board(caller: Caller): Promise<RenovationBoardView> {
  const communityId = new ObjectId(caller.communityId);
  const today = localDay(now());
  const docs = (await Renovation.find({ communityId, status: { $in: ['submitted', 'reviewed', 'in_progress', 'suspended', 'acceptance', 'accepted'] } }, FIELDS).lean()) as Row[];
  const rows = docs.map((d) => ({ d, row: rowOf(d, today) }));
  const waiting = rows
    .filter((x) => x.d.status === 'submitted' || x.d.status === 'reviewed')
    .sort((a, b) => (a.d.submittedAt ?? a.d.createdAt).getTime() - (b.d.submittedAt ?? b.d.createdAt).getTime())
    .map((x) => x.row);
  const active = rows
    .filter((x) => x.d.status === 'in_progress' || x.d.status === 'suspended')
    .sort((a, b) => (a.row.nextPatrolOn ?? '9999').localeCompare(b.row.nextPatrolOn ?? '9999') || a.row.unitLabel.localeCompare(b.row.unitLabel, 'zh-CN', { numeric: true }))
    .map((x) => x.row);
  const overdue = rows
    .filter((x) => x.row.daysOverdue !== undefined)
    .sort((a, b) => (b.row.daysOverdue ?? 0) - (a.row.daysOverdue ?? 0))
    .map((x) => x.row);
  const depositsHeld = rows
    .filter((x) => x.d.status === 'accepted')
    .sort((a, b) => b.row.openViolations - a.row.openViolations || a.row.unitLabel.localeCompare(b.row.unitLabel, 'zh-CN', { numeric: true }))
    .map((x) => x.row);
  // Contractors: every renovation of the community that got past the application (violations across units).
  const all = (await Renovation.find({ communityId, status: { $nin: ['draft', 'cancelled'] } }, { contractor: 1, violationCount: 1 }).lean()) as Pick<Row, 'contractor' | 'violationCount'>[];
  const byCompany = new Map<string, { company: string; renovations: number; violations: number }>();
  for (const r of all) {
    const company = r.contractor?.company?.trim();
    if (!company) continue;
    const c = byCompany.get(company) ?? { company, renovations: 0, violations: 0 };
    c.renovations += 1;
    c.violations += r.violationCount ?? 0;
    byCompany.set(company, c);
  }
  const contractors = [...byCompany.values()].sort((a, b) => b.violations - a.violations || b.renovations - a.renovations || a.company.localeCompare(b.company, 'zh-CN')).slice(0, 20);
  return { counts: { waiting: waiting.length, active: active.length, overdue: overdue.length, depositsHeld: depositsHeld.length }, waiting, active, overdue, depositsHeld, contractors };
}

/** renovation.contractorHistory (manager): a contractor's renovations across units, newest first. */
export async function contractorHistory(caller: Caller, input: { company: string }): Promise<ContractorHistoryView> {
  const communityId = new ObjectId(caller.communityId);
  const today = localDay(now());
  const company = input.company.trim();
  // The company index (communityId, contractor.company, createdAt) serves this on MongoDB; FerretDB scans the community's renovations.
  const docs = ((await Renovation.find({ communityId, 'contractor.company': company, status: { $ne: 'draft' } }, FIELDS).sort({ createdAt: -1 }).lean()) as Row[]).filter((d) => d.status !== 'cancelled' || (d.violationCount ?? 0) > 0 || d.submittedAt);
  const renovations = docs.map((d) => ({ ...rowOf(d, today), violationCount: d.violationCount ?? 0 }));
  const licence = docs.find((d) => d.contractor?.licence)?.contractor?.licence ?? undefined;
  return {
    company,
    ...(licence ? { licence } : {}),
    renovations,
    totals: {
      renovations: renovations.length,
      active: renovations.filter((r) => ACTIVE_RENOVATION_STATUSES.includes(r.status)).length,
      violations: renovations.reduce((s, r) => s + r.violationCount, 0),
      openViolations: renovations.reduce((s, r) => s + r.openViolations, 0),
    },
  };
}
