import { wxContext } from '../../cloud/lib/wx-context';

/** The WX context of a CloudBase invocation, read where the platform puts it (cloud/lib/wx-context.ts). */

const listed = (vars: Record<string, string>) => ({ ...vars, WX_CONTEXT_KEYS: Object.keys(vars).join(',') });

test('When the runtime puts the WX context in context.environment (JSON), then OPENID, APPID and UNIONID come from it', () => {
  const context = { request_id: 'r', environment: JSON.stringify({ WX_OPENID: 'o_1', WX_APPID: 'wx_a', WX_UNIONID: 'u_1', WX_API_TOKEN: 'secret', TCB_ENV: 'e' }) };
  expect(wxContext(context, {})).toEqual({ OPENID: 'o_1', APPID: 'wx_a', UNIONID: 'u_1' });
});

test('When the runtime puts it in context.environ (older runtimes, K=v;K=v), then it is read from there', () => {
  const context = { request_id: 'r', environ: 'WX_CONTEXT_KEYS=WX_OPENID,WX_APPID;WX_OPENID=o_2;WX_APPID=wx_a;TCB_ENV=e' };
  expect(wxContext(context, {})).toEqual({ OPENID: 'o_2', APPID: 'wx_a' });
});

test('When the context carries none, then the variables WX_CONTEXT_KEYS lists in process.env are read (as wx-server-sdk getWXContext does), and only those', () => {
  expect(wxContext({ request_id: 'r' }, listed({ WX_OPENID: 'o_3', WX_APPID: 'wx_a' }))).toEqual({ OPENID: 'o_3', APPID: 'wx_a' });
  expect(wxContext(undefined, listed({ WX_OPENID: 'o_3' }))).toEqual({ OPENID: 'o_3' });
  // Set but not listed (e.g. a variable someone configured on the function): not a WX context.
  expect(wxContext({ request_id: 'r' }, { WX_OPENID: 'o_3', WX_CONTEXT_KEYS: 'WX_APPID', WX_APPID: 'wx_a' })).toEqual({ APPID: 'wx_a' });
  expect(wxContext({ request_id: 'r' }, { WX_OPENID: 'o_3' })).toEqual({});
});

test('When the context carries an environment, then a WX context left in process.env by an earlier invocation is ignored', () => {
  const stale = listed({ WX_OPENID: 'o_earlier_user', WX_APPID: 'wx_a' });
  const timer = { request_id: 'r', environment: JSON.stringify({ TCB_ENV: 'e', TRIGGER_SRC: 'timer' }) };
  expect(wxContext(timer, stale)).toEqual({});
  const other = { request_id: 'r', environ: 'WX_OPENID=o_now;WX_APPID=wx_a' };
  expect(wxContext(other, stale)).toEqual({ OPENID: 'o_now', APPID: 'wx_a' });
});

test('When the call came through the gateway, or the environment is not JSON, then there is no WX context', () => {
  expect(wxContext({ transport: 'gateway', requestId: 'r' }, listed({ WX_OPENID: 'o_4' }))).toEqual({});
  expect(wxContext({ request_id: 'r', environment: '{not json' }, listed({ WX_OPENID: 'o_4' }))).toEqual({});
  expect(wxContext({ request_id: 'r', environment: JSON.stringify({ WX_OPENID: 42 }) }, {})).toEqual({});
});
