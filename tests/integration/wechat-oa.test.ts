import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { WechatApiError } from '../../cloud/lib/wechat/client';
import { startFakeWechat, type FakeWechatServer } from '../../cloud/lib/wechat/fake-server';
import { createOfficialAccount, type OfficialAccountOptions } from '../../cloud/lib/wechat/official-account';
import { WechatToken } from '../../cloud/lib/wechat/token-store';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Official-account template messages: `wechat-api` behind the promise adapter, against the fake
 * WeChat server, with the token kept in the real database.
 */
const BILL_DUE = 'oa_tpl_bill_due_0001';
const DATA = { first: '您有一笔物业费待缴', keyword1: '1栋1单元1502', keyword2: '1280.00元', remark: '点击查看详情' };
const SEND = '/cgi-bin/message/template/send';
const MP_APPID = 'wx_test_miniprogram';

let stack: Stack;
const fakes: FakeWechatServer[] = [];
const requestedHosts: string[] = [];
let requestSpy: jest.SpyInstance;

beforeAll(async () => {
  stack = await startStack();
  const original = http.request.bind(http);
  requestSpy = jest.spyOn(http, 'request').mockImplementation(((...args: Parameters<typeof http.request>) => {
    const o = args[0] as http.RequestOptions | string | URL;
    requestedHosts.push(typeof o === 'string' ? new URL(o).hostname : o instanceof URL ? o.hostname : String(o.hostname ?? o.host));
    return (original as (...a: unknown[]) => http.ClientRequest)(...args);
  }) as typeof http.request);
});
afterAll(async () => {
  requestSpy.mockRestore();
  await Promise.all(fakes.map((f) => f.close()));
  await stack.stop();
});

async function fake() {
  const oaAppId = `wx_oa_${randomBytes(4).toString('hex')}`;
  const f = await startFakeWechat({ appId: MP_APPID, secret: 's', oaAppId, oaSecret: 'oa_secret', oaTemplates: { [BILL_DUE]: ['first', 'keyword1', 'keyword2', 'remark'] } });
  fakes.push(f);
  const oa = (o: Partial<OfficialAccountOptions> = {}) =>
    createOfficialAccount({ appId: oaAppId, secret: 'oa_secret', baseUrl: f.baseUrl, timeoutMs: 300, retryAttempts: 3, retryBaseMs: 5, ...o });
  const calls = (path: string) => f.requests().filter((r) => r.path === path);
  return { f, oaAppId, oa, calls };
}

const message = (extra: Partial<Parameters<ReturnType<typeof createOfficialAccount>['sendTemplate']>[0]> = {}) => ({
  touser: 'oa_openid_1',
  templateId: BILL_DUE,
  miniprogram: { appid: MP_APPID, pagepath: 'pages/bills/index?unit=1502' },
  data: DATA,
  ...extra,
});

async function thrown(p: Promise<unknown>): Promise<WechatApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WechatApiError) return err;
    throw err;
  }
  throw new Error('expected a WechatApiError');
}

test('When a template message with a mini-program jump is sent, then WeChat records it and the token is kept in MongoDB for the next instance', async () => {
  const { f, oaAppId, oa, calls } = await fake();

  const { msgid } = await oa().sendTemplate(message());
  await oa().sendTemplate(message({ touser: 'oa_openid_2' }));

  expect(msgid).toBeGreaterThan(0);
  expect(f.messages()).toEqual([
    expect.objectContaining({ api: 'oa-template', touser: 'oa_openid_1', templateId: BILL_DUE, miniprogram: { appid: MP_APPID, pagepath: 'pages/bills/index?unit=1502' }, data: DATA }),
    expect.objectContaining({ touser: 'oa_openid_2' }),
  ]);
  expect(calls(SEND)[0].body).toMatchObject({ data: { first: { value: '您有一笔物业费待缴' } } });
  expect(calls('/cgi-bin/token')).toHaveLength(1);
  expect(calls('/cgi-bin/token')[0].query).toMatchObject({ grant_type: 'client_credential', appid: oaAppId, secret: 'oa_secret' });
  const stored = await WechatToken.findById(`oa:${oaAppId}`).lean();
  expect(calls(SEND).every((r) => r.query.access_token === stored?.token)).toBe(true);
});

