import type { ParkingSpaceDetail, ParkingSpaceRecord } from '@shared/contracts/community.contract';
import type { Paged } from '@shared/contracts/contract';
import { setClock } from '../../cloud/lib/clock';
import { ParkingSpace, Vehicle } from '../../cloud/modules/community/household.model';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';

/** 车位管理: assign, change, renew, release and list parking spaces; who may; what the owner sees. */
let stack: Stack;
let clock = new Date('2026-12-01T02:00:00Z'); // 10:00 in Shanghai
beforeAll(async () => {
  stack = await startStack();
  setClock(() => clock);
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

type Env = { ok: boolean; data?: unknown; error?: { code: string; message: string; details?: unknown } };
const ok = <T>(r: Env): T => {
  if (!r.ok) throw new Error(`${r.error?.code}: ${r.error?.message}`);
  return r.data as T;
};

async function world() {
  clock = new Date('2026-12-01T02:00:00Z');
  const c = await makeCommunity({ name: '车位小区' });
  const other = await makeCommunity({ name: '别的车位小区' });
  const b = await makeBuilding(c._id, '2栋');
  const unit = await makeUnit(c._id, b._id, { room: '0801' });
  const unit2 = await makeUnit(c._id, b._id, { room: '0802' });
  const ob = await makeBuilding(other._id, '1栋');
  const otherUnit = await makeUnit(other._id, ob._id, { room: '0101' });
  const agentUser = await makeUser(c._id, { roles: ['agent'], name: '车位客服' });
  const agent = await loginAs(stack, agentUser._id);
  const agent2 = await loginAs(stack, (await makeUser(c._id, { roles: ['agent'], name: '另一客服' }))._id);
  const cashier = await loginAs(stack, (await makeUser(c._id, { roles: ['cashier'] }))._id);
  const manager = await loginAs(stack, (await makeUser(c._id, { roles: ['manager'], name: '车位主管' }))._id);
  const outsider = await loginAs(stack, (await makeUser(other._id, { roles: ['agent', 'manager'], name: '外区主管' }))._id);
  const space = async (code: string) => String((await ParkingSpace.create({ communityId: c._id, code, kind: 'unassigned' }))._id);
  const otherSpace = String((await ParkingSpace.create({ communityId: other._id, code: 'B1-001', kind: 'rented', unitId: otherUnit._id, leaseEndsOn: '2027-01-31' }))._id);
  return { c, other, unit, unit2, otherUnit, agent, agent2, agentName: agentUser.name, cashier, manager, outsider, space, otherSpace };
}

const assign = (token: string, input: { spaceId: string; unitId: string; kind: string; leaseEndsOn?: string }) => stack.invoke('community', 'assignParkingSpace', input as never, token) as Promise<Env>;

describe('assigning, changing, renewing and releasing', () => {
  test('When an agent assigns a free space as rented with a lease end, then the record shows the unit, the lease end and the days left, and the history says who and when', async () => {
    const w = await world();
    const spaceId = await w.space('B1-008');

    const rec = ok<ParkingSpaceRecord>(await assign(w.agent, { spaceId, unitId: String(w.unit._id), kind: 'rented', leaseEndsOn: '2026-12-31' }));

    expect(rec).toMatchObject({ code: 'B1-008', kind: 'rented', unitId: String(w.unit._id), unitLabel: w.unit.label, leaseEndsOn: '2026-12-31', daysLeft: 30, assignedByName: w.agentName, assignedAt: clock.toISOString() });
    const detail = ok<ParkingSpaceDetail>(await stack.invoke('community', 'parkingSpace', { spaceId }, w.cashier));
    expect(detail.history).toEqual([{ at: clock.toISOString(), event: 'assign', byName: w.agentName, note: `${w.unit.label} · 租用 · 至2026年12月31日` }]);
    const stored = await ParkingSpace.findById(spaceId).lean();
    expect(stored).toMatchObject({ status: 'assigned', rev: 1 });
    expect(stored?.leaseId).toBeDefined();
  });

  test('When a rented space has no lease end, or one in the past, or a sold one has a lease end, then VALIDATION names leaseEndsOn and nothing changes', async () => {
    const w = await world();
    const spaceId = await w.space('B1-009');
    const unitId = String(w.unit._id);

    const none = await assign(w.agent, { spaceId, unitId, kind: 'rented' });
    const past = await assign(w.agent, { spaceId, unitId, kind: 'rented', leaseEndsOn: '2026-11-30' });
    const sold = await assign(w.agent, { spaceId, unitId, kind: 'owned', leaseEndsOn: '2027-11-30' });
    const bogus = await assign(w.agent, { spaceId, unitId, kind: 'rented', leaseEndsOn: '2027-02-30' });

    expect(none).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'leaseEndsOn', message: '租用车位须填写租期到期日' }] } } });
    expect(past).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '租期到期日不能早于今天', details: { issues: [{ path: 'leaseEndsOn' }] } } });
    expect(sold).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'leaseEndsOn' }] } } });
    expect(bogus).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'leaseEndsOn', message: '日期不存在' }] } } });
    expect(await ParkingSpace.findById(spaceId).lean()).toMatchObject({ kind: 'unassigned', rev: 0 });
  });

  test('When a temporary space is assigned without an end date, then it holds with no lease end; with one, it has a lease', async () => {
    const w = await world();
    const a = await w.space('T-001');
    const b = await w.space('T-002');
    expect(ok<ParkingSpaceRecord>(await assign(w.agent, { spaceId: a, unitId: String(w.unit._id), kind: 'temporary' }))).not.toHaveProperty('leaseEndsOn');
    expect(ok<ParkingSpaceRecord>(await assign(w.agent, { spaceId: b, unitId: String(w.unit._id), kind: 'temporary', leaseEndsOn: '2026-12-08' }))).toMatchObject({ kind: 'temporary', leaseEndsOn: '2026-12-08', daysLeft: 7 });
  });

  test('When another unit’s space is assigned, then 409 PARKING.TAKEN and it stays; the same unit may change it (bought: 已售, the lease goes)', async () => {
    const w = await world();
    const spaceId = await w.space('B1-010');
    ok(await assign(w.agent, { spaceId, unitId: String(w.unit._id), kind: 'rented', leaseEndsOn: '2027-05-31' }));

    const taken = await assign(w.agent2, { spaceId, unitId: String(w.unit2._id), kind: 'owned' });
    expect(taken).toMatchObject({ ok: false, error: { code: 'PARKING.TAKEN', message: '车位 B1-010 已分配给其他房屋，请先释放' } });

    const bought = ok<ParkingSpaceRecord>(await assign(w.agent2, { spaceId, unitId: String(w.unit._id), kind: 'owned' }));
    expect(bought).toMatchObject({ kind: 'owned', unitId: String(w.unit._id) });
    expect(bought).not.toHaveProperty('leaseEndsOn');
    const stored = await ParkingSpace.findById(spaceId).lean();
    expect(stored?.leaseId).toBeUndefined();
    expect(stored?.history?.map((h) => h.event)).toEqual(['assign', 'change']);
  });

  test('When two agents assign the same free space at the same moment to different units, then one wins and the other gets PARKING.TAKEN', async () => {
    const w = await world();
    const spaceId = await w.space('B1-011');
    const [x, y] = await Promise.all([
      assign(w.agent, { spaceId, unitId: String(w.unit._id), kind: 'owned' }),
      assign(w.agent2, { spaceId, unitId: String(w.unit2._id), kind: 'rented', leaseEndsOn: '2027-01-01' }),
    ]);
    expect([x, y].filter((r) => r.ok)).toHaveLength(1);
    expect([x, y].find((r) => !r.ok)).toMatchObject({ error: { code: 'PARKING.TAKEN' } });
    const stored = await ParkingSpace.findById(spaceId).lean();
    expect(stored?.history).toHaveLength(1);
    expect(String(stored?.unitId)).toBe(x.ok ? String(w.unit._id) : String(w.unit2._id));
  });

  test('When a space is released, then it is free, the cars on it keep their unit but lose the space (named in the history); releasing it again is 409 PARKING.INVALID_TRANSITION', async () => {
    const w = await world();
    const spaceId = await w.space('B1-012');
    ok(await assign(w.agent, { spaceId, unitId: String(w.unit._id), kind: 'rented', leaseEndsOn: '2027-01-31' }));
    ok(await stack.invoke('community', 'saveVehicle', { unitId: String(w.unit._id), plate: '浙A12345', parkingSpace: 'B1-012' }, w.agent));

    const freed = ok<ParkingSpaceRecord>(await stack.invoke('community', 'releaseParkingSpace', { spaceId }, w.manager));

    expect(freed).toEqual({ id: spaceId, code: 'B1-012', kind: 'unassigned', plates: [] });
    const car = await Vehicle.findOne({ communityId: w.c._id, plate: '浙A·12345' }).lean();
    expect(String(car?.unitId)).toBe(String(w.unit._id));
    expect(car?.parkingSpaceId).toBeUndefined();
    const detail = ok<ParkingSpaceDetail>(await stack.invoke('community', 'parkingSpace', { spaceId }, w.agent));
    expect(detail.history.at(-1)).toMatchObject({ event: 'release', note: `原为 ${w.unit.label} · 租用 · 至2027年1月31日；解除车辆 浙A·12345` });
    expect(await ParkingSpace.findById(spaceId).lean()).toMatchObject({ kind: 'unassigned', status: 'free' });

    const again = await stack.invoke('community', 'releaseParkingSpace', { spaceId }, w.manager);
    expect(again).toMatchObject({ ok: false, error: { code: 'PARKING.INVALID_TRANSITION', message: '车位当前为“空闲”，不能释放（变为“空闲”需车位处于“已分配”）', details: { from: 'free', event: 'release' } } });
  });

  test('When a lease is renewed, then its end and its lease change and the history says from what; a sold space cannot be renewed, a free one neither, and the new end may not be past', async () => {
    const w = await world();
    const spaceId = await w.space('B1-013');
    ok(await assign(w.agent, { spaceId, unitId: String(w.unit._id), kind: 'rented', leaseEndsOn: '2026-12-31' }));
    const before = await ParkingSpace.findById(spaceId).lean();

    const renewed = ok<ParkingSpaceRecord>(await stack.invoke('community', 'renewParkingLease', { spaceId, leaseEndsOn: '2027-12-31' }, w.agent));

    expect(renewed).toMatchObject({ leaseEndsOn: '2027-12-31', daysLeft: 395 });
    const after = await ParkingSpace.findById(spaceId).lean();
    expect(String(after?.leaseId)).not.toBe(String(before?.leaseId));
    expect(after?.history?.at(-1)).toMatchObject({ event: 'renew', note: '至2027年12月31日（原至2026年12月31日）' });
    // The same end again: nothing to do, nothing written.
    ok(await stack.invoke('community', 'renewParkingLease', { spaceId, leaseEndsOn: '2027-12-31' }, w.agent));
    expect((await ParkingSpace.findById(spaceId).lean())?.rev).toBe(after?.rev);
    expect(await stack.invoke('community', 'renewParkingLease', { spaceId, leaseEndsOn: '2026-11-01' }, w.agent)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    const sold = await w.space('B1-014');
    ok(await assign(w.agent, { spaceId: sold, unitId: String(w.unit._id), kind: 'owned' }));
    expect(await stack.invoke('community', 'renewParkingLease', { spaceId: sold, leaseEndsOn: '2027-12-31' }, w.agent)).toMatchObject({ ok: false, error: { code: 'PARKING.NOT_LEASED' } });
    const free = await w.space('B1-015');
    expect(await stack.invoke('community', 'renewParkingLease', { spaceId: free, leaseEndsOn: '2027-12-31' }, w.agent)).toMatchObject({ ok: false, error: { code: 'PARKING.INVALID_TRANSITION' } });
  });

  test('When a space is registered by code and then given back, then it is created free, assigned, and released by the same rules', async () => {
    const w = await world();
    const rec = ok<ParkingSpaceRecord>(await stack.invoke('community', 'saveParkingSpace', { code: 'c2-5', kind: 'rented', unitId: String(w.unit._id), leaseEndsOn: '2027-03-01' }, w.agent));
    expect(rec).toMatchObject({ code: 'C2-005', kind: 'rented', leaseEndsOn: '2027-03-01' });
    expect(await stack.invoke('community', 'saveParkingSpace', { code: 'C2-005', kind: 'owned', unitId: String(w.unit2._id) }, w.agent)).toMatchObject({ ok: false, error: { code: 'PARKING.TAKEN' } });
    expect(await stack.invoke('community', 'saveParkingSpace', { code: 'C2-006', kind: 'rented', unitId: String(w.unit._id) }, w.agent)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    ok(await stack.invoke('community', 'saveParkingSpace', { code: 'C2-005', kind: 'unassigned' }, w.agent));
    const detail = ok<ParkingSpaceDetail>(await stack.invoke('community', 'parkingSpace', { spaceId: rec.id }, w.agent));
    expect(detail.history.map((h) => h.event)).toEqual(['register', 'assign', 'release']);
  });
});

