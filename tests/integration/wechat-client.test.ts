import { randomBytes } from 'node:crypto';
import { now, setClock } from '../../cloud/lib/clock';
import { createWechatClient, WechatApiError, type WechatClientOptions } from '../../cloud/lib/wechat/client';
import { startFakeWechat, type FakeWechatOptions, type FakeWechatServer } from '../../cloud/lib/wechat/fake-server';
import { WechatToken } from '../../cloud/lib/wechat/token-store';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The mini-program client against the fake WeChat server and the real database (token cache).
 * Each test starts its own fake server with its own app id, so token caches never mix.
 */
const REPAIR_DONE = 'tpl_repair_done_0001';
const TEMPLATES: FakeWechatOptions['subscribeTemplates'] = {
  [REPAIR_DONE]: { character_string1: 'character_string', thing12: 'thing', phrase3: 'phrase', time4: 'time' },
};
const GOOD_DATA = { character_string1: 'BX-20261127-0001', thing12: '厨房水管漏水', phrase3: '已完成', time4: '2026-11-27 10:30' };
const SEND = '/cgi-bin/message/subscribe/send';

let stack: Stack;
const fakes: FakeWechatServer[] = [];
const fetchedUrls: string[] = [];
const realFetch = globalThis.fetch;

beforeAll(async () => {
  stack = await startStack();
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    fetchedUrls.push(input instanceof Request ? input.url : String(input));
    return realFetch(input, init);
  }) as typeof fetch;
});
afterEach(() => setClock());
afterAll(async () => {
  globalThis.fetch = realFetch;
  await Promise.all(fakes.map((f) => f.close()));
  await stack.stop();
});

async function fake(extra: Partial<FakeWechatOptions> = {}) {
  const appId = `wx_test_${randomBytes(4).toString('hex')}`;
  const f = await startFakeWechat({ appId, secret: 'test_secret', subscribeTemplates: TEMPLATES, ...extra });
  fakes.push(f);
  const client = (o: Partial<WechatClientOptions> = {}) =>
    createWechatClient({ appId, secret: 'test_secret', baseUrl: f.baseUrl, timeoutMs: 300, retryAttempts: 3, retryBaseMs: 5, ...o });
  const calls = (path: string) => f.requests().filter((r) => r.path === path);
  return { f, appId, client, calls };
}

async function thrown(p: Promise<unknown>): Promise<WechatApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WechatApiError) return err;
    throw err;
  }
  throw new Error('expected a WechatApiError');
}

describe('access token', () => {
  test('When two client instances need a token, then one stable_token call serves both and the token is in MongoDB', async () => {
    const { appId, client, calls } = await fake();

    const a = await client().accessToken();
    const b = await client().accessToken();

    expect(b).toBe(a);
    expect(calls('/cgi-bin/stable_token')).toHaveLength(1);
    expect(calls('/cgi-bin/stable_token')[0].body).toEqual({ grant_type: 'client_credential', appid: appId, secret: 'test_secret', force_refresh: false });
    const stored = await WechatToken.findById(`mp:${appId}`).lean();
    expect(stored?.token).toBe(a);
    expect(stored!.expiresAt.getTime() - now().getTime()).toBeGreaterThan(7190_000);
  });

  test('When less than 5 minutes of the token are left, then it is refreshed before it expires', async () => {
    const { appId, client, calls } = await fake();
    const first = await client().accessToken();
    const start = Date.now();

    setClock(() => new Date(start + 3600_000));
    expect(await client().accessToken()).toBe(first);
    expect(calls('/cgi-bin/stable_token')).toHaveLength(1);

    setClock(() => new Date(start + (7200 - 240) * 1000));
    const second = await client().accessToken();

    expect(second).not.toBe(first);
    expect(calls('/cgi-bin/stable_token')).toHaveLength(2);
    expect((await WechatToken.findById(`mp:${appId}`).lean())?.token).toBe(second);
  });

  test('When the secret is wrong, then stable_token fails with a typed error and nothing is cached', async () => {
    const { appId, client } = await fake();
    const e = await thrown(client({ secret: 'wrong' }).accessToken());
    expect(e).toMatchObject({ errcode: 40125, kind: 'other', retryable: false });
    expect(await WechatToken.countDocuments({ _id: `mp:${appId}` })).toBe(0);
  });
});

