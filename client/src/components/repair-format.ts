/** Display helpers of repair orders (pure, no platform APIs); owner and staff pages share them. Dates, times and durations: @shared/domain/calendar. */
import type { RepairBoard } from '@shared/contracts/repairs.contract';
import { durationText, MINUTE_MS } from '@shared/domain/calendar';
import { OPEN_STATUSES, type RepairStatus } from '@shared/domain/repairs';

/** The board's status columns: the open states that have orders, in the state order (their counts add up to the 进行中 header). */
export function boardStatuses(board: Pick<RepairBoard, 'byStatus'>): RepairStatus[] {
  return OPEN_STATUSES.filter((st) => (board.byStatus[st] ?? 0) > 0);
}

/** A 0–1 share as a percentage ('12.5%'), '—' for null. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  const pct = Math.round(rate * 1000) / 10;
  return `${pct}%`;
}

/** '剩余 1 小时 20 分' or '已超时 35 分' for a deadline, measured against `now`. */
export function deadlineText(at: string, now: number = Date.now()): { text: string; overdue: boolean } {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return { text: '', overdue: false };
  const diff = Math.round((t - now) / MINUTE_MS);
  return diff >= 0 ? { text: `剩余 ${durationText(diff)}`, overdue: false } : { text: `已超时 ${durationText(-diff)}`, overdue: true };
}

/** A client-made id for one submission (retries of the same form reuse it). */
export function newRequestId(prefix = 'req'): string {
  const rand = Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  return `${prefix}-${Date.now().toString(36)}-${rand}`;
}
