import type { MoveInDefectView, MoveInInspectionRound, MoveInInspectionView, MyMoveInDefects } from '@shared/contracts/movein-inspection.contract';
import { defectRepairText, inspectionProblems, type InspectionItem, type InspectionRoom, type MoveInStatus } from '@shared/domain/movein';
import { WARRANTY_CATEGORY } from '@shared/domain/repairs';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { createOnce, idOfRequest } from '../../lib/idempotent';
import { ownPhotos } from '../files';
import { profileOf, technician } from '../identity';
import { create as createRepair, repairSummaries } from '../repairs';
import { markStep } from './checklist.service';
import { moveInSettingsOf } from './settings.service';
import { reachableMoveIns } from './movein.access';
import { MoveIn, type MoveInDoc } from './movein.model';
import { MoveInDefect, MoveInInspection, type MoveInDefectDoc, type MoveInInspectionDoc } from './inspection.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

export interface SubmitInspectionInput {
  moveInId: string;
  requestId: string;
  checks: { room: InspectionRoom; item: InspectionItem; ok: boolean }[];
  defects: { room: InspectionRoom; item: InspectionItem; description: string; photoIds: string[] }[];
  note?: string;
}

/** Cases that can be inspected: on the day (waiting: the inspection starts the checklist) and, for a 复验, after move-in. */
const INSPECTABLE: readonly MoveInStatus[] = ['waiting', 'in_progress', 'done'];

async function loadCase(caller: Caller, moveInId: string): Promise<MoveInDoc> {
  const doc = (await MoveIn.findOne({ _id: new ObjectId(moveInId), ...reachableMoveIns(caller) }).lean()) as MoveInDoc | null;
  if (!doc) throw new AppError('MOVEIN.NOT_FOUND');
  return doc;
}

/**
 * One round of 验房 (first or 复验): written once per request; then each defect is recorded and
 * becomes a 维保 repair order (repairs' public create, channel 'inspection': its own request id per
 * defect, so a replay finds the same order), given to the settings' warranty technician or to the
 * repairs module's dispatch, followed by the buyer's app account; then the checklist's 验房 step is
 * ticked (a case in progress). A replay of the request finishes what a first submit left undone.
 */
export async function submitInspection(caller: Caller, input: SubmitInspectionInput): Promise<MoveInInspectionView> {
  const moveIn = await loadCase(caller, input.moveInId);
  const requestKey = `${caller.userId}:${input.requestId}`;
  const { doc: inspection } = await createOnce<MoveInInspectionDoc>({
    model: MoveInInspection,
    key: requestKey,
    build: async (_id) => {
      if (!INSPECTABLE.includes(moveIn.status as MoveInStatus)) {
        throw new AppError('MOVEIN.INVALID_TRANSITION', '入住办理已取消，不能验房', { from: moveIn.status, event: 'inspect' });
      }
      const issues = inspectionProblems(input);
      if (issues.length) throw new AppError('VALIDATION', issues[0].message, { issues });
      // The photos are the agent's own (checked again by each repair's create).
      await ownPhotos(caller, input.defects.flatMap((d) => d.photoIds));
      const round = (await MoveInInspection.countDocuments({ communityId: moveIn.communityId, moveInId: moveIn._id })) + 1;
      return {
        _id,
        communityId: moveIn.communityId,
        moveInId: moveIn._id,
        unitId: moveIn.unitId,
        requestKey,
        round,
        checks: input.checks,
        defectCount: input.defects.length,
        ...(input.note ? { note: input.note } : {}),
        byId: new ObjectId(caller.userId),
        byName: caller.name,
        at: now(),
      };
    },
  });
  const settings = await moveInSettingsOf(String(moveIn.communityId));
  const contactPhone = moveIn.buyer?.phone || (await profileOf(caller.userId))?.phone || '';
  for (const [index, d] of input.defects.entries()) {
    const defect = await recordDefect(moveIn, inspection, index, d);
    if (defect.repairId) continue;
    const repair = await createRepair(caller, {
      requestId: `movein-defect-${String(defect._id)}`,
      area: 'home',
      unitId: String(moveIn.unitId),
      category: WARRANTY_CATEGORY,
      description: defectRepairText(d.room, d.item, d.description),
      photoIds: d.photoIds,
      channel: 'inspection',
      contactName: moveIn.buyer?.name ?? '',
      contactPhone,
      ...(moveIn.ownerUserId ? { ownerId: String(moveIn.ownerUserId) } : {}),
      ...(settings.warrantyTechnicianId ? { assigneeId: String(settings.warrantyTechnicianId) } : {}),
    });
    await MoveInDefect.updateOne({ _id: defect._id }, { $set: { repairId: new ObjectId(repair.id), repairNo: repair.orderNo } });
  }
  const stepDone = (moveIn.steps ?? []).some((s) => s.key === 'inspection' && s.done);
  if ((moveIn.status === 'waiting' || moveIn.status === 'in_progress') && !stepDone) {
    const count = input.defects.length;
    await markStep(caller, String(moveIn._id), 'inspection', count ? `验房发现${count}处问题，已转维保报修` : '验房合格');
  }
  return inspectionView(caller, input.moveInId);
}

