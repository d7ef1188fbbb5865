/**
 * Move-in (业主入住 · 入伙): kinds, the 入伙手续书's steps, the move-in case's states (zod-free,
 * shared with the client). Each part of the module adds its own values in its section.
 */
import { stateMachine } from './state-machine';

/** 集中入住 (a batch of new buildings), 零散入住 (one owner later, no batch), 旧楼盘迁入 (a resale, 过户). */
export const MOVEIN_KINDS = ['batch', 'single', 'resale'] as const;
export type MoveInKind = (typeof MOVEIN_KINDS)[number];
export const MOVEIN_KIND_LABELS: Record<MoveInKind, string> = { batch: '集中入住', single: '零散入住', resale: '旧楼盘迁入' };

/** The steps of the 入伙手续书, in the order they are done on the day. */
export const MOVEIN_STEPS = ['identity', 'documents', 'fees', 'agreements', 'inspection', 'keys', 'cards'] as const;
export type MoveInStep = (typeof MOVEIN_STEPS)[number];
export const MOVEIN_STEP_LABELS: Record<MoveInStep, string> = {
  identity: '核验身份',
  documents: '收取资料',
  fees: '缴纳费用',
  agreements: '签署业主公约 · 前期物业服务协议',
  inspection: '验房',
  keys: '钥匙交接',
  cards: '办理业主卡 · 门禁卡',
};
/** Required unless the community's settings say otherwise (业主卡/门禁卡 are optional by default). */
export const DEFAULT_REQUIRED_STEPS: readonly MoveInStep[] = ['identity', 'documents', 'fees', 'agreements', 'inspection', 'keys'];

/**
 * A move-in case (one per unit and owner): waiting (not started; may hold a booking) → in progress
 * (the checklist started on the day) → done (已入住: every required step done) — or cancelled.
 */
export const MOVEIN_STATUSES = ['waiting', 'in_progress', 'done', 'cancelled'] as const;
export type MoveInStatus = (typeof MOVEIN_STATUSES)[number];
export const MOVEIN_STATUS_LABELS: Record<MoveInStatus, string> = { waiting: '待办理', in_progress: '办理中', done: '已入住', cancelled: '已取消' };
export const MOVEIN_EVENTS = ['start', 'complete', 'cancel'] as const;
export type MoveInEvent = (typeof MOVEIN_EVENTS)[number];
export const MOVEIN_EVENT_LABELS: Record<MoveInEvent | 'create' | 'book' | 'rebook' | 'unbook' | 'step' | 'undoStep', string> = {
  create: '建档',
  start: '开始办理',
  complete: '办结入住',
  cancel: '取消',
  book: '预约',
  rebook: '改约',
  unbook: '取消预约',
  step: '完成步骤',
  undoStep: '撤销步骤',
};
export const MOVEIN_MACHINE = stateMachine<MoveInStatus, MoveInEvent>({
  noun: '入住办理',
  table: {
    start: { from: ['waiting'], to: 'in_progress' },
    complete: { from: ['in_progress'], to: 'done' },
    cancel: { from: ['waiting', 'in_progress'], to: 'cancelled' },
  },
  states: MOVEIN_STATUS_LABELS,
  events: MOVEIN_EVENT_LABELS,
  code: 'MOVEIN.INVALID_TRANSITION',
});

