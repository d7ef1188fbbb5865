import { z } from 'zod';
import {
  BATCH_DAYS_MAX,
  BATCH_DOCUMENT_MAX,
  BATCH_DOCUMENTS_MAX,
  BATCH_FEE_ITEMS_MAX,
  BATCH_NAME_MAX,
  BATCH_NOTE_MAX,
  BATCH_PLACE_MAX,
  BATCH_SLOT_CAPACITY_MAX,
  BATCH_SLOTS_MAX,
  BATCH_STATUSES,
  isClockTime,
  type BatchSkipReason,
  type BatchStatus,
  type MoveInKind,
  type MoveInStatus,
  type MoveInStep,
} from '../domain/movein';
import { action, calendarDay, community, empty, objectId, page, type Paged, pageSize, self } from './contract';

/**
 * Move-in batches (集中入住) and owners' bookings: the actions of `moveinContract` in the section
 * "batches & bookings", kept here so each part of the module has its own file.
 */

export interface BatchSlotView {
  id: string;
  start: string;
  end: string;
  /** 09:00–12:00 */
  label: string;
  capacity: number;
}

export interface BatchSummary {
  id: string;
  name: string;
  status: BatchStatus;
  buildingNames: string[];
  startDay: string;
  endDay: string;
  place: string;
  /** Cases made by the publish (0 for a draft). */
  cases: number;
  booked: number;
  /** Places over every open day and slot. */
  capacity: number;
  createdAt: string;
}

export interface BatchDayView {
  day: string;
  slots: { id: string; label: string; capacity: number; booked: number }[];
}

export interface BatchPublishReport {
  created: number;
  skipped: { unitId: string; unitLabel: string; reason: BatchSkipReason; reasonLabel: string }[];
  bills: number;
}

export interface BatchDetail extends BatchSummary {
  rev: number;
  buildingIds: string[];
  closedDays: string[];
  slots: BatchSlotView[];
  documents: string[];
  feeItems: { id: string; name: string; amountFen: number }[];
  note: string;
  days: BatchDayView[];
  noticeId?: string;
  publishedAt?: string;
  publishedByName?: string;
  report?: BatchPublishReport;
  actions: ('edit' | 'publish' | 'close')[];
}

/** An owner's move-in case as the owner page shows it. */
export interface MyMoveInView {
  id: string;
  unitId: string;
  unitLabel: string;
  kind: MoveInKind;
  status: MoveInStatus;
  buyerName: string;
  booking?: { day: string; slotId: string; slotLabel: string };
  batch?: {
    id: string;
    name: string;
    status: BatchStatus;
    place: string;
    startDay: string;
    endDay: string;
    documents: string[];
    fees: { name: string; amountFen: number }[];
    note: string;
  };
  /** Bookable days from today (a waiting case of a published batch), with the free places of each slot. */
  days: { day: string; slots: { id: string; label: string; capacity: number; free: number }[] }[];
  /** The 入伙手续书 as staff tick it. */
  steps: { key: MoveInStep; label: string; required: boolean; done: boolean }[];
  stepsDone: number;
  stepsRequired: number;
  requiredDone: number;
  movedInOn?: string;
  canBook: boolean;
}

const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const day = calendarDay();
const text = (what: string, max: number) =>
  z
    .string({ message: `请填写${what}` })
    .trim()
    .min(1, `请填写${what}`)
    .max(max, `${what}最多${max}字`);
const clock = (what: string) => z.string({ message: `请填写${what}` }).refine(isClockTime, `${what}格式应为 HH:MM`);
const slotId = z.string().regex(/^[\w-]{1,24}$/, '时段编号格式不正确');

const slot = z
  .object({
    id: slotId.optional(),
    start: clock('开始时间'),
    end: clock('结束时间'),
    capacity: z.number({ message: '请填写每个时段可办理户数' }).int('可办理户数应为整数').min(1, '每个时段至少可办理1户').max(BATCH_SLOT_CAPACITY_MAX, `每个时段最多${BATCH_SLOT_CAPACITY_MAX}户`),
  })
  .strict()
  .refine((s) => s.start < s.end, { message: '时段的结束时间应晚于开始时间', path: ['end'] });

