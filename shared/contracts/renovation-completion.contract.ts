import { z } from 'zod';
import { ACCEPTANCE_DEDUCTIONS_MAX, ACCEPTANCE_DEFECTS_MAX, ACCEPTANCE_ITEM_KEYS, DEDUCTION_FEN_MAX, WATER_TEST_RESULTS, type AcceptanceItemKey, type RenovationStatus, type WaterTestResult } from '../domain/renovation';
import { action, calendarDay, community, objectId } from './contract';
import type { RenovationView } from './renovation-view';

/**
 * The completion part of renovation (renovation.md "Completion, deposit and the board"): the owner
 * applies for acceptance (完工验收), staff inspect with the checklist and the 闭水试验 record, defects and
 * deductions; the deposit given back minus deductions through the fees ledger; the manager's board and
 * a contractor's history.
 */

/** One round of acceptance (a failed one sends the works back; the last one is the result). */
export interface AcceptanceRoundView {
  round: number;
  outcome: 'pass' | 'fail';
  items: { key: AcceptanceItemKey; label: string; ok: boolean; note?: string }[];
  waterTest?: { date: string; hours: number; result: WaterTestResult; photoUrl?: string; note?: string };
  defects: { description: string; photoUrl?: string }[];
  deductions: { reason: string; amountFen: number }[];
  note?: string;
  byName: string;
  at: string;
}

/** What the acceptance component shows: the owner's application, the rounds, the deposit. */
export interface RenovationCompletionView {
  renovationId: string;
  status: RenovationStatus;
  /** When the owner applied for acceptance (the latest time), and their note. */
  appliedAt?: string;
  appliedNote?: string;
  /** The 闭水试验 the works need (hours), or absent. */
  waterTestHours?: number;
  rounds: AcceptanceRoundView[];
  /** The deposit bill and what becomes of it: held, or returned (refund and deductions). */
  deposit?: {
    billId: string;
    amountFen: number;
    paid: boolean;
    deductedFen: number;
    refundFen: number;
    /** `held`: accepted, not given back (or a violation open); `returned`: given back. */
    state: 'unpaid' | 'paid' | 'held' | 'returned';
    heldReason?: string;
    returnedAt?: string;
    returnedBy?: string;
    /** Part of the refund still at WeChat Pay (退款中). */
    pendingFen?: number;
  };
  openViolations: number;
}

export interface BoardRow {
  id: string;
  no: string;
  unitLabel: string;
  ownerName: string;
  company: string;
  status: RenovationStatus;
  plannedStart: string;
  plannedEnd: string;
  nextPatrolOn?: string;
  openViolations: number;
  /** Days past the planned end (overdue acceptances). */
  daysOverdue?: number;
  depositFen?: number;
  heldReason?: string;
}

/** The manager's board (装修管理看板). */
export interface RenovationBoardView {
  /** Each section's total; a section lists at most its first 50 rows (board.service.ts BOARD_SECTION_LIMIT). */
  counts: { waiting: number; active: number; overdue: number; depositsHeld: number };
  /** Submitted (待审核) and reviewed (待审批), oldest first. */
  waiting: BoardRow[];
  /** In progress and suspended: next patrol first. */
  active: BoardRow[];
  /** Works past the planned end without acceptance. */
  overdue: BoardRow[];
  /** Accepted, deposit not given back: waiting for the refund, or held for open violations. */
  depositsHeld: BoardRow[];
  /** Contractors with the most violations (links to their history). */
  contractors: { company: string; renovations: number; violations: number }[];
}

/** A contractor's history across units. */
export interface ContractorHistoryView {
  company: string;
  licence?: string;
  renovations: (BoardRow & { violationCount: number })[];
  totals: { renovations: number; active: number; violations: number; openViolations: number };
}

const STAFF = ['agent', 'manager'] as const;
const ALL = ['owner', 'agent', 'manager'] as const;
const ref = { renovationId: 'renovation' } as const;
const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const fileId = z.string().regex(/^f_[a-f0-9]{24}$/, '文件编号不正确');
const day = calendarDay();
const fen = z.number({ message: '请填写金额' }).int('金额须精确到分').min(1, '金额须大于0').max(DEDUCTION_FEN_MAX, '金额过大');

export const renovationCompletionActions = {
  /** renovation.completion: the acceptance rounds and the deposit (owner of the unit, staff). */
  completion: action<RenovationCompletionView>()(z.object({ renovationId: objectId }).strict(), community([...ALL], ref)),
  /** renovation.applyAcceptance: the owner (or an agent for them) says the works are done: in_progress → acceptance. */
  applyAcceptance: action<RenovationView>()(
    z.object({ renovationId: objectId, requestId, note: z.string().trim().max(200, '说明最多200字').optional() }).strict(),
    community([...ALL], ref),
  ),
  /** renovation.recordAcceptance: staff inspect; pass → accepted, fail → back in progress with the defects. */
  recordAcceptance: action<RenovationView>()(
    z
      .object({
        renovationId: objectId,
        requestId,
        outcome: z.enum(['pass', 'fail']),
        items: z
          .array(z.object({ key: z.enum(ACCEPTANCE_ITEM_KEYS), ok: z.boolean(), note: z.string().trim().max(200, '说明最多200字').optional() }).strict())
          .max(ACCEPTANCE_ITEM_KEYS.length),
        waterTest: z
          .object({ date: day, hours: z.number().int('小时须为整数').min(1, '闭水时长至少1小时').max(240, '闭水时长不超过240小时'), result: z.enum(WATER_TEST_RESULTS), photoFileId: fileId.optional(), note: z.string().trim().max(200).optional() })
          .strict()
          .optional(),
        defects: z
          .array(z.object({ description: z.string().trim().min(1, '请描述问题').max(200, '问题描述最多200字'), photoFileId: fileId.optional() }).strict())
          .max(ACCEPTANCE_DEFECTS_MAX, `最多${ACCEPTANCE_DEFECTS_MAX}项问题`)
          .default([]),
        deductions: z
          .array(z.object({ reason: z.string().trim().min(1, '请填写扣款原因').max(100, '扣款原因最多100字'), amountFen: fen }).strict())
          .max(ACCEPTANCE_DEDUCTIONS_MAX, `最多${ACCEPTANCE_DEDUCTIONS_MAX}项扣款`)
          .default([]),
        note: z.string().trim().max(500, '备注最多500字').optional(),
      })
      .strict()
      .refine((a) => a.outcome === 'pass' || a.defects.length > 0, { message: '验收不通过须写明问题', path: ['defects'] }),
    community([...STAFF], ref),
  ),
  /** renovation.refundDeposit: the manager gives the deposit back minus the deductions (fees ledger): accepted → closed. */
  refundDeposit: action<RenovationView>()(z.object({ renovationId: objectId, requestId }).strict(), community(['manager'], ref)),
  /** renovation.board: the manager's board. */
  board: action<RenovationBoardView>()(z.object({}).strict().optional().default({}), community(['manager'])),
  /** renovation.contractorHistory: one contractor's renovations and violations across units. */
  contractorHistory: action<ContractorHistoryView>()(z.object({ company: z.string().trim().min(1, '请填写施工单位').max(100) }).strict(), community(['manager'])),
};
