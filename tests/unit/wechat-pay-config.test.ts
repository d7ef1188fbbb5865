import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, parseConfig } from '../../cloud/lib/config';
import { generateRsaKeyPair } from '../../cloud/lib/wechat-pay/fake-pay-server';
import { DEPLOY_CHECKS, deployContext } from '../../scripts/check-deploy';

const SECRET = 'c0ffee-5e55-1on-5ecret-0123456789abcdef';
const merchant = generateRsaKeyPair();
const platform = generateRsaKeyPair();
const dir = mkdtempSync(path.join(os.tmpdir(), 'wechat-pay-config-'));
const keyFile = path.join(dir, 'apiclient_key.pem');
writeFileSync(keyFile, merchant.privateKeyPem);

const merchantBlock = {
  WECHAT_PAY_MCHID: '1900000001',
  WECHAT_PAY_SERIAL: '3775B6A45ACD588826D15E583A95F5DD00000000',
  WECHAT_PAY_PRIVATE_KEY_FILE: keyFile,
  WECHAT_PAY_APIV3_KEY: 'abcdefghijklmnopqrstuvwxyz012345',
  WECHAT_PAY_PLATFORM_PUBLIC_KEY: platform.publicKeyPem,
  WECHAT_PAY_PLATFORM_SERIAL: 'PUB_KEY_ID_0119000000012024000000000000',
  WECHAT_PAY_NOTIFY_URL: 'https://wuye.example.com/api/pay/notify',
};

function problemsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

test('When no WeChat Pay setting is given, then online payment is off and nothing is required', () => {
  expect(parseConfig({ SESSION_SECRET: SECRET }).wechatPay).toBeUndefined();
});

test('When every merchant setting is given, then the settings carry the key read from its file, the app id and the default API base', () => {
  const c = parseConfig({ SESSION_SECRET: SECRET, WECHAT_APPID: 'wx0123456789abcdef', ...merchantBlock });
  expect(c.wechatPay).toMatchObject({ apiBase: 'https://api.mch.weixin.qq.com', mchid: '1900000001', appId: 'wx0123456789abcdef', privateKeyPem: merchant.privateKeyPem, timeoutMs: 10_000 });
});

test('When only some merchant settings are given, then each missing one is named', () => {
  const problems = problemsOf(() => parseConfig({ SESSION_SECRET: SECRET, WECHAT_PAY_MCHID: '1900000001' }));
  expect(problems.join('\n')).toMatch(/WECHAT_PAY_SERIAL 未设置/);
  for (const name of ['WECHAT_PAY_APIV3_KEY', 'WECHAT_PAY_PLATFORM_SERIAL', 'WECHAT_PAY_NOTIFY_URL', 'WECHAT_PAY_PRIVATE_KEY_FILE', 'WECHAT_PAY_PLATFORM_PUBLIC_KEY_FILE']) {
    expect(problems.some((p) => p.startsWith(name))).toBe(true);
  }
});

test('When a key is unreadable, not a key, or the APIv3 key has the wrong length, then each is a problem', () => {
  const problems = problemsOf(() =>
    parseConfig({ SESSION_SECRET: SECRET, ...merchantBlock, WECHAT_PAY_PRIVATE_KEY_FILE: path.join(dir, 'missing.pem'), WECHAT_PAY_PLATFORM_PUBLIC_KEY: 'not a key', WECHAT_PAY_APIV3_KEY: 'short' }),
  );
  expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^WECHAT_PAY_PRIVATE_KEY_FILE 读不到/), '微信支付公钥不是有效的 PEM 公钥或证书', expect.stringMatching(/^WECHAT_PAY_APIV3_KEY 应为 32 个字符/)]));
});

test('When production has a plain-HTTP notify URL, the fake’s API base or the fake’s platform key, then each is refused', () => {
  const env = { ...merchantBlock, WECHAT_PAY_NOTIFY_URL: 'http://wuye.example.com/notify', WECHAT_PAY_API_BASE: 'http://127.0.0.1:9000', WECHAT_PAY_PLATFORM_SERIAL: 'PUB_KEY_ID_FAKE_0123' };
  const problems = problemsOf(() => parseConfig({ SESSION_SECRET: SECRET, NODE_ENV: 'production', ...env }));
  expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^WECHAT_PAY_NOTIFY_URL 应以 https:\/\//), expect.stringMatching(/^WECHAT_PAY_API_BASE 指向本机/), 'WECHAT_PAY_PLATFORM_SERIAL 是模拟微信支付的公钥 ID，生产环境不能使用']));
  // Outside production the fake is the point.
  expect(parseConfig({ SESSION_SECRET: SECRET, ...env }).wechatPay?.apiBase).toBe('http://127.0.0.1:9000');
});

describe('check:deploy', () => {
  const check = DEPLOY_CHECKS.find((c) => c.title === '微信支付');
  const run = (env: Record<string, string>) => check?.run(deployContext({ env: { SESSION_SECRET: SECRET, NODE_ENV: 'production', ...env }, target: 'gateway' }));

  test('When WeChat Pay is not configured, then the check passes and says online payment is off', () => {
    expect(run({})).toEqual({ problems: [], summary: expect.stringContaining('在线缴费关闭') });
  });

  test('When the merchant block has the fake’s platform key, then the check lists it', () => {
    expect(run({ ...merchantBlock, WECHAT_PAY_PLATFORM_SERIAL: 'PUB_KEY_ID_FAKE_0123' })?.problems).toContain('WECHAT_PAY_PLATFORM_SERIAL 是模拟微信支付的公钥 ID，生产环境不能使用');
  });
});
