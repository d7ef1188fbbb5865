import type { MoveInPaperEntry, MoveInPaperMine, MoveInPaperPhotos, MyMoveInPapers } from '@shared/contracts/movein-inspection.contract';
import { DAY_MS } from '@shared/domain/calendar';
import { PAPER_KINDS, type MoveInStatus, type PaperKind } from '@shared/domain/movein';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { attachPhotos, deleteFiles, ownPhotos, photoLinks } from '../files';
import { moveInSettingsOf } from './settings.service';
import { reachableMoveIns } from './movein.access';
import { MoveIn, type MoveInDoc } from './movein.model';
import { MoveInPaper, type MoveInPaperDoc } from './paper.model';

const { ObjectId } = mongoose.Types;

/** Papers may be added, replaced or deleted by their owner until the case is done (or cancelled). */
const OPEN_FOR_PAPERS: readonly MoveInStatus[] = ['waiting', 'in_progress'];
const kindOrder = (k: string) => PAPER_KINDS.indexOf(k as PaperKind);

const mine = (p: MoveInPaperDoc): MoveInPaperMine => ({ id: String(p._id), kind: p.kind as PaperKind, photoCount: (p.fileIds ?? []).length, uploadedAt: p.uploadedAt.toISOString() });

async function openCase(caller: Caller, moveInId: string): Promise<MoveInDoc> {
  const doc = (await MoveIn.findOne({ _id: new ObjectId(moveInId), ...reachableMoveIns(caller) }).lean()) as MoveInDoc | null;
  if (!doc) throw new AppError('MOVEIN.NOT_FOUND');
  if (!OPEN_FOR_PAPERS.includes(doc.status as MoveInStatus)) throw new AppError('MOVEIN.PAPERS_CLOSED');
  return doc;
}

/**
 * Owner: upload the photos of one paper (购房合同 or 身份证) for a case of my unit, or replace the
 * ones uploaded before (those files are deleted, record and bytes). One record per case, owner and
 * kind; a replay of the same request changes nothing. The photos must be my own uploads of purpose
 * 'paper' (files: nothing else takes them, and they take nothing else).
 */
export async function uploadPaper(caller: Caller, input: { moveInId: string; requestId: string; kind: PaperKind; fileIds: string[] }): Promise<MoveInPaperMine> {
  const key = `${input.moveInId}:${caller.userId}:${input.kind}`;
  const before = (await MoveInPaper.findOne({ key }).lean()) as MoveInPaperDoc | null;
  if (before && before.requestId === input.requestId) return mine(before);
  const moveIn = await openCase(caller, input.moveInId);
  const fileIds = await ownPhotos(caller, input.fileIds, { private: 'paper' });
  await attachPhotos(fileIds, `moveInPaper:${key}`);
  const at = now();
  const set = { fileIds, requestId: input.requestId, uploadedAt: at, ownerName: caller.name };
  let written: MoveInPaperDoc | null;
  try {
    written = (await MoveInPaper.findOneAndUpdate(
      { key },
      { $set: set, $setOnInsert: { communityId: moveIn.communityId, moveInId: moveIn._id, unitId: moveIn.unitId, ownerId: new ObjectId(caller.userId), kind: input.kind, key } },
      { upsert: true, new: true },
    ).lean()) as MoveInPaperDoc | null;
  } catch (err) {
    // Two first uploads at once: both upserts insert, one loses on the unique key; the record exists now.
    if (!isDuplicateKey(err)) throw err;
    written = (await MoveInPaper.findOneAndUpdate({ key }, { $set: set }, { new: true }).lean()) as MoveInPaperDoc | null;
  }
  if (!written) throw new AppError('MOVEIN.PAPER_NOT_FOUND');
  const replaced = (before?.fileIds ?? []).filter((id) => !fileIds.includes(id));
  if (replaced.length) await deleteFiles(replaced);
  return mine(written);
}

/** Owner: delete a paper I uploaded (record and photos), while the case is open. */
export async function deletePaper(caller: Caller, paperId: string): Promise<{ deleted: true }> {
  const paper = (await MoveInPaper.findOne({ _id: new ObjectId(paperId), communityId: new ObjectId(caller.communityId), ownerId: new ObjectId(caller.userId) }).lean()) as MoveInPaperDoc | null;
  if (!paper) throw new AppError('MOVEIN.PAPER_NOT_FOUND');
  await openCase(caller, String(paper.moveInId));
  await MoveInPaper.deleteOne({ _id: paper._id });
  await deleteFiles(paper.fileIds ?? []);
  return { deleted: true };
}

