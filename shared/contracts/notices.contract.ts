import { z } from 'zod';
import {
  NOTICE_BODY_MAX,
  NOTICE_CATEGORIES,
  NOTICE_KINDS,
  NOTICE_STATUSES,
  NOTICE_TITLE_MAX,
  NOTICE_VALUE_MAX,
  NOTICE_VARIABLE_TYPES,
  isNoticeVariableName,
  type NoticeCategory,
  type NoticeHistoryEvent,
  type NoticeKind,
  type NoticeStatus,
  type NoticeTargetKind,
  type NoticeVariable,
} from '../domain/notices';
import { action, community, objectId, page, pageSize, type Paged } from './contract';

/**
 * Notices (通知 · 通告 · 温馨提示): a template library (the handbook's model notices, copied and
 * edited per community), compose with variables and a live preview, a content-security check,
 * publish now or later to the whole community, buildings, units or a saved audience, pushes through
 * the outbox, revisions and withdrawal, the owners' notice board with read tracking, and the
 * managers' read figures with a call list for units that have not read an important notice.
 */

export interface NoticeTemplateView {
  key: string;
  name: string;
  kind: NoticeKind;
  category: NoticeCategory;
  title: string;
  body: string;
  signature: string;
  variables: NoticeVariable[];
  /** A copy this community edited (else a library template). */
  custom: boolean;
  /** The library template a copy came from. */
  basedOn?: string;
}

export interface NoticeTarget {
  kind: NoticeTargetKind;
  buildingIds?: string[];
  unitIds?: string[];
  audienceId?: string;
}

export interface NoticeAudienceView {
  id: string;
  name: string;
  buildingIds: string[];
  /** Units on this floor or higher. */
  minFloor?: number;
  description: string;
}

export interface NoticeSummary {
  id: string;
  title: string;
  kind: NoticeKind;
  category: NoticeCategory;
  status: NoticeStatus;
  pinned: boolean;
  /** When it went (or goes) on the board. */
  publishAt: string;
  expiresAt?: string;
  revision: number;
  summary: string;
  targetText: string;
  /** Units it is for. */
  units: number;
  read: number;
}

export interface NoticeView extends NoticeSummary {
  body: string;
  signature: string;
  templateKey?: string;
  values: Record<string, string>;
  target: NoticeTarget;
  /** Oldest first; `event` is a code (its wording: NOTICE_EVENT_LABELS). */
  history: { at: string; event: NoticeHistoryEvent; byName: string; note?: string }[];
}

/** What an owner sees on the board. */
export interface BoardNotice {
  id: string;
  title: string;
  kind: NoticeKind;
  category: NoticeCategory;
  pinned: boolean;
  publishAt: string;
  summary: string;
  read: boolean;
  /** Edited after publishing (已更新). */
  updated: boolean;
}

export interface BoardNoticeDetail extends BoardNotice {
  body: string;
  signature: string;
  updatedAt?: string;
  /** A button to the page the notice is about (去填写问卷, 去报名): its text and the page (a message link of shared/routes.ts, no leading slash). */
  link?: { label: string; path: string };
}

export interface NoticeCheck {
  /** WeChat content security: pass, review (ask the writer to confirm), risky (blocked). */
  suggest: 'pass' | 'review' | 'risky';
  label: string;
}

export interface NoticeStats {
  units: number;
  pushed: number;
  delivered: number;
  read: number;
  byBuilding: { buildingId: string; name: string; units: number; read: number }[];
}

/** Who a notice would reach, asked before publishing (将推送给 1栋 30 户，其中 24 户可收到微信提醒). */
export interface NoticeReach {
  targetText: string;
  /** Households (units) in the audience. */
  units: number;
  /** Of them, households with an owner WeChat can remind now (a subscription left, or the official account). */
  wechat: number;
}

export interface UnreadUnit {
  unitId: string;
  label: string;
  ownerNames: string[];
  /** Masked: the call task carries the number in full. */
  phone: string;
}

