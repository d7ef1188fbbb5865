import { z } from 'zod';
import { MOVEIN_CALL_LISTS, MOVEIN_CALL_NOTE_MAX, MOVEIN_CALL_OUTCOMES, RESALE_NOTE_MAX, type MoveInCallOutcome, type MoveInStatus, type BatchStatus, type ProgressBucket } from '../domain/movein';
import { idNumberField, personName, phoneField } from './community.contract';
import { action, calendarDay, community, objectId, page, type Paged, pageSize } from './contract';
import type { CarryOverView } from './fees.contract';

/**
 * Move-in, part "progress, calls & resale" (movein.md "Progress, calls and resale"): the manager's
 * progress of a batch by building, the day's schedule, the call tasks for owners who never booked
 * (or did not come), and the resale (过户 · 旧楼盘迁入) of a unit to a new owner.
 */

/** One building of a batch: its cases split by where they stand (the parts add up to `units`). */
export interface BuildingProgress {
  buildingId: string;
  buildingName: string;
  units: number;
  /** 已入住. */
  done: number;
  /** 办理中 (the checklist started). */
  inProgress: number;
  /** Booked for today or a later day, not started. */
  booked: number;
  /** Booked day passed, not started (爽约). */
  noShow: number;
  /** Never booked. */
  neverBooked: number;
  /** 已取消 (not in `units`). */
  cancelled: number;
  /** Inspection defects whose repair is not finished, and of those the ones past their deadline. */
  defectsOpen: number;
  defectsOverdue: number;
}

export interface BatchProgress {
  batchId: string;
  name: string;
  status: BatchStatus;
  startDay: string;
  endDay: string;
  /** Today (Asia/Shanghai), the line between booked and no-show. */
  today: string;
  buildings: BuildingProgress[];
  total: Omit<BuildingProgress, 'buildingId' | 'buildingName'>;
}

export interface ScheduleEntry {
  moveInId: string;
  unitId: string;
  unitLabel: string;
  buyerName: string;
  status: MoveInStatus;
  /** 已预约 / 爽约 / 办理中 / 已入住 (progressBucket). */
  bucket: ProgressBucket;
}

export interface DaySchedule {
  batchId: string;
  day: string;
  /** The day is outside the batch or closed (no slots). */
  closed: boolean;
  slots: { slotId: string; label: string; capacity: number; booked: number; entries: ScheduleEntry[] }[];
}

export interface MoveInCallView {
  id: string;
  outcome: MoveInCallOutcome;
  note?: string;
  /** The day to call again (YYYY-MM-DD), if any. */
  nextCallDay?: string;
  at: string;
  byName: string;
}

/** A unit to call: its buyer, the booked day that passed (no-show), the calls so far. */
export interface MoveInCallTask {
  moveInId: string;
  unitId: string;
  unitLabel: string;
  buyerName: string;
  /** Full: agents and managers call owners. */
  phone: string;
  bookedDay?: string;
  calls: number;
  lastCall?: MoveInCallView;
  /** The next call day is today or past. */
  due: boolean;
}

export interface ResaleInfo {
  unitId: string;
  unitLabel: string;
  /** The owners (业主) on record, who leave with the resale; phones masked. */
  owners: { name: string; phone: string; boundToApp: boolean }[];
  owedFen: number;
  /** The open carry-over agreement (欠费转移协议), if a manager recorded one. */
  carryOver?: CarryOverView;
  /** The arrears block the resale now (owed and no agreement covering it). */
  blocked: boolean;
  /** A move-in case of the unit still open (a resale waits for it). */
  openCase?: { moveInId: string; kind: string; status: MoveInStatus };
}

export interface ResaleResult {
  moveInId: string;
  unitLabel: string;
  /** Names of the owners whose binding ended. */
  previousOwners: string[];
  owedFen: number;
  carryOver?: CarryOverView;
  /** The 新业主迁入办公通知 on the unit's notice board. */
  noticeId?: string;
}

const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const day = calendarDay();
const STAFF = ['agent', 'manager'] as const;

export const moveinProgressActions = {
  /** Manager: a batch's progress by building (done, in progress, booked, no-show, never booked, defects open and overdue). */
  progress: action<BatchProgress>()(z.object({ batchId: objectId }).strict(), community(['manager'], { batchId: 'moveInBatch' })),
  /** Manager / agent: a day's slots with the booked units and where each stands. */
  progressDay: action<DaySchedule>()(z.object({ batchId: objectId, day }).strict(), community(STAFF, { batchId: 'moveInBatch' })),
  /** Manager / agent: units to call — owners who never booked, or whose booked day passed (爽约) — with their calls; paged. */
  callTasks: action<Paged<MoveInCallTask>>()(
    z
      .object({ batchId: objectId, list: z.enum(MOVEIN_CALL_LISTS).default('neverBooked'), buildingId: objectId.optional(), page, pageSize })
      .strict(),
    community(STAFF, { batchId: 'moveInBatch', buildingId: 'building' }),
  ),
  /** Manager / agent: a call's outcome (and the next call day); also logged in the desk's call log. One per request id. */
  recordCall: action<MoveInCallTask>()(
    z
      .object({
        moveInId: objectId,
        requestId,
        outcome: z.enum(MOVEIN_CALL_OUTCOMES, { message: '请选择通话结果' }),
        note: z.string().trim().max(MOVEIN_CALL_NOTE_MAX, `备注最多${MOVEIN_CALL_NOTE_MAX}字`).optional(),
        nextCallDay: day.optional(),
      })
      .strict(),
    community(STAFF, { moveInId: 'moveIn' }),
  ),
  /** Agent / manager: what a resale (过户) of the unit would do: the owners who leave, the arrears, the agreement. */
  resaleInfo: action<ResaleInfo>()(z.object({ unitId: objectId }).strict(), community(STAFF, { unitId: 'unit' })),
  /**
   * Agent / manager: the resale — arrears settled or carried over (else 409 FEE.ARREARS_OPEN), the old
   * owners' binding ends, a case of kind 'resale' for the buyer, the 新业主迁入办公通知. One per request id.
   */
  resale: action<ResaleResult>()(
    z
      .object({
        unitId: objectId,
        requestId,
        buyer: z.object({ name: personName, phone: phoneField, idNumber: idNumberField.optional() }).strict(),
        note: z.string().trim().max(RESALE_NOTE_MAX, `备注最多${RESALE_NOTE_MAX}字`).optional(),
      })
      .strict(),
    community(STAFF, { unitId: 'unit' }),
  ),
};

