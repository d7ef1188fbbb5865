import {
  addDays,
  addMonths,
  agoText,
  chineseDate,
  chineseDateTime,
  chineseMonth,
  DAY_MS,
  dayChoiceLabel,
  dayEnd,
  dayEndedBy,
  dayOf,
  dayOfChinese,
  daysBetween,
  dayStart,
  daysInMonth,
  durationText,
  formatShortTime,
  formatTime,
  formatTimeRange,
  HOUR_MS,
  hoursMinutesText,
  instantMs,
  isCalendarDate,
  isoWeekday,
  localDay,
  localDayDigits,
  localInstant,
  localIso,
  localMinute,
  localMinuteOfDay,
  localMonth,
  localParts,
  localTime,
  localWindow,
  MINUTE_MS,
  minutesOfTime,
  monthBounds,
  nextLocalMinute,
  TIME_ZONE,
  weekdayLabel,
  weekStart,
  whenText,
} from '@shared/domain/calendar';

const utc = (iso: string) => new Date(iso);

/** A spread of instants over 2019–2030 (fixed seed) plus the minutes around local midnight at month ends. */
function spread(): number[] {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const from = Date.UTC(2019, 0, 1);
  const to = Date.UTC(2031, 0, 1);
  const out = Array.from({ length: 3000 }, () => Math.floor(from + rnd() * (to - from)));
  for (const y of [2024, 2026, 2027]) for (let m = 0; m < 12; m++) for (const d of [0, 1]) for (const delta of [-1, 0, 1]) out.push(Date.UTC(y, m, d, 16) + delta);
  return out;
}

describe('units and zone', () => {
  test('When durations are built from the units, then a minute, an hour and a day have their lengths', () => {
    expect([MINUTE_MS, HOUR_MS, DAY_MS]).toEqual([60_000, 3_600_000, 86_400_000]);
    expect(TIME_ZONE).toBe('Asia/Shanghai');
  });

  test('When an instant is a Date, epoch milliseconds or an ISO string, then it is the same instant; anything else is NaN', () => {
    const t = Date.UTC(2026, 10, 27, 6, 5);
    expect([instantMs(new Date(t)), instantMs(t), instantMs('2026-11-27T06:05:00Z'), instantMs('2026-11-27T14:05:00+08:00')]).toEqual([t, t, t, t]);
    expect(instantMs('not a time')).toBeNaN();
  });
});

