import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { ImportKind, ImportPreview, ImportResult } from '@shared/contracts/imports.contract';
import type { Envelope } from '@shared/errors';
import { describeRowError } from '@shared/domain/imports';
import { claimOnce } from '../../cloud/lib/claim';
import { setClock } from '../../cloud/lib/clock';
import { Building, Unit } from '../../cloud/modules/community/community.model';
import { ParkingSpace, Resident, Vehicle } from '../../cloud/modules/community/household.model';
import { ImportBatch, ImportRows } from '../../cloud/modules/imports/import.model';
import { countAllDocuments, loginAs, makeCommunity, makeOwner, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
afterEach(() => setClock());

const FIXTURES = path.join(__dirname, '../fixtures/imports');

/** A community with a manager (logged in), an agent, and a second community with its own manager. */
async function world() {
  const a = await makeCommunity({ name: '甲小区' });
  const b = await makeCommunity({ name: '乙小区' });
  const manager = await makeUser(a._id, { roles: ['manager'], name: '甲主管' });
  const agent = await makeUser(a._id, { roles: ['agent'], name: '甲客服' });
  const managerB = await makeUser(b._id, { roles: ['manager'], name: '乙主管' });
  return { a, b, manager, token: await loginAs(stack, manager._id), agentToken: await loginAs(stack, agent._id), tokenB: await loginAs(stack, managerB._id) };
}

const csv = (...lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n', 'utf8').toString('base64');

async function xlsx(rows: (string | number | null)[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer).toString('base64');
}

function ok<T>(res: Envelope<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message} ${JSON.stringify(res.error.details ?? {})}`);
  return res.data;
}

async function preview(token: string, kind: ImportKind, contentBase64: string, fileName = `${kind}.csv`): Promise<ImportPreview> {
  return ok(await stack.invoke('imports', 'preview', { kind, fileName, contentBase64 }, token));
}

async function commit(token: string, importId: string, skipBadRows = false): Promise<ImportResult> {
  return ok(await stack.invoke('imports', 'commit', { importId, skipBadRows }, token));
}

/** Preview and commit; the preview must be clean. */
async function importFile(token: string, kind: ImportKind, contentBase64: string): Promise<ImportResult> {
  const p = await preview(token, kind, contentBase64);
  expect(p.errors).toEqual([]);
  return commit(token, p.importId);
}

const UNITS = csv(
  '楼栋*,单元*,房号*,楼层,建筑面积(㎡)*,状态',
  '1,1,0101,,89.5,自住',
  '1栋,1,0102,,126.3,出租',
  '1号楼,1单元,1502,,89.5,',
  '2,1,0801,8,98.2,空置',
);

async function unitsOf(communityId: unknown) {
  const units = await Unit.find({ communityId }).sort({ label: 1 }).lean();
  return units.map((u) => ({ label: u.label, floor: u.floor, areaM2: u.areaM2, status: u.status }));
}

test('When a manager previews a UTF-8 CSV of units, then nothing is written; the commit creates buildings and units; a re-import changes nothing', async () => {
  const w = await world();
  const before = await countAllDocuments();

  const p = await preview(w.token, 'units', UNITS, '房屋.csv');

  expect(p).toMatchObject({ kind: 'units', fileName: '房屋.csv', rows: 4, validRows: 4, creates: 4, updates: 0, unchanged: 0, errors: [] });
  const afterPreview = await countAllDocuments();
  expect(afterPreview).toEqual({ ...before, ImportBatch: before.ImportBatch + 1, ImportRows: before.ImportRows + 1 });

  expect(await commit(w.token, p.importId)).toEqual({ importId: p.importId, created: 4, updated: 0, unchanged: 0, skipped: 0 });
  const buildings = await Building.find({ communityId: w.a._id }).sort({ name: 1 }).lean();
  expect(buildings.map((b) => ({ name: b.name, floors: b.floors, sort: b.sort }))).toEqual([
    { name: '1栋', floors: 15, sort: 1 },
    { name: '2栋', floors: 8, sort: 2 },
  ]);
  expect(await unitsOf(w.a._id)).toEqual([
    { label: '1栋1单元0101', floor: 1, areaM2: 89.5, status: 'occupied' },
    { label: '1栋1单元0102', floor: 1, areaM2: 126.3, status: 'renting' },
    { label: '1栋1单元1502', floor: 15, areaM2: 89.5, status: 'vacant' },
    { label: '2栋1单元0801', floor: 8, areaM2: 98.2, status: 'vacant' },
  ]);

  const counts = await countAllDocuments();
  const again = await preview(w.token, 'units', UNITS);
  expect(again).toMatchObject({ rows: 4, validRows: 4, creates: 0, updates: 0, unchanged: 4 });
  expect(await commit(w.token, again.importId)).toMatchObject({ created: 0, updated: 0, unchanged: 4, skipped: 0 });
  // No new records: only the batch and the claim of its commit.
  expect(await countAllDocuments()).toEqual({ ...counts, ImportBatch: counts.ImportBatch + 1, Claim: counts.Claim + 1 });
});

test('When the CSV was saved by Excel on Chinese Windows (GBK), then it is read and imported the same', async () => {
  const w = await world();
  const file = readFileSync(path.join(FIXTURES, 'units-gbk.csv')).toString('base64');

  const p = await preview(w.token, 'units', file, '房屋清单.csv');

  expect(p).toMatchObject({ rows: 4, validRows: 4, creates: 4, errors: [] });
  await commit(w.token, p.importId);
  expect((await unitsOf(w.a._id)).map((u) => u.label)).toEqual(['1栋1单元0101', '1栋1单元0102', '2栋1单元0201', '2栋1单元0202']);
});

test('When residents and vehicles come as XLSX with numeric cells, then they are matched to units and stored normalized', async () => {
  const w = await world();
  await importFile(w.token, 'units', UNITS);

  const residents = await xlsx([
    ['房屋编号', '姓名', '关系', '手机号码', '身份证号'],
    ['1栋1单元1502', '张伟', '业主', 13900001502, '11010519491231002x'],
    ['1-1-1502', { richText: [{ text: '王' }, { text: '丽' }] } as unknown as string, '家属', '139 0000 2502', null],
    ['2-1-801', '李娜', '租户', 13900000801, ''],
  ]);
  const p = await preview(w.token, 'residents', residents, '住户.xlsx');
  expect(p).toMatchObject({ rows: 3, validRows: 3, creates: 3, errors: [] });
  await commit(w.token, p.importId);
  const stored = await Resident.find({ communityId: w.a._id }).sort({ phone: 1 }).lean();
  expect(stored.map((r) => [r.name, r.relation, r.phone, r.idNumber])).toEqual([
    ['李娜', 'tenant', '13900000801', ''],
    ['张伟', 'owner', '13900001502', '11010519491231002X'],
    ['王丽', 'family', '13900002502', ''],
  ]);

  const vehicles = await xlsx([
    ['楼栋', '单元', '房号', '车牌号', '车位号', '车位类型'],
    [1, 1, 1502, '浙a 12345', 'b1 15', null],
    [1, 1, 1502, '浙AD12345', 'B1-015', '自有'],
    [2, 1, 801, '浙A·80801', 'B1-008', '月租'],
    [2, 1, 801, '浙A·5X802', null, null],
  ]);
  const v = await preview(w.token, 'vehicles', vehicles, '车辆.xlsx');
  expect(v).toMatchObject({ rows: 4, validRows: 4, creates: 4, errors: [] });
  await commit(w.token, v.importId);
  const spaces = await ParkingSpace.find({ communityId: w.a._id }).sort({ code: 1 }).lean();
  expect(spaces.map((s) => [s.code, s.kind])).toEqual([
    ['B1-008', 'rented'],
    ['B1-015', 'owned'],
  ]);
  const cars = await Vehicle.find({ communityId: w.a._id }).sort({ plate: 1 }).lean();
  const codeOf = new Map(spaces.map((s) => [String(s._id), s.code]));
  expect(cars.map((c) => [c.plate, c.parkingSpaceId ? codeOf.get(String(c.parkingSpaceId)) : null])).toEqual([
    ['浙A·12345', 'B1-015'],
    ['浙A·5X802', null],
    ['浙A·80801', 'B1-008'],
    ['浙A·D12345', 'B1-015'],
  ]);
});

test('When a file has bad rows, then every error is numbered and in Chinese, and a commit writes nothing unless bad rows are skipped', async () => {
  const w = await world();
  const file = csv(
    '楼栋,单元,房号,建筑面积,状态',
    '3,1,0101,90,自住',
    '3,1,0102,九十,自住',
    '3,1,0103,95,装修中',
    '3,1,0101,90,自住',
    '',
    '3,1,0105,100,空置',
  );

  const p = await preview(w.token, 'units', file);

  expect(p).toMatchObject({ rows: 5, validRows: 2, creates: 2 });
  expect(p.errors.map(describeRowError)).toEqual([
    '第3行 建筑面积：建筑面积应为大于0的数字（单位：㎡，如 89.5）',
    '第4行 状态：状态应为 自住、空置 或 出租',
    '第5行 房号：与第2行重复（同一房屋 3栋1单元0101）',
  ]);
  const before = await countAllDocuments();
  const refused = await stack.http('imports', { action: 'commit', data: { importId: p.importId } }, { token: w.token });
  expect(refused.status).toBe(400);
  expect(refused.body).toMatchObject({ ok: false, error: { code: 'IMPORT.HAS_ERRORS', details: { errors: 3 } } });
  expect(await countAllDocuments()).toEqual(before);
  expect(await Unit.countDocuments({ communityId: w.a._id })).toBe(0);

  expect(await commit(w.token, p.importId, true)).toEqual({ importId: p.importId, created: 2, updated: 0, unchanged: 0, skipped: 3 });
  expect((await unitsOf(w.a._id)).map((u) => u.label)).toEqual(['3栋1单元0101', '3栋1单元0105']);
});

test('When residents or vehicles point at units that do not exist, or a plate of another unit, then those rows are errors', async () => {
  const w = await world();
  await importFile(w.token, 'units', UNITS);
  await importFile(w.token, 'vehicles', csv('房屋编号,车牌号', '2-1-0801,浙A80801'));

  const residents = await preview(w.token, 'residents', csv('房屋编号,姓名,关系,手机号', '1-1-1502,张伟,业主,13900001502', '9-1-0901,赵六,业主,13900000901'));
  const vehicles = await preview(w.token, 'vehicles', csv('楼栋,单元,房号,车牌号', '1,1,1502,浙A80801', '1,1,1502,浙A11111', '1,1,1502,浙A·11111'));

  expect(residents.errors).toEqual([{ row: 3, column: '房屋编号', message: '房屋 9栋1单元0901 不存在，请先导入房屋' }]);
  expect(vehicles.errors.map(describeRowError)).toEqual(['第2行 车牌号：车牌 浙A·80801 已登记在 2栋1单元0801', '第4行 车牌号：车牌 浙A·11111 与第3行重复']);
  expect(vehicles).toMatchObject({ rows: 3, validRows: 1, creates: 1 });
});

test('When a resident linked to an app user is re-imported with a new phone, then the record is updated and stays linked', async () => {
  const w = await world();
  await importFile(w.token, 'units', UNITS);
  const unit = await Unit.findOne({ communityId: w.a._id, label: '1栋1单元1502' }).lean();
  const owner = await makeOwner(w.a._id, [unit?._id], '张伟', '13900001502');

  const p = await preview(w.token, 'residents', csv('房屋编号,姓名,关系,手机号,身份证号', '1栋1单元1502,张伟,业主,13900009999,', '1栋1单元1502,王丽,家庭成员,13900002502,'));

  expect(p).toMatchObject({ creates: 1, updates: 1, unchanged: 0 });
  expect(await commit(w.token, p.importId)).toMatchObject({ created: 1, updated: 1 });
  const zhang = await Resident.findOne({ communityId: w.a._id, name: '张伟' }).lean();
  expect(zhang).toMatchObject({ phone: '13900009999', relation: 'owner', userId: owner._id });
  expect(await Resident.countDocuments({ communityId: w.a._id })).toBe(2);
});

test('When the file cannot be read or lacks required columns, then 400 IMPORT.BAD_FILE names the problem and nothing is stored', async () => {
  const w = await world();
  const before = await countAllDocuments();
  const attempt = async (kind: ImportKind, contentBase64: string, fileName = 'x.csv') => {
    const res = await stack.http('imports', { action: 'preview', data: { kind, fileName, contentBase64 } }, { token: w.token });
    expect({ status: res.status, code: res.body.ok ? null : res.body.error.code }).toEqual({ status: 400, code: 'IMPORT.BAD_FILE' });
    return res.body.ok ? '' : res.body.error.message;
  };

  expect(await attempt('residents', csv('楼栋,单元,房号,姓名', '1,1,1502,张伟'))).toBe('缺少必填列：关系、手机号。请使用导入模板的表头');
  expect(await attempt('units', csv('姓名,手机号', '张伟,13900001502'))).toBe('缺少必填列：楼栋、单元、房号（或 房屋编号）、建筑面积。请使用导入模板的表头');
  expect(await attempt('units', Buffer.from('PK\u0003\u0004garbage').toString('base64'), '房屋.xlsx')).toMatch(/无法读取该 Excel 文件/);
  expect(await attempt('units', csv('楼栋,单元,房号,建筑面积'))).toBe('文件中只有表头，没有数据行');
  expect(await countAllDocuments()).toEqual(before);
});

test('When a committed batch is committed again, then the stored result comes back and nothing is written', async () => {
  const w = await world();
  const p = await preview(w.token, 'units', UNITS);
  const first = await commit(w.token, p.importId);
  const counts = await countAllDocuments();

  const second = await commit(w.token, p.importId, true);

  expect(second).toEqual(first);
  expect(await countAllDocuments()).toEqual(counts);
});

test('When the records change between preview and commit, then the commit validates again and writes nothing on new errors', async () => {
  const w = await world();
  await importFile(w.token, 'units', UNITS);
  const p = await preview(w.token, 'vehicles', csv('房屋编号,车牌号', '1-1-1502,浙A12345', '1-1-0101,浙A22222'));
  expect(p.errors).toEqual([]);
  const other = await Unit.findOne({ communityId: w.a._id, label: '2栋1单元0801' }).lean();
  await Vehicle.create({ communityId: w.a._id, unitId: other?._id, plate: '浙A·12345' });
  const before = await countAllDocuments();

  const res = await stack.invoke('imports', 'commit', { importId: p.importId }, w.token);

  expect(res).toMatchObject({ ok: false, error: { code: 'IMPORT.HAS_ERRORS', details: { errors: 1 } } });
  expect(await countAllDocuments()).toEqual(before);
  const history = ok(await stack.invoke('imports', 'history', {}, w.token));
  expect(history[0]).toMatchObject({ importId: p.importId, status: 'previewed', errors: 1 });
});

test('When a preview is left unused for a day, then its rows go at the next preview and committing it asks for the file again', async () => {
  const w = await world();
  const old = await preview(w.token, 'units', UNITS);
  const rowsBefore = await ImportRows.countDocuments();

  setClock(() => new Date(Date.now() + 25 * 60 * 60_000));
  await preview(w.token, 'units', UNITS);

  expect(await ImportRows.countDocuments()).toBe(rowsBefore); // one chunk dropped, one added
  const res = await stack.invoke('imports', 'commit', { importId: old.importId }, w.token);
  expect(res).toMatchObject({ ok: false, error: { code: 'IMPORT.NOT_FOUND', message: '这次导入的预览已过期，请重新上传文件' } });
  expect(await Unit.countDocuments({ communityId: w.a._id })).toBe(0);
});

test('When a commit stopped halfway, then a retry waits for the lease, completes the job without duplicates and reports the planned result', async () => {
  const w = await world();
  const p = await preview(w.token, 'units', UNITS);
  // What a crashed first attempt leaves: the attempt recorded and claimed, the first rows written.
  const planned = { importId: p.importId, created: 4, updated: 0, unchanged: 0, skipped: 0 };
  await ImportBatch.updateOne({ _id: p.importId }, { $set: { commitAttempt: 1, commitStartedAt: new Date(), planned } });
  expect(await claimOnce(`import.commit:${p.importId}:1`)).toBe(true);
  await importFile(w.token, 'units', csv('楼栋,单元,房号,建筑面积,状态', '1,1,0101,89.5,自住', '1,1,0102,126.3,出租'));

  const tooSoon = await stack.invoke('imports', 'commit', { importId: p.importId }, w.token);
  expect(tooSoon).toMatchObject({ ok: false, error: { code: 'STATE.CONFLICT' } });

  const later = new Date(Date.now() + 3 * 60_000);
  setClock(() => later);
  expect(await commit(w.token, p.importId)).toEqual(planned);
  expect((await unitsOf(w.a._id)).map((u) => u.label)).toEqual(['1栋1单元0101', '1栋1单元0102', '1栋1单元1502', '2栋1单元0801']);
  expect(await Building.countDocuments({ communityId: w.a._id })).toBe(2);
});

test('When another community imports, then its batches are not found here; staff who are not managers are refused', async () => {
  const w = await world();
  const theirs = await preview(w.tokenB, 'units', UNITS);

  const res = await stack.http('imports', { action: 'commit', data: { importId: theirs.importId } }, { token: w.token });
  expect({ status: res.status, code: res.body.ok ? null : res.body.error.code }).toEqual({ status: 404, code: 'IMPORT.NOT_FOUND' });
  expect(await Unit.countDocuments({ communityId: w.a._id })).toBe(0);
  expect(ok(await stack.invoke('imports', 'history', {}, w.token))).toEqual([]);

  for (const [action, data] of [
    ['template', { kind: 'units' }],
    ['preview', { kind: 'units', fileName: 'a.csv', contentBase64: UNITS }],
    ['commit', { importId: theirs.importId }],
    ['history', {}],
    ['export', { kind: 'units' }],
  ] as const) {
    const denied = await stack.http('imports', { action, data }, { token: w.agentToken });
    expect({ action, status: denied.status, code: denied.body.ok ? null : denied.body.error.code }).toEqual({ action, status: 403, code: 'AUTH.FORBIDDEN' });
  }
});

test('When the community is exported, then the file has the import layout and a dated Chinese name, and re-importing it changes nothing', async () => {
  const w = await world();
  await importFile(w.token, 'units', UNITS);
  await importFile(w.token, 'residents', csv('房屋编号,姓名,关系,手机号,身份证号', '1-1-1502,张伟,业主,13900001502,11010519491231002X', '1-1-1502,张小明,家庭成员,13900001503,', '2-1-0801,李娜,租户,13900000801,'));
  await importFile(w.token, 'vehicles', csv('房屋编号,车牌号,车位号,车位类型', '1-1-1502,浙A12345,B1-015,', '2-1-0801,浙A80801,B1-008,租用', '2-1-0801,浙A5X802,,'));
  setClock(() => new Date('2026-01-05T20:00:00Z')); // already 6 January in Shanghai

  for (const kind of ['units', 'residents', 'vehicles'] as const) {
    for (const format of ['xlsx', 'csv'] as const) {
      const file = ok(await stack.invoke('imports', 'export', { kind, format }, w.token));
      const label = { units: '房屋', residents: '住户', vehicles: '车辆' }[kind];
      expect(file).toMatchObject({ fileName: `甲小区-${label}-20260106.${format}`, format, rows: kind === 'units' ? 4 : 3 });
      const p = await preview(w.token, kind, file.contentBase64, file.fileName);
      expect({ format, ...p }).toMatchObject({ kind, format, rows: file.rows, validRows: file.rows, creates: 0, updates: 0, unchanged: file.rows, errors: [] });
    }
  }
  const csvText = Buffer.from(ok(await stack.invoke('imports', 'export', { kind: 'vehicles', format: 'csv' }, w.token)).contentBase64, 'base64').toString('utf8');
  expect(csvText).toBe('\uFEFF楼栋*,单元*,房号*,车牌号*,车位号,车位类型\r\n1栋,1,1502,浙A·12345,B1-015,自有\r\n2栋,1,0801,浙A·5X802,,\r\n2栋,1,0801,浙A·80801,B1-008,租用\r\n');
});

test('When a manager asks for a template, then it lists the columns and the file holds only the header', async () => {
  const w = await world();

  const t = ok(await stack.invoke('imports', 'template', { kind: 'residents', format: 'xlsx' }, w.token));

  expect(t.columns.map((c) => `${c.name}${c.required ? '*' : ''}`)).toEqual(['楼栋*', '单元*', '房号*', '姓名*', '关系*', '手机号*', '身份证号', '房屋编号']);
  expect(t.file).toMatchObject({ fileName: '住户导入模板.xlsx', format: 'xlsx', rows: 0 });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(t.file.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  expect(sheet.name).toBe('住户');
  expect(sheet.actualRowCount).toBe(1);
  expect(sheet.getRow(1).values).toEqual([undefined, '楼栋*', '单元*', '房号*', '姓名*', '关系*', '手机号*', '身份证号']);
});

test('When a manager opens the history, then the community’s last 20 batches come newest first with their outcome', async () => {
  const w = await world();
  const batches: string[] = [];
  for (let i = 0; i < 21; i++) {
    setClock(() => new Date(Date.now() + i * 1000));
    batches.push((await preview(w.token, 'units', csv('房屋编号,建筑面积', `5-1-${1001 + i},90`), `第${i + 1}批.csv`)).importId);
  }
  await commit(w.token, batches[20]);

  const history = ok(await stack.invoke('imports', 'history', {}, w.token));

  expect(history).toHaveLength(20);
  expect(history.map((h) => h.importId)).toEqual([...batches].reverse().slice(0, 20));
  expect(history[0]).toMatchObject({
    kind: 'units',
    fileName: '第21批.csv',
    status: 'committed',
    rows: 1,
    errors: 0,
    byName: '甲主管',
    result: { created: 1, updated: 0, unchanged: 0, skipped: 0 },
  });
  expect(history[1]).toMatchObject({ status: 'previewed' });
  expect(history[1].result).toBeUndefined();
});
