import {
  moreUrgent,
  REPAIR_EVENTS,
  REPAIR_MACHINE,
  REPAIR_STATUSES,
  REPAIR_TRANSITIONS,
  triage,
  URGENCIES,
  type RepairEvent,
  type RepairStatus,
  type Urgency,
} from '@shared/domain/repairs';
import { median } from '../../cloud/lib/stats';
import { weekStartOf } from '../../cloud/modules/repairs/reports';

describe('triage', () => {
  test.each([
    ['厨房闻到燃气味，很害怕', '其他'],
    ['电梯困人了，有老人在里面', '其他'],
    ['整层楼停电了，冰箱都停了', '水电'],
    ['配电箱在冒烟，有焦味', '水电'],
    ['楼上漏下来，客厅水淹了', '墙面/渗漏'],
    ['水管爆裂，一直在喷水', '水电'],
  ])('When the report says “%s”, then it is an emergency', (description, category) => {
    const t = triage({ category, description });
    expect(t.urgency).toBe('emergency');
    expect(t.matched.length).toBeGreaterThan(0);
  });

  test.each([
    ['卫生间水管漏水了', '水电', '漏水'],
    ['厨房下水道堵塞，水下不去', '管道疏通', '堵塞'],
  ])('When the report says “%s”, then it is urgent because of “%s”', (description, category, term) => {
    const t = triage({ category, description });
    expect(t.urgency).toBe('urgent');
    expect(t.matched).toContain(term);
  });

  test('When the category is 电梯 and the text is calm, then it is at least urgent', () => {
    expect(triage({ category: '电梯', description: '按钮灯不亮，麻烦看一下' })).toMatchObject({ urgency: 'urgent', matched: ['电梯'] });
    expect(triage({ category: '电梯', description: '电梯里有人被困住，困人了' }).urgency).toBe('emergency');
  });

  test('When nothing matches, then it is normal with no matched terms', () => {
    expect(triage({ category: '门窗', description: '卧室窗户把手松了，关不严' })).toEqual({ urgency: 'normal', matched: [], angry: false, angryTerms: [] });
  });

  test('When the reporter asks for more urgency, then it is raised; asking for less never lowers it', () => {
    expect(triage({ category: '门窗', description: '卧室窗户把手松了', requested: 'urgent' }).urgency).toBe('urgent');
    expect(triage({ category: '门窗', description: '卧室窗户把手松了', requested: 'emergency' }).urgency).toBe('emergency');
    expect(triage({ category: '其他', description: '闻到燃气味了', requested: 'normal' }).urgency).toBe('emergency');
    expect(triage({ category: '水电', description: '水管漏水了', requested: 'normal' }).urgency).toBe('urgent');
    expect(triage({ category: '电梯', description: '按钮灯不亮', requested: 'normal' }).urgency).toBe('urgent');
  });

  test('When the report has angry words or ！！！, then it reads angry and names what decided it', () => {
    const words = triage({ category: '水电', description: '第三次报修了，一直没人管，要投诉' });
    expect(words.angry).toBe(true);
    expect(words.angryTerms).toEqual(expect.arrayContaining(['投诉', '没人管', '第三次']));
    const marks = triage({ category: '门窗', description: '窗户坏了快来修！！！' });
    expect(marks).toMatchObject({ angry: true, angryTerms: ['！！！'] });
    expect(triage({ category: '门窗', description: 'window broken!!!' }).angry).toBe(true);
    expect(triage({ category: '门窗', description: '窗户坏了快来修！！' }).angry).toBe(false);
  });

  test('When the terms are split by spaces, then they still match', () => {
    expect(triage({ category: '其他', description: '闻到 燃气 味' }).urgency).toBe('emergency');
  });
});

