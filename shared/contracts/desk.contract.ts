import { ownerViewActions } from './desk-owner-view';
import { deskFiguresActions, deskLogActions } from './desk-log.contract';
import { z } from 'zod';
import {
  INQUIRY_ACK_MAX,
  INQUIRY_ACK_MINUTES,
  INQUIRY_ANSWER_HOURS,
  INQUIRY_ANSWER_MAX,
  INQUIRY_ANSWER_MIN,
  INQUIRY_COMMENT_MAX,
  INQUIRY_STATUSES,
  INQUIRY_TEXT_MAX,
  INQUIRY_TEXT_MIN,
  INQUIRY_TOPICS,
  MAX_INQUIRY_PHOTOS,
  RECORDED_INQUIRY_CHANNELS,
  type InquiryChannel,
  type InquiryEvent,
  type InquiryPromise,
  type InquiryStage,
  type InquiryStatus,
  type InquiryTopic,
} from '../domain/desk';
import { COMPLAINT_CATEGORIES } from '../domain/complaints';
import { action, community, objectId, page, pageSize, self, type Paged } from './contract';
import { personName, phoneField } from './community.contract';

// --- inquiries: types ---

/** What the caller may do with an inquiry now (the client shows only these buttons). */
export type InquiryAction = InquiryEvent | 'convert';

export interface InquiryDeadline {
  stage: InquiryStage;
  at: string;
  warned: boolean;
  overdue: boolean;
}

export interface InquirySummary {
  id: string;
  inquiryNo: string;
  status: InquiryStatus;
  topic: InquiryTopic;
  channel: InquiryChannel;
  text: string;
  /** The unit's label, or 未关联房屋 for a caller without one. */
  location: string;
  callerName: string;
  handlerName?: string;
  createdAt: string;
  /** The earliest promise still running (open inquiries only). */
  deadline?: InquiryDeadline;
  /** A promise was missed at some stage. */
  breached: boolean;
  answeredAt?: string;
  stars?: number;
}

export interface InquiryHistoryEntry {
  at: string;
  event: InquiryEvent | 'create';
  from?: InquiryStatus;
  to: InquiryStatus;
  byName: string;
  note?: string;
}

export interface InquiryDetail extends InquirySummary {
  photos: { id: string; url: string }[];
  /** In full for agents and managers (they call back); masked for the owner. */
  callerPhone: string;
  unitId?: string;
  ownerId?: string;
  handlerId?: string;
  /** The promise it was received with, and its two deadlines. */
  promise: InquiryPromise;
  deadlines: { ack: string; answer: string };
  ack?: { text: string; at: string; byName: string };
  answer?: { text: string; at: string; byName: string; article?: { id: string; title: string } };
  rating?: { stars: number; comment?: string; at: string };
  /** The repair or complaint it became (the owner follows the link). */
  conversion?: { kind: 'repair' | 'complaint'; id: string; no: string };
  closedAt?: string;
  history: InquiryHistoryEntry[];
  actions: InquiryAction[];
}

export interface InquirySettingsView {
  promises: Record<InquiryTopic, InquiryPromise>;
  updatedBy?: string;
  updatedAt?: string;
}

const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const inquiryText = z
  .string({ message: '请描述您的问题' })
  .trim()
  .min(INQUIRY_TEXT_MIN, `请至少用${INQUIRY_TEXT_MIN}个字描述您的问题`)
  .max(INQUIRY_TEXT_MAX, `咨询内容最多${INQUIRY_TEXT_MAX}字`);
const topic = z.enum(INQUIRY_TOPICS, { message: '请选择咨询类别' });
const inquiryId = { inquiryId: objectId };
const promise = z
  .object({
    ackMinutes: z.number().int().min(INQUIRY_ACK_MINUTES.min, `受理时限至少${INQUIRY_ACK_MINUTES.min}分钟`).max(INQUIRY_ACK_MINUTES.max, `受理时限最多${INQUIRY_ACK_MINUTES.max}分钟`),
    answerHours: z.number().int().min(INQUIRY_ANSWER_HOURS.min, `答复时限至少${INQUIRY_ANSWER_HOURS.min}小时`).max(INQUIRY_ANSWER_HOURS.max, `答复时限最多${INQUIRY_ANSWER_HOURS.max}小时`),
  })
  .strict()
  .refine((p) => p.ackMinutes <= p.answerHours * 60, { message: '受理时限不能晚于答复时限', path: ['ackMinutes'] });

/**
 * desk — the reception desk (接待台, handbook chapter 2 沟通三部曲 and chapter 3 §3 咨询接待服务):
 * inquiries (咨询) with promised replies, the call and visit log (来电 · 来访登记) with visitors and
 * release passes (放行条), the one owner view (客户一户一档) with its audit, and the desk's figures.
 */
