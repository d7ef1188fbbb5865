import { spawnSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * tests/setup/network-guard.cjs (loaded by every tier): a test that tries to reach anything but
 * loopback fails at once with an error naming the destination — no packet leaves, no timeout.
 * 10.255.255.1 is unroutable: a real attempt would hang until a timeout, so "at once" is the proof.
 */
const GUARD = path.resolve(__dirname, '../setup/network-guard.cjs');
const BLOCKED = 'ERR_TEST_NETWORK_BLOCKED';

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; error: unknown }> {
  const start = performance.now();
  try {
    await run();
    return { ms: performance.now() - start, error: undefined };
  } catch (error) {
    return { ms: performance.now() - start, error };
  }
}

test('When a test fetches example.com or 10.255.255.1, then fetch rejects at once naming the destination', async () => {
  for (const url of ['https://example.com/', 'http://10.255.255.1/fn/auth']) {
    const { ms, error } = await timed(() => fetch(url));
    expect(error).toMatchObject({ code: BLOCKED, message: expect.stringContaining(`tried to reach ${url}`) });
    expect(ms).toBeLessThan(500);
  }
});

test('When a test calls http.request, https.get or net.connect for an outside host, then it throws naming host and port', () => {
  expect(() => http.request('http://10.255.255.1:8080/x')).toThrow('tried to reach 10.255.255.1:8080');
  expect(() => https.get('https://example.com/')).toThrow('tried to reach example.com:443');
  expect(() => net.connect({ host: '10.255.255.1', port: 27017 })).toThrow('tried to reach 10.255.255.1:27017');
  expect(() => net.connect(80, 'example.com')).toThrow(expect.objectContaining({ code: BLOCKED, message: expect.stringContaining('example.com:80') }));
});

test('When a test talks to 127.0.0.1 or localhost, then the guard lets it through', async () => {
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    expect(await (await fetch(`http://localhost:${port}/`, { headers: { connection: 'close' } })).text()).toBe('ok');
    const body = await new Promise<string>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, agent: false }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect(body).toBe('ok');
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('When a Node process started by a test reaches out, then it fails at once too (undici under fetch included)', () => {
  // undici (Node's fetch) meets the socket-level hook: the child keeps the unwrapped fetch, then loads the guard.
  const script = `
    const realFetch = globalThis.fetch;
    require(${JSON.stringify(GUARD)});
    const started = Date.now();
    realFetch('http://10.255.255.1/').then(
      () => console.log('reached'),
      (e) => console.log(JSON.stringify({ code: e.cause && e.cause.code, message: e.cause && e.cause.message, ms: Date.now() - started })),
    );`;
  const direct = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NODE_OPTIONS: '' } });
  const seen = JSON.parse(direct.stdout.trim()) as { code: string; message: string; ms: number };
  expect(seen).toMatchObject({ code: BLOCKED, message: expect.stringContaining('10.255.255.1:80') });
  expect(seen.ms).toBeLessThan(1000);

  // Any Node process a test starts inherits the guard through NODE_OPTIONS.
  const inherited = spawnSync(process.execPath, ['-e', "require('node:http').get('http://example.com/')"], { encoding: 'utf8', timeout: 20_000, env: process.env });
  expect(inherited.status).not.toBe(0);
  expect(inherited.stderr).toContain('Network access outside 127.0.0.1 is blocked in tests: tried to reach example.com:80');
});
