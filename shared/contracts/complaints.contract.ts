import { z } from 'zod';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  COMPLAINT_TEXT_MAX,
  COMPLAINT_TEXT_MIN,
  COMPLAINT_TEXT_TOO_SHORT,
  COMPLAINT_VALIDITY,
  MAX_COMPLAINT_PHOTOS,
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintDeadlines,
  type ComplaintEvent,
  type ComplaintStage,
  type ComplaintStatus,
  type ComplaintValidity,
} from '../domain/complaints';
import type { FollowUpMethod, FollowUpOutcome, FollowUpStatus } from '../domain/followups';
import { action, community, objectId, page, pageSize, self, type Paged } from './contract';
import { personName, phoneField } from './community.contract';

/**
 * Complaints (投诉处理 · 回访): every complaint is received, accepted by a handler, investigated,
 * answered in writing, followed up with the owner, and only then closed; deadlines escalate.
 */

/** What the caller may do with a complaint now (the client shows only these buttons). */
export type ComplaintAction = ComplaintEvent | 'assign' | 'confirm' | 'unhappy';

export interface ComplaintDeadline {
  stage: ComplaintStage;
  at: string;
  warned: boolean;
  overdue: boolean;
}

export interface ComplaintSummary {
  id: string;
  caseNo: string;
  status: ComplaintStatus;
  category: ComplaintCategory;
  channel: ComplaintChannel;
  urgent: boolean;
  /** Unit label, or 公共 for a complaint about the community. */
  location: string;
  description: string;
  ownerName: string;
  handlerName?: string;
  createdAt: string;
  deadline?: ComplaintDeadline;
  /** A deadline was missed at some stage. */
  breached: boolean;
  reopenCount: number;
  validity?: ComplaintValidity;
  /** The unit complained about (被投诉房屋), set by an agent (noise, corridor, rubbish: a renovation's patrols show it). */
  aboutUnit?: { id: string; label: string };
}

export interface ComplaintHistoryEntry {
  at: string;
  event: ComplaintEvent | 'create' | 'assign';
  from?: ComplaintStatus;
  to: ComplaintStatus;
  byName: string;
  note?: string;
}

export interface ComplaintDetail extends ComplaintSummary {
  photos: { id: string; url: string }[];
  /** In full for agents and managers (they call back); masked for the owner. */
  contactName: string;
  contactPhone: string;
  relatedRepair?: { id: string; orderNo: string };
  relatedBill?: { id: string; label: string };
  handlerId?: string;
  reply?: { content: string; at: string; byName: string };
  followUp?: { id: string; dueAt: string; status: FollowUpStatus; method?: FollowUpMethod; outcome?: FollowUpOutcome; note?: string; doneAt?: string; doneByName?: string };
  closedAt?: string;
  history: ComplaintHistoryEntry[];
  actions: ComplaintAction[];
}

export interface ComplaintBoard {
  open: number;
  byStatus: Partial<Record<ComplaintStatus, number>>;
  /** Open complaints by age since received: ≤1 day, 2–3 days, 4–7 days, older. */
  byAge: { label: string; count: number }[];
  overdue: ComplaintSummary[];
  byCategory: { category: ComplaintCategory; open: number; total: number }[];
}

export interface ComplaintMonth {
  /** YYYY-MM (Asia/Shanghai): complaints received in the month. */
  month: string;
  count: number;
  /** Judged valid / judged (null without judgements). */
  validShare: number | null;
  medianFirstResponseHours: number | null;
  medianCloseDays: number | null;
  /** Reopened at least once / count. */
  reopenRate: number | null;
  /** Satisfied follow-ups / follow-ups done, of the month's complaints. */
  satisfaction: number | null;
  byCategory: { category: ComplaintCategory; count: number }[];
}

export interface ComplaintSettingsView extends ComplaintDeadlines {
  updatedBy?: string;
  updatedAt?: string;
}

const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const description = z
  .string({ message: '请描述投诉内容' })
  .trim()
  .min(COMPLAINT_TEXT_MIN, COMPLAINT_TEXT_TOO_SHORT)
  .max(COMPLAINT_TEXT_MAX, `投诉内容最多${COMPLAINT_TEXT_MAX}字`);
const complaintId = { complaintId: objectId };

