/**
 * `npm run check:deploy [-- --target cloudbase|gateway] [--functions <dir>] [--project <file>]`:
 * checks offline, before anything is uploaded, that a production deployment is complete — the
 * configuration (environment over WUYE_CONFIG, validated as NODE_ENV=production: every WeChat id and
 * template set, no demo value), the built CloudBase functions (dist/cloudfunctions: one folder per
 * function of the registry with index.js, package.json, config.json, the job registry's timer
 * triggers, the configuration file built in) and project.config.json. Prints every problem and exits
 * 1, or a summary and exits 0.
 *
 * The checks are one list (DEPLOY_CHECKS): another check is one more entry there.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { contracts } from '../shared/contracts';
import { jobTriggers } from '../shared/contracts/jobs.contract';
import { functionConfig, OUT } from '../cloud/build';
import { ConfigError, configSources, parseClientBuildConfig, parseConfig, type ClientBuildConfig, type Config } from '../cloud/lib/config';
import { TOURIST_APPID } from '../cloud/lib/config-demo';
import { BUNDLED_CONFIG_NAME, CONFIG_FILE_VAR, type ConfigInput, type ConfigValues } from '../cloud/lib/config-file';
import { wechatPayConfigured } from '../cloud/lib/config-wechat-pay';
import { TEMPLATES } from '../cloud/lib/wechat/template-registry';

const ROOT = path.resolve(__dirname, '..');

export type DeployTarget = 'cloudbase' | 'gateway';
export const TARGET_LABELS: Record<DeployTarget, string> = { cloudbase: '云开发 CloudBase', gateway: '自建网关' };

export interface DeployContext {
  target: DeployTarget;
  /** The settings as given: environment over the configuration file. */
  values: ConfigValues;
  /** The configuration file read: WUYE_CONFIG, else the copy built into the functions. */
  configFile?: string;
  /** The configuration read as production reads it, or its problems. */
  config: Config | ConfigError;
  client: ClientBuildConfig | ConfigError;
  functionsDir: string;
  projectConfigFile: string;
}

export interface CheckResult {
  problems: string[];
  /** One line for the summary when there is no problem. */
  summary?: string;
}

export interface DeployCheck {
  title: string;
  /** The deployments it applies to. */
  targets: readonly DeployTarget[];
  run(ctx: DeployContext): CheckResult;
}

