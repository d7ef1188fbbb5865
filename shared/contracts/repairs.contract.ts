import { z } from 'zod';
import {
  DISPATCH_MODES,
  MAX_REPAIR_PHOTOS,
  REPAIR_AREAS,
  REPAIR_STATUSES,
  URGENCIES,
  type DispatchMode,
  type RepairArea,
  type RepairFlag,
  type RepairChannel,
  type RepairEvent,
  type RepairStatus,
  type SlaStage,
  type SlaTable,
  type Urgency,
} from '../domain/repairs';
import { action, calendarDay, community, objectId, page, type Paged, pageSize, self } from './contract';
import { personName, phoneField } from './community.contract';

/**
 * Repairs (报修 → 派单 → 维修 → 评价 → 回访). Owners report and follow their orders; technicians
 * take, do and return work; agents record phoned-in reports and assign by hand; managers watch the
 * board and the weekly figures, and set categories, dispatch mode and deadlines per community.
 */

/** What the caller may do with an order now (the client shows only these buttons). */
export type RepairAction = RepairEvent | 'urge';

export interface RepairDeadline {
  stage: SlaStage;
  at: string;
  /** The 80 % mark was passed (the assignee was warned). */
  warned: boolean;
  overdue: boolean;
}

export interface RepairSummary {
  id: string;
  orderNo: string;
  status: RepairStatus;
  urgency: Urgency;
  area: RepairArea;
  category: string;
  /** Unit label (户内) or the place (公共区域). */
  location: string;
  description: string;
  createdAt: string;
  assigneeName?: string;
  /** The deadline running now (none when unassigned, paused or finished). */
  deadline?: RepairDeadline;
  /** A deadline was missed at some stage. */
  breached: boolean;
  /** Waiting in the pool for a technician to claim it. */
  inPool: boolean;
  urgeCount: number;
  /** Needs the manager's eye: angry report, low rating, unhappy follow-up, emergency. */
  flags: RepairFlag[];
}

export interface RepairHistoryEntry {
  at: string;
  event: RepairEvent | 'create' | 'urge';
  from?: RepairStatus;
  to: RepairStatus;
  byName: string;
  note?: string;
}

export interface RepairPhoto {
  id: string;
  url: string;
}

export interface RepairRating {
  overall: number;
  speed: number;
  attitude: number;
  comment?: string;
  at: string;
}

export interface RepairDetail extends RepairSummary {
  channel: RepairChannel;
  reporterName: string;
  contactName: string;
  /** Masked for owners; in full for staff (they call). */
  contactPhone: string;
  visitWindow?: { from: string; to: string };
  photos: RepairPhoto[];
  afterPhotos: RepairPhoto[];
  materials: { name: string; quantity: number; unit: string }[];
  completionNote?: string;
  pauseReason?: string;
  assigneePhone?: string;
  /** Deadlines of every stage (ISO). */
  deadlines: { accept?: string; arrive?: string; complete?: string };
  rating?: RepairRating;
  /** Shown when no rating came within 72 h of completion. */
  unrated: boolean;
  history: RepairHistoryEntry[];
  can: RepairAction[];
}

export interface TechnicianQueue {
  /** My orders, the next deadline first. */
  mine: RepairSummary[];
  /** Pool orders matching my skills (emergencies first). */
  pool: RepairSummary[];
  /** Each part shows at most `limit` orders (default 50): whether there are others. */
  more: { mine: boolean; pool: boolean };
}

export interface RepairBoard {
  /** Open orders by state: the counts add up to `open`. */
  byStatus: Partial<Record<RepairStatus, number>>;
  open: number;
  /** Full sizes of the lists below (each list shows at most BOARD_LIST_MAX of them). */
  totals: { overdue: number; unassigned: number; flagged: number };
  overdue: RepairSummary[];
  unassigned: RepairSummary[];
  flagged: RepairSummary[];
  /** Every active technician of the community (agents assign from this list). */
  byTechnician: { id: string; name: string; skills: string[]; onDuty: boolean; open: number; overdue: number }[];
}

export interface RepairStats {
  /** Week (Monday to Sunday, Asia/Shanghai) as YYYY-MM-DD. */
  weekStart: string;
  weekEnd: string;
  created: number;
  completed: number;
  /** Median minutes from report (accept: from dispatch) to each stage; null with no data. */
  medianMinutes: { accept: number | null; arrive: number | null; complete: number | null };
  /** Orders of the week that missed any deadline, over orders of the week (0–1; null with none). */
  breachRate: number | null;
  /** Count of overall ratings 1–5. */
  ratings: Record<'1' | '2' | '3' | '4' | '5', number>;
  /** Completed more than 72 h ago without a rating (never counted as 5 stars). */
  unrated: number;
  averageRating: number | null;
  /** Completed orders of the week reopened later (0–1). */
  reopenRate: number | null;
}

