import path from 'node:path';
import { z } from 'zod';
import { JOB_NAMES, LOCAL_TURNS, turnOf, type JobName } from '@shared/contracts/jobs.contract';
import { HOUR_MS, minutesOfTime } from '@shared/domain/calendar';
import { BUNDLED_CONFIG_NAME, ConfigError, configErrorOf, configValues, readConfigFile, zhErrorMap, zodProblems, type ConfigInput, type ConfigValues } from './config-file';
import { TOURIST_APPID } from './config-demo';
import { appSetting, templateSettings } from './config-wechat';
import { wechatPaySchema, wechatPaySettings } from './config-wechat-pay';
import type { WechatPaySettings } from './wechat-pay/types';
import type { TemplateKey, TemplateSetting } from './wechat/template-registry';

export { ConfigError };

/**
 * Runtime settings, read once and validated: the environment, over the JSON file named by
 * WUYE_CONFIG (cloud/lib/config-file.ts says how they combine). See docs/configuration.md for what
 * each setting means. The WeChat settings (app ids, secrets, WECHAT_TEMPLATES) are checked in
 * cloud/lib/config-wechat.ts: outside production the demo's values fill in what is missing
 * (cloud/lib/config-demo.ts); in production each missing one is named.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  MONGODB_URI: z.string().url().optional(),
  DB_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  /** The mini-program (demo default outside production: see config-wechat.ts). */
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
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
  WECHAT_OA_APPID: z.string().optional(),
  WECHAT_OA_SECRET: z.string().optional(),
  /** Per template of the registry: its ids and keyword numbers (JSON text; an object in the file). */
  WECHAT_TEMPLATES: z.string().optional(),
  /** Set by `npm start` when it runs the fake WeChat server: enables the demo login codes. */
  DEMO_MODE: z.enum(['0', '1']).default('0'),
  SESSION_SECRET: z.string().min(32, '至少 32 个字符').optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 7),
  /** Successful logins of one WeChat user (openid) per hour; more → 429 (a stolen code-minting loop cannot create sessions without end). */
  LOGIN_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** WeChat Pay notifications (POST /pay/wechat/notify) per client address per minute; more → 429 before anything is read or looked up (0 = no limit). */
  PAY_NOTIFY_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(120),
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
  /** Jobs: the longest one invocation of a job works before it records where it stopped (CloudBase timer functions run at most 60 s). */
  JOB_BUDGET_MS: z.coerce.number().int().min(100).max(3_600_000).default(45_000),
  /** Jobs: the most work items (bills, messages, orders…) one invocation handles before it records where it stopped. */
  JOB_BUDGET_ITEMS: z.coerce.number().int().min(1).max(10_000_000).default(200_000),
  /** Jobs: how long a worker's hold on a community's slice of a job lasts; a worker killed mid-slice is taken over after it. */
  JOB_LEASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(90_000),
  /** Gateway mode: where uploaded photos are kept (default .data/files under the working directory). */
  FILES_DIR: z.string().min(1).optional(),
  /** File store: `local` (FILES_DIR, shown through the gateway) or `cloudbase` (CloudBase cloud storage, through WeChat's tcb HTTP API). */
  FILE_STORE: z.enum(['local', 'cloudbase']).default('local'),
  /** The CloudBase environment id (云环境 ID) of the cloud storage; required with FILE_STORE=cloudbase (CloudBase functions: TCB_ENV when unset). */
  CLOUDBASE_ENV: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'CLOUDBASE_ENV 应为云环境 ID（字母、数字、- 和 _）').optional(),
  /** How long a shown photo link works, in minutes (CloudBase temporary links: at most a day). */
  FILE_LINK_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(720),
  /** How long a link to an archived document works, in minutes (made after the access check, each time it is opened). */
  ARCHIVE_LINK_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
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
    /** Per template of the registry (cloud/lib/wechat/template-registry.ts): ids and keyword numbers. */
    templates: Record<TemplateKey, TemplateSetting>;
  };
  demoMode: boolean;
  sessionSecret: string;
  sessionTtlMs: number;
  loginLimitPerHour: number;
  /** WeChat Pay notifications per client address per minute at the gateway (0 = no limit). */
  payNotifyLimitPerMinute: number;
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
  /** WeChat Pay merchant settings (WECHAT_PAY_*, cloud/lib/config-wechat-pay.ts); undefined = online payment off. */
  wechatPay?: WechatPaySettings;
  /** Per job: how often the gateway process's scheduler runs the turn it is in (ms, 0 = off). */
  jobIntervalsMs: Record<JobName, number>;
  /** What one invocation of a job may do before it stops and records where (lib/slices.ts), and how long a worker's lease lasts. */
  jobBudget: { ms: number; items: number; leaseMs: number };
  filesDir: string;
  /** Where file bytes live and how long their links work (see docs/modules/files.md). */
  fileStore: { kind: 'local' | 'cloudbase'; cloudbaseEnv?: string; linkTtlMs: number };
  /** How long an archived document's link works (ARCHIVE_LINK_TTL_MINUTES). */
  archiveLinkTtlMs: number;
  pdfFont: string;
  /** The configuration file read (WUYE_CONFIG, or the copy beside a CloudBase bundle), if any. */
  configFile?: string;
  /** The settings that took the demo's value because they are not configured (never in production). */
  demoDefaults: string[];
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

