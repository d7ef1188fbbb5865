import { z } from 'zod';
import type { ComplaintCategory, ComplaintStatus } from '../domain/complaints';
import { MAX_PATROL_PHOTOS, RENOVATION_TEXT_MAX, VIOLATION_SEVERITIES, type PatrolKind, type PatrolOutcome, type PatrolStatus, type RenovationStatus, type ViolationSeverity } from '../domain/renovation';
import { action, calendarDay, community, objectId, page, type Paged, pageSize } from './contract';

/**
 * Site patrols and violations of a renovation (renovation.md "Patrols and violations"): patrol
 * tasks (routine by the community's frequency, re-inspections on a 整改通知's deadline), the
 * checklist (standard items and the forbidden works), a violation's 整改通知 (owner message,
 * printable notice for the contractor, a call task), suspension and resumption by the manager,
 * and the neighbours' complaints about the unit.
 */

/** A neighbour's complaint about the unit (complaints' `aboutUnitId`), as the patrol shows it. */
export interface ComplaintAboutUnit {
  id: string;
  caseNo: string;
  category: ComplaintCategory;
  status: ComplaintStatus;
  description: string;
  createdAt: string;
}

/** A patrol task in the lists. */
export interface PatrolSummary {
  id: string;
  renovationId: string;
  renovationNo: string;
  unitLabel: string;
  renovationStatus: RenovationStatus;
  kind: PatrolKind;
  dueOn: string;
  status: PatrolStatus;
  /** Open and due before today. */
  overdue: boolean;
  outcome?: PatrolOutcome;
  byName?: string;
  doneAt?: string;
  /** A violation: its notice and deadline. */
  noticeNo?: string;
  deadline?: string;
}

/** One item of the checklist (standard items, then the community's forbidden works `forbidden:<key>`). */
export interface PatrolCheckItem {
  key: string;
  label: string;
  hint: string;
  forbidden: boolean;
}

/** A violation (整改通知) of a renovation. */
export interface ViolationView {
  patrolId: string;
  noticeNo: string;
  severity: ViolationSeverity;
  items: { key: string; label: string; note?: string }[];
  /** Found on, YYYY-MM-DD; rectify by (the re-inspection's day). */
  foundOn: string;
  deadline: string;
  byName: string;
  /** Still open (not rectified and not replaced by a newer notice). */
  open: boolean;
  /** Open and the deadline passed. */
  overdue: boolean;
  rectified: boolean;
  rectifiedAt?: string;
  /** Not rectified at the re-inspection: the newer notice that replaced it. */
  supersededByNo?: string;
  reinspectionId?: string;
}

/** A patrol task as its form shows it. */
export interface PatrolView extends PatrolSummary {
  renovation: { id: string; no: string; unitLabel: string; status: RenovationStatus; ownerName: string; contractor: { company: string; foreman: string; phone: string }; plannedStart: string; plannedEnd: string; permitNo?: string; works: string[] };
  /** The checklist to fill (open) or as filled (done). */
  items: PatrolCheckItem[];
  checks: { key: string; label: string; ok: boolean; note?: string }[];
  photos: { id: string; url: string }[];
  note?: string;
  severity?: ViolationSeverity;
  /** A re-inspection: the violation it re-inspects. */
  reinspects?: ViolationView;
  /** This patrol's violation (done with outcome violation). */
  violation?: ViolationView;
  /** Neighbours' complaints about the unit since the renovation was applied for. */
  complaints: ComplaintAboutUnit[];
  /** Recorded now: the manager is advised to suspend the works (serious, or the 3rd notice). */
  suspendProposal?: string;
}

/** The patrol section of a renovation's page (the owner sees violations and deadlines; complaints only staff). */
export interface RenovationPatrolSection {
  renovationId: string;
  status: RenovationStatus;
  nextPatrolOn?: string;
  patrols: PatrolSummary[];
  violations: ViolationView[];
  openViolations: number;
  complaints: ComplaintAboutUnit[];
  suspension?: { reason: string; at: string; byName: string };
  suspendProposal?: { reason: string; at: string };
  /** What the caller may do here (buttons). */
  can: { patrol: boolean; suspend: boolean; resume: boolean };
}

export interface RectifyNoticePdf {
  fileName: string;
  mime: 'application/pdf';
  contentBase64: string;
}

const STAFF = ['agent', 'manager'] as const;
const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const fileId = z.string().regex(/^[\w-]{8,64}$/, '照片编号不正确');
const renovationRef = { renovationId: 'renovation' } as const;
const patrolRef = { patrolId: 'renovationPatrol' } as const;
const day = calendarDay();

export const renovationPatrolsActions = {
  /** Staff: patrol tasks — due (today's and overdue, open), all open, or done (newest first). */
  patrols: action<Paged<PatrolSummary>>()(
    z
      .object({ when: z.enum(['due', 'open', 'done']).default('due'), renovationId: objectId.optional(), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community([...STAFF], renovationRef),
  ),
  /** Staff: one patrol task with its checklist, the violation it re-inspects and the neighbours' complaints. */
  patrol: action<PatrolView>()(z.object({ patrolId: objectId }).strict(), community([...STAFF], patrolRef)),
  /** Staff: a patrol now, outside the schedule (e.g. after a complaint): today's routine task of the renovation (made once a day). */
  startPatrol: action<PatrolView>()(z.object({ renovationId: objectId }).strict(), community([...STAFF], renovationRef)),
  /**
   * Staff: the patrol's result — every item checked, photos, a note; any item not in order is a
   * violation: severity and a deadline (the 整改通知 to the owner and the contractor, and its
   * re-inspection on the deadline). On a re-inspection, all in order = rectified. Idempotent by request id.
   */
  recordPatrol: action<PatrolView>()(
    z
      .object({
        patrolId: objectId,
        requestId,
        checks: z
          .array(z.object({ key: z.string().min(1).max(60), ok: z.boolean(), note: z.string().trim().max(200, '说明最多200字').optional() }).strict())
          .min(1, '请完成巡查项目')
          .max(60),
        photoIds: z.array(fileId).max(MAX_PATROL_PHOTOS, `照片最多${MAX_PATROL_PHOTOS}张`).default([]),
        note: z.string().trim().max(RENOVATION_TEXT_MAX, `备注最多${RENOVATION_TEXT_MAX}字`).optional(),
        severity: z.enum(VIOLATION_SEVERITIES, { message: '请选择违规程度' }).optional(),
        deadline: day.optional(),
      })
      .strict(),
    community([...STAFF], patrolRef),
  ),
  /** The renovation's patrols, violations (with deadlines) and, for staff, the complaints about the unit. */
  patrolSection: action<RenovationPatrolSection>()(z.object({ renovationId: objectId }).strict(), community(['owner', ...STAFF], renovationRef)),
  /** The 整改通知单 of a violation (A4 PDF, for the contractor). */
  rectifyPdf: action<RectifyNoticePdf>()(z.object({ patrolId: objectId }).strict(), community(['owner', ...STAFF], patrolRef)),
  /** Manager: 停工整改 — the passes stop working at the gate; owner told, contractor called. */
  suspend: action<RenovationPatrolSection>()(z.object({ renovationId: objectId, reason: z.string({ message: '请填写停工原因' }).trim().min(2, '请填写停工原因').max(200, '停工原因最多200字') }).strict(), community(['manager'], renovationRef)),
  /** Manager: 复工 — only when no violation is open. */
  resume: action<RenovationPatrolSection>()(z.object({ renovationId: objectId, note: z.string().trim().max(200, '备注最多200字').optional() }).strict(), community(['manager'], renovationRef)),
};
