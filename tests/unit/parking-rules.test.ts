import { daysLeftText, DEFAULT_PARKING_REMINDER_DAYS, leaseDaysLeft, PARKING_MACHINE, parkingReminderDaysProblem, parkingStageReached, parkingStatusOf } from '@shared/domain/parking';
import { parseParkingKind } from '@shared/domain/vehicles';

describe('the lease-end reminder ladder', () => {
  test('When days pass before the end, then the stage reached is the last one whose days it is within; none before the first, none once the lease has ended', () => {
    const days = DEFAULT_PARKING_REMINDER_DAYS; // 30, 15, 7, 1
    expect([31, 30, 16, 15, 8, 7, 2, 1, 0, -1].map((left) => parkingStageReached(left, days))).toEqual([null, 0, 0, 1, 1, 2, 2, 3, 3, null]);
    expect(parkingStageReached(5, [10, 0])).toBe(0);
    expect(parkingStageReached(0, [10, 0])).toBe(1);
  });

  test('When a community sets its days, then 1–6 whole days from most to fewest, each 0–90, are accepted and anything else is named', () => {
    expect(parkingReminderDaysProblem([30, 15, 7, 1])).toBeNull();
    expect(parkingReminderDaysProblem([0])).toBeNull();
    expect(parkingReminderDaysProblem([])).toBe('须设置1到6次提醒');
    expect(parkingReminderDaysProblem([60, 50, 40, 30, 20, 10, 5])).toBe('须设置1到6次提醒');
    expect(parkingReminderDaysProblem([7, 15])).toBe('请按到期前天数从多到少填写，且不能重复');
    expect(parkingReminderDaysProblem([7, 7])).toBe('请按到期前天数从多到少填写，且不能重复');
    expect(parkingReminderDaysProblem([91])).toBe('提醒须在到期前0到90天');
    expect(parkingReminderDaysProblem([2.5])).toBe('天数须为整数');
  });

  test('When a lease end is read against today, then the days left count local days and read as people say them', () => {
    expect(leaseDaysLeft('2027-01-31', '2027-01-01')).toBe(30);
    expect(leaseDaysLeft('2027-03-01', '2027-02-28')).toBe(1);
    expect([12, 0, -3].map(daysLeftText)).toEqual(['还剩12天', '今天到期', '已过期3天']);
  });
});

describe('the assignment workflow', () => {
  test('When a space is free or assigned, then only the events its state allows are offered', () => {
    expect([parkingStatusOf('unassigned'), parkingStatusOf(undefined), parkingStatusOf('temporary')]).toEqual(['free', 'free', 'assigned']);
    expect(PARKING_MACHINE.allowed('free')).toEqual(['assign']);
    expect(PARKING_MACHINE.allowed('assigned')).toEqual(['change', 'renew', 'release']);
    const refused = PARKING_MACHINE.check('free', 'renew');
    expect(refused).toMatchObject({ ok: false, refusal: { code: 'PARKING.INVALID_TRANSITION', message: '车位当前为“空闲”，不能续租（变为“已分配”需车位处于“已分配”）' } });
  });

  test('When an import sheet says 临时, then the space is temporary (the export writes it so)', () => {
    expect(parseParkingKind('临时')).toBe('temporary');
  });
});
