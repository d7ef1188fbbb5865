import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { contracts } from '@shared/contracts';
import { jobTriggers } from '@shared/contracts/jobs.contract';
import { buildFunctions, OUT } from '../../cloud/build';
import { Bill } from '../../cloud/modules/fees/fee.model';
import { withDbName } from '../../scripts/db';
import { wxEnvironment } from '../helpers/cloudbase';
import { craftXlsx, sheetOfSameRows } from '../helpers/crafted-xlsx';
import { startStack, type Stack } from '../helpers/stack';

/** The CloudBase bundles are self-contained and run with identity from WeChat's OPENID. */
let stack: Stack;
beforeAll(async () => {
  // Seeding the whole demo takes ~20 s alone; room for a busy machine.
  stack = await startStack({ seedDemo: true });
}, 120_000);
afterAll(() => stack.stop());

/** Run a bundle as CloudBase does: the caller's WX context (openid) in the invocation's environment (WX_CONTEXT_KEYS, WX_OPENID…). */
function runBundle(fn: string, event: unknown, openid?: string): unknown {
  // The event comes on stdin (an uploaded file does not fit in a command line).
  const script = `require(${JSON.stringify(path.join(OUT, fn, 'index.js'))}).main(JSON.parse(require('fs').readFileSync(0, 'utf8')), { request_id: 'cb-test' })
    .then((r) => { process.stdout.write(JSON.stringify(r)); process.exit(0); })`;
  const out = execFileSync(process.execPath, ['-e', script], {
    input: JSON.stringify(event),
    cwd: path.join(OUT, fn), // outside the repo's node_modules resolution on purpose
    encoding: 'utf8',
    timeout: 30_000,
    env: {
      PATH: process.env.PATH,
      NODE_PATH: '',
      MONGODB_URI: withDbName(process.env.TEST_DB_SERVER_URI as string, stack.dbName),
      SESSION_SECRET: 'cloudbase-test-secret-0123456789abcdef',
      LOG_LEVEL: process.env.BUNDLE_LOG_LEVEL ?? 'silent',
      ...wxEnvironment({ openid }),
    },
  });
  return JSON.parse(out);
}

test('When the functions are built, then each has index.js, package.json and config.json in the CloudBase layout', async () => {
  const built = await buildFunctions();
  expect(built.map((b) => b.name).sort()).toEqual(Object.keys(contracts).sort());
  for (const { name } of built) {
    for (const file of ['index.js', 'package.json', 'config.json']) expect(existsSync(path.join(OUT, name, file))).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(OUT, name, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name, main: 'index.js', dependencies: {} });
  }
  // The jobs function's timer triggers are generated from the job registry.
  expect(JSON.parse(readFileSync(path.join(OUT, 'jobs', 'config.json'), 'utf8')).triggers).toEqual(jobTriggers());
}, 60_000);

test('When each built bundle is loaded on its own and called, then it answers: its access rules and hook wiring are complete (defineFunction checks both) and nothing it needs was left out', () => {
  for (const fn of Object.keys(contracts)) {
    const script = `require(${JSON.stringify(path.join(OUT, fn, 'index.js'))}).main({ action: 'noSuchAction' }, { request_id: 'cb-test' })
      .then((r) => { process.stdout.write(r.ok ? 'ok' : r.error.code); process.exit(0); })`;
    const out = execFileSync(process.execPath, ['-e', script], {
      cwd: path.join(OUT, fn),
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH, NODE_PATH: '', SESSION_SECRET: 'cloudbase-test-secret-0123456789abcdef', LOG_LEVEL: 'silent' },
    });
    expect({ fn, out }).toEqual({ fn, out: 'ACTION.UNKNOWN' });
  }
}, 60_000);

