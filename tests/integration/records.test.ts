import { ParkingSpace, Resident, Vehicle } from '../../cloud/modules/community/household.model';
import { User } from '../../cloud/modules/identity/user.model';
import { countAllDocuments, loginAs, makeBuilding, makeCommunity, makeOwner, makeResident, makeUnit, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

async function world() {
  const c = await makeCommunity({ name: '资料小区' });
  const other = await makeCommunity({ name: '别的小区' });
  const b = await makeBuilding(c._id, '5栋');
  const unit = await makeUnit(c._id, b._id, { room: '0601' });
  const unit2 = await makeUnit(c._id, b._id, { room: '0602' });
  const ob = await makeBuilding(other._id, '1栋');
  const otherUnit = await makeUnit(other._id, ob._id, { room: '0101' });
  const agent = await loginAs(stack, (await makeUser(c._id, { roles: ['agent'], name: '资料客服' }))._id);
  const cashier = await loginAs(stack, (await makeUser(c._id, { roles: ['cashier'] }))._id);
  const managerUser = await makeUser(c._id, { roles: ['manager'], name: '资料主管' });
  const manager = await loginAs(stack, managerUser._id);
  const tech = await makeUser(c._id, { roles: ['technician'], name: '资料师傅', skills: ['水电'] });
  return { c, other, b, unit, unit2, otherUnit, agent, cashier, manager, managerUser, tech };
}

describe('unit records', () => {
  test('When an agent opens a unit, then residents show full phones (to call them) and masked ID numbers; a manager sees the ID in full', async () => {
    const w = await world();
    await Resident.create({ communityId: w.c._id, unitId: w.unit._id, name: '钱业主', relation: 'owner', phone: '13800138000', idNumber: '11010519491231002X' });

    const asAgent = await stack.invoke('community', 'unit', { unitId: String(w.unit._id) }, w.agent);
    expect(asAgent).toMatchObject({ ok: true, data: { label: w.unit.label, room: '0601', residents: [{ name: '钱业主', phone: '13800138000', idNumber: '1101**********002X', boundToApp: false }] } });

    const asManager = await stack.invoke('community', 'unit', { unitId: String(w.unit._id) }, w.manager);
    expect(asManager.ok && asManager.data.residents[0].idNumber).toBe('11010519491231002X');
  });

  test('When staff open a unit of another community, then 404 as if it did not exist', async () => {
    const w = await world();
    expect(await stack.invoke('community', 'unit', { unitId: String(w.otherUnit._id) }, w.agent)).toMatchObject({ ok: false, error: { code: 'UNIT.NOT_FOUND' } });
  });

  test('When an agent corrects status and area, then the unit changes; a cashier may look but not change', async () => {
    const w = await world();
    const res = await stack.invoke('community', 'saveUnit', { unitId: String(w.unit._id), status: 'renting', areaM2: 101.256 }, w.agent);
    expect(res).toMatchObject({ ok: true, data: { status: 'renting', areaM2: 101.26 } });
    expect(await stack.invoke('community', 'saveUnit', { unitId: String(w.unit._id), status: 'vacant' }, w.cashier)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });
});

describe('residents', () => {
  test('When an agent adds, corrects and removes a resident, then the unit record follows; phones are normalized', async () => {
    const w = await world();
    const added = await stack.invoke('community', 'saveResident', { unitId: String(w.unit._id), name: '孙家人', relation: 'family', phone: '+86 139-0000-1234' }, w.agent);
    expect(added).toMatchObject({ ok: true, data: { residents: [{ name: '孙家人', relation: 'family', phone: '13900001234' }] } });
    const residentId = added.ok ? added.data.residents[0].id : '';

    const fixed = await stack.invoke('community', 'saveResident', { unitId: String(w.unit._id), residentId, name: '孙家仁', relation: 'tenant', phone: '13900004321' }, w.agent);
    expect(fixed).toMatchObject({ ok: true, data: { residents: [{ id: residentId, name: '孙家仁', relation: 'tenant', phone: '13900004321' }] } });

    const removed = await stack.invoke('community', 'removeResident', { residentId }, w.agent);
    expect(removed).toMatchObject({ ok: true, data: { residents: [] } });
  });

  test('When the form is wrong, then each field gets a Chinese message and nothing is written', async () => {
    const w = await world();
    const before = await countAllDocuments();
    const res = await stack.invoke('community', 'saveResident', { unitId: String(w.unit._id), name: '李4', relation: 'owner', phone: '12345', idNumber: '110105194912310021' }, w.agent);
    expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const issues = res.ok ? [] : (res.error.details?.issues ?? []);
    expect(Object.fromEntries(issues.map((i) => [i.path, i.message]))).toEqual({
      name: '姓名不能包含数字',
      phone: '手机号格式不正确（应为11位手机号或带区号的固定电话）',
      idNumber: '身份证号校验位不正确',
    });
    expect(await countAllDocuments()).toEqual(before);
  });

  test('When a resident of one unit is named with another unit, or a name repeats in a unit, then a clear error and no change', async () => {
    const w = await world();
    const r = await makeResident(w.c._id, w.unit._id, { name: '周住户', relation: 'owner', phone: '13700000001' });
    await makeResident(w.c._id, w.unit._id, { name: '周家人', relation: 'family', phone: '13700000002' });
    expect(
      await stack.invoke('community', 'saveResident', { unitId: String(w.unit2._id), residentId: String(r._id), name: '周住户', relation: 'owner', phone: '13700000001' }, w.agent),
    ).toMatchObject({ ok: false, error: { code: 'RESIDENT.NOT_FOUND' } });
    expect(await stack.invoke('community', 'saveResident', { unitId: String(w.unit._id), name: '周家人', relation: 'family', phone: '13700000003' }, w.agent)).toMatchObject({
      ok: false,
      error: { code: 'RESIDENT.DUPLICATE' },
    });
    expect(await Resident.countDocuments({ unitId: w.unit._id })).toBe(2);
  });

  test('When the resident a WeChat user is bound through is removed, then that user loses the unit', async () => {
    const w = await world();
    const owner = await makeOwner(w.c._id, [w.unit._id], '即将搬走', '13600009999');
    const ownerToken = await loginAs(stack, owner._id);
    const record = await Resident.findOne({ unitId: w.unit._id, userId: owner._id });

    await stack.invoke('community', 'removeResident', { residentId: String(record?._id) }, w.agent);

    expect((await User.findById(owner._id))?.unitIds).toEqual([]);
    expect(await stack.invoke('community', 'myHome', {}, ownerToken)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  test('When staff of another community name a resident here, then 404', async () => {
    const w = await world();
    const r = await makeResident(w.c._id, w.unit._id, { name: '外人看不到', relation: 'owner' });
    const outsider = await loginAs(stack, (await makeUser(w.other._id, { roles: ['agent', 'manager'] }))._id);
    expect(await stack.invoke('community', 'removeResident', { residentId: String(r._id) }, outsider)).toMatchObject({ ok: false, error: { code: 'RESIDENT.NOT_FOUND' } });
    expect(await Resident.exists({ _id: r._id })).not.toBeNull();
  });
});

describe('vehicles and parking spaces', () => {
  test('When an agent registers a car on the unit’s space, then the plate is normalized and the space lists it', async () => {
    const w = await world();
    const space = await stack.invoke('community', 'saveParkingSpace', { code: 'b2-7', kind: 'owned', unitId: String(w.unit._id) }, w.agent);
    expect(space).toMatchObject({ ok: true, data: { code: 'B2-007', kind: 'owned', unitLabel: w.unit.label, plates: [] } });

    const res = await stack.invoke('community', 'saveVehicle', { unitId: String(w.unit._id), plate: '浙a 88888', parkingSpace: 'B2-007' }, w.agent);

    expect(res).toMatchObject({ ok: true, data: { vehicles: [{ plate: '浙A·88888', parkingSpace: 'B2-007' }], parkingSpaces: [{ code: 'B2-007', plates: ['浙A·88888'] }] } });
    const list = await stack.invoke('community', 'parkingSpaces', { q: '88888' }, w.cashier);
    expect(list).toMatchObject({ ok: true, data: { total: 1, items: [{ code: 'B2-007', plates: ['浙A·88888'] }] } });
  });

  test('When a plate is already registered or the space belongs to another unit, then 409 and nothing changes', async () => {
    const w = await world();
    await Vehicle.create({ communityId: w.c._id, unitId: w.unit2._id, plate: '浙A·11111' });
    await ParkingSpace.create({ communityId: w.c._id, code: 'B1-001', kind: 'owned', unitId: w.unit2._id });
    expect(await stack.invoke('community', 'saveVehicle', { unitId: String(w.unit._id), plate: '浙A11111' }, w.agent)).toMatchObject({
      ok: false,
      error: { code: 'VEHICLE.PLATE_TAKEN', message: '车牌 浙A·11111 已登记在其他房屋' },
    });
    expect(await stack.invoke('community', 'saveVehicle', { unitId: String(w.unit._id), plate: '浙A22222', parkingSpace: 'B1-001' }, w.agent)).toMatchObject({
      ok: false,
      error: { code: 'PARKING.TAKEN' },
    });
    expect(await stack.invoke('community', 'saveVehicle', { unitId: String(w.unit._id), plate: '浙A22222', parkingSpace: 'Z9-999' }, w.agent)).toMatchObject({
      ok: false,
      error: { code: 'PARKING.NOT_FOUND' },
    });
    expect(await Vehicle.countDocuments({ unitId: w.unit._id })).toBe(0);
  });

  test('When a plate is not a plate, then VALIDATION with the expected format', async () => {
    const w = await world();
    const res = await stack.invoke('community', 'saveVehicle', { unitId: String(w.unit._id), plate: 'ABC' }, w.agent);
    expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'plate', message: '车牌号格式不正确（如 浙A·12345）' }] } } });
  });

  test('When a space is given back (unassigned), then cars parked on it lose it; a sold space needs a unit', async () => {
    const w = await world();
    expect(await stack.invoke('community', 'saveParkingSpace', { code: 'B1-050', kind: 'rented', unitId: String(w.unit._id), leaseEndsOn: '2099-12-31' }, w.agent)).toMatchObject({ ok: true });
    await stack.invoke('community', 'saveVehicle', { unitId: String(w.unit._id), plate: '沪B12345', parkingSpace: 'B1-050' }, w.agent);

    const res = await stack.invoke('community', 'saveParkingSpace', { code: 'B1-050', kind: 'unassigned' }, w.agent);

    expect(res).toMatchObject({ ok: true, data: { code: 'B1-050', kind: 'unassigned', plates: [] } });
    expect(res.ok ? 'unitId' in res.data : res.error).toBe(false);
    expect((await Vehicle.findOne({ plate: '沪B·12345' }))?.parkingSpaceId).toBeUndefined();
    expect(await stack.invoke('community', 'saveParkingSpace', { code: 'B1-051', kind: 'owned' }, w.agent)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  test('When a car is removed, then the unit no longer lists it', async () => {
    const w = await world();
    const saved = await stack.invoke('community', 'saveVehicle', { unitId: String(w.unit._id), plate: '京A·D12345' }, w.agent);
    expect(saved).toMatchObject({ ok: true, data: { vehicles: [{ plate: '京A·D12345' }] } });
    const vehicleId = saved.ok ? saved.data.vehicles[0].id : '';
    expect(await stack.invoke('community', 'removeVehicle', { vehicleId }, w.agent)).toMatchObject({ ok: true, data: { vehicles: [] } });
  });
});

describe('staff', () => {
  test('When a manager adds a technician and later changes skills, then the team lists them; a blank phone keeps the old one', async () => {
    const w = await world();
    const added = await stack.invoke('community', 'saveStaff', { name: '新师傅', phone: '13300001111', roles: ['technician'], skills: ['门窗', '门窗'], onDuty: true }, w.manager);
    expect(added).toMatchObject({ ok: true, data: { name: '新师傅', roles: ['technician'], skills: ['门窗'], onDuty: true, phone: '13300001111' } });
    const staffId = added.ok ? added.data.id : '';

    const changed = await stack.invoke('community', 'saveStaff', { staffId, name: '新师傅', roles: ['technician', 'agent'], skills: ['门窗', '水电'], onDuty: false }, w.manager);

    expect(changed).toMatchObject({ ok: true, data: { roles: ['technician', 'agent'], skills: ['门窗', '水电'], onDuty: false, phone: '13300001111' } });
    const team = await stack.invoke('community', 'staff', {}, w.manager);
    expect(team.ok && team.data.find((s) => s.id === staffId)).toMatchObject({ phone: '133****1111' });
  });

  test('When a manager would make someone an owner through staff editing, or drop their own manager role, then it is refused', async () => {
    const w = await world();
    expect(await stack.invoke('community', 'saveStaff', { name: '某人', phone: '13300002222', roles: ['owner'], skills: [], onDuty: false }, w.manager)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(
      await stack.invoke('community', 'saveStaff', { staffId: String(w.managerUser._id), name: '资料主管', roles: ['agent'], skills: [], onDuty: true }, w.manager),
    ).toMatchObject({ ok: false, error: { code: 'STATE.CONFLICT' } });
  });

  test('When a technician goes on duty, then their record says so; an owner id cannot be edited as staff', async () => {
    const w = await world();
    const techToken = await loginAs(stack, w.tech._id);
    expect(await stack.invoke('community', 'setOnDuty', { onDuty: true }, techToken)).toMatchObject({ ok: true, data: { name: '资料师傅', onDuty: true } });
    const owner = await makeOwner(w.c._id, [w.unit._id], '不是员工');
    expect(await stack.invoke('community', 'saveStaff', { staffId: String(owner._id), name: '不是员工', roles: ['agent'], skills: [], onDuty: false }, w.manager)).toMatchObject({
      ok: false,
      error: { code: 'STAFF.NOT_FOUND' },
    });
  });
});
