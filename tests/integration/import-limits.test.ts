import ExcelJS from 'exceljs';
import { ImportBatch } from '../../cloud/modules/imports/import.model';
import { setSheetWorkerSettings, sheetReads } from '../../cloud/modules/imports/sheet-worker';
import { craftXlsx, sharedStringsOf, sheetOfRows, sheetOfSameRows, sizeOf } from '../helpers/crafted-xlsx';
import { loginAs, makeCommunity, makeUser } from '../helpers/factories';
import { startStack, type Stack, type HttpResult } from '../helpers/stack';
import { until } from '../helpers/until';

/**
 * Hostile uploads to imports.preview (docs/modules/imports.md, Limits): the file is
 * read in a worker thread with a memory and a time limit, a few at a time, rows streamed and stopped
 * at the row limit, zips held to their declared and capped unpacked size. Every such file is a 400
 * IMPORT.BAD_FILE (or a 503 IMPORT.BUSY), the server keeps answering meanwhile, and nothing is stored.
 */
let stack: Stack;
let token: string;
let communityId: unknown;
beforeAll(async () => {
  stack = await startStack();
  const c = await makeCommunity({ name: '限额小区' });
  communityId = c._id;
  token = await loginAs(stack, (await makeUser(c._id, { roles: ['manager'], name: '限额主管' }))._id);
});
afterAll(() => stack.stop());

const preview = (file: Buffer, fileName = '房屋.xlsx'): Promise<HttpResult> =>
  stack.http('imports', { action: 'preview', data: { kind: 'units', fileName, contentBase64: file.toString('base64') } }, { token });

const errorOf = (res: HttpResult) => ({ status: res.status, code: res.body.ok ? null : res.body.error.code, message: res.body.ok ? null : res.body.error.message });

const tinyRow = (n: number) => `<row r="${n}"><c r="A${n}"><v>1</v></c></row>`;
/** Rows as compact as a sheet can be: three million of them compress to a few hundred KB. */
const BARE_ROW = '<row><c><v>1</v></c></row>';

/** 2 million shared strings (34 MB) under a 10-row sheet: within every cap, seconds of work to read. */
let heavy: Buffer;
async function heavyFile(): Promise<Buffer> {
  heavy ??= await craftXlsx({ sheet: sheetOfRows(10, tinyRow), sharedStrings: sharedStringsOf(2_000_000) });
  return heavy;
}

/** 50,000 different-looking 1,000-character strings (50 MB): within the caps, 50 MB of heap to hold. */
const memoryHungryFile = () => craftXlsx({ sheet: sheetOfRows(10, tinyRow), sharedStrings: sharedStringsOf(50_000, 'y'.repeat(1000)) });

async function unitsXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('房屋');
  sheet.addRow(['楼栋', '单元', '房号', '建筑面积']);
  sheet.addRow(['1栋', 1, '0101', 89.5]);
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

test('When an XLSX holds 3 million tiny rows, then the preview is a 400 naming the limit, quickly refused, and nothing is stored', async () => {
  const rows = 3_000_000;
  const file = await craftXlsx({ sheet: sheetOfSameRows(rows, BARE_ROW) });
  expect(file.length).toBeLessThan(1024 * 1024);
  expect(sizeOf(sheetOfSameRows(rows, BARE_ROW))).toBeGreaterThan(64 * 1024 * 1024);
  expect(errorOf(await preview(file))).toEqual({ status: 400, code: 'IMPORT.BAD_FILE', message: expect.stringMatching(/^Excel 文件解压后过大（上限 64 MB）/) });

  // The same rows within the unpacked cap (1 million, 26 MB): streamed, and stopped at the row limit.
  const million = await craftXlsx({ sheet: sheetOfSameRows(1_000_000, BARE_ROW) });
  expect(errorOf(await preview(million))).toEqual({ status: 400, code: 'IMPORT.BAD_FILE', message: '数据行过多（超过上限 20000 行），请拆分后分批导入' });
  expect(await ImportBatch.countDocuments({ communityId })).toBe(0);
}, 60_000);

