import { dayEnd, dayStart } from '@shared/domain/calendar';
import { now, setClock, withinToday } from '../../cloud/lib/clock';

afterEach(() => setClock());

test('When work runs within today across local midnight, then its clock stops at the day\'s last millisecond and moves on after it', async () => {
  let t = dayEnd('2026-12-07').getTime() - 10;
  setClock(() => new Date(t));
  const seen = await withinToday(async () => {
    const first = now().getTime();
    t += 60_000; // a minute later: past midnight outside
    return [first, now().getTime()];
  });
  expect(seen).toEqual([dayEnd('2026-12-07').getTime() - 10, dayEnd('2026-12-07').getTime() - 1]);
  expect(now().getTime()).toBe(t);
});

test('When work within today fails, then the outer clock is restored', async () => {
  const fixed = dayStart('2026-12-07');
  setClock(() => fixed);
  await expect(withinToday(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  expect(now()).toBe(fixed);
});
