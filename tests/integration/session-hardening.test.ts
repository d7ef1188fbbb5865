import { ROTATION_GRACE_MS } from '../../cloud/modules/identity/session.service';
import { createHmac } from 'node:crypto';
import { setClock } from '../../cloud/lib/clock';
import { getConfig, PUBLISHED_SESSION_SECRET, resetConfig } from '../../cloud/lib/config';
import { issueToken } from '../../cloud/lib/session-token';
import { functions } from '../../cloud/functions';
import { Session, User } from '../../cloud/modules/identity/user.model';
import { linkWechat, loginAs, makeBuilding, makeCommunity, makeUnit, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Sessions an attacker cannot forge, guess or keep: no known secret (a token or photo link signed
 * with the development secret earlier versions published is refused), random 128-bit session ids,
 * a refreshed-away token presented again ends the whole login, and logins are rate limited (failed
 * codes per client address, logins per WeChat user).
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterEach(() => setClock());
afterAll(async () => {
  setClock();
  await stack.stop();
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

async function owner() {
  const c = await makeCommunity({ name: '安全测试小区' });
  const b = await makeBuilding(c._id);
  const u = await makeUnit(c._id, b._id, { room: '0801' });
  const user = await makeUser(c._id, { roles: ['owner'], unitIds: [u._id], name: '钱业主' });
  return { c, u, user };
}

const sessionIdOf = (token: string) => token.split('.')[1];

/** A token for `sessionId`, signed with `secret` (what an attacker who knows the secret would make). */
function forge(sessionId: string, secret: string, expiresAt = new Date(Date.now() + 10 * 365 * 24 * 3600_000)): string {
  return issueToken({ sessionId, expiresAt }, secret);
}

/** Moves the clock to 1 s into the next window of `windowMs` (so a test's events share one window); returns that time. */
function startOfNextWindow(windowMs: number): number {
  const t = (Math.floor(Date.now() / windowMs) + 1) * windowMs + 1000;
  setClock(() => new Date(t));
  return t;
}

/** Log in through the gateway's context with a client address (as `POST /fn/auth` does). */
function loginFrom(clientIp: string, code: string) {
  return functions.auth({ action: 'login', data: { code } }, { transport: 'gateway', requestId: `login-${Date.now()}`, clientIp });
}

describe('no known session secret', () => {
  test('When a token for a real session is signed with the old published development secret, then it is refused with 401 AUTH.INVALID', async () => {
    const { user } = await owner();
    const real = await loginAs(stack, user._id);
    const sid = sessionIdOf(real);
    // The session is real and alive: the same claims signed with this server's secret work…
    expect((await stack.http('auth', { action: 'me' }, { token: forge(sid, getConfig().sessionSecret) })).status).toBe(200);

    // …but signed with the secret anyone could read in the old source, they do not.
    const res = await stack.http('auth', { action: 'me' }, { token: forge(sid, PUBLISHED_SESSION_SECRET) });

    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
  });

  test('When a photo link is signed with the old published development secret, then the gateway does not serve the photo', async () => {
    const { user } = await owner();
    const token = await loginAs(stack, user._id);
    const up = await stack.invoke('files', 'upload', { purpose: 'repair', fileName: 'a.png', contentBase64: PNG.toString('base64') }, token);
    if (!up.ok) throw new Error(up.error.code);
    expect((await fetch(`${stack.baseUrl}${up.data.url}`)).status).toBe(200);

    // The 10-year link the old secret allowed.
    const exp = Date.now() + 10 * 365 * 24 * 3600_000;
    const sig = createHmac('sha256', PUBLISHED_SESSION_SECRET).update(`file:${up.data.id}:${exp}`).digest('base64url');
    const forged = await fetch(`${stack.baseUrl}/files/${up.data.id}?exp=${exp}&sig=${sig}`);

    expect(forged.status).toBe(404);
    expect(await forged.json()).toMatchObject({ ok: false, error: { code: 'FILE.NOT_FOUND' } });
  });

  test.each([
    ['unset', undefined],
    ['the old published development value', PUBLISHED_SESSION_SECRET],
  ])('When SESSION_SECRET is %s outside npm start, then a cloud function refuses every call, naming SESSION_SECRET', async (_label, value) => {
    const kept = process.env.SESSION_SECRET;
    if (value === undefined) delete process.env.SESSION_SECRET;
    else process.env.SESSION_SECRET = value;
    resetConfig();
    try {
      await expect(functions.auth({ action: 'loginOptions' }, { request_id: 'cb-no-secret' })).rejects.toThrow('SESSION_SECRET');
    } finally {
      process.env.SESSION_SECRET = kept;
      resetConfig();
    }
    expect(await functions.auth({ action: 'loginOptions' }, { request_id: 'cb-secret' })).toMatchObject({ ok: true });
  });
});

describe('session ids', () => {
  test('When a user logs in twice, then each session id is 32 random hex digits, stored as the session, and the two are unrelated', async () => {
    const { user } = await owner();
    const first = sessionIdOf(await loginAs(stack, user._id));
    const second = sessionIdOf(await loginAs(stack, user._id));

    expect(first).toMatch(/^[a-f0-9]{32}$/);
    expect(second).toMatch(/^[a-f0-9]{32}$/);
    expect(await Session.findById(first).lean()).toMatchObject({ userId: user._id, chainId: first });
    // ObjectIds made one after the other share their first 8+ digits (time, machine, counter); these share nothing.
    const common = [...first].findIndex((ch, i) => ch !== second[i]);
    expect(common).toBeLessThan(8);
  });

  test('When a token carries a session id next to a real one (ObjectId-style guessing), then it is refused', async () => {
    const { user } = await owner();
    const sid = sessionIdOf(await loginAs(stack, user._id));
    const neighbour = (BigInt(`0x${sid}`) + 1n).toString(16).padStart(32, '0');
    const res = await stack.http('auth', { action: 'me' }, { token: forge(neighbour, getConfig().sessionSecret) });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'AUTH.INVALID' } });
  });
});

