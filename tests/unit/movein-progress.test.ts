import { callIsDue, progressBucket } from '@shared/domain/movein';

describe('move-in progress rules', () => {
  test('When a case is placed on the progress page, then its status and booked day decide: done, in progress, booked, no-show, never booked, cancelled', () => {
    const today = '2026-11-27';
    expect(progressBucket('done', '2026-11-20', today)).toBe('done');
    expect(progressBucket('in_progress', '2026-11-20', today)).toBe('inProgress');
    expect(progressBucket('cancelled', undefined, today)).toBe('cancelled');
    expect(progressBucket('waiting', undefined, today)).toBe('neverBooked');
    // Booked for today is still booked (the day is not over); for yesterday it is a no-show.
    expect(progressBucket('waiting', today, today)).toBe('booked');
    expect(progressBucket('waiting', '2026-11-28', today)).toBe('booked');
    expect(progressBucket('waiting', '2026-11-26', today)).toBe('noShow');
    // Across a month and a year boundary, the day strings still compare as days.
    expect(progressBucket('waiting', '2026-12-31', '2027-01-01')).toBe('noShow');
  });

  test('When a call task is checked, then it is due before the first call and again from the next call day agreed; without one it waits', () => {
    const today = '2026-11-27';
    expect(callIsDue(undefined, false, today)).toBe(true);
    expect(callIsDue('2026-11-28', true, today)).toBe(false);
    expect(callIsDue(today, true, today)).toBe(true);
    expect(callIsDue('2026-11-20', true, today)).toBe(true);
    expect(callIsDue(undefined, true, today)).toBe(false);
  });
});
