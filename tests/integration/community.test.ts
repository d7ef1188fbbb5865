import { ParkingSpace, Vehicle } from '../../cloud/modules/community/household.model';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeResident, makeUnit, makeUser } from '../helpers/factories';
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
  const ownerA = await makeOwner(a._id, [unitsA1[0]._id], '甲业主', '13811110001');
  const ownerA2 = await makeOwner(a._id, [unitsA2[0]._id], '乙业主', '13811110002');
  const ownerB = await makeOwner(b._id, [unitB._id], '丙业主', '13811110003');
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

test('When an owner opens their home, then their household and cars are listed, phones masked, and nothing of another unit', async () => {
  const w = await twoCommunities();
  const unit = w.unitsA1[0];
  await makeResident(w.a._id, unit._id, { name: '甲家属', relation: 'family', phone: '13922220001' });
  await makeResident(w.a._id, unit._id, { name: '甲租户', relation: 'tenant', phone: '0571-88886666' });
  await makeResident(w.a._id, w.unitsA2[0]._id, { name: '隔壁家属', relation: 'family', phone: '13922220002' });
  const space = await ParkingSpace.create({ communityId: w.a._id, code: 'B1-099', kind: 'owned', unitId: unit._id });
  await Vehicle.create({ communityId: w.a._id, unitId: unit._id, plate: '浙A·TEST1', parkingSpaceId: space._id });
  await Vehicle.create({ communityId: w.a._id, unitId: w.unitsA2[0]._id, plate: '浙A·TEST2' });
  const token = await loginAs(stack, w.ownerA._id);

  const res = await stack.invoke('community', 'myHome', {}, token);

  if (!res.ok) throw new Error(res.error.code);
  const [mine] = res.data.units;
  expect(mine.household).toEqual([
    { id: expect.any(String), name: '甲业主', relation: 'owner', phone: '138****0001', isMe: true },
    { id: expect.any(String), name: '甲家属', relation: 'family', phone: '139****0001', isMe: false },
    { id: expect.any(String), name: '甲租户', relation: 'tenant', phone: '0571-****6666', isMe: false },
  ]);
  expect(mine.vehicles).toEqual([{ id: expect.any(String), plate: '浙A·TEST1', parkingSpace: 'B1-099' }]);
  const text = JSON.stringify(res.data);
  for (const hidden of ['隔壁家属', '浙A·TEST2', '13811110001', '13922220001', '88886666']) expect(text).not.toContain(hidden);
});

test('When staff search the directory, then room numbers and resident names match, literally, within their community', async () => {
  const w = await twoCommunities();
  await makeResident(w.a._id, w.unitsA2[0]._id, { name: '搜索租户', relation: 'tenant' });
  const token = await loginAs(stack, w.agentA._id);
  const search = async (q: string) => {
    const res = await stack.invoke('community', 'units', { q }, token);
    if (!res.ok) throw new Error(res.error.code);
    return res.data.items.map((u) => u.id);
  };

  expect(await search(w.unitsA1[0].label)).toEqual([String(w.unitsA1[0]._id)]);
  expect(await search('搜索租户')).toEqual([String(w.unitsA2[0]._id)]);
  expect(await search('甲业主')).toEqual([String(w.unitsA1[0]._id)]);
  expect(await search('丙业主')).toEqual([]); // another community's owner
  expect(await search('.*')).toEqual([]); // a pattern is searched as text
  const tooLong = await stack.http('community', { action: 'units', data: { q: '一'.repeat(31) } }, { token });
  expect(tooLong.status).toBe(400);
  expect(tooLong.body).toMatchObject({ error: { code: 'VALIDATION', details: { issues: [{ path: 'q', message: '搜索内容过长' }] } } });
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
  expect(res.data.find((s) => s.name === '甲师傅')).toMatchObject({ roles: ['technician'], skills: ['水电'], phone: expect.stringMatching(/^138\*{4}\d{4}$/) });
});

test('When a technician opens their profile, then they see their skills; the overview is not theirs', async () => {
  const w = await twoCommunities();
  const token = await loginAs(stack, w.techA._id);

  const profile = await stack.invoke('community', 'myProfile', {}, token);
  const overview = await stack.invoke('community', 'overview', {}, token);

  expect(profile).toMatchObject({ ok: true, data: { staff: { name: '甲师傅', skills: ['水电'] }, community: { name: '甲小区' } } });
  expect(overview).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
});
