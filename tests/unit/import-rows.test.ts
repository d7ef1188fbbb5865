import { describeRowError } from '@shared/domain/imports';
import { IMPORT_MAX_ROWS } from '@shared/contracts/imports.contract';
import { unitKey } from '@shared/domain/units';
import { AppError } from '../../cloud/lib/app-error';
import type { SheetRow } from '../../cloud/modules/imports/file-reader';
import { headerRow, importColumns, matchHeader, normalizeHeader } from '../../cloud/modules/imports/import-columns';
import { parseArea, parseFloor, parseRows } from '../../cloud/modules/imports/import-rows';

/** A sheet as the reader returns it: the header on row 1, data from row 2. */
const sheet = (header: string[], ...rows: string[][]): SheetRow[] => [header, ...rows].map((cells, i) => ({ row: i + 1, cells }));

function badFile(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof AppError && err.code === 'IMPORT.BAD_FILE') return err.message;
    throw err;
  }
  throw new Error('expected IMPORT.BAD_FILE');
}

describe('header matching', () => {
  test('When headers carry spaces, required marks, full-width brackets or units, then they match the column', () => {
    expect(normalizeHeader(' 楼栋 * ')).toBe('楼栋');
    expect(normalizeHeader('建筑面积（m²）')).toBe('建筑面积');
    expect(normalizeHeader('建筑面积(㎡)*')).toBe('建筑面积');
    expect(normalizeHeader('手机号【必填】')).toBe('手机号');
    const match = matchHeader('units', ['楼栋＊', ' 单元 ', '房号*', '所在楼层', '面积（平方米）', '房屋状态', '备注']);
    expect(match).toEqual({ ok: true, unitBy: 'parts', columns: { building: 0, entrance: 1, room: 2, floor: 3, area: 4, status: 5 } });
  });

  test('When the unit is given as one 房屋编号 column, then the three unit columns are not required', () => {
    expect(matchHeader('residents', ['房屋编号', '姓名', '关系', '手机号码', '身份证号码'])).toEqual({
      ok: true,
      unitBy: 'code',
      columns: { unitCode: 0, name: 1, relation: 2, phone: 3, idNumber: 4 },
    });
  });

  test('When required columns are missing, then IMPORT.BAD_FILE names every one of them', () => {
    expect(badFile(() => parseRows('residents', sheet(['楼栋', '房号', '姓名'], ['1', '101', '张伟'])))).toBe(
      '缺少必填列：单元（或 房屋编号）、关系、手机号。请使用导入模板的表头',
    );
    expect(badFile(() => parseRows('vehicles', sheet(['房屋编号', '车位号'], ['1-1-101', 'B1-001'])))).toBe('缺少必填列：车牌号。请使用导入模板的表头');
  });

  test('When a column appears twice, then IMPORT.BAD_FILE names it', () => {
    expect(badFile(() => parseRows('residents', sheet(['房屋编号', '姓名', '关系', '手机号', '联系电话'], ['1-1-101', '张伟', '业主', '13800000001'])))).toBe(
      '表头中有重复的列：手机号',
    );
  });

  test('When a title row sits above the header, then the header is found and row numbers stay the sheet rows', () => {
    const rows: SheetRow[] = [
      { row: 1, cells: ['幸福里小区房屋清单'] },
      { row: 3, cells: ['楼栋', '单元', '房号', '建筑面积'] },
      { row: 4, cells: ['1', '1', '101', 'abc'] },
    ];
    expect(parseRows('units', rows).errors).toEqual([{ row: 4, column: '建筑面积', message: '建筑面积应为大于0的数字（单位：㎡，如 89.5）' }]);
  });

  test('When the template is asked for, then required columns are marked and the unit-code alternative is listed', () => {
    expect(headerRow('vehicles')).toEqual(['楼栋*', '单元*', '房号*', '车牌号*', '车位号', '车位类型']);
    expect(importColumns('units').map((c) => c.name)).toEqual(['楼栋', '单元', '房号', '楼层', '建筑面积(㎡)', '状态', '房屋编号']);
    expect(importColumns('units').every((c) => c.example.length > 0)).toBe(true);
  });

  test('When a file is only a header, or has more rows than allowed, then IMPORT.BAD_FILE says so', () => {
    expect(badFile(() => parseRows('units', sheet(['楼栋', '单元', '房号', '建筑面积'])))).toBe('文件中只有表头，没有数据行');
    expect(badFile(() => parseRows('units', []))).toBe('文件中没有数据');
    const many = Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => ['1', '1', String(101 + i), '90']);
    expect(badFile(() => parseRows('units', sheet(['楼栋', '单元', '房号', '建筑面积'], ...many)))).toMatch(/数据行过多.*上限 20000 行/);
  });
});

