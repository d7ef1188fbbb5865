import { z } from 'zod';
import type { RenovationStatus, RenovationWork, WorkingHours } from '../domain/renovation';
import { RETURN_REASON_MAX, REVIEW_CONDITION_MAX_CHARS, REVIEW_CONDITIONS_MAX, REVIEW_NOTE_MAX, type PassVerdict, type RenovationPassStatus } from '../domain/renovation-permit';
import { idNumberField, personName, phoneField } from './community.contract';
import { action, community, objectId } from './contract';
import type { RenovationView } from './renovation-view';

/**
 * The approval part of renovation (renovation.md "Approval, permit and passes"): the agent's review
 * with conditions, the manager's approval (exceptions granted or refused) or return, the 装修许可证
 * (page and PDF), the 装修出入证 per worker (revoked at once, added later), the gate's check of a
 * worker's code, and the start of the works (fees paid; the neighbours told).
 */

/** A worker's 装修出入证 as staff and the owner see it (the ID number masked). */
export interface RenovationPassView {
  id: string;
  workerId: string;
  name: string;
  /** Masked: 1101**********1234. */
  idNumber: string;
  phone: string;
  photoUrl?: string;
  code: string;
  status: RenovationPassStatus;
  /** What the gate would say today, and why. */
  verdict: PassVerdict;
  reason: string;
  issuedAt: string;
  revokedAt?: string;
  revokedByName?: string;
  revokeReason?: string;
}

/** The 装修许可证 page (owner shows it on the phone; staff print it): the permit, the working hours, the passes. */
export interface RenovationPermitView {
  renovationId: string;
  no: string;
  unitLabel: string;
  status: RenovationStatus;
  ownerName: string;
  contractor: { company: string; foreman: string; phone: string };
  works: RenovationWork[];
  permit?: NonNullable<RenovationView['permit']>;
  workingHours: WorkingHours;
  workingHoursText: string;
  /** Whether noisy works are allowed right now. */
  noisyAllowedNow: boolean;
  passes: RenovationPassView[];
  /** Staff may revoke passes; staff and the owner may add a worker (while the permit is in force). */
  canRevoke: boolean;
  canAddWorker: boolean;
}

/** The gate's look at a worker's code: the one place the ID number is shown whole. */
export interface GatePassView {
  passId: string;
  code: string;
  verdict: PassVerdict;
  reason: string;
  name: string;
  /** Whole: the guard compares it with the worker's ID card. */
  idNumber: string;
  phone: string;
  photoUrl?: string;
  unitLabel: string;
  renovationNo: string;
  renovationStatus: RenovationStatus;
  company: string;
  foreman: string;
  validFrom: string;
  validTo: string;
  /** Noisy works (电钻、切割、敲打) allowed right now; any works at all right now. */
  noisyAllowed: boolean;
  anyWorkAllowed: boolean;
  workingHoursText: string;
}

export interface RenovationPdfFile {
  fileName: string;
  mime: 'application/pdf';
  contentBase64: string;
}

const STAFF = ['agent', 'manager'] as const;
const ALL = ['owner', 'agent', 'manager'] as const;
const ref = { renovationId: 'renovation' } as const;
const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const conditions = z
  .array(z.string().trim().min(1, '条件不能为空').max(REVIEW_CONDITION_MAX_CHARS, `每条条件最多${REVIEW_CONDITION_MAX_CHARS}字`))
  .max(REVIEW_CONDITIONS_MAX, `条件最多${REVIEW_CONDITIONS_MAX}条`)
  .default([]);

export const renovationApprovalActions = {
  /** 客服审核: submitted → reviewed, with the conditions the works must keep (printed on the permit) and a note for the manager. */
  review: action<RenovationView>()(
    z.object({ renovationId: objectId, conditions, note: z.string().trim().max(REVIEW_NOTE_MAX, `备注最多${REVIEW_NOTE_MAX}字`).optional() }).strict(),
    community([...STAFF], ref),
  ),
  /** 退回修改: submitted or reviewed → returned with the reasons; the owner is told. */
  return: action<RenovationView>()(
    z.object({ renovationId: objectId, reason: z.string().trim().min(1, '请填写退回原因').max(RETURN_REASON_MAX, `退回原因最多${RETURN_REASON_MAX}字`) }).strict(),
    community([...STAFF], ref),
  ),
  /**
   * 批准 (manager): reviewed → approved. Each forbidden work with an exception is granted (or refused:
   * 409 RENOVATION.FORBIDDEN_WORK naming the rule — return it instead). Issues the 装修许可证 (valid for
   * the planned dates, the review's conditions plus `conditions`), bills the fees, issues a 装修出入证
   * per worker and tells the owner.
   */
  approve: action<RenovationView>()(
    z
      .object({
        renovationId: objectId,
        exceptions: z
          .array(z.object({ key: z.string().trim().min(1).max(40), approved: z.boolean() }).strict())
          .max(30)
          .default([]),
        conditions,
      })
      .strict(),
    community(['manager'], ref),
  ),
  /** 开工: approved → in progress, only with every bill of the renovation paid (409 RENOVATION.FEES_UNPAID naming them); the neighbours get the 装修施工告知. */
  start: action<RenovationView>()(z.object({ renovationId: objectId }).strict(), community([...STAFF], ref)),
  /** The 装修许可证 with the working hours and the passes (owner: of my unit). */
  permit: action<RenovationPermitView>()(z.object({ renovationId: objectId }).strict(), community([...ALL], ref)),
  /** The 装修许可证 printed (A4 PDF). */
  permitPdf: action<RenovationPdfFile>()(z.object({ renovationId: objectId }).strict(), community([...ALL], ref)),
  /** 新增施工人员: a worker added after approval gets a pass (one per request). */
  addWorker: action<RenovationPassView>()(
    z
      .object({
        renovationId: objectId,
        requestId,
        name: personName,
        idNumber: idNumberField.refine((v) => v.length > 0, '请填写施工人员身份证号'),
        phone: z.union([z.literal(''), phoneField]).default(''),
        photoFileId: z
          .string()
          .regex(/^f_[a-f0-9]{24}$/, '文件编号不正确')
          .optional(),
      })
      .strict(),
    community([...ALL], ref),
  ),
  /** 撤销出入证 at once (staff); revoked already → as it is. */
  revokePass: action<RenovationPassView>()(
    z.object({ passId: objectId, reason: z.string().trim().min(1, '请填写撤销原因').max(200, '撤销原因最多200字') }).strict(),
    community([...STAFF], { passId: 'renovationPass' }),
  ),
  /** 门岗核验 of a worker's code: the verdict with its reason, photo, name, the whole ID number, unit, permit dates, noisy works allowed now. */
  checkPass: action<GatePassView>()(
    z
      .object({
        code: z
          .string()
          .trim()
          .min(4, '请输入出入证编码')
          .max(16, '编码过长'),
      })
      .strict(),
    community([...STAFF]),
  ),
};
