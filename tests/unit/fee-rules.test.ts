import { arrearsNotice, PAY_ONLINE_LINE, rmbCapitals } from '@shared/domain/fee-notice';
import { ageingBucket, allocate, billAmount, ladderDaysProblem, parseYuan, periodOf, periodRange, PERIOD_LABEL, roundHalfUp, settle, stageReached, yuan } from '@shared/domain/fees';

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

describe('the formal reminder notice', () => {
  test('When amounts are written in capitals, then zeros, 角/分 and 整 follow the receipt rules', () => {
    expect([0, 1, 35, 100, 1050, 63098, 100000, 100005, 100010000, 12345678901].map(rmbCapitals)).toEqual([
      '零元整',
      '壹分',
      '叁角伍分',
      '壹元整',
      '壹拾元伍角整',
      '陆佰叁拾元玖角捌分',
      '壹仟元整',
      '壹仟元零伍分',
      '壹佰万零壹佰元整',
      '壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元零壹分',
    ]);
    expect(() => rmbCapitals(-1)).toThrow(RangeError);
    expect(() => rmbCapitals(1.5)).toThrow(RangeError);
  });

  const line = { itemName: '物业服务费', periodLabel: '2026年10月', dueDay: '2026-10-15', amountFen: 21033, dueFen: 11033, daysOverdue: 43 };
  const base = { number: 'CJ1', communityName: '幸福里', unitLabel: '1栋0801', servicePhone: '0571-88886666', asOf: '2026-11-27', payBy: '2026-12-04', lines: [line, { ...line, periodLabel: '2026年11月', dueFen: 21033, daysOverdue: 12 }] };

  test('When a property notice is written, then it addresses the owner, lists each bill, totals in capitals and gives a date to pay by', () => {
    const n = arrearsNotice({ ...base, kind: 'property', ownerName: '张伟' });
    expect(n.title).toBe('费用催缴通知单');
    expect(n.salutation).toBe('尊敬的1栋0801业主（张伟）：');
    expect(n.intro).toContain('截至2026年11月27日');
    expect(n.table.rows[0]).toEqual(['物业服务费', '2026年10月', '210.33', '110.33', '2026-10-15', '43天']);
    expect(n.totalFen).toBe(32066);
    expect(n.total).toBe('合计欠缴：人民币（大写）叁佰贰拾元陆角陆分（¥320.66）');
    expect(n.body.join('')).toContain('请您于2026年12月4日前到物业服务中心缴纳');
    expect(n.body.join('')).toContain('0571-88886666');
    expect(n.signature).toBe('幸福里物业服务中心');
  });

  test('When a parking notice is written, then it has its own title and wording and names the spaces', () => {
    const n = arrearsNotice({ ...base, kind: 'parking', spaces: ['B1-015', 'B1-016'] });
    expect(n.title).toBe('车位使用费催缴通知单');
    expect(n.salutation).toBe('尊敬的1栋0801车位使用人：');
    expect(n.intro).toContain('（车位号：B1-015、B1-016）');
    expect(n.body[0]).toContain('车位使用协议');
  });

  test('When WeChat Pay is on, then the notice tells the owner to pay in the mini-program (我的账单 → 微信支付); when it is off, it does not', () => {
    const on = arrearsNotice({ ...base, kind: 'property', payOnline: true });
    expect(on.body).toContain(PAY_ONLINE_LINE);
    expect(PAY_ONLINE_LINE).toContain('“我的账单”，点击“微信支付”');
    expect(arrearsNotice({ ...base, kind: 'parking', payOnline: true }).body).toContain(PAY_ONLINE_LINE);
    expect(arrearsNotice({ ...base, kind: 'property' }).body.join('')).not.toContain('微信支付');
  });
});

describe('a community ladder', () => {
  test('When stage days are set, then they must start at or before the due date, be overdue from stage 1 and rise', () => {
    expect(ladderDaysProblem([-3, 1, 15, 30, 90])).toBeNull();
    expect(ladderDaysProblem([-3, 1, 15, 30])).toBe('须设置5个阶段');
    expect(ladderDaysProblem([2, 3, 15, 30, 90])).toBe('到期提醒须在到期日前0到30天');
    expect(ladderDaysProblem([-3, 0, 15, 30, 90])).toBe('逾期提醒须在到期日之后');
    expect(ladderDaysProblem([-3, 1, 30, 30, 90])).toBe('「电话/上门催缴」须晚于「催缴通知单」');
    expect(ladderDaysProblem([-3, 1, 15, 30, 400])).toBe('主管审核须在逾期365天以内');
  });

  test('When a community uses its own days, then the stage reached follows them', () => {
    const due = new Date('2026-11-15T00:00:00Z');
    const at = (d: number) => new Date(due.getTime() + d * 86_400_000);
    expect([-6, -5, 2, 3, 10, 20, 60].map((d) => stageReached(due, at(d), [-5, 3, 10, 20, 60]))).toEqual([null, 0, 0, 1, 2, 3, 4]);
  });
});
