import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const UNREACHABLE = 'mongodb://127.0.0.1:9/test_unreachable';

/** `npx jest <args>` in a child with a database that cannot be reached. */
function jestWithoutDatabase(args: string[]) {
  return spawnSync('npx', ['jest', '--ci', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, MONGODB_URI: UNREACHABLE },
  });
}

test('When the test database is unreachable, then a tier that needs it fails before any test runs', () => {
  const res = jestWithoutDatabase(['tests/integration/claim.test.ts', '--selectProjects', 'integration']);
  expect(res.status).not.toBe(0);
  expect(res.stderr + res.stdout).toContain('测试数据库不可达');
  expect(res.stderr + res.stdout).not.toMatch(/Tests:\s+\d+ passed/);
}, 130_000);

test('When only the unit tier runs, then no database is started or needed', () => {
  const res = jestWithoutDatabase(['tests/unit/test-db-name.test.ts', '--selectProjects', 'unit']);
  expect(res.stderr + res.stdout).not.toContain('测试数据库不可达');
  expect(res.stderr).toMatch(/Tests:\s+1 passed, 1 total/);
  expect(res.status).toBe(0);
}, 130_000);
