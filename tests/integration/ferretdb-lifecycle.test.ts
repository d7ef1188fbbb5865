import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { until } from '../helpers/until';

const ROOT = path.resolve(__dirname, '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ferret-life-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const running = () => spawnSync('pgrep', ['-f', `state-dir=${dataDir}`], { encoding: 'utf8' }).stdout.trim();

test('When the process that started FerretDB is killed with SIGKILL, then FerretDB stops too', async () => {
  const holder = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/fixtures/hold-ferretdb.ts'), dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    holder.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /port=(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    holder.once('exit', (code) => reject(new Error(`fixture exited early: ${code}`)));
  });
  expect(running()).not.toBe('');
  // It listens on loopback only.
  const local = spawnSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[3]);
  expect(local).toEqual([`127.0.0.1:${port}`]);

  holder.kill('SIGKILL');

  await until(() => running() === '', { timeout: 5_000, interval: 100, what: 'FerretDB to stop after its parent was killed' });
  const refused = await new Promise<boolean>((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });
  expect(refused).toBe(true);
});