describe('session chains', () => {
  test('When a token that was refreshed away is used again, then 401 and every session of that login is revoked, but not the user’s other logins', async () => {
    const { user } = await owner();
    const a = await loginAs(stack, user._id);
    const otherLogin = await loginAs(stack, user._id);
    const refreshed = await stack.invoke('auth', 'refresh', {}, a);
    if (!refreshed.ok) throw new Error(refreshed.error.code);
    const b = refreshed.data.token;
    const again = await stack.invoke('auth', 'refresh', {}, b);
    if (!again.ok) throw new Error(again.error.code);
    const c = again.data.token;
    expect(await stack.invoke('auth', 'me', {}, c)).toMatchObject({ ok: true });
    setClock(() => new Date(Date.now() + ROTATION_GRACE_MS + 1000));

    const reuse = await stack.http('auth', { action: 'me' }, { token: a });

    expect(reuse.status).toBe(401);
    expect(reuse.body).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
    expect(await stack.invoke('auth', 'me', {}, c)).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
    expect(await stack.invoke('auth', 'me', {}, b)).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
    expect(await stack.invoke('auth', 'refresh', {}, c)).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
    expect(await stack.invoke('auth', 'me', {}, otherLogin)).toMatchObject({ ok: true, data: { name: '钱业主' } });
    const chain = await Session.find({ chainId: sessionIdOf(a) }).lean();
    expect(chain.map((s) => [s._id, s.revokedReason])).toEqual(
      expect.arrayContaining([
        [sessionIdOf(a), 'rotated'],
        [sessionIdOf(b), 'rotated'],
        [sessionIdOf(c), 'reuse'],
      ]),
    );
    expect(chain).toHaveLength(3);
  });

  test('When a manager’s token from before a community switch is used again, then the switched session dies too', async () => {
    const a = await makeCommunity({ name: '甲区' });
    const b = await makeCommunity({ name: '乙区' });
    const manager = await makeUser(a._id, { roles: ['manager'], name: '两区经理' });
    await User.updateOne({ _id: manager._id }, { $set: { communityIds: [b._id] } });
    const before = await loginAs(stack, manager._id);
    const switched = await stack.invoke('auth', 'switchCommunity', { communityId: String(b._id) }, before);
    if (!switched.ok || !switched.data.token) throw new Error('no token');
    setClock(() => new Date(Date.now() + ROTATION_GRACE_MS + 1000));

    expect(await stack.invoke('auth', 'me', {}, before)).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
    expect(await stack.invoke('auth', 'me', {}, switched.data.token)).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
  });

  test('When a request sent just before a refresh arrives after it with the old token, then it still works and nothing is revoked', async () => {
    const { user } = await owner();
    const a = await loginAs(stack, user._id);
    const refreshed = await stack.invoke('auth', 'refresh', {}, a);
    if (!refreshed.ok) throw new Error(refreshed.error.code);

    setClock(() => new Date(Date.now() + ROTATION_GRACE_MS - 5000));
    expect(await stack.invoke('auth', 'me', {}, a)).toMatchObject({ ok: true, data: { name: '钱业主' } });
    expect(await stack.invoke('auth', 'me', {}, refreshed.data.token)).toMatchObject({ ok: true });
    // The old token cannot be refreshed a second time, even within the grace.
    expect(await stack.invoke('auth', 'refresh', {}, a)).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
    expect(await Session.countDocuments({ chainId: sessionIdOf(a), revokedReason: 'reuse' })).toBe(0);
  });

  test('When a logged-out token is used again, then 401 and the user’s other sessions are untouched', async () => {
    const { user } = await owner();
    const t = await loginAs(stack, user._id);
    const other = await loginAs(stack, user._id);
    await stack.invoke('auth', 'logout', {}, t);

    expect(await stack.invoke('auth', 'me', {}, t)).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
    expect(await stack.invoke('auth', 'me', {}, other)).toMatchObject({ ok: true });
    expect(await Session.findById(sessionIdOf(t)).lean()).toMatchObject({ revokedReason: 'logout' });
  });
});

