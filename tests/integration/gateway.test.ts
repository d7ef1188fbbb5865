import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { countAllDocuments, loginAs, makeCommunity, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';
import { until } from '../helpers/until';

let stack: Stack;
let token: string;
const staticDir = mkdtempSync(path.join(os.tmpdir(), 'h5-'));

beforeAll(async () => {
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>物业客服</title>');
  writeFileSync(path.join(staticDir, 'app.1a2b3c.js'), 'console.log(1)');
  stack = await startStack({ staticDir });
  const c = await makeCommunity();
  const agent = await makeUser(c._id, { roles: ['agent'] });
  token = await loginAs(stack, agent._id);
});
afterAll(() => stack.stop());

async function post(pathname: string, init: RequestInit = {}) {
  const res = await fetch(`${stack.baseUrl}${pathname}`, { method: 'POST', ...init });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

describe('routing', () => {
  test('When the function does not exist, then 404 FN.NOT_FOUND', async () => {
    const res = await stack.http('nope', { action: 'x' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'FN.NOT_FOUND' } });
  });

  test('When a prototype key is used as a function name, then 404 too', async () => {
    expect((await stack.http('constructor', { action: 'x' })).status).toBe(404);
    expect((await stack.http('__proto__', { action: 'x' })).status).toBe(404);
  });

  test('When the action does not exist, then 400 ACTION.UNKNOWN listing the known actions', async () => {
    const res = await stack.http('community', { action: 'dropEverything' }, { token });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'ACTION.UNKNOWN', details: { action: 'dropEverything', known: expect.arrayContaining(['overview', 'units']) } } });
  });

  test('When a function is called with GET, then 405', async () => {
    const res = await fetch(`${stack.baseUrl}/fn/auth`);
    expect(res.status).toBe(405);
    expect(await res.json()).toMatchObject({ error: { code: 'METHOD.NOT_ALLOWED' } });
  });

  test('When /healthz is asked with the database up, then 200 db up', async () => {
    const res = await fetch(`${stack.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: 'up' });
  });

  test('When the request target cannot be read as a URL (//, //[, //host:99999), then 400 REQUEST.BAD_URL, not 500', async () => {
    const port = Number(new URL(stack.baseUrl).port);
    for (const target of ['//', '//[', '//evil.invalid:99999/fn/auth']) {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.end(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
        let text = '';
        socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ ok: false, error: { code: 'REQUEST.BAD_URL' } });
    }
  });

  test('When a request is refused before its body is read, then the connection closes and a keep-alive client\'s next request is answered', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, body: string) =>
      new Promise<{ status: number; connection?: string }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: Number(new URL(stack.baseUrl).port), method, path: '/fn/auth', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      expect(await send('DELETE', '{"action":"loginOptions"}')).toEqual({ status: 405, connection: 'close' });
      expect((await send('POST', '{"action":"loginOptions"}')).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});

describe('bad input', () => {
  test('When the body is not JSON, then 400 REQUEST.MALFORMED_JSON', async () => {
    const res = await stack.http('auth', null, { raw: '{"action": "login", ' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'REQUEST.MALFORMED_JSON' } });
  });

  test('When the body is larger than the limit, then 400 REQUEST.TOO_LARGE', async () => {
    const res = await stack.http('auth', null, { raw: JSON.stringify({ action: 'login', data: { code: 'x'.repeat(8 * 1024 * 1024 + 10) } }) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'REQUEST.TOO_LARGE' } });
  });

  test('When the content type is not JSON, then 415', async () => {
    const res = await post('/fn/auth', { headers: { 'content-type': 'text/plain' }, body: '{"action":"me"}' });
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ error: { code: 'REQUEST.UNSUPPORTED_MEDIA' } });
  });

  test('When the event has the wrong shape, then 400 VALIDATION with field paths', async () => {
    const res = await stack.http('auth', { action: 5, data: {} });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION', details: { issues: [{ path: 'action' }] } } });

    const arr = await stack.http('auth', [1, 2]);
    expect(arr.status).toBe(400);
    expect(arr.body).toMatchObject({ error: { code: 'VALIDATION' } });
  });

  test('When a client tries to pass userInfo (a CloudBase identity) through the gateway, then it is refused', async () => {
    const res = await stack.http('auth', { action: 'me', userInfo: { openId: 'demo-openid-manager' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION', details: { issues: [{ path: '' }] } } });
  });

  test('When data has wrong types, then 400 VALIDATION names each field', async () => {
    const res = await stack.http('community', { action: 'units', data: { page: 'two', pageSize: 1000, buildingId: 'xyz' } }, { token });
    expect(res.status).toBe(400);
    const issues = res.body.ok ? [] : (res.body.error.details?.issues ?? []);
    const paths = issues.map((i) => i.path).sort();
    expect(paths).toEqual(['buildingId', 'page', 'pageSize']);
  });

  test('When data has unknown fields, then 400 VALIDATION (strict schemas)', async () => {
    const res = await stack.http('community', { action: 'overview', data: { communityId: 'someone-elses' } }, { token });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION' } });
  });

  test('When any request is rejected, then nothing is written to the database', async () => {
    const before = await countAllDocuments();
    await stack.http('auth', null, { raw: '{' });
    await stack.http('auth', { action: 'login', data: { code: 7 } });
    await stack.http('auth', { action: 'login', data: { code: 'bad-code' } });
    await stack.http('auth', { action: 'nope' });
    await stack.http('community', { action: 'staff' }, { token });
    // Except what a refused login code must leave: its try, counted against the client's address (the login limit).
    const after = await countAllDocuments();
    expect({ ...after, RateTry: after.RateTry - 1 }).toEqual(before);
  });
});

describe('request ids, CORS and static files', () => {
  test('When a request carries x-request-id, then the response and error body repeat it', async () => {
    const res = await stack.http('auth', { action: 'me' }, { headers: { 'x-request-id': 'req-abc-12345' } });
    expect(res.headers.get('x-request-id')).toBe('req-abc-12345');
    expect(res.body).toMatchObject({ error: { requestId: 'req-abc-12345' } });
  });

  test('When no CORS origin is configured, then no CORS headers are sent', async () => {
    const res = await stack.http('auth', { action: 'loginOptions' }, { headers: { origin: 'http://evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('When / is requested, then the H5 index is served; assets are cached, unknown paths 404, no traversal', async () => {
    const index = await fetch(`${stack.baseUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toContain('物业客服');

    const asset = await fetch(`${stack.baseUrl}/app.1a2b3c.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');

    expect((await fetch(`${stack.baseUrl}/missing.js`)).status).toBe(404);
    expect((await fetch(`${stack.baseUrl}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
  });
});

describe('logs', () => {
  test('When a signed photo link is requested, then the request log has the path without its query string', async () => {
    const { resetConfig } = await import('../../cloud/lib/config');
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const level = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'info';
    resetConfig();
    process.stdout.write = ((chunk: string | Uint8Array) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      const res = await fetch(`${stack.baseUrl}/files/f_0123456789abcdef01234567?exp=99999999999999&sig=c2VjcmV0LXNpZw`);
      expect(res.status).toBe(404);
      await res.arrayBuffer();
      // The log line is written when the response finishes.
      await until(() => lines.some((l) => l.includes('"msg":"request"')), { what: 'the request log line' });
    } finally {
      process.stdout.write = write;
      process.env.LOG_LEVEL = level;
      resetConfig();
    }
    const request = lines.find((l) => l.includes('"msg":"request"') && l.includes('/files/'));
    expect(request).toBeDefined();
    expect(JSON.parse(request as string)).toMatchObject({ path: '/files/f_0123456789abcdef01234567', status: 404 });
    expect(lines.join('')).not.toContain('sig=');
  });
});
