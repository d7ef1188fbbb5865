/**
 * THE calendar of the platform, for client and server: instants are stored and sent as UTC; the
 * community lives in Asia/Shanghai (UTC+8 all year, no daylight saving). Every conversion between an
 * instant and a local day, time, month or week, every local date/time from a picker, every date or
 * duration shown to people, and the units of time (MINUTE_MS, HOUR_MS, DAY_MS) come from here.
 * Nowhere else adds eight hours. Pure functions, no dependency (the mini-program bundles this file).
 *
 * Shapes: a local day is 'YYYY-MM-DD', a month 'YYYY-MM', a time 'HH:mm'. An `Instant` is a Date,
 * epoch milliseconds or an ISO string (what the API sends). Functions that turn an instant into
 * text answer '' for a missing or invalid instant (a page shows nothing rather than breaking).
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The community's time zone (IANA name), for anything that needs it spelled out. */
export const TIME_ZONE = 'Asia/Shanghai';
/** Asia/Shanghai is UTC+8 all year: the only place the offset is written. */
const OFFSET_MS = 8 * HOUR_MS;
const OFFSET_ISO = '+08:00';

export type Instant = Date | number | string;

/** Epoch milliseconds of an instant; NaN when it is not one. */
export function instantMs(at: Instant): number {
  return at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
}

/** The local wall clock of an instant as 'YYYY-MM-DDTHH:mm:ss.sssZ' (the Z is not UTC here); '' when invalid. */
function wallClock(at: Instant | null | undefined): string {
  if (at === null || at === undefined || at === '') return '';
  const shifted = new Date(instantMs(at) + OFFSET_MS);
  return Number.isNaN(shifted.getTime()) ? '' : shifted.toISOString();
}

// ── Instant → local ────────────────────────────────────────────────────────────────────────────

/** The local calendar day of an instant: 'YYYY-MM-DD' (a plain day stays itself). */
export function localDay(at: Instant): string {
  return wallClock(at).slice(0, 10);
}

/** The local month of an instant: 'YYYY-MM'. */
export function localMonth(at: Instant): string {
  return wallClock(at).slice(0, 7);
}

/** The local time of an instant: 'HH:mm'. */
export function localTime(at: Instant): string {
  return wallClock(at).slice(11, 16);
}

/** The local date and time of an instant: 'YYYY-MM-DD HH:mm'. */
export function localMinute(at: Instant): string {
  return wallClock(at).slice(0, 16).replace('T', ' ');
}

/** Date ('2026-11-27') and time ('14:05') of an instant, e.g. to fill date and time pickers. */
export function localParts(at: Instant): { date: string; time: string } {
  return { date: localDay(at), time: localTime(at) };
}

/** The local day as digits, '20261127' (order numbers, file names). */
export function localDayDigits(at: Instant): string {
  return localDay(at).replace(/-/g, '');
}