const BOTH: readonly DeployTarget[] = ['cloudbase', 'gateway'];
const FUNCTIONS = Object.keys(contracts);
const rel = (p: string) => path.relative(process.cwd(), p) || p;
const isLoopback = (url: string) => {
  try {
    return ['127.0.0.1', 'localhost', '[::1]', '::1', '0.0.0.0'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
};
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const problemsOf = (x: unknown): string[] => (x instanceof ConfigError ? x.problems : []);
/** The merged values read as production reads them (the file is not read again). */
const asProduction = (values: ConfigValues): ConfigInput => ({ ...values, NODE_ENV: 'production', [CONFIG_FILE_VAR]: undefined });
function attempt<T>(f: () => T): T | ConfigError {
  try {
    return f();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
}

/** Every check, in the order they print. Add a check here. */
export const DEPLOY_CHECKS: DeployCheck[] = [
  {
    title: '服务端配置（按生产环境校验）',
    targets: BOTH,
    run: (ctx) => {
      const problems: string[] = [];
      if (ctx.values.NODE_ENV !== 'production') problems.push(`NODE_ENV 应为 production（当前为 ${ctx.values.NODE_ENV ?? '未设置，即 development'}）：否则没配的微信设置会用演示值`);
      problems.push(...problemsOf(ctx.config));
      if (!ctx.values.MONGODB_URI) problems.push('MONGODB_URI 未设置：生产环境连接托管的 MongoDB 副本集（连接串含库名）');
      else if (ctx.target === 'cloudbase' && isLoopback(ctx.values.MONGODB_URI)) problems.push('MONGODB_URI 指向本机：云函数在腾讯云上运行，连不到 127.0.0.1');
      if (ctx.values.WECHAT_API_BASE && isLoopback(ctx.values.WECHAT_API_BASE)) problems.push('WECHAT_API_BASE 指向本机（模拟微信服务器）：应为 https://api.weixin.qq.com');
      else if (!ctx.values.WECHAT_API_BASE && ctx.target === 'gateway') problems.push('WECHAT_API_BASE 未设置：没有它 npm start 会启动模拟微信服务器（演示模式）；设为 https://api.weixin.qq.com');
      const c = ctx.config instanceof ConfigError ? null : ctx.config;
      return { problems, summary: c ? `小程序 ${c.wechat.appId}，公众号 ${c.wechat.oa.appId}，${TEMPLATES.length} 个消息模板（订阅消息 + 公众号模板消息）均已配置` : undefined };
    },
  },
  {
    title: '小程序构建配置',
    targets: BOTH,
    run: (ctx) => {
      const want = ctx.target === 'cloudbase' ? 'cloud' : 'gateway';
      const given = ctx.values.TARO_APP_TRANSPORT ?? 'gateway';
      // The client settings are read with the transport this deployment needs, so what it lacks is named too.
      const client = given === want ? ctx.client : attempt(() => parseClientBuildConfig({ ...asProduction(ctx.values), TARO_APP_TRANSPORT: want }));
      const problems = given === want ? [] : [`TARO_APP_TRANSPORT 应为 ${want}（${TARO_TRANSPORT_WHY[ctx.target]}），当前为 ${given}`];
      if (client instanceof ConfigError) return { problems: [...problems, ...client.problems] };
      return { problems, summary: client.transport === 'cloud' ? `小程序经云开发调用（环境 ${client.cloudEnv}）` : `小程序调用网关 ${client.apiBase ?? ''}` };
    },
  },
  {
    title: '文件存储',
    targets: BOTH,
    run: (ctx) => {
      const store = ctx.values.FILE_STORE ?? 'local';
      const problems: string[] = [];
      if (ctx.target === 'cloudbase' && store !== 'cloudbase') problems.push(`FILE_STORE 应为 cloudbase（当前为 ${store}）：云函数的本地磁盘不保留文件，照片要存到云存储`);
      if (store === 'cloudbase' && !ctx.values.CLOUDBASE_ENV) problems.push('FILE_STORE=cloudbase 需要设置 CLOUDBASE_ENV（云开发环境 ID）');
      if (ctx.target === 'gateway' && store === 'local' && (!ctx.values.FILES_DIR || !path.isAbsolute(ctx.values.FILES_DIR))) {
        problems.push('FILES_DIR 应为数据盘上的绝对路径（并纳入备份）：未设置时照片存在当前目录的 .data/files 下');
      }
      if (problems.length) return { problems };
      return { problems, summary: store === 'cloudbase' ? `照片存在云存储（环境 ${ctx.values.CLOUDBASE_ENV}）` : `照片存在 ${ctx.values.FILES_DIR}` };
    },
  },
  {
    title: '微信支付',
    targets: BOTH,
    run: (ctx) => {
      if (!wechatPayConfigured(ctx.values)) return { problems: [], summary: '未配置微信支付（WECHAT_PAY_*）：在线缴费关闭' };
      // The merchant block's problems are part of the production reading above; here they are listed under their own title.
      const problems = problemsOf(ctx.config).filter((p) => /WECHAT_PAY|微信支付|商户/.test(p));
      const c = ctx.config instanceof ConfigError ? null : ctx.config;
      return { problems, summary: c?.wechatPay ? `微信支付商户号 ${c.wechatPay.mchid}，支付通知发到 ${c.wechatPay.notifyUrl}` : undefined };
    },
  },
  {
    title: 'project.config.json',
    targets: BOTH,
    run: (ctx) => {
      if (!existsSync(ctx.projectConfigFile)) return { problems: [`${rel(ctx.projectConfigFile)} 不存在`] };
      const appid = (readJson(ctx.projectConfigFile) as { appid?: string }).appid;
      const want = ctx.values.WECHAT_APPID;
      if (appid === TOURIST_APPID || !appid) return { problems: [`${rel(ctx.projectConfigFile)} 的 appid 是 ${appid ?? '空'}：运行 npm run build:weapp（只写此文件：npm run build:weapp -- --project-only）按配置写入 WECHAT_APPID`] };
      if (want && appid !== want) return { problems: [`${rel(ctx.projectConfigFile)} 的 appid 是 ${appid}，配置的 WECHAT_APPID 是 ${want}：运行 npm run build:weapp 重新生成`] };
      return { problems: [], summary: `project.config.json 的 appid 为 ${appid}` };
    },
  },
  {
    title: '云函数包',
    targets: ['cloudbase'],
    run: (ctx) => {
      const dir = ctx.functionsDir;
      if (!existsSync(dir)) return { problems: [`${rel(dir)} 不存在：先运行 npm run build:cloud`] };
      const problems: string[] = [];
      for (const fn of FUNCTIONS) {
        const d = path.join(dir, fn);
        if (!existsSync(d)) {
          problems.push(`云函数 ${fn} 没有构建：${rel(d)} 不存在（npm run build:cloud）`);
          continue;
        }
        const index = path.join(d, 'index.js');
        if (!existsSync(index) || statSync(index).size === 0) problems.push(`云函数 ${fn} 缺少 index.js`);
        const pkg = path.join(d, 'package.json');
        if (!existsSync(pkg)) problems.push(`云函数 ${fn} 缺少 package.json`);
        else {
          const p = readJson(pkg) as { name?: string; main?: string; dependencies?: Record<string, string> };
          if (p.name !== fn || p.main !== 'index.js' || Object.keys(p.dependencies ?? {}).length) problems.push(`云函数 ${fn} 的 package.json 不是构建生成的（name ${fn}、main index.js、无依赖）：重新 npm run build:cloud`);
        }
        const cfg = path.join(d, 'config.json');
        if (!existsSync(cfg)) problems.push(`云函数 ${fn} 缺少 config.json`);
        else {
          const { triggers: _built, ...built } = readJson(cfg) as Record<string, unknown>;
          const { triggers: _wanted, ...wanted } = functionConfig(fn);
          if (JSON.stringify(built) !== JSON.stringify(wanted)) problems.push(`云函数 ${fn} 的 config.json 与 cloud/functions/${fn}/config.json 不一致：重新 npm run build:cloud`);
        }
      }
      const extra = readdirSync(dir).filter((n) => statSync(path.join(dir, n)).isDirectory() && !FUNCTIONS.includes(n));
      for (const n of extra) problems.push(`${rel(path.join(dir, n))} 不是登记的云函数（已删除或改名？）：重新 npm run build:cloud`);
      return { problems, summary: `${FUNCTIONS.length} 个云函数均已构建：${FUNCTIONS.join('、')}` };
    },
  },
  {
    title: '定时触发器',
    targets: ['cloudbase'],
    run: (ctx) => {
      const file = path.join(ctx.functionsDir, 'jobs', 'config.json');
      if (!existsSync(file)) return { problems: [`${rel(file)} 不存在：定时任务不会运行（npm run build:cloud）`] };
      const built = ((readJson(file) as { triggers?: { name: string; type: string; config: string }[] }).triggers ?? []).filter((t) => t && typeof t.name === 'string');
      const problems: string[] = [];
      for (const t of jobTriggers()) {
        const b = built.find((x) => x.name === t.name);
        if (!b) problems.push(`定时触发器 ${t.name} 缺失（jobs/config.json）：重新 npm run build:cloud`);
        else if (b.type !== t.type || b.config !== t.config) problems.push(`定时触发器 ${t.name} 为 ${b.type} "${b.config}"，任务登记表要求 ${t.type} "${t.config}"：重新 npm run build:cloud`);
      }
      for (const b of built) if (!jobTriggers().some((t) => t.name === b.name)) problems.push(`定时触发器 ${b.name} 不在任务登记表中：重新 npm run build:cloud`);
      return { problems, summary: `${jobTriggers().length} 个定时触发器与任务登记表一致（上传 jobs 后在开发者工具中“上传触发器”）` };
    },
  },
  {
    title: '云函数中的配置文件',
    targets: ['cloudbase'],
    run: (ctx) => {
      if (!ctx.configFile) return { problems: [], summary: `云函数不带配置文件（构建时未设 ${CONFIG_FILE_VAR}）：每个云函数的环境变量中要有全部设置` };
      if (!existsSync(ctx.functionsDir)) return { problems: [] };
      const text = readFileSync(ctx.configFile, 'utf8');
      const built = FUNCTIONS.filter((fn) => existsSync(path.join(ctx.functionsDir, fn)));
      const copy = (fn: string) => path.join(ctx.functionsDir, fn, BUNDLED_CONFIG_NAME);
      const missing = built.filter((fn) => !existsSync(copy(fn)));
      const different = built.filter((fn) => existsSync(copy(fn)) && readFileSync(copy(fn), 'utf8') !== text);
      const problems: string[] = [];
      if (missing.length) problems.push(`云函数 ${missing.join('、')} 没有打包配置文件 ${BUNDLED_CONFIG_NAME}：设置 ${CONFIG_FILE_VAR}=${ctx.configFile} 后重新 npm run build:cloud`);
      if (different.length) problems.push(`云函数 ${different.join('、')} 打包的 ${BUNDLED_CONFIG_NAME} 与 ${ctx.configFile} 不同：重新 npm run build:cloud`);
      return { problems, summary: `每个云函数都带有配置文件 ${ctx.configFile} 的副本` };
    },
  },
];

const TARO_TRANSPORT_WHY: Record<DeployTarget, string> = {
  cloudbase: '云开发部署时小程序用 wx.cloud.callFunction 调用云函数',
  gateway: '自建网关部署时小程序经 HTTPS 调用网关',
};

/** The context of a run: the configuration as production reads it, and where the builds are. */
export function deployContext(opts: { env: ConfigInput; target: DeployTarget; functionsDir?: string; projectConfigFile?: string }): DeployContext {
  const functionsDir = path.resolve(opts.functionsDir ?? OUT);
  const bundled = path.join(functionsDir, 'auth', BUNDLED_CONFIG_NAME);
  const { values, file } = configSources(opts.env, { bundledFile: opts.target === 'cloudbase' ? bundled : undefined });
  return {
    target: opts.target,
    values,
    ...(file ? { configFile: file } : {}),
    config: attempt(() => parseConfig(asProduction(values))),
    client: attempt(() => parseClientBuildConfig(asProduction(values))),
    functionsDir,
    projectConfigFile: path.resolve(opts.projectConfigFile ?? path.join(ROOT, 'project.config.json')),
  };
}

export interface DeployReport {
  ok: boolean;
  /** Every problem once, in check order. */
  problems: string[];
  text: string;
}

export function checkDeploy(ctx: DeployContext, checks: readonly DeployCheck[] = DEPLOY_CHECKS): DeployReport {
  const seen = new Set<string>();
  const lines = [`部署检查（${TARGET_LABELS[ctx.target]}；配置：${ctx.configFile ? `文件 ${ctx.configFile}，环境变量优先` : `仅环境变量（未设置 ${CONFIG_FILE_VAR}）`}）`];
  const summaries: string[] = [];
  for (const check of checks.filter((c) => c.targets.includes(ctx.target))) {
    const r = check.run(ctx);
    const fresh = r.problems.filter((p) => !seen.has(p));
    fresh.forEach((p) => seen.add(p));
    if (r.problems.length) {
      lines.push(`✗ ${check.title}`);
      for (const p of fresh) lines.push(`    - ${p}`);
      if (!fresh.length) lines.push('    - （同上）');
    } else {
      lines.push(`✓ ${check.title}`);
      if (r.summary) summaries.push(r.summary);
    }
  }
  const problems = [...seen];
  if (problems.length) lines.push('', `共 ${problems.length} 个问题：修正后重新运行 npm run check:deploy（各项设置见 docs/configuration.md，步骤见 docs/deploy.md）。`);
  else lines.push('', '全部通过：', ...summaries.map((s) => `  - ${s}`));
  return { ok: problems.length === 0, problems, text: lines.join('\n') + '\n' };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  const target = (arg('--target') ?? 'cloudbase') as DeployTarget;
  if (!(target in TARGET_LABELS)) {
    console.error(`--target 应为 cloudbase 或 gateway，当前为 ${target}`);
    process.exit(2);
  }
  let report: DeployReport;
  try {
    report = checkDeploy(deployContext({ env: process.env, target, functionsDir: arg('--functions'), projectConfigFile: arg('--project') }));
  } catch (err) {
    // A configuration file that cannot be read at all (missing, not JSON, unknown keys).
    console.error(err instanceof ConfigError ? err.message : (err as Error).stack);
    process.exit(1);
  }
  process.stdout.write(report.text);
  process.exit(report.ok ? 0 : 1);
}
