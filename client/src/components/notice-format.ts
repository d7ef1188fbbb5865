/** Display helpers of notices (pure, no platform APIs); owner and manager pages share them. */
import type { NoticeKind } from '@shared/domain/notices';

/** The en dash a time range is written with: 08:00–17:00. */
export const RANGE_DASH = '–';

/** '08:00–17:00' (also '08:00-17:00', '08:00至17:00') → its two times; undefined otherwise. */
export function parseTimeRange(text: string): { from: string; to: string } | undefined {
  const m = /(\d{1,2}:\d{2})\s*(?:–|-|—|~|至|到)\s*(\d{1,2}:\d{2})/.exec(text);
  return m ? { from: m[1].padStart(5, '0'), to: m[2].padStart(5, '0') } : undefined;
}

/** Paragraphs of a notice body (separated by blank lines; single line breaks stay inside). */
export function paragraphsOf(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p.trim().length > 0);
}

/** The salutation line (尊敬的各位业主：) is not indented like the paragraphs after it. */
export function isSalutation(paragraph: string, index: number): boolean {
  return index === 0 && paragraph.length <= 30 && /[：:]\s*$/.test(paragraph);
}

/** The library's three shelves. */
export const TEMPLATE_GROUPS: { key: string; label: string; kinds: NoticeKind[] }[] = [
  { key: 'notice', label: '常用通知', kinds: ['notice'] },
  { key: 'reminder', label: '温馨提示', kinds: ['reminder'] },
  { key: 'announcement', label: '通告启事', kinds: ['announcement', 'lost-found', 'good-news'] },
];

/** Escape text for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
