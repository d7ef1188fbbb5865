import { randomBytes } from 'node:crypto';
import type { ActionName, Contracts, FnName, InputOf, ResultOf } from '@shared/contracts';
import type { Envelope } from '@shared/errors';
import { functions } from '../../cloud/functions';
import { mongoose } from '../../cloud/lib/db';
import type { FakeWechatServer } from '../../cloud/lib/wechat/fake-server';
import type { FakeWechatPayServer } from '../../cloud/lib/wechat-pay/fake-pay-server';
import { withDbName } from '../../scripts/db';
import { startSystem } from '../../scripts/system';
import { assertTestDb, testDbName } from './test-db';

/**
 * A test file's own running system: its own database (name contains "test"), the fake WeChat
 * server, the gateway on a free port. Call main() directly with `invoke`, or go over HTTP with `http`.
 */
export interface Stack {
  baseUrl: string;
  dbName: string;
  wechat: FakeWechatServer;
  /** The demo's fake WeChat Pay, WECHAT_PAY_* pointed at it (only with `startStack({ fakePay: true })`). */
  pay: FakeWechatPayServer | null;
  /** main(event, context) of a cloud function, as the gateway would call it. */
  invoke<F extends FnName, A extends ActionName<F>>(
    fn: F,
    action: A,
    data?: InputOf<Contracts[F][A]>,
    token?: string,
  ): Promise<Envelope<ResultOf<Contracts[F][A]>>>;
  /** POST /fn/<fn> over HTTP with a raw body; returns status, headers and parsed JSON. */
  http(fn: string, body: unknown, opts?: { token?: string; raw?: string; headers?: Record<string, string> }): Promise<HttpResult>;
  /** Log in with a wx.login code through auth.login; returns the session token. */
  login(code: string): Promise<string>;
  stop(): Promise<void>;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: Envelope<unknown> & Record<string, unknown>;
}

export { assertTestDb, testDbName } from './test-db';

/**
 * `fakePay`: also the fake WeChat Pay as `npm start` runs it (demo mode: keys made at start, the
 * 模拟支付 route). Without it WeChat Pay is off, and a test may configure its own fake
 * (tests/integration/payments.test.ts).
 */
export async function startStack(opts: { seedDemo?: boolean; staticDir?: string; fakePay?: boolean } = {}): Promise<Stack> {
  const server = process.env.TEST_DB_SERVER_URI;
  if (!server) throw new Error('TEST_DB_SERVER_URI is not set: run the tests through jest (globalSetup starts the database)');
  const dbName = testDbName();
  const system = await startSystem({
    mongodbUri: withDbName(server, dbName),
    fakeWechat: true,
    fakeWechatPay: Boolean(opts.fakePay),
    seed: opts.seedDemo ? 'if-empty' : 'never',
    port: 0,
    host: '127.0.0.1',
    staticDir: opts.staticDir,
  });
  const wechat = system.wechat as FakeWechatServer;

  const stack: Stack = {
    baseUrl: system.baseUrl,
    dbName,
    wechat,
    pay: system.wechatPay,
    invoke(fn, action, data, token) {
      const main = functions[fn];
      return main(
        { action, data },
        { transport: 'gateway', requestId: `test-${randomBytes(6).toString('hex')}`, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ) as never;
    },
    async http(fn, body, o = {}) {
      const res = await fetch(`${system.baseUrl}/fn/${fn}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          ...o.headers,
        },
        body: o.raw ?? JSON.stringify(body),
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as HttpResult['body'] };
    },
    async login(code) {
      const res = await stack.invoke('auth', 'login', { code });
      if (!res.ok) throw new Error(`login failed: ${res.error.code} ${res.error.message}`);
      return res.data.token;
    },
    async stop() {
      assertTestDb(mongoose.connection.db?.databaseName ?? '');
      await mongoose.connection.db?.dropDatabase();
      await system.stop();
    },
  };
  return stack;
}
