import { ConfigError, parseConfig } from '../../cloud/lib/config';

test('When nothing is configured, then development defaults apply', () => {
  const c = parseConfig({});
  expect(c).toMatchObject({ env: 'development', port: 3000, host: '127.0.0.1', demoMode: false, bodyLimitBytes: 8 * 1024 * 1024 });
  expect(c.wechat.apiBase).toBe('https://api.weixin.qq.com');
});

test('When production runs without SESSION_SECRET, then it refuses to start', () => {
  expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
  expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow('SESSION_SECRET');
});

test('When production asks for demo mode, then it refuses to start', () => {
  expect(() => parseConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), DEMO_MODE: '1' })).toThrow('演示模式');
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
  expect(parseConfig({ WECHAT_API_BASE: 'http://127.0.0.1:9999/' }).wechat.apiBase).toBe('http://127.0.0.1:9999');
});
