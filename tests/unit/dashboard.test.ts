import { hoursMinutesText } from '@shared/domain/calendar';
import { deskOrder, lastMonths, monthAxisLabel } from '@shared/domain/dashboard';
import { boardStatuses } from '../../client/src/components/repair-format';

test('When the trend asks for 6 months of November, then it gets June to November, oldest first, across a year end too', () => {
  expect(lastMonths('2026-11')).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
  expect(lastMonths('2027-02', 4)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  expect(monthAxisLabel('2026-09')).toBe('9月');
});

test('When the desk is ordered, then 紧急 incidents come first, then breached deadlines, then the rest by due time (none last, the older first on a tie)', () => {
  const items = [
    { id: 'no-due', at: '2026-11-27T01:00:00Z' },
    { id: 'due-late', at: '2026-11-27T01:00:00Z', dueAt: '2026-11-27T09:00:00Z' },
    { id: 'overdue', at: '2026-11-27T03:00:00Z', dueAt: '2026-11-27T02:00:00Z', urgent: 'overdue' as const },
    { id: 'due-soon-newer', at: '2026-11-27T02:00:00Z', dueAt: '2026-11-27T05:00:00Z' },
    { id: 'due-soon-older', at: '2026-11-27T00:00:00Z', dueAt: '2026-11-27T05:00:00Z' },
    { id: 'emergency', at: '2026-11-27T04:00:00Z', urgent: 'emergency-incident' as const },
  ];
  expect(deskOrder(items).map((x) => x.id)).toEqual(['emergency', 'overdue', 'due-soon-older', 'due-soon-newer', 'due-late', 'no-due']);
});

test('When a median has no data, then it shows "—", never "0 小时 0 分"; a real figure shows hours and minutes', () => {
  expect(hoursMinutesText(null)).toBe('—');
  expect(hoursMinutesText(undefined)).toBe('—');
  expect(hoursMinutesText(Number.NaN)).toBe('—');
  expect(hoursMinutesText(0)).toBe('0 小时 0 分');
  expect(hoursMinutesText(125)).toBe('2 小时 5 分');
});

test('When the board has open and finished orders, then its columns are the open states only and add up to the 进行中 header', () => {
  const byStatus = { submitted: 1, dispatched: 2, accepted: 1 };
  const open = 4;
  const columns = boardStatuses({ byStatus });
  expect(columns).toEqual(['submitted', 'dispatched', 'accepted']);
  expect(columns.reduce((n, st) => n + (byStatus as Record<string, number>)[st], 0)).toBe(open);
  // A finished state that an older server still counted never becomes a column.
  expect(boardStatuses({ byStatus: { ...byStatus, closed: 7, cancelled: 2 } })).toEqual(['submitted', 'dispatched', 'accepted']);
});
