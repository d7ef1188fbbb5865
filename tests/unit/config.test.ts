import { randomBytes } from 'node:crypto';
import { ConfigError, parseConfig, PUBLISHED_SESSION_SECRET } from '../../cloud/lib/config';

const SESSION_SECRET = randomBytes(32).toString('hex');

test('When only a session secret is configured, then development defaults apply', () => {
  const c = parseConfig({ SESSION_SECRET });
  expect(c).toMatchObject({ env: 'development', port: 3000, host: '127.0.0.1', demoMode: false, bodyLimitBytes: 8 * 1024 * 1024, sessionSecret: SESSION_SECRET, loginLimitPerHour: 30, jobIntervalsMs: { housekeeping: 0, deliverOutbox: 0 } });
  expect(c.wechat.apiBase).toBe('https://api.weixin.qq.com');
});

test.each(['development', 'test', 'production'])('When SESSION_SECRET is unset (NODE_ENV=%s), then the configuration is refused, naming it in Chinese', (NODE_ENV) => {
  expect(() => parseConfig({ NODE_ENV })).toThrow(ConfigError);
  expect(() => parseConfig({ NODE_ENV })).toThrow('未设置 SESSION_SECRET');
  // Also with real WeChat and database settings (the case the old development secret let through).
  expect(() => parseConfig({ NODE_ENV, WECHAT_APPID: 'wx1234567890', WECHAT_SECRET: 'real', MONGODB_URI: 'mongodb://db.example.com/wuye' })).toThrow('SESSION_SECRET');
});

test('When SESSION_SECRET is unset and another variable is bad, then both are named', () => {
  expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT[\s\S]*SESSION_SECRET/);
});

test('When SESSION_SECRET is the development secret earlier versions published, then the configuration is refused', () => {
  expect(PUBLISHED_SESSION_SECRET).toBe('dev-only-session-secret-do-not-use-in-production');
  expect(() => parseConfig({ SESSION_SECRET: PUBLISHED_SESSION_SECRET })).toThrow(ConfigError);
  expect(() => parseConfig({ SESSION_SECRET: PUBLISHED_SESSION_SECRET })).toThrow('公开的开发用密钥');
});

test.each(['x'.repeat(32), 'ab'.repeat(20), '1234'.repeat(10)])('When SESSION_SECRET is obviously not random (%p), then the configuration is refused', (weak) => {
  expect(() => parseConfig({ SESSION_SECRET: weak })).toThrow('过于简单');
});

test('When production asks for demo mode, then it refuses to start', () => {
  expect(() => parseConfig({ NODE_ENV: 'production', SESSION_SECRET, DEMO_MODE: '1' })).toThrow('演示模式');
});

test('When values are malformed, then every bad variable is named', () => {
  let message = '';
  try {
    parseConfig({ PORT: 'eighty', MONGODB_URI: 'not a uri', SESSION_SECRET: 'short' });
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).toContain('PORT');
  expect(message).toContain('MONGODB_URI');
  expect(message).toContain('SESSION_SECRET');
});

test('When WECHAT_API_BASE has a trailing slash, then it is normalised', () => {
  expect(parseConfig({ SESSION_SECRET, WECHAT_API_BASE: 'http://127.0.0.1:9999/' }).wechat.apiBase).toBe('http://127.0.0.1:9999');
});