export const complaintsContract = {
  /** Owner: complain about something (one of my units or the community), with photos and a related repair or bill. */
  submit: action<ComplaintDetail>()(
    z
      .object({
        requestId,
        category: z.enum(COMPLAINT_CATEGORIES, { message: '请选择投诉类别' }),
        description,
        unitId: objectId.optional(),
        photoIds: z.array(z.string().regex(/^f_[a-f0-9]{24}$/, '照片编号格式不正确')).max(MAX_COMPLAINT_PHOTOS, `最多${MAX_COMPLAINT_PHOTOS}张照片`).default([]),
        repairId: objectId.optional(),
        billId: z.string().max(80).optional(),
      })
      .strict(),
    self(['owner'], { unitId: 'ownUnit', repairId: 'repair' }),
  ),
  /** Agent: a complaint received by phone or at the front desk, for an owner's unit. */
  record: action<ComplaintDetail>()(
    z
      .object({
        requestId,
        channel: z.enum(['phone', 'walk-in']),
        unitId: objectId.optional(),
        aboutUnitId: objectId.optional(),
        contactName: personName,
        contactPhone: phoneField,
        category: z.enum(COMPLAINT_CATEGORIES, { message: '请选择投诉类别' }),
        description,
        urgent: z.boolean().default(false),
        repairId: objectId.optional(),
      })
      .strict(),
    community(['agent', 'manager'], { unitId: 'unit', aboutUnitId: 'unit', repairId: 'repair' }),
  ),
  /** Owner: my complaints, newest first. */
  mine: action<ComplaintSummary[]>()(z.object({}).strict().optional().default({}), self(['owner'])),
  /** Staff: the community's complaints (open ones by deadline first). */
  list: action<Paged<ComplaintSummary>>()(
    z
      .object({
        status: z.enum(['open', ...COMPLAINT_STATUSES, 'all']).default('open'),
        category: z.enum(COMPLAINT_CATEGORIES).optional(),
        mine: z.boolean().default(false),
        overdue: z.boolean().default(false),
        page,
        pageSize,
      })
      .strict()
      .optional()
      .default({}),
    community(['agent', 'manager']),
  ),
  get: action<ComplaintDetail>()(z.object(complaintId).strict(), community(['owner', 'agent', 'manager'], { complaintId: 'complaint' })),
  /** First response: the complaint is accepted and has a handler (the caller, or the one named). */
  accept: action<ComplaintDetail>()(z.object({ ...complaintId, handlerId: objectId.optional(), note: z.string().trim().max(300).optional() }).strict(), community(['agent', 'manager'], { complaintId: 'complaint', handlerId: 'staff' })),
  /** Hand the complaint to another handler (the state stays). */
  assign: action<ComplaintDetail>()(z.object({ ...complaintId, handlerId: objectId, note: z.string().trim().max(300).optional() }).strict(), community(['agent', 'manager'], { complaintId: 'complaint', handlerId: 'staff' })),
  /** Agent: name (or clear) the unit the complaint is about (被投诉房屋); no state change. */
  setAboutUnit: action<ComplaintDetail>()(z.object({ ...complaintId, aboutUnitId: objectId.optional() }).strict(), community(['agent', 'manager'], { complaintId: 'complaint', aboutUnitId: 'unit' })),
  investigate: action<ComplaintDetail>()(z.object({ ...complaintId, note: z.string().trim().min(2, '请记录调查安排').max(500) }).strict(), community(['agent', 'manager'], { complaintId: 'complaint' })),
  /** The written answer to the owner, with the judgement 有效/无效; missing either → 409 naming it. */
  reply: action<ComplaintDetail>()(
    z.object({ ...complaintId, content: z.string().trim().max(1000, '答复最多1000字').optional(), validity: z.enum(COMPLAINT_VALIDITY).optional() }).strict(),
    community(['agent', 'manager'], { complaintId: 'complaint' }),
  ),
  /** Owner: the reply settles it (counts as the follow-up, by WeChat). */
  confirm: action<ComplaintDetail>()(z.object({ ...complaintId, note: z.string().trim().max(300).optional() }).strict(), self(['owner'], { complaintId: 'complaint' })),
  /** Owner: still unhappy → handled again. */
  unhappy: action<ComplaintDetail>()(z.object({ ...complaintId, reason: z.string().trim().min(2, '请说明仍不满意的原因').max(300) }).strict(), self(['owner'], { complaintId: 'complaint' })),
  /** Only after the follow-up; otherwise 409 naming the missing step. */
  close: action<ComplaintDetail>()(z.object({ ...complaintId, note: z.string().trim().max(300).optional() }).strict(), community(['agent', 'manager'], { complaintId: 'complaint' })),
  board: action<ComplaintBoard>()(z.object({}).strict().optional().default({}), community(['manager'])),
  monthly: action<ComplaintMonth>()(z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM').optional() }).strict().optional().default({}), community(['manager'])),
  settings: action<ComplaintSettingsView>()(z.object({}).strict().optional().default({}), community(['agent', 'manager'])),
  saveSettings: action<ComplaintSettingsView>()(
    z
      .object({
        firstResponseHours: z.number().int().min(1, '首次响应时限至少1小时').max(168),
        urgentFirstResponseHours: z.number().int().min(1, '紧急投诉响应时限至少1小时').max(48),
        replyDays: z.number().int().min(1, '答复时限至少1天').max(60),
        followUpDays: z.number().int().min(1, '回访时限至少1天').max(30),
      })
      .strict()
      .refine((v) => v.urgentFirstResponseHours <= v.firstResponseHours, { message: '紧急投诉的响应时限不能长于普通投诉', path: ['urgentFirstResponseHours'] }),
    community(['manager']),
  ),
  /** Who can handle complaints (agents and managers of the community). */
  handlers: action<{ id: string; name: string; roles: string[] }[]>()(z.object({}).strict().optional().default({}), community(['agent', 'manager'])),
};

export type ComplaintsContract = typeof complaintsContract;
