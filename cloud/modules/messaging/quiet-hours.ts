import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

const TZ = 'Asia/Shanghai';

/** Quiet hours as minutes after midnight in Asia/Shanghai: [start, end), wrapping past midnight when start > end. */
export interface QuietHours {
  start: number;
  end: number;
}

export function inQuietHours(at: Date, quiet: QuietHours | null): boolean {
  if (!quiet || quiet.start === quiet.end) return false;
  const local = dayjs(at).tz(TZ);
  const m = local.hour() * 60 + local.minute();
  return quiet.start < quiet.end ? m >= quiet.start && m < quiet.end : m >= quiet.start || m < quiet.end;
}

/** When a non-urgent message may go: `at` itself, or the end of the quiet hours it falls in. */
export function notBeforeFor(at: Date, quiet: QuietHours | null, urgent: boolean): Date {
  if (urgent || !inQuietHours(at, quiet) || !quiet) return at;
  const local = dayjs(at).tz(TZ);
  let end = local.startOf('day').add(quiet.end, 'minute');
  if (!end.isAfter(local)) end = end.add(1, 'day');
  return end.toDate();
}