export const deskContract = {
  // --- inquiries ---
  /** Owner: ask a question (topic, text, photos) about one of my units; one inquiry per request id. */
  ask: action<InquiryDetail>()(
    z
      .object({
        requestId,
        topic,
        text: inquiryText,
        unitId: objectId.optional(),
        photoIds: z.array(z.string().regex(/^f_[a-f0-9]{24}$/, '照片编号格式不正确')).max(MAX_INQUIRY_PHOTOS, `最多${MAX_INQUIRY_PHOTOS}张照片`).default([]),
      })
      .strict(),
    self(['owner'], { unitId: 'ownUnit' }),
  ),
  /** Owner: my inquiries, newest first. */
  mine: action<Paged<InquirySummary>>()(z.object({ page, pageSize }).strict().optional().default({}), self(['owner'])),
  get: action<InquiryDetail>()(z.object(inquiryId).strict(), community(['owner', 'agent', 'manager'], { inquiryId: 'inquiry' })),
  /** Owner: 1–5 stars and a comment, once, after the answer. */
  rate: action<InquiryDetail>()(
    z.object({ ...inquiryId, stars: z.number().int().min(1, '请选择1～5星').max(5, '请选择1～5星'), comment: z.string().trim().max(INQUIRY_COMMENT_MAX, `评价最多${INQUIRY_COMMENT_MAX}字`).optional() }).strict(),
    self(['owner'], { inquiryId: 'inquiry' }),
  ),
  /** Agent: a question received by phone, at the desk or by WeChat, for an owner (by unit / owner id) or an unknown caller (name + phone). */
  record: action<InquiryDetail>()(
    z
      .object({
        requestId,
        channel: z.enum(RECORDED_INQUIRY_CHANNELS, { message: '请选择咨询渠道' }),
        topic,
        text: inquiryText,
        unitId: objectId.optional(),
        /** The owner's user id (the owner view starts the page with it). */
        ownerId: objectId.optional(),
        callerName: personName.optional(),
        callerPhone: phoneField.optional(),
      })
      .strict()
      .refine((v) => Boolean(v.unitId || v.ownerId || (v.callerName && v.callerPhone)), { message: '请选择业主房屋，或填写来访人姓名和电话', path: ['callerName'] }),
    community(['agent', 'manager'], { unitId: 'unit' }),
  ),
  /** Staff: the community's inquiries (open ones by their nearest promise first). */
  list: action<Paged<InquirySummary>>()(
    z
      .object({
        status: z.enum(['open', ...INQUIRY_STATUSES, 'all']).default('open'),
        topic: topic.optional(),
        overdue: z.boolean().default(false),
        mine: z.boolean().default(false),
        page,
        pageSize,
      })
      .strict()
      .optional()
      .default({}),
    community(['agent', 'manager']),
  ),
  /** 快速反馈: a short acknowledgement the owner sees at once; the caller becomes the handler if there is none. */
  acknowledge: action<InquiryDetail>()(
    z.object({ ...inquiryId, text: z.string().trim().min(2, '请填写给业主的反馈').max(INQUIRY_ACK_MAX, `反馈最多${INQUIRY_ACK_MAX}字`) }).strict(),
    community(['agent', 'manager'], { inquiryId: 'inquiry' }),
  ),
  /** The written answer, optionally citing a knowledge-base article (the owner gets its link). */
  answer: action<InquiryDetail>()(
    z
      .object({
        ...inquiryId,
        text: z.string().trim().min(INQUIRY_ANSWER_MIN, `答复至少${INQUIRY_ANSWER_MIN}个字`).max(INQUIRY_ANSWER_MAX, `答复最多${INQUIRY_ANSWER_MAX}字`),
        articleId: objectId.optional(),
      })
      .strict(),
    community(['agent', 'manager'], { inquiryId: 'inquiry', articleId: 'article' }),
  ),
  /** Hand the inquiry to another agent or manager. */
  assign: action<InquiryDetail>()(z.object({ ...inquiryId, handlerId: objectId }).strict(), community(['agent', 'manager'], { inquiryId: 'inquiry', handlerId: 'staff' })),
  /** Turn it into a repair order or a complaint (linked both ways, the owner sees the link). */
  convert: action<InquiryDetail>()(
    z
      .object({
        ...inquiryId,
        to: z.enum(['repair', 'complaint']),
        /** Repair: the community's repair category (default: the last, usually 其他); complaint: its category (default by topic). */
        category: z.string().trim().min(1).max(20).optional(),
        area: z.enum(['home', 'common']).optional(),
        place: z.string().trim().max(60).optional(),
        description: z.string().trim().min(5, '请至少用5个字描述问题').max(1000).optional(),
        urgent: z.boolean().default(false),
      })
      .strict()
      .refine((v) => v.to === 'repair' || !v.category || (COMPLAINT_CATEGORIES as readonly string[]).includes(v.category), { message: '投诉类别不正确', path: ['category'] }),
    community(['agent', 'manager'], { inquiryId: 'inquiry' }),
  ),
  close: action<InquiryDetail>()(z.object({ ...inquiryId, note: z.string().trim().min(2, '请说明关闭原因').max(300) }).strict(), community(['agent', 'manager'], { inquiryId: 'inquiry' })),
  /** The community's promised reply times per topic. */
  inquirySettings: action<InquirySettingsView>()(z.object({}).strict().optional().default({}), community(['owner', 'agent', 'manager'])),
  /** Manager: new promised times (for inquiries received from now on); topics left out keep theirs. */
  saveInquirySettings: action<InquirySettingsView>()(z.object({ promises: z.record(topic, promise) }).strict(), community(['manager'])),
  // --- contacts, visitors and release passes ---
  ...deskLogActions,
  // --- owner view ---
  ...ownerViewActions,
  // --- figures ---
  ...deskFiguresActions,
};