describe('login limits', () => {
  test('When one client address sends 20 invalid codes, then its next login (even with a valid code) is 429 RATE.LIMITED until its 10-minute window has passed; other addresses are unaffected', async () => {
    const { user } = await owner();
    const openid = await linkWechat(user._id);
    const ip = '203.0.113.7';
    const t = startOfNextWindow(10 * 60_000);
    for (let i = 0; i < 20; i++) expect(await loginFrom(ip, `bad-code-${i}`)).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID_CODE' } });

    const valid = stack.wechat.mintCode(openid);
    const limited = await loginFrom(ip, valid);
    expect(limited).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED', details: { retryAfterSeconds: expect.any(Number) } } });
    const retryAfter = limited.ok ? 0 : Number(limited.error.details?.retryAfterSeconds);
    expect(retryAfter).toBe(10 * 60 - 1); // until the 10-minute window ends
    // Refused before WeChat was asked (the code is not spent).
    expect(stack.wechat.requests().filter((r) => r.path === '/sns/jscode2session' && r.query.js_code === valid)).toHaveLength(0);
    expect(await loginFrom('198.51.100.9', stack.wechat.mintCode(openid))).toMatchObject({ ok: true });

    setClock(() => new Date(t + 10 * 60_000));
    try {
      expect(await loginFrom(ip, stack.wechat.mintCode(openid))).toMatchObject({ ok: true });
    } finally {
      setClock();
    }
  });

  test('When 30 invalid codes from one address arrive at once, then exactly 20 reach WeChat and the rest are 429', async () => {
    const ip = '192.0.2.30';
    startOfNextWindow(10 * 60_000);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => loginFrom(ip, `burst-${i}`))).finally(() => setClock());

    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'AUTH.INVALID_CODE')).toHaveLength(20);
    expect(codes.filter((c) => c === 'RATE.LIMITED')).toHaveLength(10);
    expect(stack.wechat.requests().filter((r) => r.path === '/sns/jscode2session' && String(r.query.js_code).startsWith('burst-'))).toHaveLength(20);
  });

  test('When invalid codes arrive over HTTP past the limit, then the answer is 429 with a Retry-After header', async () => {
    startOfNextWindow(10 * 60_000);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await stack.http('auth', { action: 'login', data: { code: `http-bad-${i}` } })).status);
    expect(statuses).toEqual(Array(20).fill(401));

    const res = await stack.http('auth', { action: 'login', data: { code: `http-bad-20` } });

    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED' } });
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBe((res.body.error as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds);
    expect(retryAfter).toBeGreaterThan(0);
    setClock();
    // 127.0.0.1 may not log in over HTTP in that window: no later test of this file moves the clock there.
  });

  test('When one WeChat user logs in 30 times within the hour, then the 31st login is 429 RATE.LIMITED (no session made) until the hour has passed; another user is unaffected', async () => {
    const { user } = await owner();
    const openid = await linkWechat(user._id);
    const t = startOfNextWindow(3600_000);
    for (let i = 0; i < 30; i++) expect(await stack.invoke('auth', 'login', { code: stack.wechat.mintCode(openid) })).toMatchObject({ ok: true });
    const sessions = await Session.countDocuments({ userId: user._id });

    const limited = await stack.invoke('auth', 'login', { code: stack.wechat.mintCode(openid) });

    expect(limited).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED', details: { retryAfterSeconds: expect.any(Number) } } });
    expect(await Session.countDocuments({ userId: user._id })).toBe(sessions);
    const someoneElse = await owner();
    expect(await stack.invoke('auth', 'login', { code: stack.wechat.mintCode(await linkWechat(someoneElse.user._id)) })).toMatchObject({ ok: true });
    setClock(() => new Date(t + 3600_000));
    try {
      expect(await stack.invoke('auth', 'login', { code: stack.wechat.mintCode(openid) })).toMatchObject({ ok: true });
    } finally {
      setClock();
    }
  });
});
