import type { AttachedDoc, LedgerHistoryItem } from '@shared/contracts/archives-ledger-view';
import type { ArchiveCategory } from '@shared/domain/archives';
import { AppError } from '../../lib/app-error';
import { mongoose } from '../../lib/db';
import { ArchiveDoc, type ArchiveDocRecord } from './archive-doc.model';

/**
 * The ledger's documents: an item of the equipment ledger or a contract keeps the ids of archived
 * documents (ArchiveDocs of its category, uploaded through the documents part); each such document
 * names what uses it in `usedBy` (`equipment:<id>`, `contract:<id>`).
 */

type Id = mongoose.Types.ObjectId;
const { ObjectId } = mongoose.Types;

export const iso = (d: Date | string | undefined | null): string | undefined => (d ? new Date(d).toISOString() : undefined);

export function historyOf(h: { at: Date; event: string; byName: string; note?: string | null }[] | undefined): LedgerHistoryItem[] {
  return (h ?? []).map((e) => ({ at: iso(e.at) as string, event: e.event, byName: e.byName, ...(e.note ? { note: e.note } : {}) }));
}

/**
 * The documents to attach, checked: active documents of the community (else 404 ARCHIVE.NOT_FOUND,
 * as the access check answers) of `category` (else 400 ARCHIVE.WRONG_CATEGORY). Duplicates dropped.
 */
export async function checkDocs(communityId: Id, docIds: readonly string[], category: ArchiveCategory): Promise<Id[]> {
  const ids = [...new Set(docIds)].map((id) => new ObjectId(id));
  if (!ids.length) return [];
  const docs = (await ArchiveDoc.find({ _id: { $in: ids } }, { communityId: 1, category: 1, status: 1 }).lean()) as ArchiveDocRecord[];
  const byId = new Map(docs.map((d) => [String(d._id), d]));
  for (const id of ids) {
    const d = byId.get(String(id));
    if (!d || String(d.communityId) !== String(communityId) || d.status !== 'active') throw new AppError('ARCHIVE.NOT_FOUND');
    if (d.category !== category) throw new AppError('ARCHIVE.WRONG_CATEGORY', `只能关联“${category === 'equipment' ? '设备设施台账' : '合同'}”类的档案`);
  }
  return ids;
}

/** Mark what uses the documents (`usedBy`): added to the new ones, taken from those no longer attached. */
export async function markUsedBy(usedBy: string, now: readonly Id[], before: readonly Id[] = []): Promise<void> {
  const removed = before.filter((b) => !now.some((n) => String(n) === String(b)));
  if (now.length) await ArchiveDoc.updateMany({ _id: { $in: [...now] } }, { $addToSet: { usedBy } });
  if (removed.length) await ArchiveDoc.updateMany({ _id: { $in: removed } }, { $pull: { usedBy } });
}

/** The attached documents as the pages show them (removed ones left out), in the order attached. */
export async function attachedDocs(docIds: readonly Id[] | undefined): Promise<AttachedDoc[]> {
  if (!docIds?.length) return [];
  const docs = (await ArchiveDoc.find({ _id: { $in: [...docIds] } }, { title: 1, category: 1, status: 1, versions: 1, onLoan: 1 }).lean()) as ArchiveDocRecord[];
  const byId = new Map(docs.map((d) => [String(d._id), d]));
  return docIds.flatMap((id) => {
    const d = byId.get(String(id));
    if (!d || d.status !== 'active') return [];
    const last = d.versions?.[d.versions.length - 1];
    return [
      {
        id: String(d._id),
        title: d.title,
        category: d.category as ArchiveCategory,
        ...(last ? { fileName: last.fileName } : {}),
        ...(d.onLoan ? { onLoan: { borrowerName: d.onLoan.borrowerName, dueOn: d.onLoan.dueOn } } : {}),
      },
    ];
  });
}