test('When a built bundle is called as CloudBase calls it, then the OPENID of the WX context identifies the caller against the real database', () => {
  const me = runBundle('auth', { action: 'me', userInfo: { openId: 'demo-openid-owner-zhang', appId: 'wx_demo_appid' } }, 'demo-openid-owner-zhang');
  expect(me).toMatchObject({ ok: true, data: { name: '张伟', roles: ['owner'], communityName: '幸福里小区' } });

  const home = runBundle('community', { action: 'myHome' }, 'demo-openid-owner-zhang');
  expect(home).toMatchObject({ ok: true, data: { units: [{ label: '1栋1单元1502' }] } });

  // userInfo is part of the event, which the client writes: without a WX context it identifies no one.
  const anonymous = runBundle('community', { action: 'myHome', userInfo: { openId: 'demo-openid-owner-zhang' } });
  expect(anonymous).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
});

test('When a bundle runs without SESSION_SECRET, then the invocation fails with an error naming it (no built-in secret)', () => {
  // The rejection's message only: an uncaught error would print the bundle's minified source line first (megabytes).
  const script = `require(${JSON.stringify(path.join(OUT, 'auth', 'index.js'))}).main({ action: 'loginOptions' }, { request_id: 'cb-test' })
    .then((r) => { process.stdout.write(JSON.stringify(r)); process.exit(0); }, (e) => { process.stderr.write(String(e && e.message)); process.exit(1); })`;
  const res = spawnSync(process.execPath, ['-e', script], {
    cwd: path.join(OUT, 'auth'),
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH, NODE_PATH: '', MONGODB_URI: withDbName(process.env.TEST_DB_SERVER_URI as string, stack.dbName), LOG_LEVEL: 'silent' },
  });
  expect(res.status).not.toBe(0);
  expect(res.stdout).toBe('');
  expect(res.stderr).toContain('未设置 SESSION_SECRET');
});

test('When the fees bundle prints a 催缴通知单, then the PDF is made inside the bundle (fonts and all)', async () => {
  const overdue = await Bill.findOne({ status: 'open', dueDate: { $lt: new Date() } }, { unitId: 1 }).lean();
  expect(overdue).not.toBeNull();
  const res = runBundle('fees', { action: 'reminderNotice', data: { unitId: String(overdue!.unitId), kind: 'property' } }, 'demo-openid-agent') as {
    ok: boolean;
    data: { notice: { title: string }; contentBase64: string };
  };
  expect(JSON.stringify(res).slice(0, 400)).toContain("\"ok\":true");
  expect(res).toMatchObject({ ok: true, data: { notice: { title: "费用催缴通知单" } } });
  expect(Buffer.from(res.data.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
});

test('When the imports bundle previews a file, then its worker thread (bundled beside it) reads it, and a hostile file is a 400', async () => {
  const functionsWithWorker = Object.keys(contracts).filter((fn) => existsSync(path.join(OUT, fn, 'import-sheet-worker.js')));
  expect(functionsWithWorker).toEqual(['imports']);
  const manager = 'demo-openid-manager';
  const units = Buffer.from('楼栋,单元,房号,建筑面积\r\n9,1,0101,89.5\r\n', 'utf8');
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('房屋').addRows([['楼栋', '单元', '房号', '建筑面积'], ['9栋', 1, '0102', 98.2]]);
  const xlsx = Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  for (const [fileName, file] of [['房屋.csv', units], ['房屋.xlsx', xlsx]] as const) {
    const res = runBundle('imports', { action: 'preview', data: { kind: 'units', fileName, contentBase64: file.toString('base64') } }, manager);
    expect(res).toMatchObject({ ok: true, data: { rows: 1, creates: 1 } });
  }
  const million = await craftXlsx({ sheet: sheetOfSameRows(1_000_000, '<row><c><v>1</v></c></row>') });
  const hostile = runBundle('imports', { action: 'preview', data: { kind: 'units', fileName: 'x.xlsx', contentBase64: million.toString('base64') } }, manager);
  expect(hostile).toMatchObject({ ok: false, error: { code: 'IMPORT.BAD_FILE', message: '数据行过多（超过上限 20000 行），请拆分后分批导入' } });
}, 60_000);