/** A move-in batch: drafted, published (入住通知 sent, bookings open), closed. */
export const BATCH_STATUSES = ['draft', 'published', 'closed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
export const BATCH_STATUS_LABELS: Record<BatchStatus, string> = { draft: '草稿', published: '已发布', closed: '已结束' };

// --- batches & bookings ---

export const BATCH_NAME_MAX = 40;
export const BATCH_PLACE_MAX = 60;
export const BATCH_NOTE_MAX = 200;
/** A batch spans at most this many days (start..end). */
export const BATCH_DAYS_MAX = 62;
export const BATCH_SLOTS_MAX = 8;
export const BATCH_SLOT_CAPACITY_MAX = 200;
export const BATCH_DOCUMENTS_MAX = 12;
export const BATCH_DOCUMENT_MAX = 40;
export const BATCH_FEE_ITEMS_MAX = 6;
/** The 入住通知 of the notice template library, filled from the batch when it is published. */
export const MOVEIN_NOTICE_TEMPLATE_KEY = 'move-in';
/** What a new batch proposes owners bring (the manager edits the list). */
export const DEFAULT_MOVEIN_DOCUMENTS: readonly string[] = [
  '入住通知书',
  '购房合同（原件及复印件）',
  '业主身份证（原件及复印件）',
  '委托他人办理的，另带委托书及受托人身份证',
  '近期一寸照片（办理业主卡用）',
];

export interface BatchSlotDef {
  id: string;
  /** HH:MM */
  start: string;
  end: string;
  capacity: number;
}

export const slotLabel = (s: Pick<BatchSlotDef, 'start' | 'end'>): string => `${s.start}–${s.end}`;

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const isClockTime = (t: string): boolean => HHMM.test(t);

/** Every day of start..end (YYYY-MM-DD, inclusive), pure string arithmetic in UTC. */
export function daysBetween(startDay: string, endDay: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${endDay}T00:00:00Z`);
  for (let t = Date.parse(`${startDay}T00:00:00Z`); t <= end && out.length <= BATCH_DAYS_MAX; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** The days owners may book: start..end without the closed days. */
export function openDays(batch: { startDay: string; endDay: string; closedDays: readonly string[] }): string[] {
  const closed = new Set(batch.closedDays);
  return daysBetween(batch.startDay, batch.endDay).filter((d) => !closed.has(d));
}

export const BATCH_MACHINE = stateMachine<BatchStatus, 'publish' | 'close'>({
  noun: '入住批次',
  table: { publish: { from: ['draft'], to: 'published' }, close: { from: ['published'], to: 'closed' } },
  states: BATCH_STATUS_LABELS,
  events: { publish: '发布', close: '结束' },
  code: 'MOVEIN.BATCH_NOT_DRAFT',
});

/** Why a publish did not make a case for a unit of the batch's buildings. */
export const BATCH_SKIP_REASONS = ['occupied', 'openCase', 'noBuyer'] as const;
export type BatchSkipReason = (typeof BATCH_SKIP_REASONS)[number];
export const BATCH_SKIP_LABELS: Record<BatchSkipReason, string> = { occupied: '已入住（房屋非空置）', openCase: '已有未办结的入住办理', noBuyer: '未登记购房人（业主）' };

// --- checklist ---

/** Days the owners' uploaded papers are kept after the case is done, unless the community says otherwise. */
export const DEFAULT_DOCUMENT_RETENTION_DAYS = 180;
export const DOCUMENT_RETENTION_LIMITS = { min: 7, max: 3650 } as const;

/** Steps an agent ticks by hand (with a note); the others have their own form (identity, agreements, keys, cards) or are ticked by the fees they settle. */
export const PLAIN_STEPS: readonly MoveInStep[] = ['documents', 'fees', 'inspection'];

/** The cards issued at move-in (业主卡, 门禁卡). */
export const CARD_KINDS = ['owner', 'access'] as const;
export type CardKind = (typeof CARD_KINDS)[number];
export const CARD_KIND_LABELS: Record<CardKind, string> = { owner: '业主卡', access: '门禁卡' };

/** Keys usually handed over (the agent may name others). */
export const KEY_NAMES = ['入户门钥匙', '单元门钥匙', '信报箱钥匙', '电表箱钥匙', '水表箱钥匙'] as const;
export const KEYS_LIMITS = { kinds: 12, count: 20 } as const;

/** What the owner signs: both agreements at once (one signature on the phone), and the keys received. */
export const SIGNED_STEPS = ['agreements', 'keys'] as const;
export type SignedStep = (typeof SIGNED_STEPS)[number];
export const AGREEMENT_TITLES = ['业主公约', '前期物业服务协议'] as const;

/** A case's steps from the community's required steps (every step is on the list; the others are optional). */
export function stepsFor(requiredSteps: readonly MoveInStep[]): { key: MoveInStep; required: boolean; done: boolean }[] {
  const required = new Set(requiredSteps);
  return MOVEIN_STEPS.map((key) => ({ key, required: required.has(key), done: false }));
}

/** The required steps not done yet, in the checklist's order. */
export function missingSteps(steps: readonly { key: string; required: boolean; done: boolean }[]): MoveInStep[] {
  const byKey = new Map(steps.map((s) => [s.key, s]));
  return MOVEIN_STEPS.filter((k) => {
    const s = byKey.get(k);
    return s ? s.required && !s.done : false;
  });
}

/** 「核验身份、验房」: the missing steps named for a message. */
export const stepNames = (keys: readonly MoveInStep[]): string => keys.map((k) => MOVEIN_STEP_LABELS[k]).join('、');

/** An ID number as compared: no spaces, the check letter upper case. */
export const normalizeIdNumber = (id: string): string => id.replace(/\s+/g, '').toUpperCase();

/** Whether the ID shown at the desk is the buyer's recorded one (no recorded number: nothing to compare, the agent's check stands). */
export function idMatches(recorded: string, shown: string): boolean {
  const r = normalizeIdNumber(recorded);
  return !r || r === normalizeIdNumber(shown);
}

/** The unit statuses an agent chooses from at completion (自住 / 出租 / 空置). */
export const MOVEIN_OCCUPANCIES = ['occupied', 'renting', 'vacant'] as const;

// --- inspection & documents ---

/** The rooms of a 验房 (in walking order); a flat has the ones it has. */
export const INSPECTION_ROOMS = ['livingRoom', 'diningRoom', 'masterBedroom', 'secondBedroom', 'study', 'kitchen', 'bathroom', 'balcony', 'entrance'] as const;
export type InspectionRoom = (typeof INSPECTION_ROOMS)[number];
export const INSPECTION_ROOM_LABELS: Record<InspectionRoom, string> = {
  livingRoom: '客厅',
  diningRoom: '餐厅',
  masterBedroom: '主卧',
  secondBedroom: '次卧',
  study: '书房',
  kitchen: '厨房',
  bathroom: '卫生间',
  balcony: '阳台',
  entrance: '入户门 · 玄关',
};

/** The standard items checked in a room. */
export const INSPECTION_ITEMS = ['surfaces', 'doorsWindows', 'electrical', 'plumbing', 'waterproofing', 'gas', 'fixtures'] as const;
export type InspectionItem = (typeof INSPECTION_ITEMS)[number];
export const INSPECTION_ITEM_LABELS: Record<InspectionItem, string> = {
  surfaces: '墙面 · 地面 · 天花',
  doorsWindows: '门窗 · 玻璃 · 五金',
  electrical: '水电 · 插座开关',
  plumbing: '给排水 · 地漏',
  waterproofing: '防水 · 渗漏',
  gas: '燃气管道 · 表具',
  fixtures: '洁具 · 橱柜 · 预留设施',
};
/** What each room is checked for (a kitchen has gas, a bedroom no drain). */
export const ROOM_ITEMS: Record<InspectionRoom, readonly InspectionItem[]> = {
  livingRoom: ['surfaces', 'doorsWindows', 'electrical'],
  diningRoom: ['surfaces', 'doorsWindows', 'electrical'],
  masterBedroom: ['surfaces', 'doorsWindows', 'electrical'],
  secondBedroom: ['surfaces', 'doorsWindows', 'electrical'],
  study: ['surfaces', 'doorsWindows', 'electrical'],
  kitchen: ['surfaces', 'doorsWindows', 'electrical', 'plumbing', 'waterproofing', 'gas', 'fixtures'],
  bathroom: ['surfaces', 'doorsWindows', 'electrical', 'plumbing', 'waterproofing', 'fixtures'],
  balcony: ['surfaces', 'doorsWindows', 'electrical', 'plumbing', 'waterproofing'],
  entrance: ['surfaces', 'doorsWindows', 'electrical'],
};
/** Is `item` one of the standard items of `room`? */
export const isRoomItem = (room: InspectionRoom, item: InspectionItem): boolean => ROOM_ITEMS[room].includes(item);
/**
 * What is wrong with an inspection round: an item its room does not have (a bedroom's gas pipe), a
 * defect of an item not marked 有问题, an item marked 有问题 without its defect. Empty: fine.
 */
export function inspectionProblems(input: {
  checks: readonly { room: InspectionRoom; item: InspectionItem; ok: boolean }[];
  defects: readonly { room: InspectionRoom; item: InspectionItem }[];
}): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const checked = new Map<string, boolean>();
  input.checks.forEach((c, i) => {
    if (!isRoomItem(c.room, c.item)) out.push({ path: `checks.${i}`, message: `${INSPECTION_ROOM_LABELS[c.room]}没有“${INSPECTION_ITEM_LABELS[c.item]}”这一项` });
    else if (checked.has(`${c.room}:${c.item}`)) out.push({ path: `checks.${i}`, message: `${INSPECTION_ROOM_LABELS[c.room]}的“${INSPECTION_ITEM_LABELS[c.item]}”重复了` });
    checked.set(`${c.room}:${c.item}`, c.ok);
  });
  input.defects.forEach((d, i) => {
    const ok = checked.get(`${d.room}:${d.item}`);
    if (ok === undefined || ok) out.push({ path: `defects.${i}`, message: `${INSPECTION_ROOM_LABELS[d.room]}的“${INSPECTION_ITEM_LABELS[d.item]}”未标记为有问题` });
  });
  input.checks.forEach((c, i) => {
    if (!c.ok && !input.defects.some((d) => d.room === c.room && d.item === c.item)) {
      out.push({ path: `checks.${i}`, message: `请为${INSPECTION_ROOM_LABELS[c.room]}的“${INSPECTION_ITEM_LABELS[c.item]}”描述问题并拍照` });
    }
  });
  return out;
}

/** At most this many photos per defect, and defects per inspection round. */
export const MAX_DEFECT_PHOTOS = 6;
export const MAX_DEFECTS_PER_INSPECTION = 60;

/** How an inspection defect's repair reads (room · item: what is wrong). */
export const defectRepairText = (room: InspectionRoom, item: InspectionItem, description: string): string =>
  `【验房·${INSPECTION_ROOM_LABELS[room]}·${INSPECTION_ITEM_LABELS[item]}】${description}`;

/** The owner's papers (uploaded as photos, kept privately for staff, deleted after the retention). */
export const PAPER_KINDS = ['purchaseContract', 'idCard'] as const;
export type PaperKind = (typeof PAPER_KINDS)[number];
export const PAPER_KIND_LABELS: Record<PaperKind, string> = { purchaseContract: '购房合同', idCard: '身份证' };
export const PAPER_KIND_HINTS: Record<PaperKind, string> = {
  purchaseContract: '合同首页、房屋信息页和签字页',
  idCard: '人像面和国徽面',
};
export const MAX_PAPER_PHOTOS = 6;

// --- progress, calls & resale ---

/** What a call to an owner who never booked (or did not come) ended with. */
export const MOVEIN_CALL_OUTCOMES = ['reached', 'agreed', 'no_answer', 'wrong_number', 'refused', 'other'] as const;
export type MoveInCallOutcome = (typeof MOVEIN_CALL_OUTCOMES)[number];
export const MOVEIN_CALL_OUTCOME_LABELS: Record<MoveInCallOutcome, string> = {
  reached: '已联系',
  agreed: '约定日期',
  no_answer: '无人接听',
  wrong_number: '号码错误',
  refused: '暂不办理',
  other: '其他',
};
/** The call lists: owners who never booked a slot, and owners whose booked day passed without starting (爽约). */
export const MOVEIN_CALL_LISTS = ['neverBooked', 'noShow'] as const;
export type MoveInCallList = (typeof MOVEIN_CALL_LISTS)[number];
export const MOVEIN_CALL_LIST_LABELS: Record<MoveInCallList, string> = { neverBooked: '未预约', noShow: '已预约未到场' };
export const MOVEIN_CALL_NOTE_MAX = 200;
/** The note of a carry-over agreement (欠费转移协议) and of a resale. */
export const RESALE_NOTE_MAX = 200;
/** The notice template a resale sends to the new owner (新业主迁入办公通知, notice-library.ts). */
export const RESALE_NOTICE_TEMPLATE = 'movein-resale';

/** Where a case of a batch stands on the progress page (the parts add up to the batch's units, cancelled apart). */
export type ProgressBucket = 'done' | 'inProgress' | 'booked' | 'noShow' | 'neverBooked' | 'cancelled';
export const PROGRESS_BUCKET_LABELS: Record<ProgressBucket, string> = {
  done: '已入住',
  inProgress: '办理中',
  booked: '已预约',
  noShow: '爽约',
  neverBooked: '未预约',
  cancelled: '已取消',
};
/** A waiting case booked for a day before today did not come (爽约); booked for today or later it is just booked. */
export function progressBucket(status: MoveInStatus, bookedDay: string | undefined, today: string): ProgressBucket {
  if (status === 'done') return 'done';
  if (status === 'in_progress') return 'inProgress';
  if (status === 'cancelled') return 'cancelled';
  if (!bookedDay) return 'neverBooked';
  return bookedDay < today ? 'noShow' : 'booked';
}
/** A call task is due when nobody called yet, or the next call day agreed is today or past. */
export function callIsDue(nextCallDay: string | undefined, called: boolean, today: string): boolean {
  if (!called) return true;
  return nextCallDay !== undefined && nextCallDay <= today;
}
