import type { UnitFileEntry } from '@shared/contracts/archives-documents-view';
import { MOVEIN_KIND_LABELS, MOVEIN_STATUS_LABELS, PAPER_KIND_LABELS, type MoveInKind, type MoveInStatus, type PaperKind } from '@shared/domain/movein';
import { routes } from '@shared/routes';
import { mongoose } from '../../lib/db';
import { MoveIn } from './movein.model';
import { MoveInPaper } from './paper.model';

const { ObjectId } = mongoose.Types;
/** A unit has a handful of cases in its life; more than this is not shown in one file. */
const MAX = 20;

/**
 * What move-in holds for a unit (the archive's 业主档案): each case's 入伙手续书 and the owners'
 * papers (购房合同, 身份证 — kept until their retention ends), newest first, each linked to the case's
 * staff page (where the papers are shown after move-in's own check). Staff of the community only:
 * the caller (the archive) checked the unit is of `communityId`.
 */
export async function unitMoveInEntries(communityId: string, unitId: string): Promise<UnitFileEntry[]> {
  const cid = new ObjectId(communityId);
  const cases = await MoveIn.find({ communityId: cid, unitId: new ObjectId(unitId) }, { kind: 1, status: 1, createdAt: 1, buyer: 1 }).sort({ createdAt: -1 }).limit(MAX).lean();
  if (!cases.length) return [];
  const papers = await MoveInPaper.find({ communityId: cid, moveInId: cases.length === 1 ? cases[0]._id : { $in: cases.map((c) => c._id) } }, { moveInId: 1, kind: 1, ownerName: 1, uploadedAt: 1, fileIds: 1 }).lean();
  return cases.flatMap((c) => {
    const page = routes.staff.movein({ id: String(c._id) });
    const entry: UnitFileEntry = {
      title: `入伙手续书 · ${MOVEIN_KIND_LABELS[c.kind as MoveInKind]} · ${c.buyer?.name ?? ''}`.replace(/ · $/, ''),
      at: new Date(c.createdAt as Date).toISOString(),
      status: MOVEIN_STATUS_LABELS[c.status as MoveInStatus],
      page,
    };
    const own = papers
      .filter((p) => String(p.moveInId) === String(c._id))
      .map((p) => ({ title: `入住资料 · ${PAPER_KIND_LABELS[p.kind as PaperKind]} · ${p.ownerName}`, at: new Date(p.uploadedAt).toISOString(), status: `${p.fileIds.length}张`, page }));
    return [entry, ...own];
  });
}
