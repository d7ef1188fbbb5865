import type { DueItem, DueSoonView } from '@shared/contracts/archives-ledger-view';
import { addDays, dayStart, localDay } from '@shared/domain/calendar';
import { DUE_SOON_DAYS, EQUIPMENT_KIND_LABELS, CONTRACT_KIND_LABELS, dueText, dueWarnings, loanOverdueWeek, type ContractKind, type EquipmentKind } from '@shared/domain/archives';
import { routes, type PageLink } from '@shared/routes';
import type { Caller } from '../../lib/caller';
import { claimOnce, releaseClaim } from '../../lib/claim';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { inScope, type JobScope } from '../../lib/job-scope';
import { activeMemberIds } from '../identity';
import { enqueue } from '../messaging';
import { ArchiveContract, type ContractRecord } from './contract.model';
import { Equipment, type EquipmentRecord } from './equipment.model';
import { ArchiveLoan, type LoanRecord } from './loan.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

/** One read of the job: at most this many records (a CloudBase invocation must end within 60 s). */
const SLICE = 200;
/** A run stops taking new slices after this long; what is left is claimed by the next run. */
const RUN_BUDGET_MS = 40_000;

export interface ArchiveReminderReport {
  /** Warnings sent (claimed) by this run: inspections, contract ends, overdue loans. */
  equipment: number;
  contracts: number;
  loans: number;
  /** Messages queued (each warning to each manager, and a staff borrower). */
  messages: number;
  /** The run stopped before the end (time budget, or the process stopping): the next run goes on. */
  cut: boolean;
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

/**
 * Read `model` by `_id` in slices of SLICE (filter fixed), calling `each` for every record, until the
 * end, the budget, or the signal.
 */
async function inSlices<D extends { _id: Id }>(model: mongoose.Model<never>, filter: Record<string, unknown>, each: (d: D) => Promise<void>, stop: () => boolean): Promise<boolean> {
  let last: Id | null = null;
  for (;;) {
    if (stop()) return true;
    const docs = (await model
      .find({ ...filter, ...(last ? { _id: { $gt: last } } : {}) } as never)
      .sort({ _id: 1 })
      .limit(SLICE)
      .lean()) as unknown as D[];
    for (const d of docs) await each(d);
    if (docs.length < SLICE) return false;
    last = docs[docs.length - 1]._id;
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
export async function runArchiveReminders(run: { scope?: JobScope; signal?: AbortSignal } = {}): Promise<ArchiveReminderReport> {
  const started = Date.now();
  const stop = () => Boolean(run.signal?.aborted) || Date.now() - started > RUN_BUDGET_MS;
  const day = localDay(now());
  const horizon = addDays(day, DUE_SOON_DAYS);
  const report: ArchiveReminderReport = { equipment: 0, contracts: 0, loans: 0, messages: 0, cut: false };
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

  const cutEquipment = await inSlices<EquipmentRecord>(
    Equipment as never,
    { ...inScope(run.scope), status: 'active', nextDueOn: { $lte: horizon } },
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
    stop,
  );
  const cutContracts = await inSlices<ContractRecord>(
    ArchiveContract as never,
    { ...inScope(run.scope), status: 'active', endOn: { $lte: horizon } },
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
    stop,
  );
  const cutLoans = await inSlices<LoanRecord>(
    ArchiveLoan as never,
    { ...inScope(run.scope), status: 'open', dueOn: { $lt: day } },
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
    stop,
  );
  report.cut = cutEquipment || cutContracts || cutLoans;
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
