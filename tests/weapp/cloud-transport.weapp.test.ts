/**
 * The CloudBase build of the mini-program (TARO_APP_TRANSPORT=cloud, built into dist/weapp-cloud)
 * in miniprogram-simulate, with a `wx.cloud` whose callFunction runs the BUILT CloudBase bundles
 * (tests/helpers/cloudbase.ts: one warm instance per function, `main(event, context)` with this
 * WeChat user's WX context set as CloudBase sets it, MONGODB_URI from the function's environment)
 * against the real database: a new WeChat user logs in (auth.me: no code, no token), binds a unit
 * on the binding page, reports a repair and finds it in 我的报修. No wx.request is made.
 * A modified client that names someone else in its call is still itself.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { WechatIdentity } from '../../cloud/modules/identity/user.model';
import { CloudBase, DEMO_APPID, type WxCaller } from '../helpers/cloudbase';
import { startStack, type Stack } from '../helpers/stack';
import { CLOUD_BUILD, ensureWeappBuild, setupWeapp, type SimPage, type WeappSim } from './weapp-harness';

type Envelope = { ok: boolean; data?: unknown; error?: { code: string } };
type CallOptions = { name: string; data?: Record<string, unknown>; success?: (r: unknown) => void; fail?: (e: unknown) => void; complete?: (r: unknown) => void };

let stack: Stack;
let cloud: CloudBase;
let sim: WeappSim;
/** The WeChat user holding this simulated phone: new to the app. */
const me: WxCaller = { openid: `o_weapp_cloud_${randomBytes(4).toString('hex')}`, appId: DEMO_APPID };
/** Another owner (2栋, with repair orders of her own): the one a modified client pretends to be. */
const LI: WxCaller = { openid: 'demo-openid-owner-li' };
const inits: unknown[] = [];
const inFlight = new Set<Promise<unknown>>();
const DESCRIPTION = '卫生间花洒接口漏水，地面一直有积水';

/** wx.cloud as the mini-program sees it: callFunction → the function's bundle, as this WeChat user. */
const wxCloud = {
  init(options: unknown) {
    inits.push(options);
  },
  callFunction(options: CallOptions): Promise<{ result: unknown; errMsg: string }> {
    const call = cloud.callFunction(options.name, options.data ?? {}, me).then(
      (result) => {
        const res = { result, errMsg: 'cloud.callFunction:ok', requestID: randomBytes(8).toString('hex') };
        options.success?.(res);
        options.complete?.(res);
        return res;
      },
      (err: unknown) => {
        const res = { errMsg: `cloud.callFunction:fail ${String(err)}` };
        options.fail?.(res);
        options.complete?.(res);
        throw res;
      },
    );
    inFlight.add(call);
    void call.catch(() => undefined).finally(() => inFlight.delete(call));
    return call;
  },
};

/** Wait until no cloud call is running, then until the pages are still. */
async function settle(): Promise<void> {
  await sim.waitFor(() => inFlight.size === 0, 'cloud calls in flight to finish');
  await sim.settle();
}

const callsOf = (fn: string) => cloud.calls.filter((c) => c.fn === fn).map((c) => c.event.action);

beforeAll(async () => {
  ensureWeappBuild(CLOUD_BUILD);
  stack = await startStack({ seedDemo: true });
  cloud = new CloudBase({
    dir: path.resolve(__dirname, '../../dist/test-cloudbase/weapp'),
    // The functions' own settings, as set in the CloudBase console: this file's database.
    env: { MONGODB_URI: process.env.MONGODB_URI as string, SESSION_SECRET: randomBytes(32).toString('hex'), WECHAT_API_BASE: stack.wechat.baseUrl, LOG_LEVEL: 'silent' },
  });
  await cloud.build(['auth', 'binding', 'community', 'repairs', 'messaging']);
  // The gateway address is never used by this build (no wx.request): point it nowhere.
  sim = setupWeapp({ apiBase: 'http://127.0.0.1:9', distDir: CLOUD_BUILD.dist, cloud: wxCloud });
}, 420_000);
afterAll(async () => {
  await cloud?.stop();
  await stack?.stop();
});

/** The login page, kept open for a second login (miniprogram-simulate loads a page's code once per file). */
let login: SimPage;

test('When a new WeChat user taps 微信一键登录 in the CloudBase build, then auth.me (no code, no token) makes them a guest and sends them to the binding page', async () => {
  login = await sim.openPage('pages/login/index');
  await login.waitForText('微信一键登录');
  expect(login.findAll('demo-account')).toHaveLength(0); // demo accounts log in through the gateway's fake WeChat only

  await login.tap('login__wechat');
  await sim.waitFor(() => sim.navigations.some((n) => n.api === 'reLaunch'), 'reLaunch after login');

  expect(sim.navigations).toContainEqual({ api: 'reLaunch', url: '/owner/pages/bind/index' });
  expect(sim.storage.get('wuye.session')).toMatchObject({ token: '', expiresAt: '', me: { roles: ['guest'], name: '微信用户' } });
  expect(callsOf('auth')).toEqual(['me']);
  expect(cloud.calls[0]).toMatchObject({ fn: 'auth', caller: me, result: { ok: true } });
  expect(await WechatIdentity.countDocuments({ openid: me.openid })).toBe(1);
  expect(inits).toEqual([{}]); // wx.cloud.init once, in the current environment (TARO_APP_CLOUD_ENV unset)
  expect(sim.requests).toEqual([]); // nothing over wx.request
  await settle();
});

