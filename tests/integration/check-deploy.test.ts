import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contracts } from '@shared/contracts';
import { buildFunctions } from '../../cloud/build';
import { BUNDLED_CONFIG_NAME } from '../../cloud/lib/config-file';
import { writeProjectConfig } from '../../scripts/build-weapp';

/**
 * `npm run check:deploy` against a production build: the functions built (into a folder of this
 * test, never dist/) with the sample configuration (docs/samples/config.sample.json) built in, a
 * project.config.json written from it, and the secrets the sample leaves out given as environment
 * variables — as a company deploying to CloudBase would.
 */
const ROOT = path.resolve(__dirname, '../..');
const SAMPLE = path.join(ROOT, 'docs', 'samples', 'config.sample.json');
const sample = JSON.parse(readFileSync(SAMPLE, 'utf8')) as { WECHAT_APPID: string; WECHAT_TEMPLATES: Record<string, { templateId?: string }> };
/** The secrets the sample leaves to the environment. */
const SECRETS = {
  SESSION_SECRET: randomBytes(32).toString('hex'),
  WECHAT_SECRET: randomBytes(16).toString('hex'),
  WECHAT_OA_SECRET: randomBytes(16).toString('hex'),
  MONGODB_URI: 'mongodb://wuye:secret@mongo.example.com:27017/wuye?replicaSet=rs0',
};

let dir: string;
let functions: string;
let project: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wy-check-deploy-'));
  functions = path.join(dir, 'cloudfunctions');
  project = path.join(dir, 'project.config.json');
  await buildFunctions({ outDir: functions, configFile: SAMPLE });
  copyFileSync(path.join(ROOT, 'project.config.json'), project);
  writeProjectConfig(project, sample.WECHAT_APPID);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI as an operator runs it: only the given environment (no NODE_ENV=test of jest's). */
function checkDeploy(env: Record<string, string>, functionsDir = functions) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'check-deploy.ts'), '--functions', functionsDir, '--project', project], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { status: res.status, out: res.stdout + res.stderr };
}

/** A copy of the sample without `fee.reminder`'s subscribe template id. */
function withoutFeeReminderId(): string {
  const broken = structuredClone(sample);
  delete broken.WECHAT_TEMPLATES['fee.reminder'].templateId;
  const file = path.join(dir, 'broken.json');
  writeFileSync(file, JSON.stringify(broken, null, 2));
  return file;
}

/** Run one built function as CloudBase would: from its folder, no WUYE_CONFIG, the secrets as its environment variables. */
function invokeBundle(functionsDir: string, fn: string) {
  const script = `require(${JSON.stringify(path.join(functionsDir, fn, 'index.js'))}).main({ action: 'noSuchAction' }, { request_id: 'check-deploy' })
    .then((r) => { process.stdout.write(r.ok ? 'ok' : r.error.code); process.exit(0); }, (e) => { process.stderr.write(e.message); process.exit(1); })`;
  return spawnSync(process.execPath, ['-e', script], { cwd: path.join(functionsDir, fn), encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, NODE_PATH: '', LOG_LEVEL: 'silent', ...SECRETS } });
}

test('When the production build carries the sample configuration and the secrets are in the environment, then check:deploy passes with a summary', () => {
  const { status, out } = checkDeploy({ WUYE_CONFIG: SAMPLE, ...SECRETS });
  expect(out).toContain('全部通过');
  expect(out).toContain(`${Object.keys(contracts).length} 个云函数均已构建`);
  expect(out).not.toContain('✗');
  expect(status).toBe(0);
});

test('When one template id is removed from the configuration, then check:deploy fails naming it', () => {
  const broken = withoutFeeReminderId();
  // The build carries the same (broken) file, so the template id is the only problem.
  const rebuilt = path.join(dir, 'rebuilt');
  cpSync(functions, rebuilt, { recursive: true });
  for (const fn of readdirSync(rebuilt)) copyFileSync(broken, path.join(rebuilt, fn, BUNDLED_CONFIG_NAME));
  const { status, out } = checkDeploy({ WUYE_CONFIG: broken, ...SECRETS }, rebuilt);
  expect(status).toBe(1);
  expect(out).toContain('WECHAT_TEMPLATES["fee.reminder"].templateId 未设置');
  expect(out).toContain('共 1 个问题');
});

test('When the configuration has demo values, the secrets are missing and the functions carry another file, then each is listed', () => {
  const demo = { ...sample, WECHAT_APPID: 'wx_demo_appid', DEMO_MODE: '1' };
  const file = path.join(dir, 'demo.json');
  writeFileSync(file, JSON.stringify(demo));
  const { status, out } = checkDeploy({ WUYE_CONFIG: file, SESSION_SECRET: 'dev-only-session-secret-do-not-use-in-production' });
  expect(status).toBe(1);
  for (const problem of [
    'WECHAT_APPID 是演示值 wx_demo_appid',
    '生产环境不能开启演示模式 DEMO_MODE',
    'SESSION_SECRET 是旧版本公开的开发用密钥',
    'WECHAT_SECRET 未设置',
    'MONGODB_URI 未设置',
    `project.config.json 的 appid 是 ${sample.WECHAT_APPID}，配置的 WECHAT_APPID 是 wx_demo_appid`,
    `打包的 ${BUNDLED_CONFIG_NAME} 与 ${file} 不同`,
  ])
    expect(out).toContain(problem);
});

test('When no functions were built, then check:deploy says to build them', () => {
  const { status, out } = checkDeploy({ WUYE_CONFIG: SAMPLE, ...SECRETS }, path.join(dir, 'nothing-here'));
  expect(status).toBe(1);
  expect(out).toContain('不存在：先运行 npm run build:cloud');
});

test('When a built function runs without WUYE_CONFIG, then it reads the configuration built beside it (production: a missing template id fails every call, naming it)', () => {
  const ok = invokeBundle(functions, 'auth');
  expect(ok.stdout).toBe('ACTION.UNKNOWN');

  const broken = path.join(dir, 'broken-build');
  cpSync(functions, broken, { recursive: true });
  copyFileSync(withoutFeeReminderId(), path.join(broken, 'auth', BUNDLED_CONFIG_NAME));
  const refused = invokeBundle(broken, 'auth');
  expect(refused.status).not.toBe(0);
  expect(refused.stderr).toContain('WECHAT_TEMPLATES["fee.reminder"].templateId 未设置');
});

test('When a CloudBase deployment keeps photos on the local disk, or names no environment for its storage, then check:deploy says so', () => {
  const local = checkDeploy({ WUYE_CONFIG: SAMPLE, ...SECRETS, FILE_STORE: 'local' });
  expect(local.status).toBe(1);
  expect(local.out).toContain('FILE_STORE 应为 cloudbase（当前为 local）');
  const noEnv = { ...sample } as Record<string, unknown>;
  delete noEnv.CLOUDBASE_ENV;
  const file = path.join(dir, 'no-env.json');
  writeFileSync(file, JSON.stringify(noEnv));
  const missing = checkDeploy({ WUYE_CONFIG: file, ...SECRETS });
  expect(missing.status).toBe(1);
  expect(missing.out).toContain('FILE_STORE=cloudbase 需要设置 CLOUDBASE_ENV');
});
