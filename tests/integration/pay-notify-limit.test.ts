import http from 'node:http';
import { setClock } from '../../cloud/lib/clock';
import { resetConfig } from '../../cloud/lib/config';
import { closeServer, createGateway, listen, PAY_NOTIFY_PATH } from '../../cloud/gateway/server';
import { startStack } from '../helpers/stack';

/**
 * The WeChat Pay notify route is limited per client address (PAY_NOTIFY_LIMIT_PER_MINUTE, in the
 * gateway's memory): past the limit it answers 429 before the body is read, so a flood of junk
 * notifications reaches neither the handler nor the database (docs/modules/payments.md "Refunds").
 */
let clock = new Date('2026-11-16T02:00:10Z');
beforeAll(() => setClock(() => clock));
afterAll(() => setClock());

const JUNK = JSON.stringify({ id: 'junk', event_type: 'TRANSACTION.SUCCESS', resource: {} });

/** POST a junk notification from `localAddress` (127.0.0.x all reach the loopback). */
function post(port: number, localAddress = '127.0.0.1'): Promise<{ status: number; retryAfter?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: PAY_NOTIFY_PATH, method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(JUNK) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(JUNK);
  });
}

test('When a flood of junk notifications comes from one address, then past the limit the gateway answers 429 with Retry-After without calling the handler; another address and the next minute pass', async () => {
  let handled = 0;
  const gateway = createGateway({
    functions: {},
    bodyLimitBytes: 64 * 1024,
    payNotifyPerMinute: 20,
    payNotify: async () => {
      handled++;
      return { status: 401, body: { code: 'SIGN_ERROR', message: '签名错误' } };
    },
  });
  const port = await listen(gateway, 0, '127.0.0.1');
  try {
    const answers = await Promise.all(Array.from({ length: 60 }, () => post(port)));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(20);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(40);
    expect(handled).toBe(20);
    // 10 s into the minute: the window ends in 50 s.
    expect(new Set(refused.map((a) => a.retryAfter))).toEqual(new Set(['50']));
    expect(JSON.parse(refused[0].body)).toMatchObject({ code: 'FREQUENCY_LIMITED' });

    expect((await post(port, '127.0.0.2')).status).toBe(401);
    expect(handled).toBe(21);
    clock = new Date(clock.getTime() + 60_000);
    expect((await post(port)).status).toBe(401);
    expect(handled).toBe(22);
  } finally {
    await closeServer(gateway);
  }
});

test('When the system starts with PAY_NOTIFY_LIMIT_PER_MINUTE, then its notify route keeps to it', async () => {
  process.env.PAY_NOTIFY_LIMIT_PER_MINUTE = '5';
  resetConfig();
  const stack = await startStack();
  try {
    const port = Number(new URL(stack.baseUrl).port);
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await post(port)).status);
    // WeChat Pay is not configured in this stack: the handler answers 404 to the first five.
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);
  } finally {
    delete process.env.PAY_NOTIFY_LIMIT_PER_MINUTE;
    resetConfig();
    await stack.stop();
  }
});