describe('subscribeMessage.send', () => {
  test('When a message is sent, then WeChat gets template_id, page, {value} data, miniprogram_state and lang, and records it', async () => {
    const { f, client, calls } = await fake();

    const sent = await client({ miniprogramState: 'developer' }).sendSubscribeMessage({ touser: 'o_owner_1', templateId: REPAIR_DONE, page: 'pages/repairs/detail?id=1', data: GOOD_DATA });

    expect(sent.msgid).toEqual(expect.any(Number));
    expect(calls(SEND)[0].body).toEqual({
      touser: 'o_owner_1',
      template_id: REPAIR_DONE,
      page: 'pages/repairs/detail?id=1',
      data: { character_string1: { value: 'BX-20261127-0001' }, thing12: { value: '厨房水管漏水' }, phrase3: { value: '已完成' }, time4: { value: '2026-11-27 10:30' } },
      miniprogram_state: 'developer',
      lang: 'zh_CN',
    });
    expect(f.messages()).toEqual([
      expect.objectContaining({ api: 'subscribe', touser: 'o_owner_1', templateId: REPAIR_DONE, page: 'pages/repairs/detail?id=1', miniprogramState: 'developer', data: GOOD_DATA }),
    ]);
    const overHttp = (await (await fetch(`${f.baseUrl}/__fake/messages`)).json()) as { touser: string }[];
    expect(overHttp.map((m) => m.touser)).toEqual(['o_owner_1']);
  });

  test('When WeChat says the token is invalid (40001), then the client forces a new token and retries once', async () => {
    const { f, appId, client, calls } = await fake();
    const old = await client().accessToken();
    f.revokeTokens();

    await client().sendSubscribeMessage({ touser: 'o_1', templateId: REPAIR_DONE, data: GOOD_DATA });

    expect(calls(SEND)).toHaveLength(2);
    expect(calls('/cgi-bin/stable_token').map((r) => (r.body as { force_refresh: boolean }).force_refresh)).toEqual([false, true]);
    const stored = await WechatToken.findById(`mp:${appId}`).lean();
    expect(stored?.token).not.toBe(old);
    expect(calls(SEND)[1].query.access_token).toBe(stored?.token);
    expect(f.messages()).toHaveLength(1);
  });

  test('When the token has expired on WeChat (42001), then the client refreshes and retries once', async () => {
    const { f, client, calls } = await fake();
    await client().accessToken();
    f.expireTokens();

    await client().sendSubscribeMessage({ touser: 'o_1', templateId: REPAIR_DONE, data: GOOD_DATA });

    expect(calls(SEND)).toHaveLength(2);
    expect(f.requests().filter((r) => r.path === SEND).length).toBe(2);
    expect(f.messages()).toHaveLength(1);
  });

  test('When the token is refused twice in a row, then a token error comes back after one retry', async () => {
    const { f, client, calls } = await fake();
    f.failNext(SEND, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' }, 2);

    const e = await thrown(client().sendSubscribeMessage({ touser: 'o_1', templateId: REPAIR_DONE, data: GOOD_DATA }));

    expect(e).toMatchObject({ errcode: 40001, kind: 'token' });
    expect(calls(SEND)).toHaveLength(2);
    expect(f.messages()).toHaveLength(0);
  });

  test.each([
    ['45009 (quota)', { errcode: 45009, errmsg: 'reach max api daily quota limit' }],
    ['-1 (system busy)', { errcode: -1, errmsg: 'system error' }],
    ['HTTP 500', { httpStatus: 500 }],
    ['a timeout', { hangMs: 1000 }],
  ])('When WeChat answers %s twice, then the client backs off, retries and the third attempt is delivered', async (_name, failure) => {
    const { f, client, calls } = await fake();
    await client().accessToken();
    f.failNext(SEND, failure, 2);

    await client().sendSubscribeMessage({ touser: 'o_1', templateId: REPAIR_DONE, data: GOOD_DATA });

    expect(calls(SEND)).toHaveLength(3);
    expect(f.messages()).toHaveLength(1);
  });

  test('When WeChat keeps failing with 5xx, then a retryable system error comes back after the last attempt, with growing delays', async () => {
    const { f, client, calls } = await fake();
    await client().accessToken();
    f.failNext(SEND, { httpStatus: 502 }, 3);
    const started = Date.now();

    const e = await thrown(client({ retryBaseMs: 40 }).sendSubscribeMessage({ touser: 'o_1', templateId: REPAIR_DONE, data: GOOD_DATA }));

    expect(e).toMatchObject({ errcode: -1, kind: 'system', retryable: true, transport: { httpStatus: 502 } });
    expect(calls(SEND)).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(0.75 * (40 + 80));
  });

  test('When WeChat keeps answering 45009, then a retryable quota error comes back', async () => {
    const { f, client } = await fake();
    f.failNext(SEND, { errcode: 45009, errmsg: 'reach max api daily quota limit' }, 3);
    const e = await thrown(client().sendSubscribeMessage({ touser: 'o_1', templateId: REPAIR_DONE, data: GOOD_DATA }));
    expect(e).toMatchObject({ errcode: 45009, kind: 'quota', retryable: true });
  });

  test('When 30 % of calls fail at random (-1 or 503), then every message still gets through', async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const { f, client } = await fake({ random });
    f.failRandomly(SEND, 0.3, [{ errcode: -1 }, { httpStatus: 503 }]);
    const c = client({ retryAttempts: 5, retryBaseMs: 1 });

    for (let i = 0; i < 15; i++) await c.sendSubscribeMessage({ touser: `o_${i}`, templateId: REPAIR_DONE, data: GOOD_DATA });

    expect(f.messages()).toHaveLength(15);
    expect(f.requests().filter((r) => r.path === SEND).length).toBeGreaterThan(15);
    f.stopFailing();
  });

  test('When the template id is unknown, then bad-template (40037), not retried', async () => {
    const { client, calls } = await fake();
    const e = await thrown(client().sendSubscribeMessage({ touser: 'o_1', templateId: 'tpl_nope', data: GOOD_DATA }));
    expect(e).toMatchObject({ errcode: 40037, kind: 'bad-template', retryable: false });
    expect(calls(SEND)).toHaveLength(1);
  });

  test('When the user has no subscription left (43101), then not-subscribed, not retried', async () => {
    const { f, client, calls } = await fake();
    f.failNext(SEND, { errcode: 43101, errmsg: 'user refuse to accept the msg' });
    const e = await thrown(client().sendSubscribeMessage({ touser: 'o_1', templateId: REPAIR_DONE, data: GOOD_DATA }));
    expect(e).toMatchObject({ errcode: 43101, kind: 'not-subscribed', retryable: false });
    expect(calls(SEND)).toHaveLength(1);
    expect(f.messages()).toHaveLength(0);
  });

  test.each([
    ['a key without its number (thing instead of thing12)', 'thing12', { ...omit(GOOD_DATA, 'thing12'), thing: '厨房水管漏水' }],
    ['a thing longer than 20 characters', 'thing12', { ...GOOD_DATA, thing12: '厨房水管漏水已经三天了楼下邻居家天花板也开始滴水了' }],
    ['a phrase that is not Chinese', 'phrase3', { ...GOOD_DATA, phrase3: 'done' }],
    ['a time that is not a time', 'time4', { ...GOOD_DATA, time4: '明天上午' }],
  ])('When the data has %s, then bad-data (47003) naming %s', async (_name, field, data) => {
    const { f, client } = await fake();
    const e = await thrown(client().sendSubscribeMessage({ touser: 'o_1', templateId: REPAIR_DONE, data }));
    expect(e).toMatchObject({ errcode: 47003, kind: 'bad-data', field, retryable: false });
    expect(e.errmsg).toContain(`data.${field}`);
    expect(f.messages()).toHaveLength(0);
  });
});

