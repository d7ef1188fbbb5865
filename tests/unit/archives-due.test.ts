import { addDays } from '@shared/domain/calendar';
import { dueState, dueText, dueWarnings, loanOverdueWeek, nextDueAfter } from '@shared/domain/archives';

/**
 * The ledger's due-date rule (archives.md "Reminders"): the 30/7/1-day warnings before an
 * inspection or a contract end — the nearest threshold reached, one warning at a time — and the
 * overdue week of a loan.
 */
const TODAY = '2026-11-27';
const inDays = (n: number) => addDays(TODAY, n);

describe('dueWarnings', () => {
  test('When the due date is more than 30 days away, then no warning is due', () => {
    expect(dueWarnings(TODAY, inDays(31))).toEqual([]);
    expect(dueWarnings(TODAY, inDays(365))).toEqual([]);
  });

  test('When the job runs every day, then each of 30, 7 and 1 comes exactly on its day and stays the nearest until the next', () => {
    expect(dueWarnings(TODAY, inDays(30))).toEqual([30]);
    expect(dueWarnings(TODAY, inDays(8))).toEqual([30]);
    expect(dueWarnings(TODAY, inDays(7))).toEqual([7]);
    expect(dueWarnings(TODAY, inDays(2))).toEqual([7]);
    expect(dueWarnings(TODAY, inDays(1))).toEqual([1]);
    expect(dueWarnings(TODAY, TODAY)).toEqual([1]);
    // Day by day over 40 days, the distinct warnings are exactly 30, 7, 1 in that order.
    const seen: number[] = [];
    for (let d = 40; d >= 0; d--) for (const t of dueWarnings(addDays('2026-12-31', -d), '2026-12-31')) if (!seen.includes(t)) seen.push(t);
    expect(seen).toEqual([30, 7, 1]);
  });

  test('When the job did not run for days, then the first run warns once with the nearest threshold, not with every one it passed', () => {
    // Last run 40 days before; the next 5 days before the due date: the 7-day warning only.
    expect(dueWarnings(TODAY, inDays(5))).toEqual([7]);
    expect(dueWarnings(TODAY, inDays(5))).toHaveLength(1);
  });

  test('When the due date has already passed, then one (last) warning — the 1-day one — and never more', () => {
    expect(dueWarnings(TODAY, inDays(-1))).toEqual([1]);
    expect(dueWarnings(TODAY, inDays(-200))).toEqual([1]);
    expect(dueText(TODAY, inDays(-3))).toBe('已逾期3天');
    expect(dueText(TODAY, TODAY)).toBe('今天到期');
    expect(dueText(TODAY, inDays(6))).toBe('还有6天');
  });

  test('When a due date crosses a month or year, then days are counted on the calendar (Asia/Shanghai days as strings)', () => {
    expect(dueWarnings('2026-12-25', '2027-01-01')).toEqual([7]);
    expect(dueWarnings('2027-02-27', '2027-03-01')).toEqual([7]);
    expect(dueWarnings('2028-02-28', '2028-02-29')).toEqual([1]);
  });
});

describe('dueState, loanOverdueWeek, nextDueAfter', () => {
  test('When a due date is read, then overdue / soon (≤ 30 days) / ok / none', () => {
    expect(dueState(TODAY, inDays(-1))).toBe('overdue');
    expect(dueState(TODAY, TODAY)).toBe('soon');
    expect(dueState(TODAY, inDays(30))).toBe('soon');
    expect(dueState(TODAY, inDays(31))).toBe('ok');
    expect(dueState(TODAY, undefined)).toBe('none');
  });

  test('When a loan is late, then its overdue week is 1 from the first day late, 2 from the eighth', () => {
    expect(loanOverdueWeek(TODAY, TODAY)).toBe(0);
    expect(loanOverdueWeek(TODAY, inDays(3))).toBe(0);
    expect(loanOverdueWeek(TODAY, inDays(-1))).toBe(1);
    expect(loanOverdueWeek(TODAY, inDays(-7))).toBe(1);
    expect(loanOverdueWeek(TODAY, inDays(-8))).toBe(2);
    expect(loanOverdueWeek(TODAY, inDays(-15))).toBe(3);
  });

  test('When maintenance is recorded, then the next inspection is the day plus the cycle (none without a cycle)', () => {
    expect(nextDueAfter('2026-11-27', 30)).toBe('2026-12-27');
    expect(nextDueAfter('2026-11-27', 365)).toBe('2027-11-27');
    expect(nextDueAfter('2026-11-27', undefined)).toBeUndefined();
  });
});
