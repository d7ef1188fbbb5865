import { addMonths, localMonth } from '@shared/domain/calendar';

test('When months are counted across a year boundary, then the year follows', () => {
  expect(addMonths('2026-11', -1)).toBe('2026-10');
  expect(addMonths('2026-01', -1)).toBe('2025-12');
  expect(addMonths('2026-12', 1)).toBe('2027-01');
  expect(addMonths('2026-03', -15)).toBe('2024-12');
});

test('When it is already the 1st in Shanghai but still the 31st in UTC, then the local month is the new one', () => {
  expect(localMonth(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01');
  expect(addMonths(localMonth(new Date('2026-12-31T16:30:00Z')), -1)).toBe('2026-12');
});