/** Minutes after local midnight (0–1439); NaN when invalid. */
export function localMinuteOfDay(at: Instant): number {
  const ms = instantMs(at) + OFFSET_MS;
  return Math.floor((((ms % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
}

/** The local day that ends at `at` (a day kept as its end, the next midnight, gives that day back). */
export function dayEndedBy(at: Instant): string {
  return localDay(instantMs(at) - 1);
}

// ── Local → instant ────────────────────────────────────────────────────────────────────────────

/** The instant a local day ('YYYY-MM-DD') starts. */
export function dayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);
}

/** The instant a local day ends: the next day's start. */
export function dayEnd(day: string): Date {
  return dayStart(addDays(day, 1));
}

/** A local date and time from pickers ('2026-11-27', '14:05' or '14:05:30') as an ISO string with its offset ('2026-11-27T14:05:00+08:00'). */
export function localIso(day: string, time: string): string {
  return `${day}T${time.length === 5 ? `${time}:00` : time}${OFFSET_ISO}`;
}

/** A local date and time ('2026-11-27', '14:05') as an instant. */
export function localInstant(day: string, time: string): Date {
  return new Date(Date.parse(localIso(day, time)));
}

/** The instants a local month ('YYYY-MM') starts and the next one starts. */
export function monthBounds(month: string): { from: Date; to: Date } {
  return { from: dayStart(`${month}-01`), to: dayStart(`${addMonths(month, 1)}-01`) };
}

/** The first instant after `at` whose local time is `minuteOfDay` minutes after midnight. */
export function nextLocalMinute(at: Instant, minuteOfDay: number): Date {
  const ms = instantMs(at);
  let next = dayStart(localDay(ms)).getTime() + minuteOfDay * MINUTE_MS;
  while (next <= ms) next += DAY_MS;
  return new Date(next);
}

/**
 * The fixed window of `lengthMs` holding `at`, windows counted from a local midnight (an hour from
 * :00, a day from 00:00 Beijing time): its number and the instant it ends.
 */
export function localWindow(at: Instant, lengthMs: number): { index: number; end: Date } {
  const index = Math.floor((instantMs(at) + OFFSET_MS) / lengthMs);
  return { index, end: new Date((index + 1) * lengthMs - OFFSET_MS) };
}

/** 'HH:mm' → minutes after midnight ('21:30' → 1290); NaN when it is not a time of day. */
export function minutesOfTime(time: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

// ── Days, months, weeks (calendar arithmetic; no time zone involved) ───────────────────────────

const dayOfUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Epoch ms of UTC midnight of a year, month (0-based; overflow rolls over) and day; years below 100 stay themselves. */
const utcMidnight = (year: number, month0: number, day: number) => new Date(0).setUTCFullYear(year, month0, day);

/** The day `n` days after `day` (`n` may be negative). */
export function addDays(day: string, n: number): string {
  return dayOfUtc(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);
}

/** Whole days from day `from` to day `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The month `n` months after `month` ('YYYY-MM'; `n` may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  return dayOfUtc(utcMidnight(y, m - 1 + n, 1)).slice(0, 7);
}

/** The day of a year, month (1–12) and day of month; overflow rolls over (month 2, day 31 → March). */
export function dayOf(year: number, month: number, day: number): string {
  return dayOfUtc(utcMidnight(year, month - 1, day));
}

/** Days in a month (1–12) of a year: 28–31. */
export function daysInMonth(year: number, month: number): number {
  return new Date(utcMidnight(year, month, 0)).getUTCDate();
}

/** Whether a year, month (1–12) and day of month name a real date (no 2月30日). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Day of the week of a day, Monday-based: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  return ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** The Monday of the week (Monday to Sunday) holding `day`. */
export function weekStart(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

/** The ISO week (Monday to Sunday; week 1 holds the year's first Thursday) of a day: `2026-W05`. */
export function isoWeekOfDay(day: string): string {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The ISO week of an instant's local (Asia/Shanghai) day. */
export const isoWeekOf = (at: Instant): string => isoWeekOfDay(localDay(at));

/** The last `n` ISO weeks up to the one holding `at`, oldest first. */
export function lastIsoWeeks(at: Instant, n: number): string[] {
  const monday = weekStart(localDay(at));
  return Array.from({ length: n }, (_, k) => isoWeekOfDay(addDays(monday, -7 * (n - 1 - k))));
}

const WEEKDAY_LABELS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** '周一' … '周日'. */
export function weekdayLabel(day: string): string {
  return WEEKDAY_LABELS[isoWeekday(day) - 1];
}

// ── Display ────────────────────────────────────────────────────────────────────────────────────

/** An instant as shown everywhere: '2026-11-27 14:05'; '' when missing or invalid. */
export function formatTime(at: Instant | null | undefined): string {
  return at === null || at === undefined ? '' : localMinute(at);
}

/** Without the year, where the year goes without saying (deadlines, chat lines): '11-27 14:05'. */
export function formatShortTime(at: Instant | null | undefined): string {
  return formatTime(at).slice(5);
}

/** A time range: '2026-11-28 09:00–12:00' (the end's date too when it differs: '… – 2026-11-29 10:00'). */
export function formatTimeRange(from: Instant | null | undefined, to: Instant | null | undefined): string {
  const a = formatTime(from);
  const b = formatTime(to);
  if (!a || !b) return a || b;
  return a.slice(0, 10) === b.slice(0, 10) ? `${a}–${b.slice(11)}` : `${a} – ${b}`;
}

/** '2026-12-03' → '2026年12月3日' (how letters and notices write dates); '' when it is not a day. */
export function chineseDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '';
}

/** An instant as '2026年11月27日 14:05'; '' when invalid. */
export function chineseDateTime(at: Instant): string {
  const day = localDay(at);
  return day ? `${chineseDate(day)} ${localTime(at)}` : '';
}

/** '2026年12月3日' (anywhere in the text) → '2026-12-03', e.g. for a date picker; '' when there is none. */
export function dayOfChinese(text: string): string {
  const m = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(text);
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : '';
}

/** '2026-11' → '2026年11月'; '' when it is not a month. */
export function chineseMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  return m ? `${m[1]}年${Number(m[2])}月` : '';
}

/** When something will be, said from `from`: '14:35' (that day), '明天 09:30', or '12月9日 09:30'. */
export function whenText(at: Instant, from: Instant): string {
  const day = localDay(at);
  const time = localTime(at);
  const ahead = daysBetween(localDay(from), day);
  if (ahead === 0) return time;
  if (ahead === 1) return `明天 ${time}`;
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日 ${time}`;
}

const NEAR_DAYS = ['今天', '明天', '后天'];

/** A day to choose, seen from `today`: '今天', '明天', '后天', later '12-01 周二'. */
export function dayChoiceLabel(day: string, today: string): string {
  return NEAR_DAYS[daysBetween(today, day)] ?? `${day.slice(5)} ${weekdayLabel(day)}`;
}

const noMinutes = (minutes: number | null | undefined): minutes is null | undefined => minutes === null || minutes === undefined || Number.isNaN(minutes);

/**
 * Minutes as people say them, the two largest units: '45 分', '2 小时 5 分', '3 天 2 小时' ('分钟' as the
 * minute word where the page says so: '1 小时 5 分钟'); '—' when there is no figure.
 */
export function durationText(minutes: number | null | undefined, minuteWord: '分' | '分钟' = '分'): string {
  if (noMinutes(minutes)) return '—';
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} ${minuteWord}`;
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const mins = m % 60;
  if (days > 0) return hours ? `${days} 天 ${hours} 小时` : `${days} 天`;
  return mins ? `${hours} 小时 ${mins} ${minuteWord}` : `${hours} 小时`;
}

/** Minutes in hours and minutes, both always (a column of medians): '0 小时 45 分', '26 小时 5 分'; '—' when none. */
export function hoursMinutesText(minutes: number | null | undefined): string {
  if (noMinutes(minutes)) return '—';
  const m = Math.max(0, Math.round(minutes));
  return `${Math.floor(m / 60)} 小时 ${m % 60} 分`;
}

/** How long ago `at` was, seen at `now`: '刚刚', '12 分钟前', '3 小时前', '2 天前'. */
export function agoText(at: Instant, now: Instant): string {
  const minutes = Math.max(0, Math.floor((instantMs(now) - instantMs(at)) / MINUTE_MS));
  if (minutes < 1) return '刚刚';
  if (minutes < 60) return `${minutes} 分钟前`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} 小时前`;
  return `${Math.floor(hours / 24)} 天前`;
}