/** The file store settings; FILE_STORE=cloudbase needs an environment id. */
function fileStoreOf(e: z.infer<typeof schema>, env: NodeJS.ProcessEnv): Config['fileStore'] {
  const linkTtlMs = e.FILE_LINK_TTL_MINUTES * 60_000;
  if (e.FILE_STORE === 'local') return { kind: 'local', linkTtlMs };
  const cloudbaseEnv = e.CLOUDBASE_ENV ?? env.TCB_ENV;
  if (!cloudbaseEnv) throw new ConfigError('FILE_STORE=cloudbase 需要设置 CLOUDBASE_ENV（云开发环境 ID）');
  return { kind: 'cloudbase', cloudbaseEnv, linkTtlMs };
}

/**
 * Settings a client build reads (`npm run build:weapp`, scripts/build-weapp.ts passes them to
 * `taro build`; see "Client build settings" in docs/configuration.md). Allowed in the file too.
 */
export const CLIENT_BUILD_SETTINGS = ['TARO_APP_TRANSPORT', 'TARO_APP_API_BASE'] as const;

/** Every name a configuration file may use: the settings of every part of the configuration. */
export function knownSettings(): ReadonlySet<string> {
  return new Set([...Object.keys(schema.shape), ...Object.keys(jobIntervalsSchema.shape), ...Object.keys(wechatPaySchema.shape), ...CLIENT_BUILD_SETTINGS]);
}

/**
 * The whole configuration, every problem named in one ConfigError: from `env` (process.env, or a
 * record in tests), over the file named by its WUYE_CONFIG (or `opts.bundledFile` when that exists).
 */
export function parseConfig(env: ConfigInput, opts: { bundledFile?: string } = {}): Config {
  const { values, file } = configValues(env, knownSettings(), opts.bundledFile);
  const problems: string[] = [];
  const parsed = schema.safeParse(values, { errorMap: zhErrorMap });
  const intervals = jobIntervalsSchema.safeParse(values, { errorMap: zhErrorMap });
  if (!parsed.success) problems.push(...zodProblems(parsed.error));
  if (!intervals.success) problems.push(...zodProblems(intervals.error));
  const production = values.NODE_ENV === 'production';
  // Never a known secret: tokens and photo links signed with it could be forged (see docs/configuration.md).
  const secret = values.SESSION_SECRET;
  if (!secret) problems.push(MISSING_SECRET);
  else if (secret.length >= 32) {
    const weak = weakSecret(secret);
    if (weak) problems.push(weak);
  }
  if (production && values.DEMO_MODE === '1') problems.push('生产环境不能开启演示模式 DEMO_MODE');
  const demoDefaults: string[] = [];
  const wechat = {
    appId: appSetting(values, 'WECHAT_APPID', production, problems, demoDefaults),
    secret: appSetting(values, 'WECHAT_SECRET', production, problems, demoDefaults),
    oa: { appId: appSetting(values, 'WECHAT_OA_APPID', production, problems, demoDefaults), secret: appSetting(values, 'WECHAT_OA_SECRET', production, problems, demoDefaults) },
    templates: templateSettings(values, production, problems, demoDefaults),
  };
  const wechatPay = wechatPaySettings(values, wechat.appId, production, problems);
  if (problems.length || !parsed.success || !intervals.success || !secret) throw configErrorOf(problems, file);
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    mongodbUri: e.MONGODB_URI,
    dbTimeoutMs: e.DB_TIMEOUT_MS,
    wechat: {
      appId: wechat.appId,
      secret: wechat.secret,
      apiBase: e.WECHAT_API_BASE.replace(/\/$/, ''),
      timeoutMs: e.WECHAT_TIMEOUT_MS,
      retryAttempts: e.WECHAT_RETRY_ATTEMPTS,
      retryBaseMs: e.WECHAT_RETRY_BASE_MS,
      miniprogramState: e.MINIPROGRAM_STATE,
      lang: e.WECHAT_LANG,
      oa: wechat.oa,
      templates: wechat.templates,
    },
    demoMode: e.DEMO_MODE === '1',
    sessionSecret: secret,
    sessionTtlMs: e.SESSION_TTL_HOURS * HOUR_MS,
    loginLimitPerHour: e.LOGIN_LIMIT_PER_HOUR,
    payNotifyLimitPerMinute: e.PAY_NOTIFY_LIMIT_PER_MINUTE,
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
    ...(wechatPay ? { wechatPay } : {}),
    jobIntervalsMs: Object.fromEntries(JOB_NAMES.map((name) => [name, intervals.data[turnOf(name).env]])) as Record<JobName, number>,
    jobBudget: { ms: e.JOB_BUDGET_MS, items: e.JOB_BUDGET_ITEMS, leaseMs: e.JOB_LEASE_MS },
    filesDir: e.FILES_DIR ?? path.join(process.cwd(), '.data', 'files'),
    fileStore: fileStoreOf(e, env),
    archiveLinkTtlMs: e.ARCHIVE_LINK_TTL_MINUTES * 60_000,
    pdfFont: e.PDF_FONT,
    ...(file ? { configFile: file } : {}),
    demoDefaults,
  };
}

