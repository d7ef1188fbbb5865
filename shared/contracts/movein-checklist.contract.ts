import { z } from 'zod';
import type { PaymentMethod } from '../domain/fees';
import { CARD_KINDS, DOCUMENT_RETENTION_LIMITS, KEYS_LIMITS, MOVEIN_OCCUPANCIES, MOVEIN_STEPS, PLAIN_STEPS, type CardKind, type MoveInKind, type MoveInStatus, type MoveInStep } from '../domain/movein';
import type { UnitStatus } from '../domain/units';
import { action, calendarDay, community, objectId, page, type Paged, pageSize } from './contract';
import { idNumberField, personName, phoneField } from './community.contract';

/**
 * The 入伙手续书 (checklist) of a move-in case, for agents and managers (movein.md "The 入伙手续书
 * (checklist)"): start, the steps, the fees, the signatures, keys and cards, completion, its PDF;
 * 零散入住; the community's move-in settings.
 */

/** A case in the move-in desk's lists. The buyer's phone is masked; the ID number never appears. */
export interface MoveInCaseSummary {
  id: string;
  unitId: string;
  unitLabel: string;
  kind: MoveInKind;
  status: MoveInStatus;
  buyerName: string;
  buyerPhone: string;
  booking?: { day: string; slotLabel: string };
  stepsDone: number;
  stepsTotal: number;
  /** Required steps not done yet. */
  missing: MoveInStep[];
}

export interface MoveInStepView {
  key: MoveInStep;
  required: boolean;
  done: boolean;
  doneAt?: string;
  byName?: string;
  note?: string;
}

/** A bill of the unit due at move-in (the batch's fee items; all the unit's bills without a batch). */
export interface MoveInBill {
  id: string;
  itemName: string;
  periodLabel: string;
  amountFen: number;
  dueFen: number;
  status: 'open' | 'paid';
}

/** The whole 入伙手续书 as staff see it. Signatures are expiring links (staff only). */
export interface MoveInCaseView extends MoveInCaseSummary {
  buyer: { name: string; phone: string; /** masked: 1101**********1234 */ idNumber: string; bound: boolean };
  batchName?: string;
  /** What the batch asks owners to bring (资料). */
  documents: string[];
  steps: MoveInStepView[];
  fees: { bills: MoveInBill[]; dueFen: number };
  signatures: { step: string; signer: string; at: string; url: string }[];
  keys: { name: string; count: number }[];
  cards: { kind: CardKind; number: string }[];
  occupancy?: UnitStatus;
  movedInOn?: string;
  startedAt?: string;
  doneAt?: string;
  history: { at: string; event: string; byName: string; note?: string }[];
}

export interface MoveInSettingsView {
  requiredSteps: MoveInStep[];
  documentRetentionDays: number;
  warrantyTechnicianId?: string;
  /** The community's technicians, to choose the 维保 technician among. */
  technicians: { id: string; name: string }[];
  updatedBy?: string;
  updatedAt?: string;
}

/** The 入伙手续书 as an A4 PDF (base64). */
export interface MoveInPdfFile {
  fileName: string;
  mime: 'application/pdf';
  contentBase64: string;
}

const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const STAFF = ['agent', 'manager'] as const;
const caseRef = { moveInId: 'moveIn' } as const;
const note = z.string().trim().max(200, '备注不超过200字');
const day = calendarDay();
const signatureFile = z.string().regex(/^f_[a-f0-9]{24}$/, '签名文件编号不正确');
const signer = z.string().trim().min(1, '请填写签字人').max(20);

export const buyerSchema = z.object({ name: personName, phone: phoneField, idNumber: idNumberField.optional().default('') }).strict();