describe('instant → local', () => {
  test('When it is 16:00 UTC, then it is already the next day in Shanghai; a moment before, still the same day', () => {
    expect(localDay(utc('2026-11-27T15:59:59.999Z'))).toBe('2026-11-27');
    expect(localDay(utc('2026-11-27T16:00:00Z'))).toBe('2026-11-28');
    expect(localMinute(utc('2026-11-27T15:59:59Z'))).toBe('2026-11-27 23:59');
    expect(localMinute(utc('2026-11-27T16:00:00Z'))).toBe('2026-11-28 00:00');
  });

  test('When the UTC day is the last of a month or year, then the local day, month and digits are the next ones after 16:00', () => {
    expect(localDay('2026-12-31T16:30:00Z')).toBe('2027-01-01');
    expect(localMonth(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01');
    expect(localMonth(new Date('2026-12-31T15:30:00Z'))).toBe('2026-12');
    expect(localDay('2028-02-28T16:00:00Z')).toBe('2028-02-29'); // leap year
    expect(localDay('2027-02-28T16:00:00Z')).toBe('2027-03-01');
    expect(localDayDigits('2026-11-30T16:00:00Z')).toBe('20261201');
  });

  test('When an instant is taken apart, then its local time, parts and minute of the day agree', () => {
    const at = utc('2026-11-27T06:05:42Z');
    expect(localTime(at)).toBe('14:05');
    expect(localParts(at)).toEqual({ date: '2026-11-27', time: '14:05' });
    expect(localMinuteOfDay(at)).toBe(14 * 60 + 5);
    expect(localMinuteOfDay(utc('2026-11-27T16:00:00Z'))).toBe(0);
    expect(localMinuteOfDay(utc('2026-11-27T15:59:00Z'))).toBe(1439);
    expect(localMinuteOfDay(utc('1969-12-31T15:59:00Z'))).toBe(1439); // before the epoch too
  });

  test('When an instant is missing or invalid, then the texts are empty rather than an error', () => {
    expect([localDay('not a time'), localMonth(NaN), localTime(''), localMinute(new Date(NaN)), localDayDigits('x')]).toEqual(['', '', '', '', '']);
    expect(localMinuteOfDay('x')).toBeNaN();
  });

  test('When a plain day is given where an instant is expected, then it stays that day', () => {
    expect(localDay('2026-11-15')).toBe('2026-11-15');
    expect(dayEndedBy('2026-11-15')).toBe('2026-11-15');
  });

  test('When a day is kept as its end (the next local midnight), then the day it ends is given back', () => {
    expect(dayEnd('2026-11-15').toISOString()).toBe('2026-11-15T16:00:00.000Z');
    expect(dayEndedBy('2026-11-15T16:00:00.000Z')).toBe('2026-11-15');
    expect(dayEndedBy('2026-12-31T16:00:00.000Z')).toBe('2026-12-31');
    expect(dayEndedBy('2026-11-15T16:00:00.001Z')).toBe('2026-11-16');
  });
});

describe('local → instant', () => {
  test('When a local day starts and ends, then it is 16:00 UTC the day before and 16:00 UTC that day', () => {
    expect(dayStart('2026-11-28').toISOString()).toBe('2026-11-27T16:00:00.000Z');
    expect(dayStart('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(dayEnd('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(dayEnd('2028-02-28').toISOString()).toBe('2028-02-28T16:00:00.000Z'); // the leap day starts
    expect(dayEnd('2028-02-29').toISOString()).toBe('2028-02-29T16:00:00.000Z');
  });

  test('When a date and a time come from pickers, then they become the local instant (with its offset for the API)', () => {
    expect(localIso('2026-11-27', '14:05')).toBe('2026-11-27T14:05:00+08:00');
    expect(localIso('2026-11-27', '14:05:30')).toBe('2026-11-27T14:05:30+08:00');
    expect(localInstant('2026-11-27', '14:05').toISOString()).toBe('2026-11-27T06:05:00.000Z');
    expect(localInstant('2027-01-01', '07:59').toISOString()).toBe('2026-12-31T23:59:00.000Z');
    expect(localInstant('2027-01-01', '00:00').getTime()).toBe(dayStart('2027-01-01').getTime());
  });

  test('When a month is bounded, then it runs from its 1st to the next 1st, across year ends and leap Februaries', () => {
    expect(monthBounds('2026-11')).toEqual({ from: utc('2026-10-31T16:00:00Z'), to: utc('2026-11-30T16:00:00Z') });
    expect(monthBounds('2026-12')).toEqual({ from: utc('2026-11-30T16:00:00Z'), to: utc('2026-12-31T16:00:00Z') });
    expect(monthBounds('2028-02').to.getTime() - monthBounds('2028-02').from.getTime()).toBe(29 * DAY_MS);
  });

  test('When the next local 08:00 is asked for, then it is today 08:00 if still ahead, else tomorrow 08:00', () => {
    expect(nextLocalMinute(utc('2026-11-27T13:00:00Z'), 8 * 60).toISOString()).toBe('2026-11-28T00:00:00.000Z'); // 21:00 → 08:00 next day
    expect(nextLocalMinute(utc('2026-11-27T17:00:00Z'), 8 * 60).toISOString()).toBe('2026-11-28T00:00:00.000Z'); // 01:00 → 08:00 same day
    expect(nextLocalMinute(utc('2026-11-28T00:00:00Z'), 8 * 60).toISOString()).toBe('2026-11-29T00:00:00.000Z'); // exactly 08:00 → the next one
    expect(nextLocalMinute(utc('2026-12-31T15:59:00Z'), 0).toISOString()).toBe('2026-12-31T16:00:00.000Z'); // to midnight, across the year
  });

  test('When fixed windows are counted, then an hour starts at :00 and a day at 00:00 Beijing time', () => {
    const at = utc('2026-11-27T15:59:59Z'); // 23:59:59 local
    expect(localWindow(at, HOUR_MS).end.toISOString()).toBe('2026-11-27T16:00:00.000Z');
    expect(localWindow(at, DAY_MS).end.toISOString()).toBe('2026-11-27T16:00:00.000Z');
    expect(localWindow(utc('2026-11-27T16:00:00Z'), DAY_MS).index).toBe(localWindow(at, DAY_MS).index + 1);
    expect(localWindow(utc('2026-11-27T16:00:00Z'), DAY_MS).end.toISOString()).toBe('2026-11-28T16:00:00.000Z');
    expect(localWindow(utc('2026-11-27T06:35:00Z'), 10 * MINUTE_MS).end.toISOString()).toBe('2026-11-27T06:40:00.000Z');
  });

  test('When a time of day is read, then it becomes minutes after midnight; anything else is NaN', () => {
    expect([minutesOfTime('00:00'), minutesOfTime('08:30'), minutesOfTime('23:59')]).toEqual([0, 510, 1439]);
    expect([minutesOfTime('24:00'), minutesOfTime('8:30'), minutesOfTime('')]).toEqual([NaN, NaN, NaN]);
  });
});

describe('days, months and weeks', () => {
  test('When days are added, then months, years and leap days follow', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-11-27', -13)).toBe('2026-11-14');
  });

  test('When days are counted between two days, then the sign says which comes first', () => {
    expect([daysBetween('2026-12-31', '2027-01-01'), daysBetween('2026-11-27', '2026-11-27'), daysBetween('2027-03-01', '2027-02-28'), daysBetween('2028-01-01', '2029-01-01')]).toEqual([1, 0, -1, 366]);
  });

  test('When months are counted across a year boundary, then the year follows', () => {
    expect(addMonths('2026-11', -1)).toBe('2026-10');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-03', -15)).toBe('2024-12');
    expect(addMonths('2026-11', 0)).toBe('2026-11');
  });

  test('When it is already the 1st in Shanghai but still the 31st in UTC, then the local month is the new one', () => {
    expect(localMonth(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01');
    expect(addMonths(localMonth(new Date('2026-12-31T16:30:00Z')), -1)).toBe('2026-12');
  });

  test('When a day is made of numbers, then an overflowing day of the month rolls over; years below 100 stay themselves', () => {
    expect(dayOf(2026, 11, 27)).toBe('2026-11-27');
    expect(dayOf(2027, 2, 31)).toBe('2027-03-03');
    expect(dayOf(2026, 13, 1)).toBe('2027-01-01');
    expect(dayOf(99, 1, 1)).toBe('0099-01-01');
  });

  test('When months are measured and dates checked, then February knows its leap years', () => {
    expect([1, 2, 4, 12].map((m) => daysInMonth(2027, m))).toEqual([31, 28, 30, 31]);
    expect([daysInMonth(2028, 2), daysInMonth(2100, 2), daysInMonth(2000, 2)]).toEqual([29, 28, 29]);
    expect([isCalendarDate(2028, 2, 29), isCalendarDate(2027, 2, 29), isCalendarDate(2026, 4, 31), isCalendarDate(2026, 0, 1), isCalendarDate(2026, 13, 1), isCalendarDate(2026, 1, 0)]).toEqual([true, false, false, false, false, false]);
  });

  test('When a week is asked for, then it starts on Monday, also across a month and a year', () => {
    expect([isoWeekday('2026-11-23'), isoWeekday('2026-11-27'), isoWeekday('2026-11-29')]).toEqual([1, 5, 7]);
    expect(weekStart('2026-11-27')).toBe('2026-11-23'); // a Friday
    expect(weekStart('2026-11-23')).toBe('2026-11-23'); // the Monday itself
    expect(weekStart('2026-11-29')).toBe('2026-11-23'); // the Sunday
    expect(weekStart('2026-11-30')).toBe('2026-11-30'); // next Monday
    expect(weekStart('2027-01-01')).toBe('2026-12-28'); // across the year
    expect(weekStart('2026-03-01')).toBe('2026-02-23'); // across a month
    expect(dayStart(weekStart('2027-01-01')).toISOString()).toBe('2026-12-27T16:00:00.000Z');
    expect([weekdayLabel('2026-11-23'), weekdayLabel('2026-12-01'), weekdayLabel('2026-11-29')]).toEqual(['周一', '周二', '周日']);
  });
});

describe('display', () => {
  test('When an instant is shown, then it is the local date and time as pages always showed it', () => {
    expect(formatTime('2026-11-27T06:05:00.000Z')).toBe('2026-11-27 14:05');
    expect(formatTime('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00');
    expect(formatShortTime('2026-11-27T06:05:00Z')).toBe('11-27 14:05');
    expect([formatTime(undefined), formatTime(null), formatTime(''), formatTime('not a time'), formatShortTime(undefined)]).toEqual(['', '', '', '', '']);
  });

  test('When a range is shown, then the end omits its date on the same local day and keeps it across midnight', () => {
    expect(formatTimeRange('2026-11-28T01:00:00Z', '2026-11-28T04:00:00Z')).toBe('2026-11-28 09:00–12:00');
    expect(formatTimeRange('2026-11-28T15:00:00Z', '2026-11-28T17:00:00Z')).toBe('2026-11-28 23:00 – 2026-11-29 01:00');
    expect(formatTimeRange('2026-11-28T01:00:00Z', undefined)).toBe('2026-11-28 09:00');
    expect(formatTimeRange(undefined, undefined)).toBe('');
  });

  test('When dates are written the Chinese way, then months and days lose their zeros and read back to the day', () => {
    expect(chineseDate('2026-12-03')).toBe('2026年12月3日');
    expect(chineseDate('2027-01-01T00:00:00Z')).toBe('2027年1月1日');
    expect(chineseDate('soon')).toBe('');
    expect(chineseDateTime(utc('2026-11-27T06:05:00Z'))).toBe('2026年11月27日 14:05');
    expect(chineseDateTime(utc('2026-11-27T17:30:00Z'))).toBe('2026年11月28日 01:30');
    expect(chineseDateTime('x')).toBe('');
    expect(dayOfChinese('于2026年1月5日起')).toBe('2026-01-05');
    expect(dayOfChinese('下周一')).toBe('');
    expect(chineseMonth('2026-01')).toBe('2026年1月');
    expect(chineseMonth('2026-11')).toBe('2026年11月');
    expect(chineseMonth('')).toBe('');
  });

  test('When a later moment is said from now, then it is the time today, 明天 tomorrow, else the month and day', () => {
    const from = utc('2026-11-27T06:00:00Z'); // 14:00 local
    expect(whenText(utc('2026-11-27T06:35:00Z'), from)).toBe('14:35');
    expect(whenText(utc('2026-11-27T15:59:00Z'), from)).toBe('23:59');
    expect(whenText(utc('2026-11-27T16:00:00Z'), from)).toBe('明天 00:00'); // the day boundary
    expect(whenText(utc('2026-11-29T01:30:00Z'), from)).toBe('11月29日 09:30');
    expect(whenText(utc('2026-12-31T16:10:00Z'), utc('2026-12-31T10:00:00Z'))).toBe('明天 00:10'); // across the year
  });

  test('When the next days are offered, then the first three have names and the rest a date and weekday', () => {
    expect(['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01'].map((d) => dayChoiceLabel(d, '2026-11-27'))).toEqual(['今天', '明天', '后天', '11-30 周一', '12-01 周二']);
    expect(dayChoiceLabel('2026-11-26', '2026-11-27')).toBe('11-26 周四');
  });

  test('When minutes are said as a duration, then the two largest units are used and null is a dash', () => {
    expect([0, 45, 60, 125, 1440, 1500, 3000, 59.6].map((m) => durationText(m))).toEqual(['0 分', '45 分', '1 小时', '2 小时 5 分', '1 天', '1 天 1 小时', '2 天 2 小时', '1 小时']);
    expect([8, 65, 183].map((m) => durationText(m, '分钟'))).toEqual(['8 分钟', '1 小时 5 分钟', '3 小时 3 分钟']);
    expect([durationText(null), durationText(undefined), durationText(NaN), durationText(-5)]).toEqual(['—', '—', '—', '0 分']);
    expect([hoursMinutesText(45), hoursMinutesText(1565), hoursMinutesText(null)]).toEqual(['0 小时 45 分', '26 小时 5 分', '—']);
  });

  test('When the time since something is said, then it is in the largest whole unit', () => {
    const now = Date.UTC(2026, 10, 27, 6);
    const ago = (ms: number) => agoText(new Date(now - ms).toISOString(), now);
    expect([ago(30_000), ago(12 * MINUTE_MS), ago(3 * HOUR_MS + 59 * MINUTE_MS), ago(2 * DAY_MS + HOUR_MS), ago(-5 * MINUTE_MS)]).toEqual(['刚刚', '12 分钟前', '3 小时前', '2 天前', '刚刚']);
  });
});

describe('round trips', () => {
  test('When an instant goes to its local day and time and back, then it is the same instant (to the minute)', () => {
    for (const t of spread()) {
      const { date, time } = localParts(t);
      expect([t, localInstant(date, time).getTime()]).toEqual([t, Math.floor(t / MINUTE_MS) * MINUTE_MS]);
      expect([t, localMinute(t)]).toEqual([t, `${date} ${time}`]);
    }
  });

  test('When a local day goes to its instants and back, then every instant of the day is on that day and the bounds are exact', () => {
    for (const t of spread()) {
      const day = localDay(t);
      const start = dayStart(day).getTime();
      expect([t, start <= t && t < dayEnd(day).getTime()]).toEqual([t, true]);
      expect([t, localDay(start), localDay(start - 1), dayEndedBy(dayEnd(day))]).toEqual([t, day, addDays(day, -1), day]);
      expect([t, localMinuteOfDay(t)]).toEqual([t, Math.floor((t - start) / MINUTE_MS)]);
      expect([t, dayOfChinese(chineseDate(day))]).toEqual([t, day]);
      const { from, to } = monthBounds(localMonth(t));
      expect([t, from.getTime() <= t && t < to.getTime(), localMonth(from), localMonth(to)]).toEqual([t, true, localMonth(t), addMonths(localMonth(t), 1)]);
      const monday = weekStart(day);
      expect([t, isoWeekday(monday), daysBetween(monday, day) >= 0 && daysBetween(monday, day) < 7]).toEqual([t, 1, true]);
    }
  });
});
