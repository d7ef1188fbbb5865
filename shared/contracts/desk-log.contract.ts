import { z } from 'zod';
import {
  CONTACT_DIRECTIONS,
  CONTACT_KINDS,
  CONTACT_NOTE_MAX,
  CONTACT_PURPOSE_MAX,
  CONTACT_RESULT_MAX,
  PASS_ITEMS_MAX,
  PASS_QUANTITY_MAX,
  PASS_STATUSES,
  VISITOR_COMPANY_MAX,
  VISITOR_NAME_MAX,
  VISITOR_PURPOSES,
  type ContactDirection,
  type ContactKind,
  type PassCheck,
  type PassStatus,
  type VisitorPurpose,
} from '../domain/desk-log';
import { action, calendarDay, community, objectId, page, type Paged, pageSize, self } from './contract';
import { personName, phoneField } from './community.contract';

/**
 * The desk's call and visit log (来电 · 来访登记), its release passes (放行条) and the desk figures:
 * the actions of `deskContract` (desk.contract.ts) in the sections "contacts, visitors and release
 * passes" and "figures", kept here so each part of the desk has its own file.
 */

export interface ContactView {
  id: string;
  kind: ContactKind;
  direction: ContactDirection;
  unitId?: string;
  unitLabel?: string;
  ownerId?: string;
  ownerName?: string;
  /** In full for agents and managers (they call back); masked for cashiers. */
  phone?: string;
  visitor?: { name: string; company?: string; purpose: VisitorPurpose };
  purpose: string;
  result?: string;
  followUp?: { dueAt: string; assigneeId?: string; assigneeName: string; open: boolean; overdue: boolean; doneAt?: string; doneByName?: string; note?: string };
  at: string;
  byName: string;
}

export interface PassView {
  id: string;
  unitId: string;
  unitLabel: string;
  items: string;
  quantity: number;
  carrierName: string;
  carrierPhone: string;
  plate?: string;
  /** The day it is valid (YYYY-MM-DD, Asia/Shanghai). */
  date: string;
  status: PassStatus;
  /** What the gate would say today. */
  check: PassCheck;
  /** Shown once approved (the code the carrier shows at the gate); absent before. */
  code?: string;
  requestedByName: string;
  /** 业主 / 家庭成员 / 租户 / 客服代办. */
  requestedAs: string;
  approvedByName?: string;
  usedAt?: string;
  usedByName?: string;
  note?: string;
  createdAt: string;
  /** What the caller may do now (the page shows only these buttons). */
  actions: ('approve' | 'reject' | 'revoke' | 'release')[];
}

export interface DeskFigures {
  from: string;
  to: string;
  inquiries: {
    total: number;
    byTopic: { topic: string; label: string; count: number }[];
    /** Acknowledgement (first response) after receipt, in minutes; on time = before the promise. */
    ack: { median: number | null; onTimeShare: number | null; measured: number };
    /** Written answer after receipt, in minutes, against the promised reply time. */
    answer: { median: number | null; onTimeShare: number | null; measured: number };
    averageRating: number | null;
  };
  selfService: { searches: number; hits: number; hitRate: number | null; missing: { query: string; count: number }[] };
  /** Contacts logged and inquiries received by hour of day (Asia/Shanghai), 0–23. */
  byHour: { hour: number; contacts: number; inquiries: number }[];
  contacts: { total: number; byKind: { kind: ContactKind; count: number }[]; visitors: number; openFollowUps: number };
  agents: { id: string; name: string; inquiriesHandled: number; onTimeShare: number | null; averageRating: number | null; contactsLogged: number }[];
}

const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const text = (what: string, max: number) =>
  z
    .string({ message: `请填写${what}` })
    .trim()
    .min(1, `请填写${what}`)
    .max(max, `${what}最多${max}字`);
const day = calendarDay();
const contactId = { contactId: objectId };
const passId = { passId: objectId };
const passCode = z.string({ message: '请输入放行条编码' }).trim().min(4, '请输入放行条编码').max(20, '放行条编码格式不正确');
const passFields = {
  requestId,
  unitId: objectId,
  items: text('物品清单', PASS_ITEMS_MAX),
  quantity: z.number({ message: '请填写件数' }).int('件数应为整数').min(1, '件数至少为1').max(PASS_QUANTITY_MAX, `件数最多${PASS_QUANTITY_MAX}`),
  carrierName: personName,
  carrierPhone: phoneField,
  plate: z.string().trim().max(12, '车牌号格式不正确').optional(),
  date: day,
};

