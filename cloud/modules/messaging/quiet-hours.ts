import { localMinuteOfDay, nextLocalMinute } from '@shared/domain/calendar';

/** Quiet hours as minutes after midnight in Asia/Shanghai: [start, end), wrapping past midnight when start > end. */
export interface QuietHours {
  start: number;
  end: number;
}

export function inQuietHours(at: Date, quiet: QuietHours | null): boolean {
  if (!quiet || quiet.start === quiet.end) return false;
  const m = localMinuteOfDay(at);
  return quiet.start < quiet.end ? m >= quiet.start && m < quiet.end : m >= quiet.start || m < quiet.end;
}

/** When a non-urgent message may go: `at` itself, or the end of the quiet hours it falls in. */
export function notBeforeFor(at: Date, quiet: QuietHours | null, urgent: boolean): Date {
  if (urgent || !inQuietHours(at, quiet) || !quiet) return at;
  return nextLocalMinute(at, quiet.end);
}
