/**
 * `npm start`: database (embedded by default) + fake WeChat server (demo) + gateway with every
 * cloud function + the H5 build at `/` + demo data on first run. Ctrl-C stops it all; data is kept.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { applyConfigFile, ConfigError, parseConfig } from '../cloud/lib/config';
import { DEMO_ACCOUNTS, DEMO_NEW_USER_PREFIX } from '../cloud/modules/identity';
import { LOCAL_TURNS } from '../shared/contracts/jobs.contract';
import { ROLE_LABELS } from '../shared/domain/roles';
import { startDatabase, withDbName, type RunningDb } from './db';
import { isBuildFresh, repoRoot } from './paths';
import { ensureSessionSecret } from './session-secret';
import { StartupError, startSystem } from './system';

const ROOT = repoRoot();
const DATA_DIR = path.resolve(process.env.DATA_DIR ?? path.join(ROOT, '.data'));
// The H5 build served at `/`: CLIENT_OUTPUT_DIR (as in config/index.ts) serves and builds one elsewhere.
const H5_DIR = path.resolve(ROOT, process.env.CLIENT_OUTPUT_DIR || path.join('dist', 'h5'));
const DB_NAME = process.env.MONGODB_DB ?? 'wuye';

/** A path as the user reads it: relative when it is under the current folder, absolute otherwise (never ../../tmp/…). */
function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/** Build the H5 app when there is no build or the client sources are newer than it. */
function ensureH5Build(): void {
  if (isBuildFresh(path.join(H5_DIR, 'index.html'), ROOT)) return;
  console.log('正在构建 H5 版小程序（约 1 分钟）…');
  const started = Date.now();
  // Taro's progress bar and banners stay out of the console; its output is shown only when the build fails.
  const run = spawnSync('npx', ['taro', 'build', '--type', 'h5'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_ENV: 'production' } });
  if (run.status !== 0) {
    console.error(`${run.stdout ?? ''}${run.stderr ?? ''}`.trim());
    console.error(`H5 构建失败（退出码 ${run.status ?? run.signal}），见上方输出。`);
    process.exit(1);
  }
  console.log(`H5 构建完成（${Math.round((Date.now() - started) / 1000)} 秒）。`);
}

async function main(): Promise<void> {
  // The configuration file (WUYE_CONFIG) fills in what the environment does not set: this process
  // reads some settings itself (MONGODB_URI, WECHAT_API_BASE, FILES_DIR, the job intervals).
  try {
    const file = applyConfigFile(process.env);
    if (file) console.log(`配置文件：${file}（环境变量优先）`);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  // No SESSION_SECRET: a random one, made on the first start and kept with the data (never a known one).
  if (!process.env.SESSION_SECRET) {
    try {
      const kept = ensureSessionSecret(DATA_DIR);
      process.env.SESSION_SECRET = kept.secret;
      console.log(`会话密钥：${shown(kept.file)}（${kept.created ? '首次启动，已随机生成' : '沿用'}；未设置 SESSION_SECRET 时使用，请勿泄露）`);
    } catch (err) {
      console.error(`无法准备会话密钥：${(err as Error).message}`);
      process.exit(1);
    }
  }
  // The scheduled jobs run at the registry's default intervals (shared/contracts/jobs.contract.ts)
  // unless their variable says otherwise (0 = off): e.g. the outbox every 10 s, the fee turn hourly.
  for (const turn of LOCAL_TURNS) process.env[turn.env] ??= String(turn.everyMs);
  let config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // Uploaded photos stay with the data folder.
  process.env.FILES_DIR ??= path.join(DATA_DIR, 'files');
  const externalWechat = Boolean(process.env.WECHAT_API_BASE);
  if (!process.argv.includes('--no-build')) ensureH5Build();

  let db: RunningDb;
  try {
    db = await startDatabase({
      dataDir: DATA_DIR,
      // The embedded database died and would not come back: exit non-zero so a supervisor restarts everything.
      onDatabaseLost: (err) => {
        console.error(`数据库无法恢复，服务退出：${err.message.split('\n')[0]}`);
        process.exit(1);
      },
    });
  } catch (err) {
    console.error(`数据库启动失败：${(err as Error).message}`);
    process.exit(1);
  }
  const mongodbUri = process.env.MONGODB_URI ?? withDbName(db.serverUri, DB_NAME);

  let system;
  try {
    system = await startSystem({
      mongodbUri,
      fakeWechat: !externalWechat,
      // Demo mode also pays through a fake WeChat Pay, unless a merchant is configured (WECHAT_PAY_*).
      fakeWechatPay: !externalWechat && !config.wechatPay,
      seed: externalWechat ? 'never' : 'if-empty',
      port: config.port,
      host: config.host,
      staticDir: H5_DIR,
    });
  } catch (err) {
    console.error(err instanceof StartupError ? err.message : (err as Error).stack);
    await db.stop();
    process.exit(1);
  }

  if (system.seeded) {
    const s = system.seeded;
    console.log(`已初始化演示小区：${s.buildings} 栋楼、${s.units} 套房屋、${s.owners} 位业主（住户记录 ${s.residents} 条）、${s.vehicles} 辆车、${s.staff} 位员工、${s.repairs} 张报修单`);
  }
  console.log('');
  console.log(`物业客服平台已启动：${system.baseUrl}/`);
  console.log(`云函数网关：POST ${system.baseUrl}/fn/<name>    健康检查：${system.baseUrl}/healthz`);
  if (system.wechat) {
    console.log(`模拟微信服务器：${system.wechat.baseUrl}（演示模式）`);
    if (system.wechatPay) console.log(`模拟微信支付：${system.wechatPay.baseUrl}（演示模式：业主在“我的账单”点“微信支付”，H5 中弹出模拟支付）`);
    console.log('演示登录码（在登录页点选，或调用 auth.login {code}）：');
    // The description already starts with the role (业主 · 1栋1单元1502): the label is printed once.
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.code.padEnd(16)} ${a.name}  ${a.description.startsWith(ROLE_LABELS[a.role]) ? a.description : `${ROLE_LABELS[a.role]} · ${a.description}`}`);
    console.log(`  ${`${DEMO_NEW_USER_PREFIX}xxxx`.padEnd(16)} 新微信用户（xxxx 为任意 4 位以上字母或数字；先绑定房屋，例如 1栋1单元1502 王丽 手机后4位 2502）`);
  } else {
    console.log(`微信接口：${process.env.WECHAT_API_BASE}`);
  }
  console.log(`按 Ctrl-C 停止（数据保留在 ${shown(DATA_DIR)}/）。`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n收到 ${signal}，正在停止…`);
    await system.stop();
    await db.stop();
    console.log('已停止。');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
