/**
 * Calendar days and months as the community lives them (Asia/Shanghai, UTC+8, no daylight saving):
 * one place that turns instants into local days and back.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 86_400_000;

/** The local calendar day of an instant: 'YYYY-MM-DD'. */
export function localDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The local month of an instant: 'YYYY-MM'. */
export function localMonth(at: Date): string {
  return localDay(at).slice(0, 7);
}

/** The local date and time of an instant: 'YYYY-MM-DD HH:mm'. */
export function localMinute(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The instant a local day ('YYYY-MM-DD') starts. */
export function dayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** The local day `n` days after `day`. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The instants a local month ('YYYY-MM') starts and the next one starts. */
export function monthBounds(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number);
  return { from: dayStart(`${month}-01`), to: dayStart(new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10)) };
}

/** The local month `n` months after `month` ('YYYY-MM'; `n` may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
}
