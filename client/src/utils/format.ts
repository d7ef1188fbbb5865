/** Display helpers shared by pages (pure, no platform APIs). Dates and times: @shared/domain/calendar. */

/** '水电、管道疏通' / '水电, 管道疏通' → ['水电', '管道疏通'] (the way people type lists). */
export function splitList(text: string): string[] {
  return text
    .split(/[、,，;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