let cached: Config | null = null;

/**
 * The configuration file built into a CloudBase function (`npm run build:cloud` with WUYE_CONFIG
 * set copies it beside the bundle); read when WUYE_CONFIG is unset. `__dirname` is the bundle's folder.
 */
export const BUNDLED_CONFIG_FILE = path.join(__dirname, BUNDLED_CONFIG_NAME);

/** The process configuration (read lazily, on first use). */
export function getConfig(): Config {
  cached ??= parseConfig(process.env, { bundledFile: BUNDLED_CONFIG_FILE });
  return cached;
}

/** Forget the cached configuration; the next getConfig() re-reads process.env. */
export function resetConfig(): void {
  cached = null;
}

/** What a build of the mini-program takes from the configuration (scripts/build-weapp.ts). */
export interface ClientBuildConfig {
  production: boolean;
  /** project.config.json's `appid`: WECHAT_APPID, or `touristappid` while it is not configured (demo). */
  appId: string;
  transport: 'gateway' | 'cloud';
  /** The gateway's origin (TARO_APP_API_BASE); unset → config/index.ts's default. */
  apiBase?: string;
  /** The CloudBase environment of `Taro.cloud.init({ env })` (CLOUDBASE_ENV); '' → DevTools' current one. */
  cloudEnv: string;
  configFile?: string;
}

const clientBuildSchema = z.object({
  NODE_ENV: schema.shape.NODE_ENV,
  TARO_APP_TRANSPORT: z.enum(['gateway', 'cloud']).default('gateway'),
  TARO_APP_API_BASE: z.string().url().optional(),
  CLOUDBASE_ENV: schema.shape.CLOUDBASE_ENV,
});

/**
 * The client build's settings, from the same configuration (environment over WUYE_CONFIG). Needs
 * no secret. In production: a real WECHAT_APPID, and an HTTPS gateway (TARO_APP_TRANSPORT=gateway,
 * WeChat calls only registered HTTPS domains) or a CloudBase environment (TARO_APP_TRANSPORT=cloud).
 */
export function parseClientBuildConfig(env: ConfigInput): ClientBuildConfig {
  const { values, file } = configValues(env, knownSettings());
  const problems: string[] = [];
  const parsed = clientBuildSchema.safeParse(values, { errorMap: zhErrorMap });
  if (!parsed.success) problems.push(...zodProblems(parsed.error));
  const production = values.NODE_ENV === 'production';
  const demo: string[] = [];
  const appId = appSetting(values, 'WECHAT_APPID', production, problems, demo);
  if (parsed.success && production) problems.push(...clientProductionProblems(parsed.data));
  if (problems.length || !parsed.success) throw configErrorOf(problems, file);
  const c = parsed.data;
  return {
    production,
    appId: demo.includes('WECHAT_APPID') ? TOURIST_APPID : appId,
    transport: c.TARO_APP_TRANSPORT,
    ...(c.TARO_APP_API_BASE ? { apiBase: c.TARO_APP_API_BASE } : {}),
    cloudEnv: c.CLOUDBASE_ENV ?? '',
    ...(file ? { configFile: file } : {}),
  };
}

function clientProductionProblems(c: z.infer<typeof clientBuildSchema>): string[] {
  if (c.TARO_APP_TRANSPORT === 'cloud') return c.CLOUDBASE_ENV ? [] : ['CLOUDBASE_ENV 未设置：TARO_APP_TRANSPORT=cloud 的小程序要知道调用哪个云开发环境（云开发控制台的环境 ID）'];
  if (!c.TARO_APP_API_BASE) return ['TARO_APP_API_BASE 未设置：生产环境的小程序要连接你的网关（https://…），或设 TARO_APP_TRANSPORT=cloud 使用云开发'];
  if (!c.TARO_APP_API_BASE.startsWith('https://')) return ['TARO_APP_API_BASE 应以 https:// 开头：微信只允许小程序请求在后台登记过的 HTTPS 域名'];
  return [];
}

/** The merged values (environment over file) — for checks that look at settings as given (check:deploy). */
export function configSources(env: ConfigInput, opts: { bundledFile?: string } = {}): { values: ConfigValues; file?: string } {
  return configValues(env, knownSettings(), opts.bundledFile);
}

/**
 * Put the configuration file's settings (WUYE_CONFIG) into `env` where it has none (the
 * environment still wins): for a process that also reads some variables itself, as `npm start`
 * does (MONGODB_URI, WECHAT_API_BASE, the job intervals…). Returns the file read, if any.
 */
export function applyConfigFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const named = env.WUYE_CONFIG;
  if (!named) return undefined;
  const file = path.resolve(named);
  for (const [k, v] of Object.entries(readConfigFile(file, knownSettings()))) if (env[k] === undefined || env[k] === '') env[k] = v;
  return file;
}
