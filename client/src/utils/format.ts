/** Display helpers shared by pages (pure, no platform APIs). */

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** An ISO time as shown everywhere: Asia/Shanghai, '2026-11-27 14:05'. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** '水电、管道疏通' / '水电, 管道疏通' → ['水电', '管道疏通'] (the way people type lists). */
export function splitList(text: string): string[] {
  return text
    .split(/[、,，;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The Asia/Shanghai calendar day `days` after today (0: today), as 'YYYY-MM-DD'. */
export function shanghaiDay(days = 0, now: number = Date.now()): string {
  return new Date(now + SHANGHAI_OFFSET_MS + days * 24 * 3600_000).toISOString().slice(0, 10);
}

/** A time range as shown: '2026-11-28 09:00–12:00' (the end's date too when it differs). */
export function formatTimeRange(from: string | undefined, to: string | undefined): string {
  const a = formatTime(from);
  const b = formatTime(to);
  if (!a || !b) return a || b;
  return a.slice(0, 10) === b.slice(0, 10) ? `${a}–${b.slice(11)}` : `${a} – ${b}`;
}