describe('the transition table', () => {
  const cases: [RepairEvent, RepairStatus, RepairStatus | null][] = [];
  for (const event of REPAIR_EVENTS) {
    for (const status of REPAIR_STATUSES) {
      const t = REPAIR_TRANSITIONS[event];
      cases.push([event, status, (t.from as readonly RepairStatus[]).includes(status) ? t.to : null]);
    }
  }

  test('When the table is enumerated, then it covers every event and every status', () => {
    expect(cases).toHaveLength(REPAIR_EVENTS.length * REPAIR_STATUSES.length);
    expect([...REPAIR_EVENTS].sort()).toEqual(['accept', 'arrive', 'cancel', 'claim', 'close', 'complete', 'dispatch', 'pause', 'rate', 'reopen', 'resume', 'return'].sort());
    for (const event of REPAIR_EVENTS) {
      expect(REPAIR_STATUSES).toContain(REPAIR_TRANSITIONS[event].to);
      for (const s of REPAIR_TRANSITIONS[event].from) expect(REPAIR_STATUSES).toContain(s);
    }
  });

  test.each(cases)('When %s happens to a %s order, then it leads to %s', (event, status, expected) => {
    expect(REPAIR_MACHINE.next(status, event)).toBe(expected);
  });

  test('When an order is accepted or further, then it can no longer be cancelled', () => {
    for (const s of ['accepted', 'arrived', 'paused', 'completed', 'rated', 'closed', 'cancelled'] as const) expect(REPAIR_MACHINE.next(s, 'cancel')).toBeNull();
    for (const s of ['submitted', 'dispatched', 'returned', 'reopened'] as const) expect(REPAIR_MACHINE.next(s, 'cancel')).toBe('cancelled');
  });

  test('When an order is not finished, then it cannot be reopened; after completion it can', () => {
    for (const s of ['submitted', 'dispatched', 'accepted', 'arrived', 'paused', 'returned', 'cancelled', 'reopened'] as const) expect(REPAIR_MACHINE.next(s, 'reopen')).toBeNull();
    for (const s of ['completed', 'rated', 'closed'] as const) expect(REPAIR_MACHINE.next(s, 'reopen')).toBe('reopened');
  });

  test('When the main path is walked, then each step leads where the process says', () => {
    expect(REPAIR_MACHINE.next('submitted', 'dispatch')).toBe('dispatched');
    expect(REPAIR_MACHINE.next('dispatched', 'dispatch')).toBe('dispatched'); // reassignment
    expect(REPAIR_MACHINE.next('submitted', 'claim')).toBe('accepted');
    expect(REPAIR_MACHINE.next('dispatched', 'accept')).toBe('accepted');
    expect(REPAIR_MACHINE.next('accepted', 'arrive')).toBe('arrived');
    expect(REPAIR_MACHINE.next('arrived', 'pause')).toBe('paused');
    expect(REPAIR_MACHINE.next('paused', 'resume')).toBe('arrived');
    expect(REPAIR_MACHINE.next('arrived', 'complete')).toBe('completed');
    expect(REPAIR_MACHINE.next('completed', 'rate')).toBe('rated');
    expect(REPAIR_MACHINE.next('rated', 'close')).toBe('closed');
    expect(REPAIR_MACHINE.next('completed', 'close')).toBe('closed');
    expect(REPAIR_MACHINE.next('accepted', 'return')).toBe('returned');
  });

  test('When a step is out of order, then the table refuses it', () => {
    expect(REPAIR_MACHINE.next('submitted', 'accept')).toBeNull();
    expect(REPAIR_MACHINE.next('accepted', 'accept')).toBeNull();
    expect(REPAIR_MACHINE.next('accepted', 'claim')).toBeNull();
    expect(REPAIR_MACHINE.next('dispatched', 'claim')).toBeNull();
    expect(REPAIR_MACHINE.next('paused', 'complete')).toBeNull();
    expect(REPAIR_MACHINE.next('arrived', 'return')).toBeNull();
    expect(REPAIR_MACHINE.next('accepted', 'dispatch')).toBeNull();
    expect(REPAIR_MACHINE.next('rated', 'rate')).toBeNull();
    expect(REPAIR_MACHINE.next('closed', 'close')).toBeNull();
    expect(REPAIR_MACHINE.next('cancelled', 'dispatch')).toBeNull();
  });

  test('When an event is refused, then the refusal names the current state, the target and the states it needs', () => {
    expect(REPAIR_MACHINE.check('dispatched', 'rate')).toEqual({
      ok: false,
      refusal: {
        code: 'REPAIR.INVALID_TRANSITION',
        message: '工单当前为“待接单”，不能评价（变为“已评价”需工单处于“待评价”）',
        details: { from: 'dispatched', to: 'rated', event: 'rate' },
      },
    });
    expect(REPAIR_MACHINE.check('completed', 'rate')).toEqual({ ok: true, to: 'rated' });
  });

  test('When the possible events of a state are asked, then they are exactly those the table allows from it', () => {
    for (const status of REPAIR_STATUSES) expect(REPAIR_MACHINE.allowed(status)).toEqual(REPAIR_EVENTS.filter((e) => REPAIR_MACHINE.next(status, e) !== null));
    expect(REPAIR_MACHINE.allowed('dispatched')).toEqual(['dispatch', 'accept', 'return', 'cancel']);
    expect(REPAIR_MACHINE.allowed('cancelled')).toEqual([]);
  });
});

describe('urgency order', () => {
  test('When two urgencies are compared, then the more urgent wins either way round', () => {
    const all: Urgency[] = [...URGENCIES];
    for (const a of all) for (const b of all) expect(moreUrgent(a, b)).toBe(moreUrgent(b, a));
    expect(moreUrgent('normal', 'urgent')).toBe('urgent');
    expect(moreUrgent('emergency', 'normal')).toBe('emergency');
    expect(moreUrgent('urgent', 'emergency')).toBe('emergency');
    expect(moreUrgent('normal', 'normal')).toBe('normal');
  });
});

describe('weekly figures', () => {
  test('When a day of the week is given, then the week starts on its Monday at 00:00 in Shanghai', () => {
    expect(weekStartOf('2026-11-27').toISOString()).toBe('2026-11-22T16:00:00.000Z'); // a Friday
    expect(weekStartOf('2026-11-23').toISOString()).toBe('2026-11-22T16:00:00.000Z'); // the Monday itself
    expect(weekStartOf('2026-11-29').toISOString()).toBe('2026-11-22T16:00:00.000Z'); // the Sunday
    expect(weekStartOf('2026-11-30').toISOString()).toBe('2026-11-29T16:00:00.000Z'); // next Monday
    expect(weekStartOf('2027-01-01').toISOString()).toBe('2026-12-27T16:00:00.000Z'); // across the year
  });

  test('When the median is asked, then odd counts give the middle, even counts the mean of the two middles, none gives null', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 30, 20])).toBe(25);
    const input = [3, 1, 2];
    median(input);
    expect(input).toEqual([3, 1, 2]); // not sorted in place
  });
});
