import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { assertTestDb } from '../helpers/stack';

const ROOT = path.resolve(__dirname, '../..');

test('When the test database is unreachable, then the test run fails before any test runs', () => {
  const res = spawnSync('npx', ['jest', '--ci', 'tests/unit/session-token.test.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, MONGODB_URI: 'mongodb://127.0.0.1:9/test_unreachable' },
  });
  expect(res.status).not.toBe(0);
  expect(res.stderr + res.stdout).toContain('测试数据库不可达');
  expect(res.stderr + res.stdout).not.toMatch(/Tests:\s+\d+ passed/);
}, 130_000);

test('When a database name lacks "test", then the test helpers refuse it', () => {
  expect(() => assertTestDb('wuye')).toThrow('must contain "test"');
  expect(() => assertTestDb('test_gateway_1a2b')).not.toThrow();
});
