import { randomBytes } from 'node:crypto';
import { parseConfig } from '../../cloud/lib/config';

const SESSION_SECRET = randomBytes(32).toString('hex');

test('When nothing WeChat-specific is configured, then the messaging defaults apply', () => {
  expect(parseConfig({ SESSION_SECRET }).wechat).toMatchObject({
    retryAttempts: 3,
    retryBaseMs: 500,
    miniprogramState: 'formal',
    lang: 'zh_CN',
    oa: { appId: 'wx_demo_oa_appid', secret: 'demo_oa_secret' },
  });
});

test('When the official account, mini-program state and retries are configured, then they are used', () => {
  const w = parseConfig({ SESSION_SECRET, WECHAT_OA_APPID: 'wx_oa', WECHAT_OA_SECRET: 'oa_s', MINIPROGRAM_STATE: 'trial', WECHAT_RETRY_ATTEMPTS: '5', WECHAT_RETRY_BASE_MS: '100' }).wechat;
  expect(w).toMatchObject({ oa: { appId: 'wx_oa', secret: 'oa_s' }, miniprogramState: 'trial', retryAttempts: 5, retryBaseMs: 100 });
});

test('When MINIPROGRAM_STATE is not developer, trial or formal, then the variable is named', () => {
  expect(() => parseConfig({ MINIPROGRAM_STATE: 'beta' })).toThrow('MINIPROGRAM_STATE');
});
