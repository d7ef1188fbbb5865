import { setClock } from '../../cloud/lib/clock';
import { main as auth } from '../../cloud/functions/auth';
import { Session, WechatIdentity } from '../../cloud/modules/identity/user.model';
import { countAllDocuments, linkWechat, loginAs, makeCommunity, makeUnit, makeBuilding, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

async function owner() {
  const c = await makeCommunity({ name: '登录测试小区' });
  const b = await makeBuilding(c._id);
  const u = await makeUnit(c._id, b._id, { room: '1502' });
  const user = await makeUser(c._id, { roles: ['owner'], unitIds: [u._id], name: '周业主' });
  return { c, u, user };
}

describe('auth.login', () => {
  test('When a registered owner logs in with a fresh wx.login code, then a session token and the profile come back', async () => {
    const { c, u, user } = await owner();
    const openid = await linkWechat(user._id);
    const code = stack.wechat.mintCode(openid);

    const res = await stack.invoke('auth', 'login', { code });

    expect(res).toMatchObject({ ok: true, data: { me: { name: '周业主', roles: ['owner'], communityName: '登录测试小区', unitIds: [String(u._id)] } } });
    if (!res.ok) throw new Error('unreachable');
    expect(res.data.token).toMatch(/^v1\.[a-f0-9]{24}\.\d+\./);
    expect(await Session.countDocuments({ userId: user._id, communityId: c._id })).toBe(1);
    const exchanged = stack.wechat.requests().filter((r) => r.path === '/sns/jscode2session' && r.query.js_code === code);
    expect(exchanged).toHaveLength(1);
    expect(exchanged[0].query).toMatchObject({ appid: 'wx_demo_appid', grant_type: 'authorization_code' });
  });

  test('When the same code is used twice, then the second login is refused with AUTH.INVALID_CODE', async () => {
    const { user } = await owner();
    const code = stack.wechat.mintCode(await linkWechat(user._id));
    await stack.login(code);

    const again = await stack.invoke('auth', 'login', { code });

    expect(again).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID_CODE' } });
  });

  test('When the code is unknown, then AUTH.INVALID_CODE and nothing is written', async () => {
    const before = await countAllDocuments();
    const res = await stack.invoke('auth', 'login', { code: 'not-a-real-code' });
    expect(res).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID_CODE', message: '微信登录凭证无效，请重新登录' } });
    expect(await countAllDocuments()).toEqual(before);
  });

  test('When a WeChat user is not registered with any community, then AUTH.NOT_REGISTERED and nothing is written', async () => {
    const before = await countAllDocuments();
    const res = await stack.invoke('auth', 'login', { code: stack.wechat.mintCode('o_stranger_1') });
    expect(res).toMatchObject({ ok: false, error: { code: 'AUTH.NOT_REGISTERED' } });
    expect(await countAllDocuments()).toEqual(before);
    expect(await WechatIdentity.countDocuments({ openid: 'o_stranger_1' })).toBe(0);
  });

  test('When the user is disabled, then login is refused', async () => {
    const c = await makeCommunity();
    const user = await makeUser(c._id, { roles: ['agent'], status: 'disabled' });
    const res = await stack.invoke('auth', 'login', { code: stack.wechat.mintCode(await linkWechat(user._id)) });
    expect(res).toMatchObject({ ok: false, error: { code: 'AUTH.NOT_REGISTERED' } });
  });

  test('When WeChat answers with a server error, then WECHAT.UNAVAILABLE (502) and no session', async () => {
    const { user } = await owner();
    const code = stack.wechat.mintCode(await linkWechat(user._id));
    stack.wechat.failNext('/sns/jscode2session', { httpStatus: 500 });

    const res = await stack.http('auth', { action: 'login', data: { code } });

    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'WECHAT.UNAVAILABLE' } });
    expect(await Session.countDocuments({ userId: user._id })).toBe(0);
  });

  test('When the code is empty or not a string, then 400 VALIDATION names the field', async () => {
    const empty = await stack.http('auth', { action: 'login', data: { code: '' } });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'code', message: '缺少登录凭证' }] } } });

    const wrongType = await stack.http('auth', { action: 'login', data: { code: 42 } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toMatchObject({ error: { code: 'VALIDATION', details: { issues: [{ path: 'code' }] } } });
  });
});