/** Owner: the papers I uploaded, per case of my units (kind and time; never the images). */
export async function myPapers(caller: Caller): Promise<MyMoveInPapers> {
  const { documentRetentionDays: retentionDays } = await moveInSettingsOf(caller.communityId);
  if (!caller.unitIds.length) return { retentionDays, cases: [] };
  const cases = (await MoveIn.find({ ...reachableMoveIns(caller), status: { $ne: 'cancelled' } }, { unitLabel: 1, status: 1, createdAt: 1 }).sort({ createdAt: -1 }).lean()) as MoveInDoc[];
  if (!cases.length) return { retentionDays, cases: [] };
  const papers = (await MoveInPaper.find({ communityId: new ObjectId(caller.communityId), ownerId: new ObjectId(caller.userId), moveInId: { $in: cases.map((c) => c._id) } }, { fileIds: 1, kind: 1, uploadedAt: 1, moveInId: 1 }).lean()) as MoveInPaperDoc[];
  return {
    retentionDays,
    cases: cases.map((c) => ({
      moveInId: String(c._id),
      unitLabel: c.unitLabel,
      status: c.status as MoveInStatus,
      canChange: OPEN_FOR_PAPERS.includes(c.status as MoveInStatus),
      papers: papers
        .filter((p) => String(p.moveInId) === String(c._id))
        .sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind))
        .map(mine),
    })),
  };
}

/** Staff: the papers of a case — who uploaded what, when; no images, no links. */
export async function papersOfCase(caller: Caller, moveInId: string): Promise<MoveInPaperEntry[]> {
  const moveIn = await MoveIn.findOne({ _id: new ObjectId(moveInId), ...reachableMoveIns(caller) }, { _id: 1, communityId: 1 }).lean();
  if (!moveIn) throw new AppError('MOVEIN.NOT_FOUND');
  const papers = (await MoveInPaper.find({ communityId: moveIn.communityId, moveInId: moveIn._id }, { fileIds: 1, kind: 1, uploadedAt: 1, ownerName: 1 }).sort({ uploadedAt: 1 }).lean()) as MoveInPaperDoc[];
  return papers
    .sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind))
    .map((p) => ({ id: String(p._id), kind: p.kind as PaperKind, ownerName: p.ownerName, photoCount: (p.fileIds ?? []).length, uploadedAt: p.uploadedAt.toISOString() }));
}

/** Staff: one paper's photos, as short-lived links (after the access check of its kind `moveInPaper`). */
export async function paperPhotos(caller: Caller, paperId: string): Promise<MoveInPaperPhotos> {
  const paper = (await MoveInPaper.findOne({ _id: new ObjectId(paperId), communityId: new ObjectId(caller.communityId) }).lean()) as MoveInPaperDoc | null;
  if (!paper) throw new AppError('MOVEIN.PAPER_NOT_FOUND');
  return { id: String(paper._id), kind: paper.kind as PaperKind, ownerName: paper.ownerName, uploadedAt: paper.uploadedAt.toISOString(), photos: await photoLinks(paper.fileIds ?? []) };
}

/**
 * Housekeeping: papers of cases done (or cancelled) more than the community's `documentRetentionDays`
 * ago are deleted, record and photos (record first: a failure in between leaves bytes nobody points
 * at). `communityIds` limits a manager's manual run to their communities. Idempotent.
 */
export async function deleteExpiredPapers(at: Date, communityIds?: string[], limit = Infinity): Promise<number> {
  const scope = communityIds ? { communityId: communityIds.length === 1 ? new ObjectId(communityIds[0]) : { $in: communityIds.map((id) => new ObjectId(id)) } } : {};
  const moveInIds = (await MoveInPaper.distinct('moveInId', scope)) as mongoose.Types.ObjectId[];
  if (!moveInIds.length) return 0;
  const ended = (await MoveIn.find({ _id: { $in: moveInIds }, status: { $in: ['done', 'cancelled'] } }, { communityId: 1, status: 1, doneAt: 1, updatedAt: 1 }).lean()) as MoveInDoc[];
  const days = new Map<string, number>();
  let deleted = 0;
  for (const c of ended) {
    // `limit` (housekeeping's budget): stop after the case that reached it (a case's papers go together).
    if (deleted >= limit) break;
    const community = String(c.communityId);
    if (!days.has(community)) days.set(community, (await moveInSettingsOf(community)).documentRetentionDays);
    const endedAt = (c.status === 'done' ? c.doneAt : undefined) ?? c.updatedAt;
    if (!endedAt || endedAt.getTime() + (days.get(community) ?? 0) * DAY_MS > at.getTime()) continue;
    const papers = (await MoveInPaper.find({ communityId: c.communityId, moveInId: c._id }, { fileIds: 1 }).lean()) as MoveInPaperDoc[];
    if (!papers.length) continue;
    const { deletedCount } = await MoveInPaper.deleteMany({ _id: { $in: papers.map((p) => p._id) } });
    await deleteFiles(papers.flatMap((p) => p.fileIds ?? []));
    deleted += deletedCount;
  }
  return deleted;
}