export interface RepairSettingsView {
  categories: string[];
  dispatchMode: DispatchMode;
  poolFallbackMinutes: number;
  sla: SlaTable;
}

export interface SlaRunReport {
  checked: number;
  warned: number;
  breached: number;
  reassigned: number;
  dispatched: number;
  /** Work is left for the next invocation (lib/slices.ts: the budget ran out, or another worker held a community). */
  more: boolean;
}

const STAFF_VIEWERS = ['agent', 'technician', 'manager'] as const;
const repairRef = { repairId: 'repair' } as const;
const repairId = z.object({ repairId: objectId }).strict();
const reason = (what: string) => z.string({ message: `请填写${what}` }).trim().min(2, `请填写${what}`).max(200, `${what}最多200字`);
const isoTime = z
  .string({ message: '请选择时间' })
  .datetime({ offset: true, message: '时间格式不正确' })
  .transform((v) => new Date(v));
/** Client-made id of a submission: a second submit with the same id returns the first order. */
const requestIdField = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const photoIds = z.array(z.string().regex(/^[\w-]{8,64}$/, '照片编号不正确')).max(MAX_REPAIR_PHOTOS, `照片最多${MAX_REPAIR_PHOTOS}张`).default([]);
const visitWindow = z
  .object({ from: isoTime, to: isoTime })
  .strict()
  .refine((w) => w.to.getTime() > w.from.getTime(), { message: '上门时间段的结束应晚于开始', path: ['to'] });
const categoryField = z.string({ message: '请选择报修类别' }).trim().min(1, '请选择报修类别').max(10, '类别名称过长');
const description = z.string({ message: '请描述报修问题' }).trim().min(5, '请至少用5个字描述问题').max(500, '问题描述最多500字');

const reportFields = {
  requestId: requestIdField,
  area: z.enum(REPAIR_AREAS, { message: '请选择户内或公共区域' }),
  unitId: objectId.optional(),
  /** Where, for a common-area report (e.g. 3栋电梯厅). */
  place: z.string().trim().max(40, '位置最多40字').optional(),
  category: categoryField,
  description,
  photoIds,
  visitWindow: visitWindow.optional(),
  /** The reporter may ask for more urgency than triage gives, never less. */
  urgency: z.enum(URGENCIES).optional(),
};
const placeRule = (v: { area: RepairArea; unitId?: string; place?: string }) => (v.area === 'home' ? Boolean(v.unitId) : Boolean(v.place));
const placeMessage = { message: '户内报修请选择房屋，公共区域报修请填写位置', path: ['place'] };

const listFilter = z
  .object({
    status: z.enum(REPAIR_STATUSES).optional(),
    /** open: not yet completed or cancelled; done: the rest. */
    state: z.enum(['open', 'done', 'all']).default('all'),
    urgency: z.enum(URGENCIES).optional(),
    assigneeId: objectId.optional(),
    overdue: z.boolean().optional(),
    /** Order number, unit or words of the description. */
    q: z.string().trim().max(40).optional(),
    page,
    pageSize,
  })
  .strict()
  .optional()
  .default({});

const stars = (label: string) => z.number({ message: `请为${label}打分` }).int(`请为${label}打分`).min(1, `请为${label}打分`).max(5, '评分为1到5分');

