import type { LoanView } from '@shared/contracts/archives-ledger-view';
import type { Paged } from '@shared/contracts/contract';
import { addDays, localDay } from '@shared/domain/calendar';
import { LOAN_KEEPERS, LOAN_MAX_DAYS, dueText, readableCategories, type ArchiveCategory, type LoanStatus } from '@shared/domain/archives';
import { STAFF_ROLES } from '@shared/domain/roles';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { hasRole } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { createOnce, idOfRequest } from '../../lib/idempotent';
import { paged, type SortSpec } from '../../lib/paging';
import { actorOf, mutateRevision, type Actor } from '../../lib/revision';
import { activeMember, activeMembers } from '../identity';
import { ArchiveDoc, type ArchiveDocRecord } from './archive-doc.model';
import { inCommunity, seesCategory } from './archives.access';
import { iso } from './ledger-docs';
import { ArchiveLoan, type LoanRecord } from './loan.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

const LOAN_SPEC = { kind: 'archiveLoan', model: ArchiveLoan as never, notFound: 'ARCHIVE.LOAN_NOT_FOUND' as const };
/** The document's revisions (the same kind as the documents part: one revision sequence per document). */
const DOC_SPEC = { kind: 'archiveDoc', model: ArchiveDoc as never, notFound: 'ARCHIVE.NOT_FOUND' as const };

const today = () => localDay(now());
const isKeeper = (caller: Caller) => hasRole(caller, ...LOAN_KEEPERS);

function viewOf(caller: Caller, l: LoanRecord, day = today()): LoanView {
  const open = l.status === 'open';
  return {
    id: String(l._id),
    docId: String(l.docId),
    docTitle: l.docTitle,
    docCategory: l.docCategory as ArchiveCategory,
    ...(l.paperLocation ? { paperLocation: l.paperLocation } : {}),
    ...(l.borrowerId ? { borrowerId: String(l.borrowerId) } : {}),
    borrowerName: l.borrowerName,
    borrowerKind: l.borrowerId ? 'staff' : 'outside',
    purpose: l.purpose,
    lentOn: l.lentOn,
    dueOn: l.dueOn,
    status: l.status as LoanStatus,
    overdue: open && l.dueOn < day,
    dueText: open ? dueText(day, l.dueOn) : '已归还',
    lentAt: iso(l.createdAt) as string,
    byName: l.byName,
    ...(l.returnedAt ? { returnedAt: iso(l.returnedAt) } : {}),
    ...(l.returnedByName ? { returnedByName: l.returnedByName } : {}),
    ...(l.returnNote ? { returnNote: l.returnNote } : {}),
    canReturn: open && isKeeper(caller),
  };
}

async function loadLoan(caller: Caller, id: string | Id): Promise<LoanRecord> {
  const l = (await ArchiveLoan.findById(new ObjectId(String(id))).lean()) as LoanRecord | null;
  const reach = l && inCommunity(caller, l) && ((isKeeper(caller) && seesCategory(caller, l.docCategory)) || String(l.borrowerId ?? '') === caller.userId);
  if (!l || !reach) throw new AppError('ARCHIVE.LOAN_NOT_FOUND');
  return l;
}

export interface LoanInput {
  requestId: string;
  docId: string;
  borrowerId?: string;
  borrowerName?: string;
  purpose: string;
  dueOn: string;
}

/**
 * Lend a paper original (借阅). The guard is the document's `onLoan`: set from none to this loan by a
 * single-document revision write (`mutateRevision`: one writer per revision, the claim holds on
 * FerretDB too), so of two loans of one original at once exactly one is made and the other gets
 * 409 ARCHIVE.ALREADY_OUT naming who has it and until when. The loan's `_id` comes from the request:
 * a retry (or a replay after a crash between the two writes) finds its own guard and finishes.
 */
