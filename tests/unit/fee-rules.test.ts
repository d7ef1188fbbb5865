import { ageingBucket, allocate, billAmount, parseYuan, periodOf, periodRange, PERIOD_LABEL, roundHalfUp, settle, stageReached, yuan } from '@shared/domain/fees';

describe('money', () => {
  test('When amounts are shown and read, then 分 and 元 convert both ways exactly', () => {
    expect(yuan(12345)).toBe('123.45');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(-250)).toBe('-2.50');
    expect(parseYuan('123.4')).toBe(12340);
    expect(parseYuan(' 88 ')).toBe(8800);
    expect(parseYuan('0.05')).toBe(5);
    expect(parseYuan('1.005')).toBeNull();
    expect(parseYuan('-1')).toBeNull();
    expect(parseYuan('1e3')).toBeNull();
  });

  test('When a fraction of a 分 is rounded, then half goes up and less goes down', () => {
    expect(roundHalfUp(5n, 10n)).toBe(1);
    expect(roundHalfUp(4n, 10n)).toBe(0);
    expect(roundHalfUp(15n, 10n)).toBe(2);
    expect(roundHalfUp(149n, 100n)).toBe(1);
  });
});

describe('bill amounts', () => {
  test('When a property fee is 2.35 元/㎡/月 for 89.5 ㎡, then a month is 210.33 元 (210.325 rounded half up) and a quarter 630.98 元 (630.975 rounded once, not 3 × 210.33)', () => {
    expect(billAmount({ kind: 'property', rateFen: 235, areaM2: 89.5, months: 1 })).toBe(21033);
    expect(billAmount({ kind: 'property', rateFen: 235, areaM2: 89.5, months: 3 })).toBe(63098);
  });

  test('When a unit is vacant with a 50 % discount, then it pays half, rounded half up', () => {
    expect(billAmount({ kind: 'property', rateFen: 235, areaM2: 89.5, months: 1, vacancyPercent: 50 })).toBe(10516);
  });

  test('When parking, fixed and one-off charges are billed, then spaces, months and one time are counted', () => {
    expect(billAmount({ kind: 'parking', rateFen: 30000, spaces: 2, months: 3 })).toBe(180000);
    expect(billAmount({ kind: 'fixed', rateFen: 1500, months: 12 })).toBe(18000);
    expect(billAmount({ kind: 'one-off', rateFen: 8000, months: 12 })).toBe(8000);
  });

  test('When floating point would drift (0.1 × 3), then the integer arithmetic does not', () => {
    expect(billAmount({ kind: 'property', rateFen: 10, areaM2: 0.3, months: 1 })).toBe(3);
    expect(billAmount({ kind: 'property', rateFen: 1, areaM2: 143.65, months: 1 })).toBe(144);
  });
});

describe('periods', () => {
  test('When a cycle and a month are given, then the period key and its range and label follow', () => {
    expect(periodOf('monthly', 2026, 11)).toBe('2026-11');
    expect(periodOf('quarterly', 2026, 11)).toBe('2026-Q4');
    expect(periodOf('yearly', 2026, 11)).toBe('2026');
    expect(periodRange('2026-Q4')).toEqual({ year: 2026, firstMonth: 10, months: 3 });
    expect(periodRange('2026-03')).toEqual({ year: 2026, firstMonth: 3, months: 1 });
    expect(periodRange('2026')).toEqual({ year: 2026, firstMonth: 1, months: 12 });
    expect(PERIOD_LABEL('2026-Q4')).toBe('2026年第4季度');
    expect(PERIOD_LABEL('2026-03')).toBe('2026年3月');
    expect(() => periodRange('2026-Q5')).toThrow();
  });
});

describe('allocation and ageing', () => {
  test('When a payment covers the oldest bill and part of the next, then the rest of the next stays owed and nothing is credited', () => {
    expect(allocate(30000, [{ billId: 'a', dueFen: 21033 }, { billId: 'b', dueFen: 21033 }])).toEqual({ applied: [{ billId: 'a', fen: 21033 }, { billId: 'b', fen: 8967 }], creditFen: 0 });
  });

  test('When a payment is more than everything owed, then the excess becomes prepayment credit', () => {
    expect(allocate(50000, [{ billId: 'a', dueFen: 21033 }])).toEqual({ applied: [{ billId: 'a', fen: 21033 }], creditFen: 28967 });
    expect(allocate(100, [])).toEqual({ applied: [], creditFen: 100 });
  });

  test('When days overdue are bucketed, then 30 and 90 are the edges', () => {
    expect([0, 30, 31, 90, 91].map(ageingBucket)).toEqual(['0-30', '0-30', '31-90', '31-90', '90+']);
  });
});

describe('ledger', () => {
  const bills = [
    { id: 'b2', amountFen: 20000, dueDate: '2026-02-15' },
    { id: 'b1', amountFen: 20000, dueDate: '2026-01-15' },
    { id: 'b3', amountFen: 20000, dueDate: '2026-03-15' },
  ];
  test('When payments come in, then they pay the oldest bills first and the rest is credit', () => {
    const s = settle(bills, 30000);
    expect(s.bills.map((b) => [b.id, b.paidFen, b.dueFen])).toEqual([['b1', 20000, 0], ['b2', 10000, 10000], ['b3', 0, 20000]]);
    expect(s.creditFen).toBe(0);
    expect(settle(bills, 70000).creditFen).toBe(10000);
  });

  test('When nothing or less than nothing came in (refunded), then every bill is owed in full', () => {
    expect(settle(bills, -500).bills.every((b) => b.dueFen === b.amountFen)).toBe(true);
  });
});

describe('reminder ladder', () => {
  const due = new Date('2026-11-15T00:00:00Z');
  const at = (days: number) => new Date(due.getTime() + days * 86_400_000);
  test('When days pass around the due date, then the stage reached follows the ladder (−3, +1, +15, +30, +90)', () => {
    expect([-4, -3, 0, 1, 14, 15, 30, 89, 90, 400].map((d) => stageReached(due, at(d)))).toEqual([null, 0, 0, 1, 1, 2, 3, 3, 4, 4]);
  });
});
