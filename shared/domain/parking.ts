/**
 * Parking spaces (车位) as the office manages them: who holds a space (sold, rented with a lease
 * end date, temporary), the assignment workflow, and the lease-end reminder ladder (车位到期提醒).
 * Pure: shared by the server and the pages (no zod).
 */
import { addDays, daysBetween } from './calendar';
import { stateMachine, type Transition } from './state-machine';
import type { ParkingKind } from './vehicles';

export { PARKING_KINDS, type ParkingKind } from './vehicles';

/** What the pages call each kind (the filter chips and tags of 车位管理 and the owner's home). */
export const PARKING_SPACE_LABELS: Record<ParkingKind, string> = {
  unassigned: '空闲',
  owned: '已售',
  rented: '租用',
  temporary: '临时',
};

/** The kinds a space can be assigned as (to a unit). */
export const ASSIGNED_KINDS = ['owned', 'rented', 'temporary'] as const satisfies readonly ParkingKind[];
export type AssignedKind = (typeof ASSIGNED_KINDS)[number];

/** Kinds with a lease end date: rented (required) and temporary (optional: none = until released). */
export const LEASED_KINDS: readonly ParkingKind[] = ['rented', 'temporary'];

/** A space is free (kind `unassigned`) or assigned to a unit (any other kind). */
export const PARKING_STATUSES = ['free', 'assigned'] as const;
export type ParkingStatus = (typeof PARKING_STATUSES)[number];
export const PARKING_STATUS_LABELS: Record<ParkingStatus, string> = { free: '空闲', assigned: '已分配' };

export const parkingStatusOf = (kind: ParkingKind | string | null | undefined): ParkingStatus => (!kind || kind === 'unassigned' ? 'free' : 'assigned');

/**
 * The assignment workflow: a free space is assigned to a unit; an assigned one is changed (same
 * unit, another kind or lease end), its lease renewed, or released (free again).
 */
export const PARKING_TRANSITIONS = {
  assign: { from: ['free'], to: 'assigned' },
  change: { from: ['assigned'], to: 'assigned' },
  renew: { from: ['assigned'], to: 'assigned' },
  release: { from: ['assigned'], to: 'free' },
} as const satisfies Record<string, Transition<ParkingStatus>>;
export type ParkingEvent = keyof typeof PARKING_TRANSITIONS;

/** History events: the table's, and `register` (a space entered by code). */
export const PARKING_EVENT_LABELS: Record<ParkingEvent | 'register', string> = { register: '登记车位', assign: '分配', change: '变更', renew: '续租', release: '释放' };

/** The assignment's state machine (refusals are 409 PARKING.INVALID_TRANSITION). */
export const PARKING_MACHINE = stateMachine<ParkingStatus, ParkingEvent>({
  noun: '车位',
  table: PARKING_TRANSITIONS,
  states: PARKING_STATUS_LABELS,
  events: PARKING_EVENT_LABELS,
  code: 'PARKING.INVALID_TRANSITION',
});

/** Whole days from `today` to the lease end (0 on the last day, negative once it has passed). */
export function leaseDaysLeft(leaseEndsOn: string, today: string): number {
  return daysBetween(today, leaseEndsOn);
}

/** '还剩12天' / '今天到期' / '已过期3天'. */
export function daysLeftText(daysLeft: number): string {
  return daysLeft > 0 ? `还剩${daysLeft}天` : daysLeft === 0 ? '今天到期' : `已过期${-daysLeft}天`;
}

/**
 * The lease-end reminder ladder (车位到期提醒): a message to the unit's owners this many days before
 * the lease ends (each stage once per lease), then, the day after the end, a call task for agents
 * when it was not renewed. A community may set its own days; these are the defaults.
 */
export const DEFAULT_PARKING_REMINDER_DAYS: readonly number[] = [30, 15, 7, 1];
export const MAX_PARKING_REMINDER_STAGES = 6;

/** Why a community's reminder days are not usable, or null: 1–6 whole days, each 1–90, earliest first (descending). */
export function parkingReminderDaysProblem(days: readonly number[]): string | null {
  if (days.length < 1 || days.length > MAX_PARKING_REMINDER_STAGES) return `须设置1到${MAX_PARKING_REMINDER_STAGES}次提醒`;
  if (days.some((d) => !Number.isInteger(d))) return '天数须为整数';
  if (days.some((d) => d < 0 || d > 90)) return '提醒须在到期前0到90天';
  for (let i = 1; i < days.length; i++) if (days[i] >= days[i - 1]) return '请按到期前天数从多到少填写，且不能重复';
  return null;
}

/** The reminder stage reached `daysLeft` days before the end: the index of the last stage whose days it is within, or null (none yet, or the lease has ended). */
export function parkingStageReached(daysLeft: number, days: readonly number[]): number | null {
  if (daysLeft < 0) return null;
  let reached: number | null = null;
  days.forEach((d, i) => {
    if (daysLeft <= d) reached = i;
  });
  return reached;
}

/** The last day a lease may still be searched as "expiring within `withinDays`" from `today`. */
export const expiringBy = (today: string, withinDays: number): string => addDays(today, withinDays);

/** '到期前30天' / '到期当天'. */
export const reminderDayLabel = (days: number): string => (days === 0 ? '到期当天' : `到期前${days}天`);
