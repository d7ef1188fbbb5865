import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFerretDb, freePort, startFerretDb, withDbName, type FerretDbProcess } from '../../scripts/db';
import { startSystem, type RunningSystem } from '../../scripts/system';
import { loginAs, makeCommunity, makeUser } from '../helpers/factories';
import { until } from '../helpers/until';

/**
 * The database goes away while the gateway runs: requests get 503, the gateway stays up,
 * and it recovers by itself when the database is back. Uses its own FerretDB so it can stop it.
 */
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'outage-'));
let ferret: FerretDbProcess;
let system: RunningSystem;
let port: number;

beforeAll(async () => {
  const binary = findFerretDb();
  if (!binary) throw new Error('this test needs the ferretdb binary: run scripts/install-ferretdb.sh');
  port = await freePort();
  ferret = await startFerretDb({ binary, dataDir, port });
  system = await startSystem({ mongodbUri: withDbName(ferret.serverUri, 'test_outage'), fakeWechat: true, seed: 'never', port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await system?.stop();
  await ferret?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function me(token: string) {
  const res = await fetch(`${system.baseUrl}/fn/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ action: 'me' }),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { code: string; message: string } } };
}

test('When FerretDB stops, then requests get 503 DB.UNAVAILABLE; when it is back, the gateway recovers with data intact', async () => {
  const c = await makeCommunity();
  const user = await makeUser(c._id, { roles: ['agent'], name: '值班客服' });
  const login = async (code: string) => {
    const res = await fetch(`${system.baseUrl}/fn/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'login', data: { code } }) });
    return ((await res.json()) as { data: { token: string } }).data.token;
  };
  const token = await loginAs({ login, wechat: system.wechat! }, user._id);
  expect((await me(token)).status).toBe(200);

  await ferret.stop();

  const down = await me(token);
  expect(down.status).toBe(503);
  expect(down.body).toEqual({ ok: false, error: { code: 'DB.UNAVAILABLE', message: '服务暂时不可用，请稍后重试', requestId: expect.any(String) } });
  const health = await fetch(`${system.baseUrl}/healthz`);
  expect(health.status).toBe(503);
  expect(await health.json()).toEqual({ ok: false, db: 'down' });

  const binary = findFerretDb() as string;
  ferret = await startFerretDb({ binary, dataDir, port });

  const recovered = await until(async () => {
    const res = await me(token);
    return res.status === 200 && res;
  }, { timeout: 10_000, interval: 200, what: 'the gateway to answer 200 again' });
  expect(recovered).toEqual({ status: 200, body: { ok: true, data: expect.objectContaining({ name: '值班客服' }) } });
  expect((await fetch(`${system.baseUrl}/healthz`)).status).toBe(200);
});

test('When the database is down, then 503 answers carry Retry-After', async () => {
  await ferret.stop();
  try {
    const res = await fetch(`${system.baseUrl}/fn/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'me' }) });
    // No token: authentication needs no database, so ask something that does.
    const health = await fetch(`${system.baseUrl}/healthz`);
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBe('5');
    expect([401, 503]).toContain(res.status);
    const code = system.wechat!.mintCode('o_retry_after');
    const loginRes = await fetch(`${system.baseUrl}/fn/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'login', data: { code } }) });
    expect(loginRes.status).toBe(503);
    expect(loginRes.headers.get('retry-after')).toBe('5');
  } finally {
    ferret = await startFerretDb({ binary: findFerretDb() as string, dataDir, port });
  }
});

test('When the embedded FerretDB process dies on its own, then it is restarted and the gateway recovers with data intact', async () => {
  const binary = findFerretDb() as string;
  const supervisedDir = mkdtempSync(path.join(os.tmpdir(), 'supervised-'));
  const supervised = await startFerretDb({ binary, dataDir: supervisedDir, restart: {} });
  const sys = await startSystem({ mongodbUri: withDbName(supervised.serverUri, 'test_supervised'), fakeWechat: true, seed: 'never', port: 0, host: '127.0.0.1' });
  try {
    const c = await makeCommunity({ name: '重启测试小区' });
    const pid = spawnSync('pgrep', ['-f', `^${binary} .*state-dir=${supervisedDir}`], { encoding: 'utf8' }).stdout.trim();
    expect(pid).toMatch(/^\d+$/);
    process.kill(Number(pid), 'SIGKILL');

    await until(async () => supervised.restarts() > 0 && (await fetch(`${sys.baseUrl}/healthz`)).status === 200, {
      timeout: 20_000,
      interval: 200,
      what: 'FerretDB to be restarted and /healthz to answer 200',
    });
    expect(supervised.restarts()).toBe(1);
    const newPid = spawnSync('pgrep', ['-f', `^${binary} .*state-dir=${supervisedDir}`], { encoding: 'utf8' }).stdout.trim();
    expect(newPid).toMatch(/^\d+$/);
    expect(newPid).not.toBe(pid);
    const { Community } = await import('../../cloud/modules/community/community.model');
    expect((await Community.findById(c._id).lean())?.name).toBe('重启测试小区');
  } finally {
    await sys.stop();
    await supervised.stop();
    rmSync(supervisedDir, { recursive: true, force: true });
  }
});
