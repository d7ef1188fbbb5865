import { planImport, type Snapshot } from '../../cloud/modules/imports/import-plan';
import type { ResidentRow, UnitRow, VehicleRow } from '../../cloud/modules/imports/import-rows';

/** The records of a small community, as loadSnapshot returns them. */
function records(): Snapshot {
  return {
    buildings: [{ id: 'b1', name: '1栋', floors: 15, sort: 1 }],
    units: [
      { id: 'u1502', buildingId: 'b1', entrance: '1', room: '1502', label: '1栋1单元1502', floor: 15, areaM2: 89.5, status: 'occupied' },
      { id: 'u0801', buildingId: 'b1', entrance: '1', room: '0801', label: '1栋1单元0801', floor: 8, areaM2: 98.2, status: 'vacant' },
    ],
    residents: [{ id: 'r1', unitId: 'u1502', name: '张伟', relation: 'owner', phone: '13900001502', idNumber: '' }],
    vehicles: [{ id: 'v1', unitId: 'u0801', plate: '浙A·80801' }],
    spaces: [
      { id: 's15', code: 'B1-015', kind: 'owned', unitId: 'u1502' },
      { id: 's20', code: 'B1-020', kind: 'unassigned' },
    ],
  };
}

let n = 0;
const ctx = { unitColumn: '房号', newId: () => `new${++n}` };
const code = (building: string, room: string) => ({ building, entrance: '1', room });

describe('planning units', () => {
  test('When rows match, differ from or are missing in the records, then they are unchanged, updates or creates', () => {
    const rows: UnitRow[] = [
      { row: 2, code: code('1栋', '1502'), areaM2: 89.5, status: 'occupied' },
      { row: 3, code: code('1栋', '801'), areaM2: 98.2, status: 'renting' },
      { row: 4, code: code('1栋', '1601'), areaM2: 120 },
    ];
    const plan = planImport('units', rows, records(), ctx);
    expect(plan.errors).toEqual([]);
    expect([...plan.outcomes]).toEqual([
      [2, 'unchanged'],
      [3, 'update'],
      [4, 'create'],
    ]);
    expect(plan.writes.units.update).toEqual([{ id: 'u0801', set: { status: 'renting' } }]);
    expect(plan.writes.units.insert).toEqual([
      { id: expect.any(String), doc: { buildingId: 'b1', entrance: '1', room: '1601', label: '1栋1单元1601', floor: 16, areaM2: 120, status: 'vacant' } },
    ]);
    // 16 floors now: the building grows.
    expect(plan.writes.buildings).toEqual({ insert: [], update: [{ id: 'b1', set: { floors: 16 } }] });
  });

  test('When units are in a new building, then it is created once, with the highest floor seen', () => {
    const rows: UnitRow[] = [
      { row: 2, code: code('9栋', '0301'), areaM2: 80 },
      { row: 3, code: code('9栋', '1102'), floor: 11, areaM2: 80, status: 'renting' },
    ];
    const plan = planImport('units', rows, records(), ctx);
    expect(plan.writes.buildings.insert).toEqual([{ id: expect.any(String), doc: { name: '9栋', floors: 11, sort: 9 } }]);
    const buildingId = plan.writes.buildings.insert[0].id;
    expect(plan.writes.units.insert.map((i) => i.doc)).toEqual([
      { buildingId, entrance: '1', room: '0301', label: '9栋1单元0301', floor: 3, areaM2: 80, status: 'vacant' },
      { buildingId, entrance: '1', room: '1102', label: '9栋1单元1102', floor: 11, areaM2: 80, status: 'renting' },
    ]);
  });

  test('When blank cells meet an existing unit, then the stored values are kept; a new unit needs its area and a floor', () => {
    const rows: UnitRow[] = [{ row: 2, code: code('1栋', '1502') }, { row: 3, code: code('1栋', 'A') }, { row: 4, code: code('1栋', '1701') }];
    const plan = planImport('units', rows, records(), ctx);
    expect(plan.outcomes.get(2)).toBe('unchanged');
    expect(plan.errors).toEqual([
      { row: 3, column: '楼层', message: '无法从房号 A 推断楼层，请填写楼层' },
      { row: 3, column: '建筑面积', message: '新增房屋请填写建筑面积' },
      { row: 4, column: '建筑面积', message: '新增房屋请填写建筑面积' },
    ]);
  });
});

