import { localMonth, type Instant } from './calendar';

/**
 * Which bills the owner's pay page offers and ticks (docs/modules/payments.md "The pay page"). Money
 * pays a unit's oldest bills first — the ledger's rule, at the desk and online — so a selection is
 * always the oldest N open bills: ticking a bill ticks the older ones, unticking one unticks the newer
 * ones. The page keeps just N.
 */
export interface SelectableBill {
  id: string;
  status: 'open' | 'paid' | 'cancelled' | 'returned';
  dueFen: number;
  /** ISO instant. */
  dueDate: string;
  period: string;
}

/** The bills that can be paid, oldest first (due date, then period, then id: a stable order). */
export function payableBills<B extends SelectableBill>(bills: readonly B[]): B[] {
  return bills
    .filter((b) => b.status === 'open' && b.dueFen > 0)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.period.localeCompare(b.period) || a.id.localeCompare(b.id));
}

/**
 * How many of the payable bills (oldest first) start ticked: up to the newest of `billIds` when a
 * link names some (a reminder, a notice), else the overdue and current ones — due this month
 * (Asia/Shanghai) or earlier; bills due later are left for later.
 */
export function initialSelection(payable: readonly SelectableBill[], at: Instant, billIds?: readonly string[]): number {
  if (billIds?.length) {
    const last = payable.reduce((max, b, i) => (billIds.includes(b.id) ? i : max), -1);
    if (last >= 0) return last + 1;
  }
  const month = localMonth(at);
  let n = 0;
  while (n < payable.length && localMonth(payable[n].dueDate) <= month) n++;
  return n;
}

/** The selection after a tap on the bill at `index`: ticking it ticks the older ones, unticking it unticks the newer ones. */
export function toggleBill(selected: number, index: number): number {
  return index < selected ? index : index + 1;
}