describe('the list', () => {
  test('When spaces are listed by kind, status, lease ending within N days and search, then each filter gives its spaces, paged', async () => {
    const w = await world();
    const ids: Record<string, string> = {};
    for (const code of ['A-001', 'A-002', 'A-003', 'A-004', 'A-005', 'A-006']) ids[code] = await w.space(code);
    const unitId = String(w.unit._id);
    ok(await assign(w.agent, { spaceId: ids['A-001'], unitId, kind: 'owned' }));
    ok(await assign(w.agent, { spaceId: ids['A-002'], unitId, kind: 'rented', leaseEndsOn: '2026-12-20' }));
    ok(await assign(w.agent, { spaceId: ids['A-003'], unitId: String(w.unit2._id), kind: 'rented', leaseEndsOn: '2027-06-30' }));
    ok(await assign(w.agent, { spaceId: ids['A-004'], unitId, kind: 'temporary', leaseEndsOn: '2026-12-05' }));
    ok(await assign(w.agent, { spaceId: ids['A-005'], unitId, kind: 'temporary' }));
    ok(await stack.invoke('community', 'saveVehicle', { unitId: String(w.unit2._id), plate: '沪B88888', parkingSpace: 'A-003' }, w.agent));
    clock = new Date('2026-12-10T02:00:00Z'); // A-004 ended 5 days ago, not renewed
    const agent = await loginAs(stack, (await makeUser(w.c._id, { roles: ['agent'] }))._id);
    const list = async (q: Record<string, unknown>) => ok<Paged<ParkingSpaceRecord>>(await stack.invoke('community', 'parkingSpaces', q as never, agent));
    const codes = async (q: Record<string, unknown>) => (await list(q)).items.map((s) => s.code);

    expect(await codes({})).toEqual(['A-001', 'A-002', 'A-003', 'A-004', 'A-005', 'A-006']);
    expect(await codes({ kind: 'rented' })).toEqual(['A-002', 'A-003']);
    expect(await codes({ status: 'free' })).toEqual(['A-006']);
    expect(await codes({ status: 'assigned', kind: 'temporary' })).toEqual(['A-004', 'A-005']);
    // Within 30 days, the passed one first (by lease end).
    const expiring = await list({ expiringWithinDays: 30 });
    expect(expiring.items.map((s) => [s.code, s.daysLeft])).toEqual([['A-004', -5], ['A-002', 10]]);
    expect(await codes({ q: '88888' })).toEqual(['A-003']);
    expect(await codes({ q: w.unit2.label })).toEqual(['A-003']);
    expect(await codes({ q: 'a-00', status: 'free' })).toEqual(['A-006']);
    const page2 = await list({ page: 2, pageSize: 4 });
    expect([page2.total, page2.items.map((s) => s.code)]).toEqual([6, ['A-005', 'A-006']]);
  });
});

