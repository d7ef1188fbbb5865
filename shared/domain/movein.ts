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

// --- checklist ---

// --- inspection & documents ---

// --- progress, calls & resale ---
