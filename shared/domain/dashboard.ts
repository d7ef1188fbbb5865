/**
 * The manager's key figures and the staff desk's work items: labels, the months of the trend
 * charts and the desk's order (zod-free, so the pages can use it without bundling zod).
 */
import { addMonths } from './calendar';

/** Months shown by the trend charts of the manager home. */
export const TREND_MONTHS = 6;

/** The `count` months up to and including `month` (YYYY-MM), oldest first. */
export function lastMonths(month: string, count: number = TREND_MONTHS): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(month, i - (count - 1)));
}

/** '2024-05' → '5月' (an axis label). */
export function monthAxisLabel(month: string): string {
  return `${Number(month.slice(5, 7))}月`;
}

export const DESK_ITEM_KINDS = ['incident', 'repair', 'complaint'] as const;
export type DeskItemKind = (typeof DESK_ITEM_KINDS)[number];
export const DESK_ITEM_KIND_LABELS: Record<DeskItemKind, string> = { incident: '舆情', repair: '报修', complaint: '投诉' };

/** Why an item is urgent (none: it waits its turn by due time). */
export type DeskUrgency = 'emergency-incident' | 'overdue';
export const DESK_URGENCY_LABELS: Record<DeskUrgency, string> = { 'emergency-incident': '紧急舆情', overdue: '已超时' };

/** What the desk's order needs of an item. */
export interface DeskOrderable {
  urgent?: DeskUrgency;
  /** ISO time the item is due (its running deadline); none sorts last. */
  dueAt?: string;
  /** ISO time it came in (the tie-break: the older first). */
  at: string;
}

/**
 * The desk's order: urgent items first (紧急 incidents, then breached deadlines), then the rest by
 * due time, the soonest first (items without a deadline last); the older first on a tie.
 */
export function deskOrder<T extends DeskOrderable>(items: readonly T[]): T[] {
  const urgencyRank = (x: T) => (x.urgent === 'emergency-incident' ? 0 : x.urgent === 'overdue' ? 1 : 2);
  const due = (x: T) => (x.dueAt ? Date.parse(x.dueAt) : Number.POSITIVE_INFINITY);
  return [...items].sort((a, b) => urgencyRank(a) - urgencyRank(b) || due(a) - due(b) || Date.parse(a.at) - Date.parse(b.at));
}
