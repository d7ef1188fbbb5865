import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contracts } from '@shared/contracts';
import { buildFunctions, OUT } from '../../cloud/build';
import { Bill } from '../../cloud/modules/fees/fee.model';
import { withDbName } from '../../scripts/db';
import { startStack, type Stack } from '../helpers/stack';

/** The CloudBase bundles are self-contained and run with identity from WeChat's OPENID. */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ seedDemo: true });
}, 60_000);
afterAll(() => stack.stop());

function runBundle(fn: string, event: unknown): unknown {
  const script = `require(${JSON.stringify(path.join(OUT, fn, 'index.js'))}).main(${JSON.stringify(event)}, { request_id: 'cb-test' })
    .then((r) => { process.stdout.write(JSON.stringify(r)); process.exit(0); })`;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: path.join(OUT, fn), // outside the repo's node_modules resolution on purpose
    encoding: 'utf8',
    timeout: 30_000,
    env: {
      PATH: process.env.PATH,
      NODE_PATH: '',
      MONGODB_URI: withDbName(process.env.TEST_DB_SERVER_URI as string, stack.dbName),
      SESSION_SECRET: 'cloudbase-test-secret-0123456789abcdef',
      LOG_LEVEL: process.env.BUNDLE_LOG_LEVEL ?? 'silent',
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
}, 60_000);

test('When a built bundle is called as CloudBase calls it, then the OPENID identifies the caller against the real database', () => {
  const me = runBundle('auth', { action: 'me', userInfo: { openId: 'demo-openid-owner-zhang', appId: 'wx_demo_appid' } });
  expect(me).toMatchObject({ ok: true, data: { name: '张伟', roles: ['owner'], communityName: '幸福里小区' } });

  const home = runBundle('community', { action: 'myHome', userInfo: { openId: 'demo-openid-owner-zhang' } });
  expect(home).toMatchObject({ ok: true, data: { units: [{ label: '1栋1单元1502' }] } });

  const anonymous = runBundle('community', { action: 'myHome' });
  expect(anonymous).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
});

test('When the fees bundle prints a 催缴通知单, then the PDF is made inside the bundle (fonts and all)', async () => {
  const overdue = await Bill.findOne({ status: 'open', dueDate: { $lt: new Date() } }, { unitId: 1 }).lean();
  expect(overdue).not.toBeNull();
  const res = runBundle('fees', { action: 'reminderNotice', data: { unitId: String(overdue!.unitId), kind: 'property' }, userInfo: { openId: 'demo-openid-agent' } }) as {
    ok: boolean;
    data: { notice: { title: string }; contentBase64: string };
  };
  expect(JSON.stringify(res).slice(0, 400)).toContain("\"ok\":true");
  expect(res).toMatchObject({ ok: true, data: { notice: { title: "费用催缴通知单" } } });
  expect(Buffer.from(res.data.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
});
