import type { DueItem, DueSoonView } from '@shared/contracts/archives-ledger-view';
import { addDays, dayStart, localDay } from '@shared/domain/calendar';
import { DUE_SOON_DAYS, EQUIPMENT_KIND_LABELS, CONTRACT_KIND_LABELS, dueText, dueWarnings, loanOverdueWeek, type ContractKind, type EquipmentKind } from '@shared/domain/archives';
import { routes, type PageLink } from '@shared/routes';
import type { Caller } from '../../lib/caller';
import { claimOnce, releaseClaim } from '../../lib/claim';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import type { JobScope } from '../../lib/job-scope';
import { Budget, runSliced, type SliceContext } from '../../lib/slices';
import { communityIdsIn } from '../community';
import { activeMemberIds } from '../identity';
import { enqueue } from '../messaging';
import { ArchiveContract, type ContractRecord } from './contract.model';
import { Equipment, type EquipmentRecord } from './equipment.model';
import { ArchiveLoan, type LoanRecord } from './loan.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

/** One read of the job: at most this many records (the run's budget, lib/slices.ts, bounds it further). */
const SLICE = 200;

export interface ArchiveReminderReport {
  /** Warnings sent (claimed) by this run: inspections, contract ends, overdue loans. */
  equipment: number;
  contracts: number;
  loans: number;
  /** Messages queued (each warning to each manager, and a staff borrower). */
  messages: number;
  /** The run stopped before the end (time budget, or the process stopping): the next run goes on. */
  cut: boolean;
  /** The same as `cut`, by the name every sliced job's report uses (lib/slices.ts). */
  more: boolean;
}

interface Warning {
  communityId: Id;
  /** The claim and the messages' event: (record, due date, threshold) or (loan, overdue week). */
  key: string;
  values: { item: string; kind: string; due: Date; left: string; remark?: string };
  page: PageLink;
  /** Besides the managers (a staff borrower). */
  also?: Id;
}

/** The three kinds of records the job reads, in this order: the cursor is `<kind>:<last _id done>`. */
const KINDS = ['equipment', 'contracts', 'loans'] as const;
type Kind = (typeof KINDS)[number];

/**
 * Read `model` by `_id` in slices (filter fixed) after `after`, calling `each` for every record and
 * saving the cursor after each slice, until the end (true) or the budget (false).
 */
async function inSlices<D extends { _id: Id }>(
  model: mongoose.Model<never>,
  filter: Record<string, unknown>,
  after: string | null,
  each: (d: D) => Promise<void>,
  slice: SliceContext,
  kind: Kind,
): Promise<boolean> {
  let last: Id | null = after ? new ObjectId(after) : null;
  for (;;) {
    if (slice.budget.spent) return false;
    const limit = Math.min(SLICE, slice.budget.itemsLeft);
    const docs = (await model
      .find({ ...filter, ...(last ? { _id: { $gt: last } } : {}) } as never)
      .sort({ _id: 1 })
      .limit(limit)
      .lean()) as unknown as D[];
    for (const d of docs) await each(d);
    slice.budget.spend(docs.length);
    if (docs.length) {
      last = docs[docs.length - 1]._id;
      await slice.save(`${kind}:${String(last)}`);
    }
    if (docs.length < limit) return true;
  }
}

/**
 * 档案到期提醒 (job `archiveReminders`, daily): equipment inspections and contract ends warn the
 * community's managers 30, 7 and 1 days ahead (`dueWarnings`: the nearest threshold reached, so a
 * missed day warns once, not with every threshold passed), and overdue loans of paper originals
 * remind the managers and a staff borrower once per overdue week. Each warning is claimed once
 * (`claimOnce` on record, due date and threshold) before its messages are queued; a claim whose
 * messages could not be queued is given back for the next run. Acts only on the run's scope.
 */
