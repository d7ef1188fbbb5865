import path from 'node:path';
import { z } from 'zod';
import { JOB_NAMES, LOCAL_TURNS, turnOf, type JobName } from '@shared/contracts/jobs.contract';
import { HOUR_MS, minutesOfTime } from '@shared/domain/calendar';

/**
 * Runtime settings, read once from the environment and validated.
 * See docs/configuration.md for what each variable means.
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
  /** Attempts of one WeChat call on -1 / 45009 / HTTP 5xx / network errors / timeouts (1 = no retry). */
  WECHAT_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  /** First backoff delay; doubles each attempt (with jitter). */
  WECHAT_RETRY_BASE_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  /** Which mini-program version a subscribe message opens. */
  MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).default('formal'),
  WECHAT_LANG: z.enum(['zh_CN', 'en_US', 'zh_HK', 'zh_TW']).default('zh_CN'),
  /** The official account (公众号) that sends template messages when a subscribe message cannot be. */
  WECHAT_OA_APPID: z.string().min(1).default('wx_demo_oa_appid'),
  WECHAT_OA_SECRET: z.string().min(1).default('demo_oa_secret'),
  /** Set by `npm start` when it runs the fake WeChat server: enables the demo login codes. */
  DEMO_MODE: z.enum(['0', '1']).default('0'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET 至少 32 个字符').optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 7),
  /** Successful logins of one WeChat user (openid) per hour; more → 429 (a stolen code-minting loop cannot create sessions without end). */
  LOGIN_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(30),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(8 * 1024 * 1024),
  CORS_ORIGIN: z.string().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Outbox: quiet hours (Asia/Shanghai) that delay non-urgent messages, 'HH:mm-HH:mm' or 'off'. */
  OUTBOX_QUIET_HOURS: z.string().regex(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, "格式应为 HH:mm-HH:mm 或 off").default('21:00-08:00'),
  /** Outbox: WeChat sends per second of the delivery job. */
  OUTBOX_RATE_PER_SECOND: z.coerce.number().min(0.1).max(100_000).default(20),
  /** Outbox: attempts per channel before falling back to the next one. */
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Outbox: first retry delay; doubles per attempt. */
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(0).max(86_400_000).default(30_000),
  /** Outbox: how long a job run may hold a message before another run may take it over. */
  OUTBOX_LEASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** Outbox: queue entries read, claimed, credit-checked and settled per round (on FerretDB each `$in` scans the collection: fewer, larger rounds are cheaper). */
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** Gateway mode: where uploaded photos are kept (default .data/files under the working directory). */
  FILES_DIR: z.string().min(1).optional(),
  /** A font with Chinese glyphs for printed documents (催缴通知单 PDF); TTF, OTF or TTC. */
  PDF_FONT: z.string().min(1).default('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'),
});

/**
 * The gateway process's scheduler: one `*_INTERVAL_MS` variable per turn of the job registry
 * (shared/contracts/jobs.contract.ts), in ms, 0 = off. Unset → off; `npm start` sets each unset one
 * to the turn's default before reading the configuration. CloudBase runs the timer triggers instead.
 */
const jobIntervalsSchema = z.object(
  Object.fromEntries(LOCAL_TURNS.map((t) => [t.env, z.coerce.number().int().min(0).max(86_400_000).default(0)])) as Record<string, z.ZodDefault<z.ZodNumber>>,
);

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  mongodbUri?: string;
  dbTimeoutMs: number;
  wechat: {
    appId: string;
    secret: string;
    apiBase: string;
    timeoutMs: number;
    retryAttempts: number;
    retryBaseMs: number;
    miniprogramState: 'developer' | 'trial' | 'formal';
    lang: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
    oa: { appId: string; secret: string };
  };
  demoMode: boolean;
  sessionSecret: string;
  sessionTtlMs: number;
  loginLimitPerHour: number;
  bodyLimitBytes: number;
  corsOrigin?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  outbox: {
    /** Minutes after midnight (Asia/Shanghai) [start, end), or null when off. */
    quietHours: { start: number; end: number } | null;
    ratePerSecond: number;
    maxAttempts: number;
    retryBaseMs: number;
    leaseMs: number;
    /** Queue entries per round of the delivery job. */
    batchSize: number;
  };
  /** Per job: how often the gateway process's scheduler runs the turn it is in (ms, 0 = off). */
  jobIntervalsMs: Record<JobName, number>;
  filesDir: string;
  pdfFont: string;
}