test('When a zip declares small sizes but inflates big, then inflating stops at the declared size and the preview is a 400', async () => {
  const file = await craftXlsx({ sheet: sheetOfSameRows(3_000_000, BARE_ROW), declare: { sheet: 100_000 } });
  expect(errorOf(await preview(file))).toEqual({ status: 400, code: 'IMPORT.BAD_FILE', message: expect.stringMatching(/^Excel 文件解压后过大/) });
}, 60_000);

test('When a heavy file is being read, then the server answers other requests before the import answers', async () => {
  const order: string[] = [];
  const importing = preview(await heavyFile()).then((res) => {
    order.push('import');
    return res;
  });
  await until(() => sheetReads().reading > 0, { interval: 5, what: 'the worker to start reading' });
  const [health, options] = await Promise.all([
    fetch(`${stack.baseUrl}/healthz`).then((r) => r.status),
    stack.http('auth', { action: 'loginOptions', data: {} }).then((r) => r.status),
  ]);
  order.push('healthz');
  expect({ health, options }).toEqual({ health: 200, options: 200 });
  const res = await importing;
  expect(order).toEqual(['healthz', 'import']);
  expect(res.status).toBe(400);
}, 60_000);

test('When the reader runs out of its memory limit, then the preview is a 400 and the server lives on', async () => {
  const file = await memoryHungryFile();
  const restore = setSheetWorkerSettings({ maxOldGenerationSizeMb: 16 });
  try {
    expect(errorOf(await preview(file))).toEqual({ status: 400, code: 'IMPORT.BAD_FILE', message: expect.stringMatching(/^文件过大或过于复杂/) });
  } finally {
    restore();
  }
  expect((await fetch(`${stack.baseUrl}/healthz`)).status).toBe(200);
  // With the normal limit the same file is read (and lacks the columns of a list).
  expect(errorOf(await preview(file))).toEqual({ status: 400, code: 'IMPORT.BAD_FILE', message: expect.stringMatching(/^缺少必填列/) });
  const res = await preview(await unitsXlsx());
  expect(res.body).toMatchObject({ ok: true, data: { rows: 1, creates: 1 } });
}, 60_000);

test('When reading takes longer than the time limit, then the worker is stopped and the preview is a 400', async () => {
  const restore = setSheetWorkerSettings({ timeoutMs: 100 });
  try {
    expect(errorOf(await preview(await heavyFile()))).toEqual({ status: 400, code: 'IMPORT.BAD_FILE', message: expect.stringMatching(/^文件过大或过于复杂/) });
  } finally {
    restore();
  }
  await until(() => sheetReads().reading === 0, { what: 'the stopped worker to be gone' });
}, 60_000);

test('When more files arrive than may be read at once, then they wait their turn up to a bound and then get 503 with Retry-After', async () => {
  const restore = setSheetWorkerSettings({ maxParallel: 1, maxWaiting: 1 });
  try {
    const order: string[] = [];
    const first = preview(await heavyFile()).then((r) => (order.push('heavy'), r));
    await until(() => sheetReads().reading === 1, { interval: 5, what: 'the first file to be read' });
    const second = preview(await unitsXlsx()).then((r) => (order.push('waiting'), r));
    await until(() => sheetReads().waiting === 1, { interval: 5, what: 'the second file to wait' });
    const third = await preview(await unitsXlsx());
    expect(errorOf(third)).toEqual({ status: 503, code: 'IMPORT.BUSY', message: '正在读取其他导入文件，请稍后再试' });
    expect(third.headers.get('retry-after')).toBe('5');
    expect((await first).status).toBe(400);
    expect((await second).body).toMatchObject({ ok: true, data: { rows: 1 } });
    expect(order).toEqual(['heavy', 'waiting']);
  } finally {
    restore();
  }
}, 60_000);