describe('sessions', () => {
  test('When a logged-in user asks auth.me, then their profile comes back; after logout the token no longer works', async () => {
    const { user } = await owner();
    const token = await loginAs(stack, user._id);

    const me = await stack.http('auth', { action: 'me' }, { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ ok: true, data: { name: '周业主' } });

    const out = await stack.http('auth', { action: 'logout' }, { token });
    expect(out.body).toMatchObject({ ok: true, data: { loggedOut: true } });

    const after = await stack.http('auth', { action: 'me' }, { token });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
  });

  test('When there is no token, then 401 AUTH.UNAUTHENTICATED; when it is forged, then 401 AUTH.INVALID', async () => {
    const { user } = await owner();
    const token = await loginAs(stack, user._id);
    const forged = token.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));

    const missing = await stack.http('auth', { action: 'me' });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ error: { code: 'AUTH.UNAUTHENTICATED' } });
    const res = await stack.http('auth', { action: 'me' }, { token: forged });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'AUTH.INVALID', message: '登录已失效，请重新登录' } });
  });

  test('When the session has expired, then 401 AUTH.INVALID saying so', async () => {
    const { user } = await owner();
    const token = await loginAs(stack, user._id);
    setClock(() => new Date(Date.now() + 8 * 24 * 3600_000));
    try {
      const res = await stack.invoke('auth', 'me', {}, token);
      expect(res).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID', message: '登录已过期，请重新登录' } });
    } finally {
      setClock();
    }
  });

  test('When a session is refreshed, then a new token works, the old one is dead, and it cannot be refreshed twice', async () => {
    const { user } = await owner();
    const old = await loginAs(stack, user._id);
    setClock(() => new Date(Date.now() + 6 * 24 * 3600_000)); // a day before expiry
    try {
      const refreshed = await stack.invoke('auth', 'refresh', {}, old);
      if (!refreshed.ok) throw new Error(refreshed.error.code);
      expect(refreshed.data.token).not.toBe(old);
      expect(new Date(refreshed.data.expiresAt).getTime()).toBeGreaterThan(Date.now() + 12 * 24 * 3600_000);

      expect(await stack.invoke('auth', 'me', {}, refreshed.data.token)).toMatchObject({ ok: true, data: { name: '周业主' } });
      expect(await stack.invoke('auth', 'me', {}, old)).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
      expect(await stack.invoke('auth', 'refresh', {}, old)).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
    } finally {
      setClock();
    }
  });

  test('When one token is refreshed twice at the same moment, then exactly one refresh succeeds', async () => {
    const { user } = await owner();
    const token = await loginAs(stack, user._id);
    const results = await Promise.all([stack.invoke('auth', 'refresh', {}, token), stack.invoke('auth', 'refresh', {}, token)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toMatchObject([{ error: { code: 'AUTH.INVALID' } }]);
  });

  test('When called through CloudBase, then the OPENID WeChat injects identifies the caller', async () => {
    const { user } = await owner();
    const openid = await linkWechat(user._id);

    const res = await auth({ action: 'me', userInfo: { openId: openid, appId: 'wx_demo_appid' } }, { request_id: 'cb-1' });
    expect(res).toMatchObject({ ok: true, data: { name: '周业主' } });

    const stranger = await auth({ action: 'me', userInfo: { openId: 'o_unknown' } }, {});
    expect(stranger).toMatchObject({ ok: false, error: { code: 'AUTH.NOT_REGISTERED', requestId: expect.any(String) } });
  });
});

describe('auth.loginOptions', () => {
  test('When the server runs against the fake WeChat server (demo mode), then the demo accounts are offered', async () => {
    const res = await stack.invoke('auth', 'loginOptions');
    expect(res).toMatchObject({ ok: true, data: { demo: true } });
    if (!res.ok) throw new Error('unreachable');
    expect(res.data.accounts.map((a) => a.code)).toEqual(['demo-owner', 'demo-owner2', 'demo-agent', 'demo-tech1', 'demo-tech2', 'demo-cashier', 'demo-manager']);
  });
});