describe('unit rows (房屋)', () => {
  const header = ['楼栋*', '单元*', '房号*', '楼层', '建筑面积(㎡)*', '状态'];

  test('When cells are written the ways offices write them, then they are normalized', () => {
    const parsed = parseRows('units', sheet(header, ['1', '1单元', '1502室', '', '89.50㎡', '已入住'], ['2号楼', '2', '0801', '8层', '98.2', '']));
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([
      { row: 2, code: { building: '1栋', entrance: '1', room: '1502' }, areaM2: 89.5, status: 'occupied' },
      { row: 3, code: { building: '2栋', entrance: '2', room: '0801' }, floor: 8, areaM2: 98.2 },
    ]);
  });

  test('When a row has several problems, then every one is reported with its row number, in Chinese', () => {
    const parsed = parseRows('units', sheet(header, ['1', '1', '101', '1', '90', '自住'], ['', '1', '十', '二', '-3', '待定']));
    expect(parsed.total).toBe(2);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.errors.map(describeRowError)).toEqual([
      '第3行 楼栋：请填写楼栋',
      '第3行 房号：房号格式不正确（如 1502）',
      '第3行 楼层：楼层应为整数（如 15）',
      '第3行 建筑面积：建筑面积应为大于0的数字（单位：㎡，如 89.5）',
      '第3行 状态：状态应为 自住、空置 或 出租',
    ]);
  });

  test('When the same unit appears twice, written differently, then the later row is a duplicate of the first', () => {
    const parsed = parseRows('units', sheet(header, ['1', '1', '0801', '', '90', ''], ['2', '1', '0801', '', '90', ''], ['1栋', '1单元', '801', '', '91', '']));
    expect(parsed.rows.map((r) => r.row)).toEqual([2, 3]);
    expect(parsed.errors).toEqual([{ row: 4, column: '房号', message: '与第2行重复（同一房屋 1栋1单元801）' }]);
  });

  test('When the unit is one 房屋编号 cell, then 1栋1单元1502 and 1-1-1502 are read, anything else named', () => {
    const parsed = parseRows('units', sheet(['房屋编号', '建筑面积'], ['1栋1单元1502', '90'], ['2-1-0801', '80'], ['1栋1502', '80'], ['', '80']));
    expect(parsed.rows.map((r) => r.code)).toEqual([
      { building: '1栋', entrance: '1', room: '1502' },
      { building: '2栋', entrance: '1', room: '0801' },
    ]);
    expect(parsed.unitColumn).toBe('房屋编号');
    expect(parsed.errors).toEqual([
      { row: 4, column: '房屋编号', message: '房屋编号格式不正确（如 1栋1单元1502 或 1-1-1502）' },
      { row: 5, column: '房屋编号', message: '请填写房屋编号' },
    ]);
  });

  test('When areas and floors are read, then units and suffixes are accepted and nonsense refused', () => {
    expect(parseArea('89.5')).toBe(89.5);
    expect(parseArea('１２６.３ 平方米')).toBe(126.3);
    expect(parseArea('98.205')).toBe(98.21);
    expect(parseArea('0')).toBeUndefined();
    expect(parseArea('约90')).toBeUndefined();
    expect(parseFloor('15')).toBe(15);
    expect(parseFloor('-1')).toBe(-1);
    expect(parseFloor('3F')).toBe(3);
    expect(parseFloor('0')).toBeUndefined();
    expect(parseFloor('1.5')).toBeUndefined();
  });

  test('When rooms are matched, then leading zeros and building spellings do not matter', () => {
    expect(unitKey({ building: '2号楼', entrance: '1单元', room: '0801' })).toBe(unitKey({ building: '2栋', entrance: '1', room: '801' }));
    expect(unitKey({ building: '1栋', entrance: '1', room: '101' })).not.toBe(unitKey({ building: '1栋', entrance: '1', room: '1010' }));
  });
});