export const deskLogActions = {
  /** Staff: log a call, a visit or a WeChat message — of an owner (unit / owner) or of a visitor who is not one. */
  logContact: action<ContactView>()(
    z
      .object({
        requestId,
        kind: z.enum(CONTACT_KINDS, { message: '请选择来电、来访或微信' }),
        direction: z.enum(CONTACT_DIRECTIONS).default('in'),
        unitId: objectId.optional(),
        ownerId: objectId.optional(),
        phone: phoneField.optional(),
        visitor: z
          .object({
            name: text('访客姓名', VISITOR_NAME_MAX),
            company: z.string().trim().max(VISITOR_COMPANY_MAX, `单位最多${VISITOR_COMPANY_MAX}字`).optional(),
            purpose: z.enum(VISITOR_PURPOSES, { message: '请选择来访事由' }),
          })
          .strict()
          .optional(),
        purpose: text('事由', CONTACT_PURPOSE_MAX),
        result: text('处理结果', CONTACT_RESULT_MAX).optional(),
        followUp: z
          .object({
            dueAt: z.string().datetime({ offset: true, message: '跟进时间格式不正确' }),
            assigneeId: objectId.optional(),
            note: z.string().trim().max(CONTACT_NOTE_MAX, `备注最多${CONTACT_NOTE_MAX}字`).optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    community(['agent', 'cashier', 'manager'], { unitId: 'unit' }),
  ),
  /** Staff: the log (a day's, or every day's), open follow-ups first (soonest due first), then newest first. */
  contacts: action<Paged<ContactView>>()(
    z
      .object({
        day: day.optional(),
        kind: z.enum(CONTACT_KINDS).optional(),
        followUp: z.boolean().default(false),
        unitId: objectId.optional(),
        ownerId: objectId.optional(),
        page,
        pageSize,
      })
      .strict()
      .optional()
      .default({}),
    community(['agent', 'cashier', 'manager'], { unitId: 'unit' }),
  ),
  /** Staff: the follow-up of a log entry is done (a second close changes nothing). */
  closeFollowUp: action<ContactView>()(z.object({ ...contactId, note: z.string().trim().max(CONTACT_NOTE_MAX, `备注最多${CONTACT_NOTE_MAX}字`).optional() }).strict(), community(['agent', 'cashier', 'manager'], { contactId: 'contact' })),

  /** Owner (or a tenant, a family member): a release pass for one of my units; an owner's own is approved at once. */
  requestPass: action<PassView>()(z.object(passFields).strict(), self(['owner'], { unitId: 'ownUnit' })),
  /** Staff: a release pass on an owner's behalf (the owner approves it in the mini-program). */
  recordPass: action<PassView>()(z.object({ ...passFields, note: z.string().trim().max(CONTACT_NOTE_MAX).optional() }).strict(), community(['agent', 'manager'], { unitId: 'unit' })),
  /** Owner: the passes of my units (those waiting for my approval first), newest first. */
  myPasses: action<PassView[]>()(z.object({}).strict().optional().default({}), self(['owner'])),
  /** Staff: the community's passes (a day's, by status). */
  passes: action<Paged<PassView>>()(
    z
      .object({ date: day.optional(), status: z.enum(PASS_STATUSES).optional(), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community(['agent', 'manager']),
  ),
  /** An owner of the unit on record approves (or refuses) a pass a tenant, a family member or an agent asked for. */
  approvePass: action<PassView>()(z.object({ ...passId, approve: z.boolean(), note: z.string().trim().max(CONTACT_NOTE_MAX).optional() }).strict(), self(['owner'], { passId: 'releasePass' })),
  /** Before it is used: the requester, an owner of the unit, or staff. */
  revokePass: action<PassView>()(z.object({ ...passId, reason: z.string().trim().max(CONTACT_NOTE_MAX).optional() }).strict(), community(['owner', 'agent', 'manager'], { passId: 'releasePass' })),
  /** The gate (门岗): what a code is — 有效 / 已过期 / 未批准 / 已使用 / 已撤销 — with its unit, items and carrier. */
  checkPass: action<PassView>()(z.object({ code: passCode }).strict(), community(['agent', 'manager'])),
  /** The gate: 放行 — the pass is used, once (of racing taps one wins; the others get 409). */
  releasePass: action<PassView>()(z.object({ code: passCode }).strict(), community(['agent', 'manager'])),
};

export const deskFiguresActions = {
  /** Manager: the desk's figures over a period (default: the last 30 days). */
  figures: action<DeskFigures>()(
    z
      .object({ from: day.optional(), to: day.optional() })
      .strict()
      .refine((v) => !v.from || !v.to || v.from <= v.to, { message: '开始日期不能晚于结束日期', path: ['from'] })
      .optional()
      .default({}),
    community(['manager']),
  ),
};

