import { ACCEPTANCE_ITEM_KEYS, ACCEPTANCE_ITEMS, acceptanceOverdueDays, depositBreakdown, RENOVATION_MACHINE, renovationActions, waterTestHoursRequired } from '@shared/domain/renovation';

/** The completion part's pure rules (renovation.md "Completion, deposit and the board"). */

test('When the works include 防水, then waterTestHoursRequired asks 24 hours; 48 when the water-proofing layer was broken (whatever the works); none otherwise', () => {
  expect(waterTestHoursRequired(['waterproof', 'kitchen_bath'], [])).toBe(24);
  expect(waterTestHoursRequired(['kitchen_bath'], ['waterproof_break'])).toBe(48);
  expect(waterTestHoursRequired(['waterproof'], ['waterproof_break', 'public_pipes'])).toBe(48);
  expect(waterTestHoursRequired(['kitchen_bath', 'floor', 'painting'], ['public_pipes'])).toBeNull();
  expect(waterTestHoursRequired([], [])).toBeNull();
});

test('When a deposit is broken down, then the refund is the deposit less every deduction, and negative when they exceed it', () => {
  expect(depositBreakdown(200_000, [])).toEqual({ depositFen: 200_000, deductedFen: 0, refundFen: 200_000 });
  expect(depositBreakdown(200_000, [{ amountFen: 20_000 }, { amountFen: 5_050 }])).toEqual({ depositFen: 200_000, deductedFen: 25_050, refundFen: 174_950 });
  expect(depositBreakdown(200_000, [{ amountFen: 200_000 }]).refundFen).toBe(0);
  expect(depositBreakdown(200_000, [{ amountFen: 150_000 }, { amountFen: 60_000 }]).refundFen).toBe(-10_000);
});

test('When acceptance runs through the machine, then in_progress → acceptance → in_progress (fail) or accepted → closed, and nothing else', () => {
  expect(RENOVATION_MACHINE.check('in_progress', 'applyAcceptance')).toMatchObject({ ok: true, to: 'acceptance' });
  expect(RENOVATION_MACHINE.check('acceptance', 'failAcceptance')).toMatchObject({ ok: true, to: 'in_progress' });
  expect(RENOVATION_MACHINE.check('acceptance', 'accept')).toMatchObject({ ok: true, to: 'accepted' });
  expect(RENOVATION_MACHINE.check('accepted', 'close')).toMatchObject({ ok: true, to: 'closed' });
  for (const from of ['suspended', 'approved', 'accepted', 'closed'] as const) expect(RENOVATION_MACHINE.check(from, 'applyAcceptance').ok).toBe(false);
  for (const from of ['in_progress', 'acceptance', 'closed', 'cancelled'] as const) expect(RENOVATION_MACHINE.check(from, 'close').ok).toBe(false);
  expect(RENOVATION_MACHINE.check('accepted', 'cancel').ok).toBe(false);
});

test('When the detail lists what a caller may do, then the owner may apply for acceptance while in progress, staff inspect in acceptance, and the owner never inspects or closes', () => {
  expect(renovationActions('in_progress', ['owner'])).toContain('applyAcceptance');
  expect(renovationActions('acceptance', ['owner'])).toEqual([]);
  expect(renovationActions('acceptance', ['agent'])).toEqual(expect.arrayContaining(['accept', 'failAcceptance']));
  expect(renovationActions('accepted', ['owner'])).toEqual([]);
  expect(renovationActions('accepted', ['manager'])).toEqual(['close']);
});

test('When a renovation is past its planned end, then it is overdue for acceptance from the day after, only while on site and not yet asked for acceptance', () => {
  expect(acceptanceOverdueDays('in_progress', '2026-12-01', '2026-12-06')).toBe(5);
  expect(acceptanceOverdueDays('suspended', '2026-12-01', '2026-12-02')).toBe(1);
  expect(acceptanceOverdueDays('in_progress', '2026-12-06', '2026-12-06')).toBeNull();
  expect(acceptanceOverdueDays('in_progress', '2026-12-10', '2026-12-06')).toBeNull();
  for (const s of ['acceptance', 'accepted', 'closed', 'approved'] as const) expect(acceptanceOverdueDays(s, '2026-11-01', '2026-12-06')).toBeNull();
});

test('When the acceptance checklist is listed, then its keys are unique and the contract\'s enum is the same list', () => {
  const keys = ACCEPTANCE_ITEMS.map((i) => i.key);
  expect(new Set(keys).size).toBe(keys.length);
  expect([...ACCEPTANCE_ITEM_KEYS]).toEqual(keys);
  expect(ACCEPTANCE_ITEMS.every((i) => i.label.length > 4)).toBe(true);
});