const text = (label: string, max: number) => z.string({ message: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}最多${max}字`);
const isoTime = z
  .string()
  .datetime({ offset: true, message: '时间格式不正确' })
  .transform((v) => new Date(v));
const variableName = z.string().refine(isNoticeVariableName, '变量名只能用英文字母、数字，且不能是 constructor、prototype');
const values = z.record(variableName, z.string().trim().max(NOTICE_VALUE_MAX, `每项内容最多${NOTICE_VALUE_MAX}字`)).default({});
const target = z
  .object({
    kind: z.enum(['community', 'buildings', 'units', 'audience']),
    buildingIds: z.array(objectId).max(100).optional(),
    unitIds: z.array(objectId).max(2000).optional(),
    audienceId: objectId.optional(),
  })
  .strict()
  .refine((t) => t.kind !== 'buildings' || (t.buildingIds?.length ?? 0) > 0, { message: '请选择楼栋', path: ['buildingIds'] })
  .refine((t) => t.kind !== 'units' || (t.unitIds?.length ?? 0) > 0, { message: '请选择房屋', path: ['unitIds'] })
  .refine((t) => t.kind !== 'audience' || Boolean(t.audienceId), { message: '请选择常用对象', path: ['audienceId'] });
const variable = z
  .object({
    name: variableName,
    label: text('变量名称', 20),
    type: z.enum(NOTICE_VARIABLE_TYPES),
    defaultValue: z.string().trim().max(NOTICE_VALUE_MAX).optional(),
    hint: z.string().trim().max(40).optional(),
  })
  .strict();
const composed = {
  templateKey: z.string().max(60).optional(),
  values,
  title: text('标题', NOTICE_TITLE_MAX),
  body: text('正文', NOTICE_BODY_MAX),
  kind: z.enum(NOTICE_KINDS),
  category: z.enum(NOTICE_CATEGORIES),
};
const WRITERS = ['agent', 'manager'] as const;

export const noticesContract = {
  /** The library and this community's copies. */
  templates: action<NoticeTemplateView[]>()(z.object({}).strict().optional().default({}), community(WRITERS)),
  /** Copy a template (or save an edited copy) for this community. */
  saveTemplate: action<NoticeTemplateView>()(
    z
      .object({ key: z.string().max(60).optional(), basedOn: z.string().max(60).optional(), name: text('模板名称', 20), kind: z.enum(NOTICE_KINDS), category: z.enum(NOTICE_CATEGORIES), title: text('标题', 60), body: text('正文', NOTICE_BODY_MAX), signature: text('落款', 30), variables: z.array(variable).max(20) })
      .strict(),
    community(['manager']),
  ),
  /** Fill a template: the exact text owners will see (the missing variables named). */
  preview: action<{ title: string; body: string; signature: string; missing: { name: string; label: string }[]; push: { title: string; summary: string } }>()(
    z.object({ templateKey: z.string().max(60), values }).strict(),
    community(WRITERS),
  ),
  /** WeChat content security of a title and body (msgSecCheck). */
  check: action<NoticeCheck>()(z.object({ title: text('标题', NOTICE_TITLE_MAX), body: text('正文', NOTICE_BODY_MAX) }).strict(), community(WRITERS)),
  /**
   * Publish now (or at `publishAt`): on the board of every targeted unit's owners, and a push per
   * owner. `confirmReview` is needed when content security said `review`. One request id → one notice.
   */
  publish: action<NoticeView>()(
    z
      .object({
        requestId: z.string().regex(/^[\w-]{8,64}$/, '请求编号格式不正确'),
        ...composed,
        target,
        publishAt: isoTime.optional(),
        expiresAt: isoTime.optional(),
        pinned: z.boolean().default(false),
        confirmReview: z.boolean().default(false),
      })
      .strict(),
    community(WRITERS, { audienceId: 'noticeAudience' }),
  ),
  /** Before publishing: households in the target and how many of them WeChat can remind (the confirmation's figures). */
  reach: action<NoticeReach>()(z.object({ target, category: z.enum(NOTICE_CATEGORIES).default('normal') }).strict(), community(WRITERS, { audienceId: 'noticeAudience' })),
  /** Edit after publishing: a new revision (owners see 已更新; no new push). */
  update: action<NoticeView>()(
    z.object({ noticeId: objectId, title: text('标题', NOTICE_TITLE_MAX), body: text('正文', NOTICE_BODY_MAX), pinned: z.boolean().optional(), expiresAt: isoTime.nullable().optional(), confirmReview: z.boolean().default(false), note: z.string().trim().max(100).optional() }).strict(),
    community(WRITERS, { noticeId: 'notice' }),
  ),
  /** 撤回: off the board, unsent pushes cancelled. */
  withdraw: action<NoticeView>()(z.object({ noticeId: objectId, reason: text('撤回原因', 100) }).strict(), community(WRITERS, { noticeId: 'notice' })),
  list: action<Paged<NoticeSummary>>()(z.object({ status: z.enum(NOTICE_STATUSES).optional(), page, pageSize }).strict().optional().default({}), community(WRITERS)),
  get: action<NoticeView>()(z.object({ noticeId: objectId }).strict(), community(WRITERS, { noticeId: 'notice' })),
  stats: action<NoticeStats>()(z.object({ noticeId: objectId }).strict(), community(WRITERS, { noticeId: 'notice' })),
  /** 未读房屋, a page at a time (the notice's unit order: by label). */
  unread: action<Paged<UnreadUnit>>()(z.object({ noticeId: objectId, page, pageSize }).strict(), community(WRITERS, { noticeId: 'notice' })),
  /** Turn the units that have not read it into call tasks for agents (once per unit). */
  callUnread: action<{ created: number }>()(z.object({ noticeId: objectId }).strict(), community(['manager'], { noticeId: 'notice' })),
  audiences: action<NoticeAudienceView[]>()(z.object({}).strict().optional().default({}), community(WRITERS)),
  saveAudience: action<NoticeAudienceView>()(
    z.object({ audienceId: objectId.optional(), name: text('名称', 20), buildingIds: z.array(objectId).max(100).default([]), minFloor: z.number().int().min(1).max(200).optional() }).strict(),
    community(['manager'], { audienceId: 'noticeAudience', buildingIds: 'building' }),
  ),

  /** Owner: my notice board (pinned first, then unread, newest first). */
  board: action<Paged<BoardNotice>>()(z.object({ page, pageSize }).strict().optional().default({}), community(['owner'])),
  /** Owner: open a notice (marks it read). */
  open: action<BoardNoticeDetail>()(z.object({ noticeId: objectId }).strict(), community(['owner'], { noticeId: 'notice' })),
};

export type NoticeStatusValue = NoticeStatus;