describe('msgSecCheck', () => {
  test('When the text is ordinary, then pass (label 100) with a trace id; the request is version 2 with scene and openid', async () => {
    const { client, calls } = await fake();
    const r = await client().msgSecCheck({ content: '楼道灯坏了，麻烦来修一下', openid: 'o_1', scene: 2 });
    expect(r).toMatchObject({ suggest: 'pass', label: 100 });
    expect(r.traceId).not.toBe('');
    expect(calls('/wxa/msg_sec_check')[0].body).toEqual({ content: '楼道灯坏了，麻烦来修一下', version: 2, scene: 2, openid: 'o_1' });
  });

  test('When the text contains a forbidden word, then risky', async () => {
    const { client } = await fake();
    expect(await client().msgSecCheck({ content: '这里有测试违规词', openid: 'o_1', scene: 1 })).toMatchObject({ suggest: 'risky', label: 20006 });
    expect(await client().msgSecCheck({ content: '这里有测试可疑词', openid: 'o_1', scene: 1 })).toMatchObject({ suggest: 'review' });
  });

  test('When someone calls the fake with version 1, then it refuses like WeChat does (47001)', async () => {
    const { client, f } = await fake();
    const token = await client().accessToken();
    const res = await fetch(`${f.baseUrl}/wxa/msg_sec_check?access_token=${token}`, { method: 'POST', body: JSON.stringify({ content: 'x', openid: 'o_1', scene: 1 }) });
    expect(await res.json()).toMatchObject({ errcode: 47001 });
  });
});

describe('code2Session', () => {
  test('When a login code is bad, then bad-code (40029), and the call is not retried', async () => {
    const { client, calls } = await fake();
    const e = await thrown(client().code2Session('bad'));
    expect(e).toMatchObject({ errcode: 40029, kind: 'bad-code' });
    expect(calls('/sns/jscode2session')).toHaveLength(1);
  });
});

describe('network (runs last)', () => {
  test('When all these tests ran, then every WeChat request went to 127.0.0.1', () => {
    expect(fetchedUrls.length).toBeGreaterThan(20);
    for (const url of fetchedUrls) expect(new URL(url).hostname).toBe('127.0.0.1');
  });
});

function omit<T extends Record<string, string>>(o: T, key: keyof T): Record<string, string> {
  const { [key]: _dropped, ...rest } = o;
  return rest;
}
