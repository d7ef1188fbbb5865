import { loginAs, makeBuilding, makeCommunity, makeUnit, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

/** Two communities, so every test can check that nothing leaks across. */
async function twoCommunities() {
  const a = await makeCommunity({ name: '甲小区' });
  const b = await makeCommunity({ name: '乙小区' });
  const a1 = await makeBuilding(a._id, '1栋');
  const a2 = await makeBuilding(a._id, '2栋');
  const b1 = await makeBuilding(b._id, '1栋');
  const unitsA1 = [await makeUnit(a._id, a1._id, { room: '101' }), await makeUnit(a._id, a1._id, { room: '102', status: 'vacant' })];
  const unitsA2 = [await makeUnit(a._id, a2._id, { room: '201', status: 'renting' })];
  const unitB = await makeUnit(b._id, b1._id, { room: '101' });
  const ownerA = await makeUser(a._id, { roles: ['owner'], unitIds: [unitsA1[0]._id], name: '甲业主' });
  const ownerA2 = await makeUser(a._id, { roles: ['owner'], unitIds: [unitsA2[0]._id], name: '乙业主' });
  const ownerB = await makeUser(b._id, { roles: ['owner'], unitIds: [unitB._id], name: '丙业主' });
  const agentA = await makeUser(a._id, { roles: ['agent'], name: '甲客服' });
  const techA = await makeUser(a._id, { roles: ['technician'], name: '甲师傅', skills: ['水电'] });
  const managerA = await makeUser(a._id, { roles: ['manager', 'agent'], name: '甲主管' });
  const agentB = await makeUser(b._id, { roles: ['agent'], name: '乙客服' });
  return { a, b, a1, a2, unitsA1, unitsA2, unitB, ownerA, ownerA2, ownerB, agentA, techA, managerA, agentB };
}

test('When an owner opens their home, then they see their community and only their own units', async () => {
  const w = await twoCommunities();
  const token = await loginAs(stack, w.ownerA._id);

  const res = await stack.invoke('community', 'myHome', {}, token);

  expect(res).toMatchObject({ ok: true, data: { community: { name: '甲小区', servicePhone: '0571-12345678' } } });
  if (!res.ok) throw new Error('unreachable');
  expect(res.data.units).toHaveLength(1);
  expect(res.data.units[0]).toMatchObject({ id: String(w.unitsA1[0]._id), status: 'occupied', areaM2: 88.5, ownerNames: ['甲业主'] });
});

test('When an owner asks for staff-only data, then 403 AUTH.FORBIDDEN', async () => {
  const w = await twoCommunities();
  const token = await loginAs(stack, w.ownerA._id);
  for (const action of ['overview', 'units', 'staff', 'myProfile'] as const) {
    const res = await stack.http('community', { action }, { token });
    expect({ action, status: res.status, code: res.body.ok ? null : res.body.error.code }).toEqual({ action, status: 403, code: 'AUTH.FORBIDDEN' });
  }
});

test('When an agent opens the overview, then totals and per-building counts come from their own community only', async () => {
  const w = await twoCommunities();
  const token = await loginAs(stack, w.agentA._id);

  const res = await stack.invoke('community', 'overview', {}, token);

  if (!res.ok) throw new Error(res.error.code);
  expect(res.data.community.name).toBe('甲小区');
  expect(res.data.totals).toEqual({ buildings: 2, units: 3, occupied: 1, vacant: 1, renting: 1, owners: 2, staff: 3 });
  const byName = Object.fromEntries(res.data.buildings.map((b) => [b.id, b]));
  expect(byName[String(w.a1._id)]).toMatchObject({ units: 2, occupied: 1, vacant: 1, renting: 0 });
  expect(byName[String(w.a2._id)]).toMatchObject({ units: 1, renting: 1 });
});

test('When an agent lists units, then they are paged, filterable by building, and never from another community', async () => {
  const w = await twoCommunities();
  const token = await loginAs(stack, w.agentA._id);

  const page1 = await stack.invoke('community', 'units', { page: 1, pageSize: 2 }, token);
  const page2 = await stack.invoke('community', 'units', { page: 2, pageSize: 2 }, token);
  const onlyA2 = await stack.invoke('community', 'units', { buildingId: String(w.a2._id) }, token);
  const otherCommunityBuilding = await stack.invoke('community', 'units', { buildingId: String(w.unitB.buildingId) }, token);

  expect(otherCommunityBuilding).toMatchObject({ ok: false, error: { code: 'BUILDING.NOT_FOUND' } });
  if (!page1.ok || !page2.ok || !onlyA2.ok) throw new Error('expected ok');
  expect(page1.data).toMatchObject({ total: 3, page: 1, pageSize: 2 });
  expect(page1.data.items).toHaveLength(2);
  expect(page2.data.items).toHaveLength(1);
  const all = [...page1.data.items, ...page2.data.items].map((u) => u.id).sort();
  expect(all).toEqual([...w.unitsA1, ...w.unitsA2].map((u) => String(u._id)).sort());
  expect(onlyA2.data.items.map((u) => u.ownerNames)).toEqual([['乙业主']]);
});

test('When a manager lists the team, then only staff of their community are listed with roles and skills', async () => {
  const w = await twoCommunities();
  const token = await loginAs(stack, w.managerA._id);

  const res = await stack.invoke('community', 'staff', {}, token);

  if (!res.ok) throw new Error(res.error.code);
  expect(res.data.map((s) => s.name).sort()).toEqual(['甲主管', '甲客服', '甲师傅'].sort());
  expect(res.data.find((s) => s.name === '甲师傅')).toMatchObject({ roles: ['technician'], skills: ['水电'] });
});

test('When a technician opens their profile, then they see their skills; the overview is not theirs', async () => {
  const w = await twoCommunities();
  const token = await loginAs(stack, w.techA._id);

  const profile = await stack.invoke('community', 'myProfile', {}, token);
  const overview = await stack.invoke('community', 'overview', {}, token);

  expect(profile).toMatchObject({ ok: true, data: { staff: { name: '甲师傅', skills: ['水电'] }, community: { name: '甲小区' } } });
  expect(overview).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
});