test('When the guest binds 1栋1单元1502 with the name and phone digits the office recorded, then they become an owner and see 绑定成功', async () => {
  sim.navigations.length = 0;
  const page = await sim.openPage('owner/pages/bind/index');
  await page.waitForText('幸福里小区');
  await page.tap('choice', '幸福里小区');
  await page.waitForText('1栋');
  await page.tap('choice', '1栋');
  // 单元 → 楼层 → 房号 (the picker of a tall building).
  await sim.waitFor(() => page.findAll('choice').some((c) => c.textContent === '1单元' || c.textContent === '15层'), '1单元 or 15层');
  if (page.findAll('choice').some((c) => c.textContent === '1单元')) await page.tap('choice', '1单元');
  await page.waitForText('15层');
  await page.tap('choice', '15层');
  await page.waitForText('1502');
  await page.tap('choice', '1502');
  await page.type('bind__name', '王丽');
  await page.type('bind__phone', '2502');
  await page.tap('choice', '家庭成员');
  await page.tap('bind__submit');

  await sim.waitFor(() => sim.navigations.some((n) => n.api === 'reLaunch'), 'reLaunch to 绑定成功');
  expect(sim.navigations).toContainEqual({ api: 'reLaunch', url: `/owner/pages/bound/index?unit=${encodeURIComponent('1栋1单元1502')}` });
  expect(sim.storage.get('wuye.session')).toMatchObject({ token: '', me: { name: '王丽', roles: ['owner'] } });
  expect(callsOf('binding')).toEqual(expect.arrayContaining(['options', 'mine', 'request']));
  await settle();
  page.unload();
});

test('When the bound owner logs in again, then the login page sends them straight to the owner home', async () => {
  sim.storage.delete('wuye.session');
  sim.navigations.length = 0;
  await login.tap('login__wechat');
  await sim.waitFor(() => sim.navigations.some((n) => n.api === 'reLaunch'), 'reLaunch after login');
  expect(sim.navigations).toEqual([{ api: 'reLaunch', url: '/owner/pages/home/index' }]);
  await settle();
  login.unload();
});

test('When the owner reports a repair on 我要报修, then it is stored as theirs and shows in 我的报修', async () => {
  sim.navigations.length = 0;
  const form = await sim.openPage('owner/pages/repair-new/index');
  await form.waitForText('1单元1502');
  await form.waitForText('管道疏通');
  await form.tap('choice', '管道疏通');
  await form.type('repair-new__description', DESCRIPTION);
  await form.tap('repair-new__submit');
  await sim.waitFor(() => sim.navigations.some((n) => n.api === 'redirectTo'), 'redirect to the new order');

  const stored = await Repair.findOne({ description: DESCRIPTION }).lean();
  const identity = await WechatIdentity.findOne({ openid: me.openid }).lean();
  // Reported by the user of this phone's WeChat identity (the WX context), as 王丽.
  expect(stored).toMatchObject({ category: '管道疏通', area: 'home', reporterId: identity!.userId, reporterName: '王丽' });
  expect(sim.navigations).toContainEqual({ api: 'redirectTo', url: `/owner/pages/repair/index?id=${String(stored!._id)}` });
  await settle();
  form.unload();

  const list = await sim.openPage('owner/pages/repairs/index');
  await list.waitForText(DESCRIPTION);
  expect(list.text()).toContain('管道疏通');
  expect(callsOf('repairs')).toEqual(expect.arrayContaining(['settings', 'create', 'mine']));
  await settle();
  list.unload();
});

test('When a modified client names another owner (userInfo.openId, data.openid) in wx.cloud.callFunction, then the function answers for the caller or refuses, never for that owner', async () => {
  const page = { state: 'all', page: 1, pageSize: 50 };
  const ids = (res: Envelope) => (res.data as { items: { id: string }[] }).items.map((i) => i.id);
  const lis = (await cloud.callFunction('repairs', { action: 'mine', data: page }, LI)) as Envelope;
  const mine = (await cloud.callFunction('repairs', { action: 'mine', data: page }, me)) as Envelope;
  expect(ids(lis).length).toBeGreaterThan(0);
  expect(ids(mine).length).toBeGreaterThan(0);

  // Through the app's own wx.cloud (the caller is this phone's WeChat user), naming 李娜 in userInfo.
  const forged = (await wxCloud.callFunction({ name: 'repairs', data: { action: 'mine', data: page, userInfo: { openId: LI.openid, appId: DEMO_APPID } } })).result as Envelope;
  expect(forged.ok).toBe(true);
  expect(ids(forged)).toEqual(ids(mine));
  expect(ids(forged).filter((id) => ids(lis).includes(id))).toEqual([]);
  expect((forged.data as { items: { description: string }[] }).items.map((i) => i.description)).toContain(DESCRIPTION);

  // The payload of the issue: the victim's openid in data and in userInfo.
  const both = (await wxCloud.callFunction({ name: 'auth', data: { action: 'me', data: { openid: LI.openid }, userInfo: { openId: LI.openid } } })).result as Envelope;
  expect(both).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  const who = (await wxCloud.callFunction({ name: 'auth', data: { action: 'me', data: {}, userInfo: { openId: LI.openid } } })).result as Envelope;
  expect(who).toMatchObject({ ok: true, data: { name: '王丽' } });
});
