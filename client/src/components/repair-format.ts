/** Display helpers of repair orders (pure, no platform APIs); owner and staff pages share them. */

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Minutes as people say them: '2 小时 5 分', '45 分', '3 天 2 小时'; '—' for null. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || Number.isNaN(minutes)) return '—';
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} 分`;
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const mins = m % 60;
  if (days > 0) return hours ? `${days} 天 ${hours} 小时` : `${days} 天`;
  return mins ? `${hours} 小时 ${mins} 分` : `${hours} 小时`;
}

/** A median in minutes as the board shows it: 'X 小时 Y 分' (hours even under one), '—' for null. */
export function formatHoursMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || Number.isNaN(minutes)) return '—';
  const m = Math.max(0, Math.round(minutes));
  return `${Math.floor(m / 60)} 小时 ${m % 60} 分`;
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
  const diff = Math.round((t - now) / 60_000);
  return diff >= 0 ? { text: `剩余 ${formatMinutes(diff)}`, overdue: false } : { text: `已超时 ${formatMinutes(-diff)}`, overdue: true };
}

/** Date ('2026-11-27') and time ('14:05') of an instant in Asia/Shanghai, for pickers. */
export function shanghaiParts(at: number = Date.now()): { date: string; time: string } {
  const iso = new Date(at + SHANGHAI_OFFSET_MS).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** A Shanghai date and time from pickers as an ISO string with its offset ('2026-11-27T14:05:00+08:00'). */
export function shanghaiIso(date: string, time: string): string {
  return `${date}T${time}:00+08:00`;
}

/** Monday (YYYY-MM-DD) of the week `weeks` away from the week holding `date`. */
export function shiftWeek(date: string, weeks: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + weeks * 7 * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** A client-made id for one submission (retries of the same form reuse it). */
export function newRequestId(prefix = 'req'): string {
  const rand = Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  return `${prefix}-${Date.now().toString(36)}-${rand}`;
}
