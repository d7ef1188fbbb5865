import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { main as auth } from '../../cloud/functions/auth';
import { CloudBase, cloudbaseContext, cloudbaseEnvironContext, scfContext, wxEnvironment } from '../helpers/cloudbase';
import { startStack, type Stack } from '../helpers/stack';
import { MONITORING_COMMANDS, startWireProxy, type WireProxy } from '../helpers/wire-proxy';

/**
 * The BUILT CloudBase bundles under CloudBase's rules (tests/helpers/cloudbase.ts): each warm
 * instance keeps one database connection (MONGODB_URI from the function's environment) and creates
 * no index at a cold start; the caller is who the WX context says, whatever the event claims.
 * The database connections are watched on the wire (tests/helpers/wire-proxy.ts).
 */
let stack: Stack;
let proxy: WireProxy;
let cloud: CloudBase;
const ZHANG = 'demo-openid-owner-zhang';
const MANAGER = 'demo-openid-manager';

beforeAll(async () => {
  stack = await startStack({ seedDemo: true });
  proxy = await startWireProxy(process.env.TEST_DB_SERVER_URI as string);
  cloud = new CloudBase({
    dir: path.resolve(__dirname, '../../dist/test-cloudbase/integration'),
    env: { MONGODB_URI: proxy.uri(stack.dbName), SESSION_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent' },
  });
  await cloud.build(['auth', 'community']);
}, 120_000);
afterAll(async () => {
  await cloud?.stop();
  await proxy?.stop();
  await stack?.stop();
});

const dataCommands = (from: number) => proxy.commands.slice(from).filter((c) => !MONITORING_COMMANDS.has(c.name));

describe('a warm instance and its database connection', () => {
  test('When an instance starts cold, then its first call opens the connection without creating any index or collection, and its next calls reuse that connection', async () => {
    const atStart = proxy.commands.length;
    const openedBefore = proxy.opened;

    const first = await cloud.invoke('auth', { action: 'me' }, { openid: ZHANG });
    expect(first).toMatchObject({ ok: true, data: { name: '张伟', roles: ['owner'] } });
    const coldStart = proxy.commands.slice(atStart).map((c) => c.name);
    expect(proxy.opened).toBeGreaterThan(openedBefore); // the connection went through the proxy: MONGODB_URI is the function's
    expect(coldStart).toContain('find');
    // Indexes are made by the deploy step (npm run db:indexes), never at a cold start (autoIndex / autoCreate off).
    expect(coldStart.filter((name) => ['createIndexes', 'create', 'createCollection'].includes(name))).toEqual([]);

    const openedWarm = proxy.opened;
    const atWarm = proxy.commands.length;
    for (let i = 0; i < 2; i++) {
      const again = await cloud.invoke('auth', { action: 'me' }, { openid: i === 0 ? MANAGER : ZHANG });
      expect(again).toMatchObject({ ok: true });
    }
    const warm = dataCommands(atWarm);
    expect(warm.length).toBeGreaterThan(0);
    // Every command of the warm calls went over a connection the cold start had opened.
    expect(warm.filter((c) => c.conn > openedWarm)).toEqual([]);
    expect(proxy.opened).toBe(openedWarm);
    expect(proxy.commands.slice(atStart).filter((c) => ['createIndexes', 'create'].includes(c.name))).toEqual([]);
  });

  test('When CloudBase starts a second instance of the function, then that instance opens its own connection (one per instance)', async () => {
    await cloud.invoke('auth', { action: 'me' }, { openid: ZHANG }); // the warm one
    const opened = proxy.opened;
    const at = proxy.commands.length;
    cloud.startInstance('auth');
    expect(await cloud.invoke('auth', { action: 'me' }, { openid: ZHANG })).toMatchObject({ ok: true, data: { name: '张伟' } });
    const data = dataCommands(at);
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((c) => c.conn > opened)).toBe(true);
  });
});

describe('identity under CloudBase: the WX context, never the event', () => {
  test('When a modified client names another user in userInfo or in its data, then it is still itself (or refused), never that user', async () => {
    const guest = `o_cloud_guest_${randomBytes(4).toString('hex')}`;
    const forged = await cloud.callFunction('auth', { action: 'me', data: {}, userInfo: { openId: MANAGER, appId: 'wx_demo_appid' } }, { openid: guest });
    expect(forged).toMatchObject({ ok: true, data: { roles: ['guest'], name: '微信用户' } });
    const viaData = await cloud.callFunction('auth', { action: 'me', data: { openid: MANAGER } }, { openid: guest });
    expect(viaData).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // The manager's units list, asked for with the manager named in userInfo: a guest is refused.
    const units = await cloud.callFunction('community', { action: 'units', data: {}, userInfo: { openId: MANAGER } }, { openid: guest });
    expect(units).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  test('When an event carries userInfo but the invocation has no WX context (no WeChat user), then the call is unauthenticated', async () => {
    const res = await cloud.invoke('auth', { action: 'me', userInfo: { openId: MANAGER, appId: 'wx_demo_appid' } }, {});
    expect(res).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
  });

  test('When the WX context comes from another mini-program than WECHAT_APPID, then the call is refused rather than filed under our app', async () => {
    const res = await cloud.invoke('auth', { action: 'me' }, { openid: ZHANG, appId: 'wx_some_other_app' });
    expect(res).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
  });

  test('When the runtime hands the WX context over in context.environment, context.environ or process.env, then each identifies the caller', async () => {
    expect(await auth({ action: 'me' }, cloudbaseContext({ openid: ZHANG }, 'auth'))).toMatchObject({ ok: true, data: { name: '张伟' } });
    expect(await auth({ action: 'me' }, cloudbaseEnvironContext({ openid: ZHANG }, 'auth'))).toMatchObject({ ok: true, data: { name: '张伟' } });
    const saved = { ...process.env };
    try {
      Object.assign(process.env, wxEnvironment({ openid: ZHANG }));
      expect(await auth({ action: 'me' }, scfContext('auth'))).toMatchObject({ ok: true, data: { name: '张伟' } });
      // The same process.env left over, with a context that carries the invocation's own (no user): not 张伟.
      expect(await auth({ action: 'me' }, cloudbaseContext({}, 'auth'))).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    }
  });
});