describe('resident rows (住户)', () => {
  const header = ['楼栋', '单元', '房号', '姓名', '关系', '手机号', '身份证号'];

  test('When phones, relations and ID numbers are valid, then they are normalized', () => {
    const parsed = parseRows('residents', sheet(header, ['1', '1', '1502', '张伟', '产权人', '+86 139-0000-1502', '11010519491231002x'], ['1', '1', '1502', '张小明', '家属', '', '']));
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([
      { row: 2, code: { building: '1栋', entrance: '1', room: '1502' }, name: '张伟', relation: 'owner', phone: '13900001502', idNumber: '11010519491231002X' },
      { row: 3, code: { building: '1栋', entrance: '1', room: '1502' }, name: '张小明', relation: 'family' },
    ]);
  });

  test('When cells are wrong, then each problem is named in Chinese on its row', () => {
    const parsed = parseRows(
      'residents',
      sheet(header, ['1', '1', '1502', '张', '邻居', '1380000', '110105194912310021'], ['1', '1', '1502', '', '', '13800000001', '3.30106197001011e+17']),
    );
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors.map(describeRowError)).toEqual([
      '第2行 姓名：姓名应为2–20个字',
      '第2行 关系：关系应为 业主、家庭成员 或 租户',
      '第2行 手机号：手机号格式不正确（应为11位手机号或带区号的固定电话）',
      '第2行 身份证号：身份证号校验位不正确',
      '第3行 姓名：请填写姓名',
      '第3行 关系：请填写关系（业主、家庭成员 或 租户）',
      '第3行 身份证号：身份证号被 Excel 存成了数字，后几位已丢失，请把该列设为文本格式后重新填写',
    ]);
  });

  test('When the same person is listed twice for one unit, then the later row is a duplicate', () => {
    const parsed = parseRows('residents', sheet(header, ['1', '1', '1502', '张伟', '业主', '13900001502', ''], ['1', '1', '1502', '张伟', '家庭成员', '13900001503', ''], ['1', '1', '1501', '张伟', '业主', '13900001502', '']));
    expect(parsed.errors).toEqual([{ row: 3, column: '姓名', message: '与第2行重复（同一房屋的同一住户）' }]);
  });
});

describe('vehicle rows (车辆)', () => {
  const header = ['房屋编号', '车牌号', '车位号', '车位类型'];

  test('When plates and spaces are typed loosely, then they are normalized and a space defaults to 自有', () => {
    const parsed = parseRows('vehicles', sheet(header, ['1-1-1502', '浙a 12345', 'b1 15', ''], ['1-1-1502', '浙AD12345', '', ''], ['1-1-1501', '沪B·88888', 'B1-016', '月租']));
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map(({ plate, space, spaceKind }) => ({ plate, space, spaceKind }))).toEqual([
      { plate: '浙A·12345', space: 'B1-015', spaceKind: undefined },
      { plate: '浙A·D12345', space: undefined, spaceKind: undefined },
      { plate: '沪B·88888', space: 'B1-016', spaceKind: 'rented' },
    ]);
  });

  test('When a plate repeats, a space is given to two units, or a kind makes no sense, then the rows say why', () => {
    const parsed = parseRows(
      'vehicles',
      sheet(
        header,
        ['1-1-1502', '浙A12345', 'B1-015', '自有'],
        ['1-1-1501', '浙A·12345', '', ''],
        ['1-1-1501', '浙A54321', 'B1-015', ''],
        ['1-1-1502', '浙A11111', 'B1-015', '租用'],
        ['1-1-1502', '浙A22222', '', '自有'],
        ['1-1-1502', '浙A33333', 'B1-020', '未售'],
        ['1-1-1502', 'ABC', '车位#1', '买的'],
      ),
    );
    expect(parsed.rows.map((r) => r.row)).toEqual([2]);
    expect(parsed.errors.map(describeRowError)).toEqual([
      '第3行 车牌号：车牌 浙A·12345 与第2行重复',
      '第4行 车位号：车位 B1-015 与第2行登记在不同房屋',
      '第5行 车位类型：车位 B1-015 的类型与第2行不一致',
      '第6行 车位类型：填写车位类型时请同时填写车位号',
      '第7行 车位类型：登记了车辆的车位应为 自有 或 租用',
      '第8行 车牌号：车牌号格式不正确（如 浙A·12345）',
      '第8行 车位号：车位号格式不正确（如 B1-015）',
      '第8行 车位类型：车位类型应为 自有 或 租用',
    ]);
  });
});
