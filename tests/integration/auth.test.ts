import { ROTATION_GRACE_MS } from '../../cloud/modules/identity/session.service';
import { setClock } from '../../cloud/lib/clock';
import { main as auth } from '../../cloud/functions/auth';
import { Session, User, WechatIdentity } from '../../cloud/modules/identity/user.model';
import { cloudbaseContext } from '../helpers/cloudbase';
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
    expect(res.data.token).toMatch(/^v1\.[a-f0-9]{32}\.\d+\./);
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

  test('When a new WeChat user logs in, then they become a guest (no role, no community) who may only ask to bind a unit', async () => {
    const openid = `o_stranger_${Date.now()}`;
    const res = await stack.invoke('auth', 'login', { code: stack.wechat.mintCode(openid) });

    expect(res).toMatchObject({ ok: true, data: { me: { name: '微信用户', roles: ['guest'], communityId: '', communityName: '', communities: [], unitIds: [] } } });
    if (!res.ok) throw new Error('unreachable');
    const identity = await WechatIdentity.findOne({ openid });
    const guest = await User.findById(identity?.userId);
    expect(guest).toMatchObject({ name: '微信用户' });
    expect(guest?.communityId).toBeUndefined();
    expect(await stack.invoke('community', 'myHome', {}, res.data.token)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await stack.invoke('binding', 'options', {}, res.data.token)).toMatchObject({ ok: true });

    // The second login is the same person, not a second guest.
    const again = await stack.invoke('auth', 'login', { code: stack.wechat.mintCode(openid) });
    expect(again).toMatchObject({ ok: true, data: { me: { userId: String(guest?._id) } } });
    expect(await WechatIdentity.countDocuments({ openid })).toBe(1);
  });

  test('When a new WeChat user logs in twice at the same moment, then one identity and one user exist', async () => {
    const openid = `o_race_${Date.now()}`;
    const usersBefore = await User.countDocuments();
    const results = await Promise.all([1, 2, 3].map(() => stack.invoke('auth', 'login', { code: stack.wechat.mintCode(openid) })));
    expect(results.every((r) => r.ok)).toBe(true);
    const ids = new Set(results.map((r) => (r.ok ? r.data.me.userId : '')));
    expect(ids.size).toBe(1);
    expect(await WechatIdentity.countDocuments({ openid })).toBe(1);
    // The losers of the race dropped their spare guest users.
    expect(await User.countDocuments()).toBe(usersBefore + 1);
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
      // Once the grace for requests in flight has passed, the old token is dead.
      setClock(() => new Date(Date.now() + 6 * 24 * 3600_000 + ROTATION_GRACE_MS + 1000));
      expect(await stack.invoke('auth', 'refresh', {}, old)).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
      expect(await stack.invoke('auth', 'me', {}, old)).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
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

  test('When called through CloudBase, then the OPENID of the WX context identifies the caller', async () => {
    const { user } = await owner();
    const openid = await linkWechat(user._id);

    const res = await auth({ action: 'me' }, cloudbaseContext({ openid }));
    expect(res).toMatchObject({ ok: true, data: { name: '周业主' } });

    const stranger = await auth({ action: 'me' }, cloudbaseContext({ openid: `o_unknown_${Date.now()}` }));
    expect(stranger).toMatchObject({ ok: true, data: { roles: ['guest'] } });

    const anonymous = await auth({ action: 'me' }, cloudbaseContext());
    expect(anonymous).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED', requestId: expect.any(String) } });
  });
});

describe('auth.loginOptions', () => {
  test('When the server runs against the fake WeChat server (demo mode), then the demo accounts are offered', async () => {
    const res = await stack.invoke('auth', 'loginOptions');
    expect(res).toMatchObject({ ok: true, data: { demo: true } });
    if (!res.ok) throw new Error('unreachable');
    expect(res.data.accounts.map((a) => a.code)).toEqual(['demo-owner', 'demo-owner2', 'demo-agent', 'demo-agent2', 'demo-tech1', 'demo-tech2', 'demo-cashier', 'demo-manager', 'demo-buyer']);
    expect(res.data.newUserCodePrefix).toBe('demo-guest-');
  });
});

