import type { BoardRow, ContractorHistoryView, RenovationBoardView } from '@shared/contracts/renovation-completion.contract';
import { addDays, localDay } from '@shared/domain/calendar';
import { ACCEPTANCE_OVERDUE_AFTER_DAYS, acceptanceOverdueDays, ACTIVE_RENOVATION_STATUSES, type RenovationStatus } from '@shared/domain/renovation';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { paged, type PageQuery } from '../../lib/paging';
import { Renovation } from './renovation.model';

/**
 * The manager's board (装修管理看板) and a contractor's history (施工单位档案): read from the
 * renovations' own fields (the patrol part mirrors `nextPatrolOn` and `openViolations` onto them).
 * The board reads bounded sections (issue 25), a contractor's history reads that contractor's renovations.
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

const FIELDS: Record<string, 0 | 1> = { no: 1, unitLabel: 1, ownerName: 1, contractor: 1, status: 1, plannedStart: 1, plannedEnd: 1, submittedAt: 1, nextPatrolOn: 1, openViolations: 1, violationCount: 1, bills: 1, createdAt: 1 };

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

/** How many rows each section of the board shows at most (`counts` are the totals). */
export const BOARD_SECTION_LIMIT = 50;
/** How many contractors the board lists (the most violations first). */
const CONTRACTORS_SHOWN = 20;

const byUnit = (a: BoardRow, b: BoardRow) => a.unitLabel.localeCompare(b.unitLabel, 'zh-CN', { numeric: true });

/**
 * renovation.board (manager). Each section is a bounded query sorted in the database (at most
 * BOARD_SECTION_LIMIT rows, its total counted: lib/paging `paged`, page 1), the contractor table one
 * `$group` by company — the same commands at any number of renovations (issue 25). Within a
 * section, rows the database orders as equal are shown in the unit order people read (1栋2 before 1栋10).
 */
export async function board(caller: Caller): Promise<RenovationBoardView> {
  const communityId = new ObjectId(caller.communityId);
  const today = localDay(now());
  const first = { page: 1, pageSize: BOARD_SECTION_LIMIT };
  const section = (parts: PageQuery | PageQuery[]) => paged(parts, first, (docs: Row[]) => docs.map((d) => rowOf(d, today)));
  const working = { $in: ['in_progress', 'suspended'] };
  const [waiting, active, overdue, depositsHeld, companies] = await Promise.all([
    // Submitted (待审核) and reviewed (待审批), oldest submission first.
    section({ model: Renovation, filter: { communityId, status: { $in: ['submitted', 'reviewed'] } }, sort: { submittedAt: 1, _id: 1 }, projection: FIELDS }),
    // On site: the next patrol first; those without a patrol planned after them.
    section([
      { model: Renovation, filter: { communityId, status: working, nextPatrolOn: { $gte: '' } }, sort: { nextPatrolOn: 1, unitLabel: 1, _id: 1 }, projection: FIELDS },
      { model: Renovation, filter: { communityId, status: working, nextPatrolOn: null }, sort: { nextPatrolOn: 1, unitLabel: 1, _id: 1 }, projection: FIELDS },
    ]),
    // Past the planned end (more than ACCEPTANCE_OVERDUE_AFTER_DAYS) without acceptance: the longest overdue first.
    section({ model: Renovation, filter: { communityId, status: working, plannedEnd: { $lt: addDays(today, -ACCEPTANCE_OVERDUE_AFTER_DAYS) } }, sort: { plannedEnd: 1, _id: 1 }, projection: FIELDS }),
    // Accepted, deposit not given back: the most open violations first.
    section({ model: Renovation, filter: { communityId, status: 'accepted' }, sort: { openViolations: -1, unitLabel: 1, _id: 1 }, projection: FIELDS }),
    // Contractors: every renovation of the community that got past the application (violations across
    // units), counted per (company, violation count) — FerretDB v1.24's `$sum` of a field gives 0 — and
    // added up here: a short reply (companies × distinct counts) whatever the number of renovations.
    Renovation.aggregate<{ _id: { c?: string | null; v?: number | null }; n: number }>([
      { $match: { communityId, status: { $nin: ['draft', 'cancelled'] } } },
      { $group: { _id: { c: '$contractor.company', v: '$violationCount' }, n: { $sum: 1 } } },
    ]),
  ]);
  const byCompany = new Map<string, { company: string; renovations: number; violations: number }>();
  for (const { _id, n } of companies) {
    const company = typeof _id.c === 'string' ? _id.c.trim() : '';
    if (!company) continue;
    const c = byCompany.get(company) ?? { company, renovations: 0, violations: 0 };
    c.renovations += n;
    c.violations += (_id.v ?? 0) * n;
    byCompany.set(company, c);
  }
  const contractors = [...byCompany.values()]
    .sort((a, b) => b.violations - a.violations || b.renovations - a.renovations || a.company.localeCompare(b.company, 'zh-CN'))
    .slice(0, CONTRACTORS_SHOWN);
  const stable = (rows: BoardRow[], same: (a: BoardRow, b: BoardRow) => boolean) => {
    // Re-order only runs of rows the database ordered as equal (its byte order of unit labels).
    const out: BoardRow[] = [];
    for (let i = 0; i < rows.length; ) {
      let j = i + 1;
      while (j < rows.length && same(rows[i], rows[j])) j++;
      out.push(...rows.slice(i, j).sort(byUnit));
      i = j;
    }
    return out;
  };
  return {
    counts: { waiting: waiting.total, active: active.total, overdue: overdue.total, depositsHeld: depositsHeld.total },
    waiting: waiting.items,
    active: stable(active.items, (a, b) => (a.nextPatrolOn ?? '') === (b.nextPatrolOn ?? '')),
    overdue: overdue.items,
    depositsHeld: stable(depositsHeld.items, (a, b) => a.openViolations === b.openViolations),
    contractors,
  };
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
