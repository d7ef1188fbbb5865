import { z } from 'zod';

/**
 * Runtime settings, read once from the environment and validated.
 * See README §Configuration for what each variable means.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  MONGODB_URI: z.string().url().optional(),
  DB_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  WECHAT_APPID: z.string().min(1).default('wx_demo_appid'),
  WECHAT_SECRET: z.string().min(1).default('demo_secret'),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  WECHAT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** Set by `npm start` when it runs the fake WeChat server: enables the demo login codes. */
  DEMO_MODE: z.enum(['0', '1']).default('0'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET 至少 32 个字符').optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 7),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(8 * 1024 * 1024),
  CORS_ORIGIN: z.string().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  mongodbUri?: string;
  dbTimeoutMs: number;
  wechat: { appId: string; secret: string; apiBase: string; timeoutMs: number };
  demoMode: boolean;
  sessionSecret: string;
  sessionTtlMs: number;
  bodyLimitBytes: number;
  corsOrigin?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

/** Used only outside production, so a newcomer's `npm start` works without setup. */
const DEV_SESSION_SECRET = 'dev-only-session-secret-do-not-use-in-production';

export class ConfigError extends Error {}

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置有误：\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new ConfigError('生产环境必须设置 SESSION_SECRET（至少 32 个字符）');
  }
  if (e.NODE_ENV === 'production' && e.DEMO_MODE === '1') {
    throw new ConfigError('生产环境不能开启演示模式 DEMO_MODE');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    mongodbUri: e.MONGODB_URI,
    dbTimeoutMs: e.DB_TIMEOUT_MS,
    wechat: { appId: e.WECHAT_APPID, secret: e.WECHAT_SECRET, apiBase: e.WECHAT_API_BASE.replace(/\/$/, ''), timeoutMs: e.WECHAT_TIMEOUT_MS },
    demoMode: e.DEMO_MODE === '1',
    sessionSecret: e.SESSION_SECRET ?? DEV_SESSION_SECRET,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    corsOrigin: e.CORS_ORIGIN,
    logLevel: e.LOG_LEVEL,
  };
}

let cached: Config | null = null;

/** The process configuration (read lazily, on first use). */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Forget the cached configuration; the next getConfig() re-reads process.env. */
export function resetConfig(): void {
  cached = null;
}