export async function runArchiveReminders(run: { scope?: JobScope; signal?: AbortSignal; budget?: Budget } = {}): Promise<ArchiveReminderReport> {
  const budget = run.budget ?? Budget.of({ signal: run.signal });
  const day = localDay(now());
  const horizon = addDays(day, DUE_SOON_DAYS);
  const report: ArchiveReminderReport = { equipment: 0, contracts: 0, loans: 0, messages: 0, cut: false, more: false };
  const managers = new Map<string, Id[]>();
  const managersOf = async (communityId: Id): Promise<Id[]> => {
    const k = String(communityId);
    if (!managers.has(k)) managers.set(k, await activeMemberIds(communityId, 'manager'));
    return managers.get(k) as Id[];
  };

  const send = async (w: Warning): Promise<boolean> => {
    if (!(await claimOnce(w.key))) return false;
    try {
      const to = [...(await managersOf(w.communityId))];
      if (w.also && !to.some((m) => String(m) === String(w.also))) to.push(w.also);
      for (const recipientUserId of to) {
        await enqueue({ communityId: w.communityId, eventKey: w.key, recipientUserId, templateKey: 'archive.due', values: w.values, page: w.page });
        report.messages++;
      }
      return true;
    } catch (err) {
      // Nothing half-done stays claimed: the next run claims it again (the messages are keyed: none twice).
      await releaseClaim(w.key);
      throw err;
    }
  };

  const equipment = (communityId: Id, after: string | null, slice: SliceContext) => inSlices<EquipmentRecord>(
    Equipment as never,
    { communityId, status: 'active', nextDueOn: { $lte: horizon } },
    after,
    async (e) => {
      const [t] = dueWarnings(day, e.nextDueOn as string);
      if (!t) return;
      const sent = await send({
        communityId: e.communityId as Id,
        key: `archive-due:equipment:${String(e._id)}:${e.nextDueOn}:${t}`,
        values: { item: `${e.name}（${e.code}）`, kind: '设备检验', due: dayStart(e.nextDueOn as string), left: dueText(day, e.nextDueOn as string), remark: `${EQUIPMENT_KIND_LABELS[e.kind as EquipmentKind]} · ${e.location}` },
        page: routes.staff.equipment({ id: String(e._id) }),
      });
      if (sent) report.equipment++;
    },
    slice,
    'equipment',
  );
  const contracts = (communityId: Id, after: string | null, slice: SliceContext) => inSlices<ContractRecord>(
    ArchiveContract as never,
    { communityId, status: 'active', endOn: { $lte: horizon } },
    after,
    async (c) => {
      const [t] = dueWarnings(day, c.endOn);
      if (!t) return;
      const sent = await send({
        communityId: c.communityId as Id,
        key: `archive-due:contract:${String(c._id)}:${c.endOn}:${t}`,
        values: { item: c.title, kind: '合同到期', due: dayStart(c.endOn), left: dueText(day, c.endOn), remark: `${CONTRACT_KIND_LABELS[c.kind as ContractKind]} · ${c.party}` },
        page: routes.manager.contract({ id: String(c._id) }),
      });
      if (sent) report.contracts++;
    },
    slice,
    'contracts',
  );
  const loans = (communityId: Id, after: string | null, slice: SliceContext) => inSlices<LoanRecord>(
    ArchiveLoan as never,
    { communityId, status: 'open', dueOn: { $lt: day } },
    after,
    async (l) => {
      const week = loanOverdueWeek(day, l.dueOn);
      if (!week) return;
      const sent = await send({
        communityId: l.communityId as Id,
        key: `archive-loan-overdue:${String(l._id)}:${week}`,
        values: { item: l.docTitle, kind: '借阅逾期', due: dayStart(l.dueOn), left: `${dueText(day, l.dueOn)} · ${l.borrowerName}`, remark: '请尽快归还档案原件' },
        page: routes.staff.loanList(),
        ...(l.borrowerId ? { also: l.borrowerId as Id } : {}),
      });
      if (sent) report.loans++;
    },
    slice,
    'loans',
  );
  const readers: Record<Kind, typeof equipment> = { equipment, contracts, loans };

  // Per community (lib/slices.ts: a lease each, two workers share the communities), the three kinds
  // in turn, each by `_id` from the saved cursor. An item is a warning, claimed once by its key.
  const sliced = await runSliced('archiveReminders', { communityIds: await communityIdsIn(run.scope), budget }, async (communityId, slice) => {
    const [fromKind, fromId] = slice.cursor ? (slice.cursor.split(':') as [Kind, string]) : [KINDS[0], null];
    const id = new ObjectId(communityId);
    for (const kind of KINDS.slice(Math.max(0, KINDS.indexOf(fromKind)))) {
      if (!(await readers[kind](id, kind === fromKind ? fromId : null, slice))) return 'more';
    }
    return 'done';
  });
  report.cut = report.more = sliced.more;
  return report;
}

/**
 * The manager's 即将到期 card: inspections due and contract ends within 30 days (or passed, still
 * in force), and loans overdue — soonest first, at most `limit` lines, with the counts.
 */
export async function dueSoon(caller: Caller, limit = 8): Promise<DueSoonView> {
  const communityId = new ObjectId(caller.communityId);
  const day = localDay(now());
  const horizon = addDays(day, DUE_SOON_DAYS);
  const eqFilter = { communityId, status: 'active', nextDueOn: { $lte: horizon } };
  const ctFilter = { communityId, status: 'active', endOn: { $lte: horizon } };
  const lnFilter = { communityId, status: 'open', dueOn: { $lt: day } };
  const [eq, ct, ln, nEq, nCt, nLn] = await Promise.all([
    Equipment.find(eqFilter, { name: 1, code: 1, kind: 1, location: 1, nextDueOn: 1 }).sort({ nextDueOn: 1, _id: 1 }).limit(limit).lean() as Promise<EquipmentRecord[]>,
    ArchiveContract.find(ctFilter, { title: 1, party: 1, kind: 1, endOn: 1 }).sort({ endOn: 1, _id: 1 }).limit(limit).lean() as Promise<ContractRecord[]>,
    ArchiveLoan.find(lnFilter, { docTitle: 1, borrowerName: 1, dueOn: 1 }).sort({ dueOn: 1, _id: 1 }).limit(limit).lean() as Promise<LoanRecord[]>,
    Equipment.countDocuments(eqFilter),
    ArchiveContract.countDocuments(ctFilter),
    ArchiveLoan.countDocuments(lnFilter),
  ]);
  const items: DueItem[] = [
    ...eq.map((e) => ({ kind: 'equipment' as const, id: String(e._id), title: e.name, detail: `${EQUIPMENT_KIND_LABELS[e.kind as EquipmentKind]}检验 · ${e.location}`, dueOn: e.nextDueOn as string })),
    ...ct.map((c) => ({ kind: 'contract' as const, id: String(c._id), title: c.title, detail: `${CONTRACT_KIND_LABELS[c.kind as ContractKind]}合同到期 · ${c.party}`, dueOn: c.endOn })),
    ...ln.map((l) => ({ kind: 'loan' as const, id: String(l._id), title: l.docTitle, detail: `借阅逾期 · ${l.borrowerName}`, dueOn: l.dueOn })),
  ]
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0))
    .slice(0, limit)
    .map((i) => ({ ...i, dueText: dueText(day, i.dueOn), overdue: i.dueOn < day }));
  return { today: day, items, counts: { equipment: nEq, contracts: nCt, loans: nLn } };
}
