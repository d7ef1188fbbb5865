/**
 * `npm run bench:import`: the manager import through the real gateway against FerretDB.
 *
 * Generates a 5,000-unit XLSX in memory (the layout a property office keeps: 20 buildings ×
 * 2 entrances × 25 floors × 5 rooms), previews and commits it, exports the community's units and
 * imports that file again (everything unchanged). That round trip is the figure with a goal:
 * under 10 s. Then the same units as CSV with 500 areas corrected (500 updates), 10,000 residents
 * (two per unit) and 2,500 vehicles with parking spaces, each imported, exported and re-imported.
 * Prints the time of every phase; asserts only that the imports did what they should.
 *
 * File limits: hostile XLSX files (3 million tiny rows, a zip bomb with lying headers, a million rows
 * within the unpacked cap, 2 million shared strings) and a legitimate 20,000-row file, each previewed
 * over HTTP: time, and peak RSS of the process (the server and its reader worker threads) and peak
 * heap of the main thread, sampled every 5 ms. Then the reading alone for the 20,000-row file: ExcelJS
 * loading the whole workbook (the reader before) against the streaming reader, in-thread and in a worker.
 * Every import phase also prints its database commands and documents written per 1,000 rows (lib/db-monitor:
 * the gateway runs in this process). BENCH_QUICK=1 stops after the 5,000-unit round trip and the file limits.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { ExportFile, ImportKind, ImportPreview, ImportResult } from '@shared/contracts/imports.contract';
import type { Envelope } from '@shared/errors';
import { describeTally, enableCommandMonitoring, startMeter } from '../cloud/lib/db-monitor';
import { readSheet } from '../cloud/modules/imports/file-reader';
import { readSheetInWorker } from '../cloud/modules/imports/sheet-worker';
import { startDatabase, withDbName } from '../scripts/db';
import { startSystem } from '../scripts/system';
import { craftXlsx, sharedStringsOf, sheetOfRows, sheetOfSameRows } from '../tests/helpers/crafted-xlsx';

const GOAL_MS = 10_000;
const BUILDINGS = 20;
const ENTRANCES = 2;
const FLOORS = 25;
const ROOMS = 5;

interface UnitSpec {
  building: string;
  entrance: number;
  room: string;
  floor: number;
  area: number;
  status: string;
}

function units(): UnitSpec[] {
  const out: UnitSpec[] = [];
  const statuses = ['自住', '自住', '自住', '出租', '空置'];
  for (let b = 1; b <= BUILDINGS; b++)
    for (let e = 1; e <= ENTRANCES; e++)
      for (let f = 1; f <= FLOORS; f++)
        for (let r = 1; r <= ROOMS; r++) {
          const n = out.length;
          out.push({ building: `${10 + b}栋`, entrance: e, room: `${String(f).padStart(2, '0')}${String(r).padStart(2, '0')}`, floor: f, area: [89.5, 98.2, 126.3, 143.6, 76.8][r - 1], status: statuses[n % 5] });
        }
  return out;
}

async function xlsx(header: string[], rows: (string | number)[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer).toString('base64');
}

const csv = (header: string[], rows: (string | number)[][]) => Buffer.from([header, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n', 'utf8').toString('base64');

/** A valid mainland ID number for person n (GB 11643 check digit). */
function idNumber(n: number): string {
  const body = `330106${1950 + (n % 50)}0${1 + (n % 9)}1${n % 10}${String(n % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['建国', '秀英', '志强', '桂兰', '海燕', '俊杰', '丽华', '明辉', '晓梅', '国庆'];

interface Phase {
  name: string;
  ms: number;
  note: string;
}

const MB = 1024 * 1024;

/** Run `work`, sampling the process RSS and the main thread's heap every 5 ms: time and peaks. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; rssBefore: number; peakRss: number; heapBefore: number; peakHeap: number }> {
  const { rss: rssBefore, heapUsed: heapBefore } = process.memoryUsage();
  let peakRss = rssBefore;
  let peakHeap = heapBefore;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 5);
  const started = process.hrtime.bigint();
  try {
    const result = await work();
    return { result, ms: Number(process.hrtime.bigint() - started) / 1e6, rssBefore, peakRss, heapBefore, peakHeap };
  } finally {
    clearInterval(timer);
    sample();
  }
}

/** How the reader before this one read an XLSX: ExcelJS loads the whole workbook, then walks the rows. */
async function readWithExcelJs(bytes: Buffer): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  let rows = 0;
  workbook.worksheets[0].eachRow(() => rows++);
  return rows;
}

async function main(): Promise<void> {
  enableCommandMonitoring(); // before the connection opens
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  process.env.LOG_LEVEL = 'silent';
  process.env.SESSION_SECRET ??= randomBytes(32).toString('hex'); // the bench's own: there is no default secret
  const db = await startDatabase({ dataDir, log: (l) => console.log(l) });
  const uri = process.env.MONGODB_URI ?? withDbName(db.serverUri, 'bench_import');
  const system = await startSystem({ mongodbUri: uri, fakeWechat: true, seed: 'if-empty', port: 0, host: '127.0.0.1' });
  const phases: Phase[] = [];
  try {
    const call = async <T>(fn: string, action: string, data: unknown, token?: string): Promise<T> => {
      const res = await fetch(`${system.baseUrl}/fn/${fn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ action, data }),
      });
      const body = (await res.json()) as Envelope<T>;
      if (!body.ok) throw new Error(`${fn}.${action}: ${body.error.code} ${body.error.message}`);
      return body.data;
    };
    /** `rows`: the rows the phase handles (its commands and documents are printed per 1,000 rows). */
    const timed = async <T>(name: string, run: () => Promise<T>, note: (r: T) => string, rows?: (r: T) => number): Promise<T> => {
      const meter = startMeter();
      const started = process.hrtime.bigint();
      const r = await run();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const tally = meter.stop();
      phases.push({ name, ms, note: note(r) });
      console.log(`  ${name.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  ${note(r)}`);
      const n = rows?.(r);
      if (n) console.log(`  ${''.padEnd(44)}         db: ${tally.commands} commands, ${tally.written} documents written; per 1,000 rows: ${describeTally(tally, n / 1000)}`);
      return r;
    };
    const previewRows = (p: ImportPreview) => p.rows;
    const resultRows = (r: ImportResult) => r.created + r.updated + r.unchanged + r.skipped;
    const check = (what: string, ok: boolean) => {
      if (!ok) throw new Error(`unexpected result: ${what}`);
    };
    const token = (await call<{ token: string }>('auth', 'login', { code: 'demo-manager' })).token;
    const preview = (kind: ImportKind, fileName: string, contentBase64: string) => call<ImportPreview>('imports', 'preview', { kind, fileName, contentBase64 }, token);
    const commit = (importId: string) => call<ImportResult>('imports', 'commit', { importId }, token);
    const exportList = (kind: ImportKind, format: 'xlsx' | 'csv') => call<ExportFile>('imports', 'export', { kind, format }, token);
    const previewNote = (p: ImportPreview) => `${p.rows} rows: ${p.creates} new, ${p.updates} changed, ${p.unchanged} unchanged, ${p.errors.length} errors`;
    const resultNote = (r: ImportResult) => `created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, skipped ${r.skipped}`;
    const size = (b64: string) => `${(Buffer.byteLength(b64, 'base64') / 1024).toFixed(0)} KB`;

    console.log(`database: ${db.description}; node ${process.version}`);
    const specs = units();
    const header = ['楼栋', '单元', '房号', '楼层', '建筑面积(㎡)', '状态'];
    const rows = specs.map((u) => [u.building, u.entrance, u.room, u.floor, u.area, u.status]);

    console.log(`\n${specs.length} units (XLSX), round trip: preview + commit + export + re-import`);
    const file = await timed('generate XLSX in memory (not in the round trip)', () => xlsx(header, rows), size);
    const roundTripStart = phases.length;
    const p1 = await timed('preview (read, validate, plan, store batch)', () => preview('units', '房屋.xlsx', file), previewNote, previewRows);
    check('first preview creates every unit', p1.creates === specs.length && p1.errors.length === 0);
    const c1 = await timed('commit (5,000 new units, 20 buildings)', () => commit(p1.importId), resultNote, resultRows);
    check('commit creates every unit', c1.created === specs.length);
    const exported = await timed('export XLSX', () => exportList('units', 'xlsx'), (f) => `${f.rows} rows, ${size(f.contentBase64)}, ${f.fileName}`, (f) => f.rows);
    const p2 = await timed('re-import the export: preview', () => preview('units', exported.fileName, exported.contentBase64), previewNote, previewRows);
    check('re-import is unchanged', p2.unchanged === exported.rows && p2.creates + p2.updates === 0);
    const c2 = await timed('re-import the export: commit', () => commit(p2.importId), resultNote, resultRows);
    check('re-import commit writes nothing', c2.created + c2.updated === 0);
    const roundTrip = phases.slice(roundTripStart).reduce((s, p) => s + p.ms, 0);
    const verdict = `round trip of ${specs.length} units (preview + commit + export + re-import): ${roundTrip.toFixed(0)} ms (goal < ${GOAL_MS / 1000} s: ${roundTrip < GOAL_MS ? 'PASS' : 'FAIL'})`;
    console.log(`  ${verdict}`);

    console.log('\nFile limits: hostile files and a 20,000-row file, previewed over HTTP (RSS: the whole process, workers included)');
    const tinyRow = (n: number) => `<row r="${n}"><c r="A${n}"><v>1</v></c></row>`;
    const bare = '<row><c><v>1</v></c></row>';
    const legitRows = Array.from({ length: 20_000 }, (_, i) => [`${101 + Math.floor(i / 250)}栋`, 1 + (i % 2), `${String(1 + Math.floor((i % 250) / 10)).padStart(2, '0')}${String(1 + (i % 10)).padStart(2, '0')}`, 1 + Math.floor((i % 250) / 10), 89.5, '自住']);
    const legit = Buffer.from(await xlsx(header, legitRows), 'base64');
    const files: [string, Buffer][] = [
      ['3,000,000 tiny rows (declares 78 MB unpacked)', await craftXlsx({ sheet: sheetOfSameRows(3_000_000, bare) })],
      ['3,000,000 tiny rows, headers lie (declare 100 KB)', await craftXlsx({ sheet: sheetOfSameRows(3_000_000, bare), declare: { sheet: 100_000 } })],
      ['1,000,000 tiny rows (26 MB, within the cap)', await craftXlsx({ sheet: sheetOfSameRows(1_000_000, bare) })],
      ['2,000,000 shared strings (34 MB, within the caps)', await craftXlsx({ sheet: sheetOfRows(10, tinyRow), sharedStrings: sharedStringsOf(2_000_000) })],
      ['legitimate: 20,000 units (our writer\'s layout)', legit],
    ];
    for (const [name, file] of files) {
      const m = await measured(async () => {
        const res = await fetch(`${system.baseUrl}/fn/imports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ action: 'preview', data: { kind: 'units', fileName: 'x.xlsx', contentBase64: file.toString('base64') } }),
        });
        return { status: res.status, body: (await res.json()) as Envelope<ImportPreview> };
      });
      const outcome = m.result.body.ok ? `${m.result.status} ${m.result.body.data.rows} rows, ${m.result.body.data.creates} new` : `${m.result.status} ${m.result.body.error.message}`;
      phases.push({ name: `preview ${name}`, ms: m.ms, note: outcome });
      console.log(
        `  ${name.padEnd(52)} ${(file.length / 1024).toFixed(0).padStart(5)} KB ${m.ms.toFixed(0).padStart(6)} ms  peak RSS ${(m.peakRss / MB).toFixed(0)} MB (+${((m.peakRss - m.rssBefore) / MB).toFixed(0)}), main heap +${((m.peakHeap - m.heapBefore) / MB).toFixed(0)} MB  → ${outcome}`,
      );
    }
    console.log(`\nReading alone, the 20,000-row file (${(legit.length / 1024).toFixed(0)} KB), three times each`);
    for (const [name, read] of [
      ['ExcelJS load of the whole workbook (before)', () => readWithExcelJs(legit)],
      ['streaming reader, in-thread', () => readSheet(legit, 'x.xlsx').then((sh) => sh.rows.length)],
      ['streaming reader, in a worker (as the server reads)', () => readSheetInWorker(legit, 'x.xlsx').then((sh) => sh.rows.length)],
    ] as const) {
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await measured(read));
      const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
      console.log(`  ${name.padEnd(52)} ${runs.map((r) => r.ms.toFixed(0)).join(' / ').padStart(16)} ms, peak RSS +${(Math.max(...runs.map((r) => r.peakRss - r.rssBefore)) / MB).toFixed(0)} MB, main heap +${(Math.max(...runs.map((r) => r.peakHeap - r.heapBefore)) / MB).toFixed(0)} MB → ${best.result} rows`);
    }

    if (process.env.BENCH_QUICK) return;
    console.log(`\n${specs.length} units (CSV, UTF-8), 500 areas corrected`);
    const csvRows = rows.map((r, i) => (i % 10 === 0 ? [...r.slice(0, 4), Number(r[4]) + 0.5, r[5]] : r));
    const csvFile = csv(header, csvRows);
    const p3 = await timed('preview CSV', () => preview('units', '房屋.csv', csvFile), previewNote, previewRows);
    check('CSV preview has 500 updates', p3.updates === 500);
    const c3 = await timed('commit CSV (500 updates)', () => commit(p3.importId), resultNote, resultRows);
    check('CSV commit updates 500 units', c3.updated === 500);
    console.log(`  → ${(phases[phases.length - 1].ms / c3.updated).toFixed(0)} ms per changed unit (one UPDATE per document; see docs/ferretdb.md)`);

    console.log('\n10,000 residents (XLSX, two per unit)');
    const people = specs.flatMap((u, i) => [
      [u.building, u.entrance, u.room, `${SURNAMES[i % 20]}${GIVEN[i % 10]}${'甲乙丙丁'[i % 4]}`, '业主', `139${String(10_000_000 + i * 2).slice(-8)}`, idNumber(i)],
      [u.building, u.entrance, u.room, `${SURNAMES[(i + 7) % 20]}${GIVEN[(i + 3) % 10]}`, u.status === '出租' ? '租户' : '家庭成员', `137${String(10_000_000 + i * 2 + 1).slice(-8)}`, ''],
    ]);
    const residentsFile = await xlsx(['楼栋', '单元', '房号', '姓名', '关系', '手机号', '身份证号'], people);
    const p4 = await timed('preview residents', () => preview('residents', '住户.xlsx', residentsFile), previewNote, previewRows);
    check('residents preview is clean', p4.creates === people.length && p4.errors.length === 0);
    await timed('commit residents (10,000 new)', () => commit(p4.importId), resultNote, resultRows);
    const exportedResidents = await timed('export residents XLSX', () => exportList('residents', 'xlsx'), (f) => `${f.rows} rows, ${size(f.contentBase64)}`);
    const p5 = await timed('re-import residents: preview', () => preview('residents', exportedResidents.fileName, exportedResidents.contentBase64), previewNote);
    check('residents re-import is unchanged', p5.creates + p5.updates === 0);

    console.log('\n2,500 vehicles with parking spaces (CSV)');
    const cars = specs.filter((_, i) => i % 2 === 0).map((u, i) => [u.building, u.entrance, u.room, `浙B·${String(10_000 + i).slice(-5)}`, `B${1 + (i % 2)}-${String(1 + Math.floor(i / 2)).padStart(4, '0')}`, i % 5 === 0 ? '租用' : '自有']);
    const carsFile = csv(['楼栋', '单元', '房号', '车牌号', '车位号', '车位类型'], cars);
    const p6 = await timed('preview vehicles', () => preview('vehicles', '车辆.csv', carsFile), previewNote, previewRows);
    check('vehicles preview is clean', p6.creates === cars.length && p6.errors.length === 0);
    await timed('commit vehicles (2,500 new, 2,500 spaces)', () => commit(p6.importId), resultNote, resultRows);
    const exportedCars = await timed('export vehicles CSV', () => exportList('vehicles', 'csv'), (f) => `${f.rows} rows, ${size(f.contentBase64)}`);
    const p7 = await timed('re-import vehicles: preview', () => preview('vehicles', exportedCars.fileName, exportedCars.contentBase64), previewNote);
    check('vehicles re-import is unchanged', p7.creates + p7.updates === 0);

    console.log(`\n${verdict}`);
  } finally {
    await system.stop();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