const batchFields = z
  .object({
    requestId,
    batchId: objectId.optional(),
    /** The revision the form was loaded at (editing a draft): a stale one → STATE.CONFLICT. */
    rev: z.number().int().min(0).optional(),
    name: text('批次名称', BATCH_NAME_MAX),
    buildingIds: z.array(objectId).min(1, '请选择交付楼栋').max(50),
    startDay: day,
    endDay: day,
    closedDays: z.array(day).max(BATCH_DAYS_MAX).default([]),
    slots: z.array(slot).min(1, '请至少设置一个时段').max(BATCH_SLOTS_MAX, `最多${BATCH_SLOTS_MAX}个时段`),
    documents: z.array(text('携带资料', BATCH_DOCUMENT_MAX)).max(BATCH_DOCUMENTS_MAX, `携带资料最多${BATCH_DOCUMENTS_MAX}项`).default([]),
    feeItemIds: z.array(objectId).max(BATCH_FEE_ITEMS_MAX, `入住费用最多${BATCH_FEE_ITEMS_MAX}项`).default([]),
    place: text('办理地点', BATCH_PLACE_MAX),
    note: z.string().trim().max(BATCH_NOTE_MAX, `备注最多${BATCH_NOTE_MAX}字`).default(''),
  })
  .strict()
  .refine((b) => b.startDay <= b.endDay, { message: '结束日期不能早于开始日期', path: ['endDay'] })
  .refine((b) => (Date.parse(b.endDay) - Date.parse(b.startDay)) / 86_400_000 < BATCH_DAYS_MAX, { message: `一个批次最长${BATCH_DAYS_MAX}天`, path: ['endDay'] })
  .refine((b) => b.closedDays.every((d) => d >= b.startDay && d <= b.endDay), { message: '休息日应在批次日期之内', path: ['closedDays'] });

const batchId = { batchId: objectId };
const moveInId = { moveInId: objectId };

export const moveinBatchesActions = {
  /** Staff: the community's batches, newest first. */
  batches: action<Paged<BatchSummary>>()(z.object({ status: z.enum(BATCH_STATUSES).optional(), page, pageSize }).strict(), community(['agent', 'manager'])),
  /** Staff: one batch with its days, slots and bookings per slot. */
  batch: action<BatchDetail>()(z.object(batchId).strict(), community(['agent', 'manager'], { batchId: 'moveInBatch' })),
  /** Manager: a new batch (draft), or a change to a draft. */
  saveBatch: action<BatchDetail>()(batchFields, community(['manager'], { batchId: 'moveInBatch' })),
  /** Manager: publish a draft — a case per unit, the one-off bills, the 入住通知; bookings open. Idempotent. */
  publishBatch: action<BatchDetail>()(z.object({ ...batchId, confirmReview: z.boolean().default(false) }).strict(), community(['manager'], { batchId: 'moveInBatch' })),
  /** Manager: close a published batch (no more bookings; its cases go on). */
  closeBatch: action<BatchDetail>()(z.object(batchId).strict(), community(['manager'], { batchId: 'moveInBatch' })),
  /** Owner: the move-in of each of their units that has one (open first). */
  myMoveIn: action<MyMoveInView[]>()(empty, self(['owner'])),
  /** Owner: book a slot of the batch's days, or move the booking to another one. Idempotent by request id. */
  book: action<MyMoveInView>()(z.object({ ...moveInId, day, slotId, requestId }).strict(), community(['owner'], { moveInId: 'moveIn' })),
  /** Owner: cancel the booking (the place is free again). Idempotent by request id. */
  cancelBooking: action<MyMoveInView>()(z.object({ ...moveInId, requestId }).strict(), community(['owner'], { moveInId: 'moveIn' })),
};