/** The defect's record (made once: its id is derived from the inspection and its place in it). */
async function recordDefect(moveIn: MoveInDoc, inspection: MoveInInspectionDoc, index: number, d: SubmitInspectionInput['defects'][number]): Promise<MoveInDefectDoc> {
  const _id = idOfRequest(`${String(inspection._id)}:${index}`);
  const existing = (await MoveInDefect.findById(_id).lean()) as MoveInDefectDoc | null;
  if (existing) return existing;
  try {
    await MoveInDefect.create({
      _id,
      communityId: moveIn.communityId,
      moveInId: moveIn._id,
      inspectionId: inspection._id,
      unitId: moveIn.unitId,
      buildingId: moveIn.buildingId,
      ...(moveIn.batchId ? { batchId: moveIn.batchId } : {}),
      round: inspection.round,
      index,
      room: d.room,
      item: d.item,
      description: d.description,
      photoIds: d.photoIds,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return (await MoveInDefect.findById(_id).lean()) as MoveInDefectDoc;
}

/** Defects as shown, with their repairs' current status (one read of the repairs module). */
async function defectViews(communityId: Id | string, defects: MoveInDefectDoc[]): Promise<MoveInDefectView[]> {
  const repairs = await repairSummaries(communityId, defects.flatMap((d) => (d.repairId ? [String(d.repairId)] : [])));
  const byId = new Map(repairs.map((r) => [r.id, r]));
  return defects.map((d) => {
    const r = d.repairId ? byId.get(String(d.repairId)) : undefined;
    return {
      id: String(d._id),
      round: d.round,
      room: d.room as InspectionRoom,
      item: d.item as InspectionItem,
      description: d.description,
      createdAt: d.createdAt.toISOString(),
      ...(r ? { repair: { id: r.id, orderNo: r.orderNo, status: r.status, ...(r.assigneeName ? { assigneeName: r.assigneeName } : {}), ...(r.deadline ? { deadline: r.deadline.at } : {}), overdue: Boolean(r.deadline?.overdue), breached: r.breached } } : {}),
    };
  });
}

const byRoundAndPlace = { round: 1, index: 1 } as const;

/** The case's inspection rounds and defects (agents, managers). */
export async function inspectionView(caller: Caller, moveInId: string): Promise<MoveInInspectionView> {
  const moveIn = await loadCase(caller, moveInId);
  const [rounds, defects, settings] = await Promise.all([
    MoveInInspection.find({ communityId: moveIn.communityId, moveInId: moveIn._id }).sort({ at: 1 }).lean() as unknown as Promise<MoveInInspectionDoc[]>,
    MoveInDefect.find({ communityId: moveIn.communityId, moveInId: moveIn._id }).sort(byRoundAndPlace).lean() as unknown as Promise<MoveInDefectDoc[]>,
    moveInSettingsOf(String(moveIn.communityId)),
  ]);
  const tech = settings.warrantyTechnicianId ? await technician(String(moveIn.communityId), String(settings.warrantyTechnicianId)) : null;
  return {
    moveInId: String(moveIn._id),
    unitLabel: moveIn.unitLabel,
    buyerName: moveIn.buyer?.name ?? '',
    status: moveIn.status as MoveInStatus,
    stepDone: (moveIn.steps ?? []).some((s) => s.key === 'inspection' && s.done),
    ...(tech ? { warrantyTo: tech.name } : {}),
    rounds: rounds.map(
      (r): MoveInInspectionRound => ({
        id: String(r._id),
        round: r.round,
        at: r.at.toISOString(),
        byName: r.byName,
        checked: (r.checks ?? []).length,
        defectCount: r.defectCount,
        ...(r.note ? { note: r.note } : {}),
      }),
    ),
    defects: await defectViews(moveIn.communityId, defects),
  };
}

/** Owner: the defects of the cases of my units (newest case first). */
export async function myDefects(caller: Caller): Promise<MyMoveInDefects> {
  if (!caller.unitIds.length) return { cases: [] };
  const cases = (await MoveIn.find({ ...reachableMoveIns(caller), status: { $ne: 'cancelled' } }, { unitLabel: 1, status: 1, createdAt: 1 }).sort({ createdAt: -1 }).lean()) as MoveInDoc[];
  if (!cases.length) return { cases: [] };
  const ids = cases.map((c) => c._id);
  const communityId = new ObjectId(caller.communityId);
  const [defects, inspected] = await Promise.all([
    MoveInDefect.find({ communityId, moveInId: { $in: ids } }).sort(byRoundAndPlace).lean() as unknown as Promise<MoveInDefectDoc[]>,
    MoveInInspection.find({ communityId, moveInId: { $in: ids } }, { moveInId: 1 }).lean(),
  ]);
  const views = await defectViews(communityId, defects);
  const viewOf = new Map(views.map((v) => [v.id, v]));
  return {
    cases: cases.map((c) => ({
      moveInId: String(c._id),
      unitLabel: c.unitLabel,
      status: c.status as MoveInStatus,
      inspected: inspected.some((i) => String(i.moveInId) === String(c._id)),
      defects: defects.filter((d) => String(d.moveInId) === String(c._id)).flatMap((d) => viewOf.get(String(d._id)) ?? []),
    })),
  };
}