test('When the stored token has expired on WeChat (42001), then the adapter drops it, gets a new one and retries once', async () => {
  const { f, oaAppId, oa, calls } = await fake();
  await oa().sendTemplate(message());
  const old = (await WechatToken.findById(`oa:${oaAppId}`).lean())?.token;
  f.expireTokens();

  await oa().sendTemplate(message({ touser: 'oa_openid_2' }));

  expect(calls(SEND)).toHaveLength(3);
  expect(calls('/cgi-bin/token')).toHaveLength(2);
  const fresh = (await WechatToken.findById(`oa:${oaAppId}`).lean())?.token;
  expect(fresh).not.toBe(old);
  expect(f.messages()).toHaveLength(2);
});

test('When the token is invalid (40001), then exactly one retry with a new token (not wechat-api’s retry with the stale one)', async () => {
  const { f, oa, calls } = await fake();
  await oa().sendTemplate(message());
  f.revokeTokens();

  await oa().sendTemplate(message());

  const sends = calls(SEND);
  expect(sends).toHaveLength(3);
  expect(sends[2].query.access_token).not.toBe(sends[1].query.access_token);
});

test('When the token is refused twice in a row, then a token error comes back', async () => {
  const { f, oa, calls } = await fake();
  f.failNext(SEND, { errcode: 42001, errmsg: 'access_token expired' }, 2);
  const e = await thrown(oa().sendTemplate(message()));
  expect(e).toMatchObject({ errcode: 42001, kind: 'token' });
  expect(calls(SEND)).toHaveLength(2);
});

test.each([
  ['-1', { errcode: -1 }],
  ['HTTP 500', { httpStatus: 500 }],
  ['a timeout', { hangMs: 1000 }],
])('When WeChat answers %s twice, then the adapter retries with backoff and the message is delivered', async (_name, failure) => {
  const { f, oa, calls } = await fake();
  f.failNext(SEND, failure, 2);
  await oa().sendTemplate(message());
  expect(calls(SEND)).toHaveLength(3);
  expect(f.messages()).toHaveLength(1);
});

test('When the failures outlast the attempts, then a retryable system error', async () => {
  const { f, oa } = await fake();
  f.failNext(SEND, { errcode: -1, errmsg: 'system error' }, 3);
  expect(await thrown(oa().sendTemplate(message()))).toMatchObject({ errcode: -1, kind: 'system', retryable: true });
});

test('When the person does not follow the account (43004), then not-subscribed', async () => {
  const { f, oa } = await fake();
  f.failNext(SEND, { errcode: 43004, errmsg: 'require subscribe' });
  expect(await thrown(oa().sendTemplate(message()))).toMatchObject({ errcode: 43004, kind: 'not-subscribed', retryable: false });
});

test('When the template is unknown or a field is missing, then bad-template / bad-data naming the field', async () => {
  const { oa, f } = await fake();
  expect(await thrown(oa().sendTemplate(message({ templateId: 'nope' })))).toMatchObject({ errcode: 40037, kind: 'bad-template' });
  const { keyword2: _k, ...withoutAmount } = DATA;
  expect(await thrown(oa().sendTemplate(message({ data: withoutAmount })))).toMatchObject({ errcode: 47003, kind: 'bad-data', field: 'keyword2' });
  expect(await thrown(oa().sendTemplate(message({ miniprogram: { appid: 'wx_other', pagepath: 'pages/x' } })))).toMatchObject({ errcode: 40166, kind: 'other' });
  expect(f.messages()).toHaveLength(0);
});

test('When all these tests ran, then wechat-api only ever connected to 127.0.0.1', () => {
  expect(requestedHosts.length).toBeGreaterThan(10);
  expect(new Set(requestedHosts)).toEqual(new Set(['127.0.0.1']));
});