describe('planning residents', () => {
  test('When a resident is matched by unit and name, then only changed fields are set; unknown units are errors', () => {
    const rows: ResidentRow[] = [
      { row: 2, code: code('1栋', '1502'), name: '张伟', relation: 'owner', phone: '13900001502' },
      { row: 3, code: code('1栋', '1502'), name: '张伟伟', relation: 'family' },
      { row: 4, code: code('1栋', '1502'), name: '王丽', relation: 'family', phone: '13900002502', idNumber: '11010519491231002X' },
      { row: 5, code: code('1栋', '9999'), name: '李四', relation: 'tenant', phone: '13900009999' },
    ];
    const snapshot = records();
    snapshot.residents[0].phone = '139-0000-1502'; // written before phones were normalized: still the same
    const plan = planImport('residents', rows, snapshot, ctx);
    expect(plan.counts).toEqual({ create: 1, update: 0, unchanged: 1 });
    expect(plan.errors).toEqual([
      { row: 3, column: '手机号', message: '新增住户请填写手机号' },
      { row: 5, column: '房号', message: '房屋 1栋1单元9999 不存在，请先导入房屋' },
    ]);
    expect(plan.writes.residents.insert.map((i) => i.doc)).toEqual([{ unitId: 'u1502', name: '王丽', relation: 'family', phone: '13900002502', idNumber: '11010519491231002X' }]);
  });
});

describe('planning vehicles', () => {
  test('When a plate or a space belongs to another unit, then the row is refused and names that unit', () => {
    const rows: VehicleRow[] = [
      { row: 2, code: code('1栋', '1502'), plate: '浙A·80801' },
      { row: 3, code: code('1栋', '0801'), plate: '浙A·11111', space: 'B1-015' },
    ];
    const plan = planImport('vehicles', rows, records(), ctx);
    expect(plan.errors).toEqual([
      { row: 2, column: '车牌号', message: '车牌 浙A·80801 已登记在 1栋1单元0801' },
      { row: 3, column: '车位号', message: '车位 B1-015 已属于 1栋1单元1502' },
    ]);
  });

  test('When vehicles take a new or an unsold space, then the space is created or sold to the unit, once', () => {
    const rows: VehicleRow[] = [
      { row: 2, code: code('1栋', '0801'), plate: '浙A·80801', space: 'B1-020' },
      { row: 3, code: code('1栋', '0801'), plate: '浙A·22222', space: 'B1-030', spaceKind: 'rented' },
      { row: 4, code: code('1栋', '0801'), plate: '浙A·33333', space: 'B1-030' },
      { row: 5, code: code('1栋', '1502'), plate: '浙A·15020', space: 'B1-015' },
    ];
    const plan = planImport('vehicles', rows, records(), ctx);
    expect(plan.errors).toEqual([]);
    expect([...plan.outcomes.values()]).toEqual(['update', 'create', 'create', 'create']);
    expect(plan.writes.spaces.update).toEqual([{ id: 's20', set: { kind: 'owned', unitId: 'u0801' } }]);
    expect(plan.writes.spaces.insert).toEqual([{ id: expect.any(String), doc: { code: 'B1-030', kind: 'rented', unitId: 'u0801' } }]);
    const b130 = plan.writes.spaces.insert[0].id;
    expect(plan.writes.vehicles.update).toEqual([{ id: 'v1', set: { parkingSpaceId: 's20' } }]);
    expect(plan.writes.vehicles.insert.map((i) => i.doc)).toEqual([
      { unitId: 'u0801', plate: '浙A·22222', parkingSpaceId: b130 },
      { unitId: 'u0801', plate: '浙A·33333', parkingSpaceId: b130 },
      { unitId: 'u1502', plate: '浙A·15020', parkingSpaceId: 's15' },
    ]);
  });

  test('When the rows say what the records already hold, then nothing is written', () => {
    const snapshot = records();
    snapshot.vehicles[0].parkingSpaceId = 's15';
    snapshot.vehicles[0].unitId = 'u1502';
    const plan = planImport('vehicles', [{ row: 2, code: code('1栋', '1502'), plate: '浙A·80801', space: 'B1-015', spaceKind: 'owned' }], snapshot, ctx);
    expect(plan.counts).toEqual({ create: 0, update: 0, unchanged: 1 });
    expect(plan.writes.spaces).toEqual({ insert: [], update: [] });
    expect(plan.writes.vehicles).toEqual({ insert: [], update: [] });
  });
});
