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