export async function loanCreate(caller: Caller, input: LoanInput): Promise<LoanView> {
  const key = `archiveLoan:${caller.userId}:${input.requestId}`;
  const loanId = idOfRequest(key);
  const existing = (await ArchiveLoan.findById(loanId).lean()) as LoanRecord | null;
  if (existing) return viewOf(caller, existing);

  const outside = input.borrowerName?.trim() ?? '';
  if (Boolean(input.borrowerId) === Boolean(outside)) throw new AppError('ARCHIVE.BAD_BORROWER');
  const staff = input.borrowerId ? await activeMember(caller.communityId, input.borrowerId, STAFF_ROLES) : null;
  if (input.borrowerId && !staff) throw new AppError('STAFF.NOT_FOUND');
  const borrowerName = staff?.name ?? outside;
  const day = today();
  if (input.dueOn < day || input.dueOn > addDays(day, LOAN_MAX_DAYS)) {
    throw new AppError('ARCHIVE.BAD_DUE', `归还日期应在今天到${LOAN_MAX_DAYS}天内`, { issues: [{ path: 'dueOn', message: `归还日期应在今天到${LOAN_MAX_DAYS}天内` }] });
  }
  const doc = (await ArchiveDoc.findById(new ObjectId(input.docId)).lean()) as ArchiveDocRecord | null;
  if (!doc || doc.status !== 'active' || !inCommunity(caller, doc) || !seesCategory(caller, doc.category)) throw new AppError('ARCHIVE.NOT_FOUND');
  if (!doc.paper?.location) throw new AppError('ARCHIVE.NO_PAPER');

  await mutateRevision<ArchiveDocRecord>(DOC_SPEC, doc._id, actorOf(caller), (cur) => {
    if (cur.onLoan) {
      if (String(cur.onLoan.loanId) === String(loanId)) return null;
      throw new AppError('ARCHIVE.ALREADY_OUT', `该档案原件已借出：${cur.onLoan.borrowerName}借阅中，应于${cur.onLoan.dueOn}归还`, { borrowerName: cur.onLoan.borrowerName, dueOn: cur.onLoan.dueOn });
    }
    if (cur.status !== 'active') throw new AppError('ARCHIVE.NOT_FOUND');
    return { event: 'lend', set: { onLoan: { loanId, borrowerName, dueOn: input.dueOn } }, note: `${borrowerName}借阅，应于${input.dueOn}归还` };
  });

  const { doc: loan } = await createOnce<LoanRecord>({
    model: ArchiveLoan,
    key,
    build: async (_id) => ({
      _id,
      communityId: doc.communityId,
      requestKey: key,
      docId: doc._id,
      docTitle: doc.title,
      docCategory: doc.category,
      paperLocation: doc.paper?.location,
      ...(staff ? { borrowerId: staff.id } : {}),
      borrowerName,
      purpose: input.purpose,
      lentOn: day,
      dueOn: input.dueOn,
      status: 'open',
      rev: 0,
      byId: new ObjectId(caller.userId),
      byName: caller.name,
      history: [{ at: now(), event: 'lend', to: 'open', byId: new ObjectId(caller.userId), byName: caller.name, note: `${borrowerName} · ${input.purpose}` }],
    }),
  });
  return viewOf(caller, loan);
}

/** The document's guard let go, if it still holds this loan (again: nothing to do). */
async function releaseDoc(docId: Id, loanId: Id, actor: Actor): Promise<void> {
  await mutateRevision<ArchiveDocRecord>(DOC_SPEC, docId, actor, (cur) =>
    cur.onLoan && String(cur.onLoan.loanId) === String(loanId) ? { event: 'return', set: { onLoan: null }, note: `${cur.onLoan.borrowerName}归还` } : null,
  );
}

/** The original is back (归还): the loan closed and the document free to lend again (again: answered as it is, and the guard let go if a crash left it). */
export async function loanReturn(caller: Caller, input: { loanId: string; note?: string }): Promise<LoanView> {
  const l = await loadLoan(caller, input.loanId);
  const { doc } = await mutateRevision<LoanRecord>(LOAN_SPEC, l._id, actorOf(caller), (cur) =>
    cur.status === 'returned' ? null : { event: 'return', to: 'returned', set: { returnedAt: now(), returnedByName: caller.name, ...(input.note ? { returnNote: input.note } : {}) }, ...(input.note ? { note: input.note } : {}) },
  );
  await releaseDoc(l.docId as Id, l._id, actorOf(caller));
  return viewOf(caller, doc);
}

/** Loans: keepers see those of the categories they see, anyone else their own; open (soonest due first), overdue, or all (newest first). */
export async function loanList(caller: Caller, input: { state: 'open' | 'overdue' | 'all'; docId?: string; page: number; pageSize: number }): Promise<Paged<LoanView>> {
  const day = today();
  const who = isKeeper(caller) ? { docCategory: { $in: readableCategories(caller.roles) } } : { borrowerId: new ObjectId(caller.userId) };
  const filter = {
    communityId: new ObjectId(caller.communityId),
    ...(input.state === 'all' ? {} : { status: 'open' }),
    ...(input.state === 'overdue' ? { dueOn: { $lt: day } } : {}),
    ...(input.docId ? { docId: new ObjectId(input.docId) } : {}),
    ...who,
  };
  const sort: SortSpec = input.state === 'all' ? { createdAt: -1 } : { dueOn: 1 };
  return paged({ model: ArchiveLoan, filter, sort }, input, (docs: LoanRecord[]) => docs.map((d) => viewOf(caller, d, day)));
}

/** The community's active staff a keeper may lend an original to (names only), by name. */
export async function loanBorrowers(caller: Caller): Promise<{ id: string; name: string }[]> {
  const members = await activeMembers(caller.communityId, STAFF_ROLES);
  return members.map((m) => ({ id: String(m.id), name: m.name })).sort((a, b) => a.name.localeCompare(b.name, 'zh'));
}
