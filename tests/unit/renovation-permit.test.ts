import { DEFAULT_WORKING_HOURS, type WorkingHours } from '@shared/domain/renovation';
import { anyWorkAllowed, isRestDay, neighbourUnitIds, noisyWorkAllowed, passVerdict, permitNo, RENOVATION_PASS_MACHINE, workingHoursText } from '@shared/domain/renovation-permit';

/** The pure rules of renovation's approval part (renovation.md "Approval, permit and passes"). */

const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);
// 2026-12-14 is a Monday, 2026-12-19 a Saturday, 2026-12-20 a Sunday.
const MON = '2026-12-14';
const SAT = '2026-12-19';

describe('noisyWorkAllowed', () => {
  test.each([
    ['07:59', false],
    ['08:00', true],
    ['11:59', true],
    ['12:00', false],
    ['13:59', false],
    ['14:00', true],
    ['17:59', true],
    ['18:00', false],
    ['19:30', false],
  ])('When it is %s on a Monday in Shanghai with the default hours, then noisy works allowed is %s', (time, allowed) => {
    expect(noisyWorkAllowed(DEFAULT_WORKING_HOURS, at(MON, time))).toBe(allowed);
  });

  test('When it is a weekend (休息日) and the community allows no noisy works then, then none at any hour; with rest-day periods, only inside them', () => {
    expect(isRestDay(SAT)).toBe(true);
    expect(isRestDay('2026-12-20')).toBe(true);
    expect(isRestDay(MON)).toBe(false);
    expect(noisyWorkAllowed(DEFAULT_WORKING_HOURS, at(SAT, '10:00'))).toBe(false);
    const weekends: WorkingHours = { ...DEFAULT_WORKING_HOURS, restDays: [{ from: '09:00', to: '12:00' }] };
    expect(noisyWorkAllowed(weekends, at(SAT, '10:00'))).toBe(true);
    expect(noisyWorkAllowed(weekends, at(SAT, '15:00'))).toBe(false);
  });

  test('When a period reaches outside the all-day window, then the all-day window wins; the instant is read in Shanghai, not UTC', () => {
    const late: WorkingHours = { workdays: [{ from: '08:00', to: '22:00' }], restDays: [], allDay: { from: '08:00', to: '20:00' } };
    expect(noisyWorkAllowed(late, at(MON, '19:00'))).toBe(true);
    expect(noisyWorkAllowed(late, at(MON, '20:30'))).toBe(false);
    expect(anyWorkAllowed(late, at(MON, '20:30'))).toBe(false);
    // 02:00 UTC is 10:00 in Shanghai.
    expect(noisyWorkAllowed(DEFAULT_WORKING_HOURS, new Date('2026-12-14T02:00:00Z'))).toBe(true);
    // Sunday 23:30 UTC is Monday 07:30 in Shanghai: before the works may begin.
    expect(anyWorkAllowed(DEFAULT_WORKING_HOURS, new Date('2026-12-13T23:30:00Z'))).toBe(false);
  });

  test('When the hours are printed, then both kinds of day and the all-day window are named', () => {
    expect(workingHoursText(DEFAULT_WORKING_HOURS)).toBe('施工时间 08:00–20:00；噪声作业（电钻、切割、敲打）工作日 08:00–12:00、14:00–18:00；休息日 不得进行');
  });
});

describe('passVerdict', () => {
  const active = { status: 'active' as const };
  const r = (status: Parameters<typeof passVerdict>[1]['status'], extra = {}) => ({ status, validFrom: '2026-12-16', validTo: '2027-01-23', ...extra });

  test.each([
    ['approved', '2026-12-20', 'not_started'],
    ['in_progress', '2026-12-15', 'early'],
    ['in_progress', '2026-12-16', 'valid'],
    ['in_progress', '2027-01-23', 'valid'],
    ['in_progress', '2027-01-24', 'expired'],
    ['acceptance', '2027-01-20', 'valid'],
    ['suspended', '2026-12-20', 'suspended'],
    ['accepted', '2026-12-20', 'expired'],
    ['closed', '2026-12-20', 'expired'],
    ['cancelled', '2026-12-20', 'revoked'],
    ['reviewed', '2026-12-20', 'not_started'],
  ] as const)('When the renovation is %s and today is %s, then an active pass is %s', (status, today, verdict) => {
    expect(passVerdict(active, r(status), today).verdict).toBe(verdict);
  });

  test('When a pass is revoked, then it stays revoked whatever the renovation does, with the reason', () => {
    expect(passVerdict({ status: 'revoked', revokeReason: '人员离场' }, r('in_progress'), '2026-12-20')).toEqual({ verdict: 'revoked', reason: '出入证已被物业撤销：人员离场' });
    expect(passVerdict(active, r('suspended', { suspensionReason: '占用楼道' }), '2026-12-20').reason).toContain('占用楼道');
    expect(passVerdict(active, r('in_progress'), '2027-01-24').reason).toContain('2027-01-23');
  });

  test('When a pass is revoked twice, then the machine refuses the second (the service answers as it is)', () => {
    expect(RENOVATION_PASS_MACHINE.check('active', 'revoke')).toEqual({ ok: true, to: 'revoked' });
    expect(RENOVATION_PASS_MACHINE.check('revoked', 'revoke').ok).toBe(false);
  });
});

describe('neighbours and numbers', () => {
  test('When works start in a unit, then the same floor and the floors right above and below of its building are its neighbours, not itself', () => {
    const u = (id: string, buildingId: string, floor: number) => ({ _id: id, buildingId, floor });
    const me = u('me', 'b1', 8);
    const units = [me, u('same', 'b1', 8), u('up', 'b1', 9), u('down', 'b1', 7), u('far', 'b1', 10), u('low', 'b1', 6), u('other', 'b2', 8)];
    expect(neighbourUnitIds(me, units)).toEqual(['same', 'up', 'down']);
    expect(neighbourUnitIds(u('alone', 'b9', 1), units)).toEqual([]);
  });

  test('When a permit is issued, then its number follows the renovation number', () => {
    expect(permitNo('ZX20261214-3A7F')).toBe('XK20261214-3A7F');
  });
});