export const repairsContract = {
  /** Categories, dispatch mode and deadlines of the caller's community (the report form needs the categories). */
  settings: action<RepairSettingsView>()(z.object({}).strict().optional().default({}), community(['owner', ...STAFF_VIEWERS])),
  saveSettings: action<RepairSettingsView>()(
    z
      .object({
        categories: z.array(categoryField).min(1, '至少保留一个类别').max(20, '类别最多20个'),
        dispatchMode: z.enum(DISPATCH_MODES),
        poolFallbackMinutes: z.number().int().min(1, '抢单等待至少1分钟').max(24 * 60, '抢单等待最多24小时'),
        sla: z.record(
          z.enum(URGENCIES),
          z.object({ accept: z.number().int().min(1).max(7 * 24 * 60), arrive: z.number().int().min(1).max(14 * 24 * 60), complete: z.number().int().min(1).max(30 * 24 * 60) }).strict(),
        ),
      })
      .strict()
      .refine((v) => URGENCIES.every((u) => v.sla[u]), { message: '请填写每个紧急程度的时限', path: ['sla'] })
      .refine((v) => URGENCIES.every((u) => !v.sla[u] || (v.sla[u].accept <= v.sla[u].arrive && v.sla[u].arrive <= v.sla[u].complete)), { message: '时限应满足：接单 ≤ 到场 ≤ 完工', path: ['sla'] }),
    community(['manager']),
  ),

  /** Owner: report a repair (户内 for one of my units, or a common area). */
  create: action<RepairDetail>()(
    z
      .object({ ...reportFields, contactName: personName.optional(), contactPhone: phoneField.optional() })
      .strict()
      .refine(placeRule, placeMessage),
    self(['owner'], { unitId: 'ownUnit' }),
  ),
  /** Agent: record a report an owner phoned in or brought to the desk. */
  createForOwner: action<RepairDetail>()(
    z
      .object({ ...reportFields, channel: z.enum(['phone', 'walk-in']).default('phone'), contactName: personName, contactPhone: phoneField })
      .strict()
      .refine(placeRule, placeMessage),
    community(['agent', 'manager'], { unitId: 'unit' }),
  ),
  /** Owner: my orders, newest first. */
  mine: action<Paged<RepairSummary>>()(
    z.object({ state: z.enum(['open', 'done', 'all']).default('all'), page, pageSize }).strict().optional().default({}),
    self(['owner']),
  ),
  get: action<RepairDetail>()(repairId, community(['owner', ...STAFF_VIEWERS], repairRef)),

  urge: action<RepairDetail>()(repairId, community(['owner'], repairRef)),
  cancel: action<RepairDetail>()(z.object({ repairId: objectId, reason: reason('取消原因').optional() }).strict(), community(['owner', 'agent', 'manager'], repairRef)),
  rate: action<RepairDetail>()(
    z
      .object({ repairId: objectId, overall: stars('总体评价'), speed: stars('维修速度'), attitude: stars('服务态度'), comment: z.string().trim().max(200, '评价最多200字').optional() })
      .strict(),
    community(['owner'], repairRef),
  ),
  reopen: action<RepairDetail>()(z.object({ repairId: objectId, reason: reason('重开原因') }).strict(), community(['owner', 'agent', 'manager'], repairRef)),

  /** Technician: my orders and the pool. */
  queue: action<TechnicianQueue>()(z.object({ limit: z.number().int().min(1).max(100).optional() }).strict().optional().default({}), community(['technician'])),
  claim: action<RepairDetail>()(repairId, community(['technician'], repairRef)),
  accept: action<RepairDetail>()(repairId, community(['technician'], repairRef)),
  arrive: action<RepairDetail>()(z.object({ repairId: objectId, at: isoTime.optional() }).strict(), community(['technician'], repairRef)),
  pause: action<RepairDetail>()(z.object({ repairId: objectId, reason: reason('暂停原因') }).strict(), community(['technician'], repairRef)),
  resume: action<RepairDetail>()(repairId, community(['technician'], repairRef)),
  complete: action<RepairDetail>()(
    z
      .object({
        repairId: objectId,
        afterPhotoIds: photoIds,
        materials: z
          .array(
            z
              .object({
                name: z.string({ message: '请填写材料名称' }).trim().min(1, '请填写材料名称').max(20, '材料名称最多20字'),
                quantity: z.number({ message: '请填写数量' }).positive('数量应大于0').max(10_000),
                unit: z.string().trim().max(4).default('个'),
              })
              .strict(),
          )
          .max(20, '材料最多20项')
          .default([]),
        note: z.string().trim().max(200, '完工说明最多200字').optional(),
      })
      .strict(),
    community(['technician'], repairRef),
  ),
  return: action<RepairDetail>()(z.object({ repairId: objectId, reason: reason('退单原因') }).strict(), community(['technician'], repairRef)),

  /** Staff: orders of the community. */
  list: action<Paged<RepairSummary>>()(listFilter, community(STAFF_VIEWERS, { assigneeId: 'staff' })),
  /** Agent/manager: assign (or reassign) to a technician with the skill. */
  assign: action<RepairDetail>()(z.object({ repairId: objectId, technicianId: objectId }).strict(), community(['agent', 'manager'], { repairId: 'repair', technicianId: 'staff' })),
  board: action<RepairBoard>()(z.object({}).strict().optional().default({}), community(['agent', 'manager'])),
  stats: action<RepairStats>()(
    z
      .object({ weekOf: calendarDay().optional() })
      .strict()
      .optional()
      .default({}),
    community(['manager']),
  ),
};

export type RepairCreateInput = z.input<(typeof repairsContract)['create']['input']>;
