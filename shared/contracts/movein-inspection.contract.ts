import { z } from 'zod';
import {
  INSPECTION_ITEMS,
  INSPECTION_ROOMS,
  MAX_DEFECT_PHOTOS,
  MAX_DEFECTS_PER_INSPECTION,
  MAX_PAPER_PHOTOS,
  PAPER_KINDS,
  type InspectionItem,
  type InspectionRoom,
  type MoveInStatus,
  type PaperKind,
} from '../domain/movein';
import type { RepairStatus } from '../domain/repairs';
import { action, community, objectId } from './contract';

/**
 * 验房 (inspection) of a move-in case and the owners' papers (movein.md "Inspection (验房) and
 * owners' papers"): agents record rooms and items, each defect becomes a 维保 repair order; owners
 * follow their defects, and upload photos of 购房合同 / 身份证 that only staff see.
 */

/** A defect and the repair it became (its status from the repairs module). */
export interface MoveInDefectView {
  id: string;
  round: number;
  room: InspectionRoom;
  item: InspectionItem;
  description: string;
  createdAt: string;
  /** The repair order (absent until it is made); `overdue`: its running deadline has passed; `breached`: one was missed. */
  repair?: { id: string; orderNo: string; status: RepairStatus; assigneeName?: string; deadline?: string; overdue: boolean; breached: boolean };
}

export interface MoveInInspectionRound {
  id: string;
  round: number;
  at: string;
  byName: string;
  /** Items checked, and how many of them had a defect. */
  checked: number;
  defectCount: number;
  note?: string;
}

/** The inspection of a case as agents see it. */
export interface MoveInInspectionView {
  moveInId: string;
  unitLabel: string;
  buyerName: string;
  status: MoveInStatus;
  /** Whether the checklist's 验房 step is done. */
  stepDone: boolean;
  /** Who defects go to (the settings' warranty technician), or the repairs module's dispatch. */
  warrantyTo?: string;
  rounds: MoveInInspectionRound[];
  defects: MoveInDefectView[];
}

/** The owner's defects, per case (unit). */
export interface MyMoveInDefects {
  cases: { moveInId: string; unitLabel: string; status: MoveInStatus; inspected: boolean; defects: MoveInDefectView[] }[];
}

/** An owner's paper as its uploader sees it: kind and time, never the images. */
export interface MoveInPaperMine {
  id: string;
  kind: PaperKind;
  photoCount: number;
  uploadedAt: string;
}

export interface MyMoveInPapers {
  /** Days the papers are kept after the case is done (the community's setting). */
  retentionDays: number;
  cases: { moveInId: string; unitLabel: string; status: MoveInStatus; canChange: boolean; papers: MoveInPaperMine[] }[];
}

/** Staff's list of a case's papers: who, what, when — no images (those come one paper at a time, paperPhotos). */
export interface MoveInPaperEntry {
  id: string;
  kind: PaperKind;
  ownerName: string;
  photoCount: number;
  uploadedAt: string;
}

/** One paper's photos: links that expire within minutes. */
export interface MoveInPaperPhotos {
  id: string;
  kind: PaperKind;
  ownerName: string;
  uploadedAt: string;
  photos: { id: string; url: string }[];
}

const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const fileId = z.string().regex(/^[\w-]{8,64}$/, '照片编号不正确');
const room = z.enum(INSPECTION_ROOMS, { message: '请选择房间' });
const item = z.enum(INSPECTION_ITEMS, { message: '请选择检查项目' });
const caseRef = { moveInId: 'moveIn' } as const;
const paperRef = { paperId: 'moveInPaper' } as const;

const defect = z
  .object({
    room,
    item,
    description: z.string({ message: '请描述问题' }).trim().min(4, '请至少用4个字描述问题').max(300, '问题描述最多300字'),
    photoIds: z.array(fileId).min(1, '请拍照记录问题').max(MAX_DEFECT_PHOTOS, `每个问题照片最多${MAX_DEFECT_PHOTOS}张`),
  })
  .strict();

export const moveinInspectionActions = {
  /** The case's inspection rounds and defects, with their repairs. */
  inspection: action<MoveInInspectionView>()(z.object({ moveInId: objectId }).strict(), community(['agent', 'manager'], caseRef)),
  /**
   * One round of 验房: the items checked (OK or not) and the defects; each defect becomes a 维保
   * repair order; the first round ticks the checklist's 验房 step. Idempotent by request id.
   */
  submitInspection: action<MoveInInspectionView>()(
    z
      .object({
        moveInId: objectId,
        requestId,
        checks: z
          .array(z.object({ room, item, ok: z.boolean() }).strict())
          .min(1, '请至少检查一项')
          .max(INSPECTION_ROOMS.length * INSPECTION_ITEMS.length, '检查项目过多'),
        defects: z.array(defect).max(MAX_DEFECTS_PER_INSPECTION, `一次验房最多记录${MAX_DEFECTS_PER_INSPECTION}个问题`).default([]),
        note: z.string().trim().max(200, '备注最多200字').optional(),
      })
      .strict(),
    community(['agent', 'manager'], caseRef),
  ),
  /** Owner: the defects of my move-in cases and their repairs. */
  myDefects: action<MyMoveInDefects>()(z.object({}).strict().optional().default({}), community(['owner'])),
  /** Owner: what I uploaded for my cases (kind and time). */
  myPapers: action<MyMoveInPapers>()(z.object({}).strict().optional().default({}), community(['owner'])),
  /** Owner: upload (or replace) the photos of one paper; the same request id twice changes nothing. */
  uploadPaper: action<MoveInPaperMine>()(
    z
      .object({
        moveInId: objectId,
        requestId,
        kind: z.enum(PAPER_KINDS, { message: '请选择资料类型' }),
        fileIds: z.array(fileId).min(1, '请上传照片').max(MAX_PAPER_PHOTOS, `每份资料照片最多${MAX_PAPER_PHOTOS}张`),
      })
      .strict(),
    community(['owner'], caseRef),
  ),
  /** Owner: delete a paper I uploaded (while the case is not done). */
  deletePaper: action<{ deleted: true }>()(z.object({ paperId: objectId }).strict(), community(['owner'], paperRef)),
  /** Staff: the papers of a case (no images). */
  papers: action<MoveInPaperEntry[]>()(z.object({ moveInId: objectId }).strict(), community(['agent', 'manager'], caseRef)),
  /** Staff: one paper's photos, as links that expire within minutes. */
  paperPhotos: action<MoveInPaperPhotos>()(z.object({ paperId: objectId }).strict(), community(['agent', 'manager'], paperRef)),
};