describe('who may', () => {
  test('When staff of another community name a space here, then 404 for every action, and nothing changes', async () => {
    const w = await world();
    const spaceId = await w.space('B1-020');
    ok(await assign(w.agent, { spaceId, unitId: String(w.unit._id), kind: 'rented', leaseEndsOn: '2027-01-31' }));
    const calls: [string, Record<string, unknown>][] = [
      ['parkingSpace', { spaceId }],
      ['assignParkingSpace', { spaceId, unitId: String(w.otherUnit._id), kind: 'owned' }],
      ['releaseParkingSpace', { spaceId }],
      ['renewParkingLease', { spaceId, leaseEndsOn: '2028-01-31' }],
    ];
    for (const [action, data] of calls) {
      expect({ action, res: await stack.invoke('community', action as never, data as never, w.outsider) }).toMatchObject({ action, res: { ok: false, error: { code: 'PARKING.NOT_FOUND' } } });
    }
    // Their own space with our unit: the unit is not theirs.
    expect(await assign(w.outsider, { spaceId: w.otherSpace, unitId: String(w.unit._id), kind: 'owned' })).toMatchObject({ ok: false, error: { code: 'UNIT.NOT_FOUND' } });
    // Their list does not show ours.
    expect(ok<Paged<ParkingSpaceRecord>>(await stack.invoke('community', 'parkingSpaces', {}, w.outsider)).items.map((s) => s.code)).toEqual(['B1-001']);
    expect(await ParkingSpace.findById(spaceId).lean()).toMatchObject({ kind: 'rented', leaseEndsOn: '2027-01-31', rev: 1 });
  });

  test('When a cashier opens 车位管理, then the list and a space’s history are readable but assigning, releasing and renewing are forbidden', async () => {
    const w = await world();
    const spaceId = await w.space('B1-021');
    expect(await stack.invoke('community', 'parkingSpaces', {}, w.cashier)).toMatchObject({ ok: true });
    expect(await stack.invoke('community', 'parkingSpace', { spaceId }, w.cashier)).toMatchObject({ ok: true });
    expect(await assign(w.cashier, { spaceId, unitId: String(w.unit._id), kind: 'owned' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await stack.invoke('community', 'releaseParkingSpace', { spaceId }, w.cashier)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await stack.invoke('community', 'saveParkingLadder', { days: [20, 5] }, w.agent)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  test('When a manager sets the reminder days, then they are saved with who and when; days out of order are refused; agents read them', async () => {
    const w = await world();
    expect(ok(await stack.invoke('community', 'parkingLadder', {}, w.agent))).toEqual({ days: [30, 15, 7, 1], defaultDays: [30, 15, 7, 1] });
    const saved = ok(await stack.invoke('community', 'saveParkingLadder', { days: [20, 10, 3] }, w.manager));
    expect(saved).toEqual({ days: [20, 10, 3], defaultDays: [30, 15, 7, 1], updatedBy: '车位主管', updatedAt: clock.toISOString() });
    const bad = await stack.invoke('community', 'saveParkingLadder', { days: [7, 15] }, w.manager);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'days', message: '请按到期前天数从多到少填写，且不能重复' }] } } });
    expect(ok<{ days: number[] }>(await stack.invoke('community', 'parkingLadder', {}, w.agent)).days).toEqual([20, 10, 3]);
    expect(ok<{ days: number[] }>(await stack.invoke('community', 'parkingLadder', {}, w.outsider)).days).toEqual([30, 15, 7, 1]);
  });
});

test('When an owner opens the home, then each unit lists its spaces with the lease end and the days left', async () => {
  const w = await world();
  const owner = await makeOwner(w.c._id, [w.unit._id], '车位业主');
  const rented = await w.space('B2-001');
  const sold = await w.space('B2-002');
  ok(await assign(w.agent, { spaceId: rented, unitId: String(w.unit._id), kind: 'rented', leaseEndsOn: '2026-12-15' }));
  ok(await assign(w.agent, { spaceId: sold, unitId: String(w.unit._id), kind: 'owned' }));
  const home = ok<{ units: { parkingSpaces: unknown[] }[] }>(await stack.invoke('community', 'myHome', {}, await loginAs(stack, owner._id)));
  expect(home.units[0].parkingSpaces).toEqual([
    { id: rented, code: 'B2-001', kind: 'rented', leaseEndsOn: '2026-12-15', daysLeft: 14 },
    { id: sold, code: 'B2-002', kind: 'owned' },
  ]);
});