describe('managers of several communities', () => {
  async function twoCommunityManager() {
    const a = await makeCommunity({ name: '东区小区' });
    const b = await makeCommunity({ name: '西区小区' });
    const c = await makeCommunity({ name: '别家小区' });
    const manager = await makeUser(a._id, { roles: ['manager', 'agent'], name: '两区主管' });
    await User.updateOne({ _id: manager._id }, { $set: { communityIds: [b._id] } });
    return { a, b, c, manager };
  }

  test('When a manager of two communities logs in, then the home one is active and both are offered', async () => {
    const { a, b, manager } = await twoCommunityManager();
    const res = await stack.invoke('auth', 'login', { code: stack.wechat.mintCode(await linkWechat(manager._id)) });
    expect(res).toMatchObject({
      ok: true,
      data: { me: { communityId: String(a._id), communityName: '东区小区', communities: [{ id: String(a._id), name: '东区小区' }, { id: String(b._id), name: '西区小区' }] } },
    });
  });

  test('When the manager switches community, then a new token works in the other community with the manager role only, and the old token stops', async () => {
    const { b, manager } = await twoCommunityManager();
    const token = await loginAs(stack, manager._id);

    const res = await stack.invoke('auth', 'switchCommunity', { communityId: String(b._id) }, token);

    expect(res).toMatchObject({ ok: true, data: { me: { communityId: String(b._id), communityName: '西区小区', roles: ['manager'] } } });
    if (!res.ok || !res.data.token) throw new Error('no token');
    const overview = await stack.invoke('community', 'overview', {}, res.data.token);
    expect(overview).toMatchObject({ ok: true, data: { community: { name: '西区小区' } } });
    expect(await Session.countDocuments({ userId: manager._id, communityId: b._id, revokedAt: { $exists: false } })).toBe(1);
    // After the grace for requests in flight the old token is dead; presenting it again counts as reuse of a rotated-away token (see session-hardening.test.ts).
    setClock(() => new Date(Date.now() + ROTATION_GRACE_MS + 1000));
    try {
      expect(await stack.invoke('auth', 'me', {}, token)).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
    } finally {
      setClock();
    }
  });

  test('When a manager asks for a community they do not belong to, then 404 and the session is unchanged', async () => {
    const { c, manager } = await twoCommunityManager();
    const token = await loginAs(stack, manager._id);
    const res = await stack.invoke('auth', 'switchCommunity', { communityId: String(c._id) }, token);
    expect(res).toMatchObject({ ok: false, error: { code: 'COMMUNITY.NOT_FOUND' } });
    expect(await stack.invoke('auth', 'me', {}, token)).toMatchObject({ ok: true });
  });

  test('When a CloudBase manager switches community, then their WeChat identity keeps the choice', async () => {
    const { b, manager } = await twoCommunityManager();
    const openid = await linkWechat(manager._id);
    const res = await auth({ action: 'switchCommunity', data: { communityId: String(b._id) } }, cloudbaseContext({ openid }));
    expect(res).toMatchObject({ ok: true, data: { me: { communityId: String(b._id) } } });
    expect(res.ok ? Object.keys(res.data as object).sort() : res.error).toEqual(['me']); // no token: CloudBase identifies by OPENID
    expect(await auth({ action: 'me' }, cloudbaseContext({ openid }))).toMatchObject({ ok: true, data: { communityName: '西区小区' } });
  });

  test('When an agent (not a manager) tries to switch, then 403', async () => {
    const a = await makeCommunity();
    const agent = await makeUser(a._id, { roles: ['agent'] });
    const token = await loginAs(stack, agent._id);
    expect(await stack.invoke('auth', 'switchCommunity', { communityId: String(a._id) }, token)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });
});