/**
 * The development secret earlier versions shipped and used whenever SESSION_SECRET was unset. It is
 * public (anyone could sign tokens and photo links with it), so it is refused like a missing secret.
 */
export const PUBLISHED_SESSION_SECRET = 'dev-only-session-secret-do-not-use-in-production';

const MISSING_SECRET =
  '未设置 SESSION_SECRET：请设置至少 32 个字符的随机密钥（例如 `openssl rand -hex 32` 的输出）。' +
  '用 npm start 启动时会自动生成一个并保存在数据目录（DATA_DIR/session-secret）；云开发等其他方式必须在环境变量中设置。';

/** Why a SESSION_SECRET must not be used, or null when it may (length is checked by the schema). */
function weakSecret(secret: string): string | null {
  if (secret === PUBLISHED_SESSION_SECRET) return 'SESSION_SECRET 是旧版本公开的开发用密钥，任何人都能用它伪造登录凭证，请换成随机密钥（例如 `openssl rand -hex 32` 的输出）';
  // 'xxxx…', 'abababab…', '1234123412341234…': not random.
  if (new Set(secret).size < 8) return 'SESSION_SECRET 过于简单（不同字符少于 8 个），请换成随机密钥（例如 `openssl rand -hex 32` 的输出）';
  return null;
}

export class ConfigError extends Error {}

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(env);
  const intervals = jobIntervalsSchema.safeParse(env);
  if (!parsed.success || !intervals.success) {
    const issues = [...(parsed.error?.issues ?? []), ...(intervals.error?.issues ?? [])];
    const lines = issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    if (!env.SESSION_SECRET) lines.push(MISSING_SECRET);
    throw new ConfigError(`配置有误：\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // Never a known secret: tokens and photo links signed with it could be forged (see docs/configuration.md).
  if (!e.SESSION_SECRET) throw new ConfigError(MISSING_SECRET);
  const weak = weakSecret(e.SESSION_SECRET);
  if (weak) throw new ConfigError(weak);
  if (e.NODE_ENV === 'production' && e.DEMO_MODE === '1') {
    throw new ConfigError('生产环境不能开启演示模式 DEMO_MODE');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    mongodbUri: e.MONGODB_URI,
    dbTimeoutMs: e.DB_TIMEOUT_MS,
    wechat: {
      appId: e.WECHAT_APPID,
      secret: e.WECHAT_SECRET,
      apiBase: e.WECHAT_API_BASE.replace(/\/$/, ''),
      timeoutMs: e.WECHAT_TIMEOUT_MS,
      retryAttempts: e.WECHAT_RETRY_ATTEMPTS,
      retryBaseMs: e.WECHAT_RETRY_BASE_MS,
      miniprogramState: e.MINIPROGRAM_STATE,
      lang: e.WECHAT_LANG,
      oa: { appId: e.WECHAT_OA_APPID, secret: e.WECHAT_OA_SECRET },
    },
    demoMode: e.DEMO_MODE === '1',
    sessionSecret: e.SESSION_SECRET,
    sessionTtlMs: e.SESSION_TTL_HOURS * HOUR_MS,
    loginLimitPerHour: e.LOGIN_LIMIT_PER_HOUR,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    corsOrigin: e.CORS_ORIGIN,
    logLevel: e.LOG_LEVEL,
    outbox: {
      quietHours: e.OUTBOX_QUIET_HOURS === 'off' ? null : { start: minutesOfTime(e.OUTBOX_QUIET_HOURS.slice(0, 5)), end: minutesOfTime(e.OUTBOX_QUIET_HOURS.slice(6)) },
      ratePerSecond: e.OUTBOX_RATE_PER_SECOND,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      retryBaseMs: e.OUTBOX_RETRY_BASE_MS,
      leaseMs: e.OUTBOX_LEASE_MS,
      batchSize: e.OUTBOX_BATCH_SIZE,
    },
    jobIntervalsMs: Object.fromEntries(JOB_NAMES.map((name) => [name, intervals.data[turnOf(name).env]])) as Record<JobName, number>,
    filesDir: e.FILES_DIR ?? path.join(process.cwd(), '.data', 'files'),
    pdfFont: e.PDF_FONT,
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