export const moveinChecklistActions = {
  /** 入住办理: the cases booked for a day (today by default), or found by unit label (`q`, any day). */
  cases: action<Paged<MoveInCaseSummary>>()(
    z.object({ day: day.optional(), q: z.string().trim().max(30).optional(), page, pageSize }).strict(),
    community([...STAFF]),
  ),
  caseDetail: action<MoveInCaseView>()(z.object({ moveInId: objectId }).strict(), community([...STAFF], caseRef)),
  /** 零散入住: a case without a batch for a unit and its buyer (a unit with an open case or already moved in → 409). */
  createCase: action<MoveInCaseView>()(z.object({ kind: z.literal('single').default('single'), unitId: objectId, buyer: buyerSchema, requestId }).strict(), community([...STAFF], { unitId: 'unit' })),
  /** 开始办理: waiting → in progress. */
  startCase: action<MoveInCaseView>()(z.object({ moveInId: objectId }).strict(), community([...STAFF], caseRef)),
  /** Tick a plain step (资料, 费用 when nothing is open, 验房) with a note. */
  tickStep: action<MoveInCaseView>()(z.object({ moveInId: objectId, step: z.enum(PLAIN_STEPS as [MoveInStep, ...MoveInStep[]]), note: note.optional() }).strict(), community([...STAFF], caseRef)),
  /** Undo a step (its signature stays in the record; a new one is drawn when it is done again). */
  undoStep: action<MoveInCaseView>()(z.object({ moveInId: objectId, step: z.enum(MOVEIN_STEPS), reason: note.optional() }).strict(), community([...STAFF], caseRef)),
  /** 核验身份: the ID number on the card shown, compared with the buyer's recorded one (409 when it differs). */
  checkIdentity: action<MoveInCaseView>()(z.object({ moveInId: objectId, idNumber: idNumberField.refine((v) => v.length > 0, '请填写身份证号') }).strict(), community([...STAFF], caseRef)),
  /** The owner pays the move-in bills at the desk: a payment in the fees ledger (once per `requestId`); the fees step is done when nothing is left. */
  payFees: action<MoveInCaseView>()(
    z
      .object({
        moveInId: objectId,
        amountFen: z.number().int().min(1, '金额须大于0').max(100_000_000),
        method: z.enum(['cash', 'transfer', 'pos'] as [PaymentMethod, ...PaymentMethod[]]),
        receiptNo: z.string().trim().regex(/^[\w-]{3,32}$/, '收据号为3到32位字母、数字或-'),
        requestId,
      })
      .strict(),
    community([...STAFF], caseRef),
  ),
  /** 业主公约 · 前期物业服务协议 signed: the owner's signature drawn on the phone (an uploaded PNG, purpose 'signature'). */
  signAgreements: action<MoveInCaseView>()(z.object({ moveInId: objectId, signer, fileId: signatureFile }).strict(), community([...STAFF], caseRef)),
  /** 钥匙交接: which keys, how many, and the owner's signature. */
  handOverKeys: action<MoveInCaseView>()(
    z
      .object({
        moveInId: objectId,
        keys: z
          .array(z.object({ name: z.string().trim().min(1, '请填写钥匙名称').max(20), count: z.number().int().min(1, '数量至少为1').max(KEYS_LIMITS.count) }).strict())
          .min(1, '请至少登记一种钥匙')
          .max(KEYS_LIMITS.kinds),
        signer,
        fileId: signatureFile,
      })
      .strict(),
    community([...STAFF], caseRef),
  ),
  /** 业主卡 / 门禁卡 issued: their numbers. */
  issueCards: action<MoveInCaseView>()(
    z
      .object({
        moveInId: objectId,
        cards: z
          .array(z.object({ kind: z.enum(CARD_KINDS), number: z.string().trim().regex(/^[\w-]{1,32}$/, '卡号为1到32位字母、数字或-') }).strict())
          .min(1, '请至少登记一张卡')
          .max(10),
      })
      .strict(),
    community([...STAFF], caseRef),
  ),
  /**
   * 办结入住: every required step done (else 409 MOVEIN.STEPS_MISSING naming them); the owner is bound in
   * the records (owner of the unit, move-in day, unit status) and told 已入住.
   */
  completeCase: action<MoveInCaseView>()(z.object({ moveInId: objectId, occupancy: z.enum(MOVEIN_OCCUPANCIES), movedInOn: day.optional(), requestId }).strict(), community([...STAFF], caseRef)),
  /** 取消办理 (the purchase fell through, a wrong case): the unit is free for a new case, a booked place is given back. */
  cancelCase: action<MoveInCaseView>()(z.object({ moveInId: objectId, reason: note.refine((v) => v.trim().length > 0, '请填写取消原因') }).strict(), community([...STAFF], caseRef)),
  /** The 入伙手续书 as a PDF with its signatures. */
  casePdf: action<MoveInPdfFile>()(z.object({ moveInId: objectId }).strict(), community([...STAFF], caseRef)),
  settings: action<MoveInSettingsView>()(z.object({}).strict().optional().default({}), community([...STAFF])),
  saveSettings: action<MoveInSettingsView>()(
    z
      .object({
        requiredSteps: z.array(z.enum(MOVEIN_STEPS)).max(MOVEIN_STEPS.length),
        documentRetentionDays: z.number().int().min(DOCUMENT_RETENTION_LIMITS.min, `至少保留${DOCUMENT_RETENTION_LIMITS.min}天`).max(DOCUMENT_RETENTION_LIMITS.max, `最多保留${DOCUMENT_RETENTION_LIMITS.max}天`),
        warrantyTechnicianId: objectId.optional(),
      })
      .strict(),
    community(['manager'], { warrantyTechnicianId: 'staff' }),
  ),
};
