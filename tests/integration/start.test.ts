import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

test('When the configured database is unreachable, then npm start says so and exits non-zero', () => {
  const res = spawnSync('npx', ['tsx', 'scripts/start.ts', '--no-build'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, MONGODB_URI: 'mongodb://127.0.0.1:9/wuye', DB_TIMEOUT_MS: '500', PORT: '0', LOG_LEVEL: 'warn' },
  });
  expect(res.status).toBe(1);
  expect(res.stderr).toContain('无法连接数据库（127.0.0.1:9）');
  expect(res.stdout).not.toContain('已启动');
});

test('When the configuration is invalid, then npm start names the bad variable and exits non-zero', () => {
  const res = spawnSync('npx', ['tsx', 'scripts/start.ts', '--no-build'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, PORT: 'eighty' },
  });
  expect(res.status).toBe(1);
  expect(res.stderr).toContain('配置有误');
  expect(res.stderr).toContain('PORT');
});
