import type http from 'node:http';
import { getConfig, resetConfig } from '../cloud/lib/config';
import { connectDb, disconnectDb, pingDb } from '../cloud/lib/db';
import { startFakeWechat, type FakeWechatServer } from '../cloud/lib/wechat/fake-server';
import { oaTemplateSchemas, subscribeTemplateSchemas } from '../cloud/lib/wechat/templates';
import { handlePayNotification } from '../cloud/modules/fees';
import { readPhoto, verifySignedUrl } from '../cloud/modules/files';
import { demoCodeMap, DEMO_NEW_USER_PREFIX } from '../cloud/modules/identity';
import { createIndexes } from '../cloud/runtime/indexes';
import { scheduleJobs } from '../cloud/runtime/jobs';
import { closeServer, createGateway, listen } from '../cloud/gateway/server';
import { functions } from '../cloud/functions';
import { isDemoSeeded, seedDemo, type DemoSeedResult } from './demo-data';

/**
 * Brings up the running system around an already-started database server:
 * the fake WeChat server (demo mode), configuration, the DB connection, every declared index, demo
 * data, the gateway, and the scheduler of the job registry (each turn whose `*_INTERVAL_MS` is set
 * and not 0: `npm start` sets the defaults; the tests leave them unset, so off).
 * Used by `npm start` and by the tests, so both run the same wiring.
 */
export interface SystemOptions {
  /** Full MongoDB URI including the database name. */
  mongodbUri: string;
  /** Run the fake WeChat server and enable demo logins (false → use WECHAT_API_BASE as configured). */
  fakeWechat: boolean;
  /** Seed the demo community: when the database has none yet, or never. */
  seed: 'if-empty' | 'never';
  port: number;
  host: string;
  staticDir?: string;
}

export interface RunningSystem {
  baseUrl: string;
  port: number;
  wechat: FakeWechatServer | null;
  seeded: DemoSeedResult | null;
  gateway: http.Server;
  stop(): Promise<void>;
}

export class StartupError extends Error {}

export async function startSystem(opts: SystemOptions): Promise<RunningSystem> {
  process.env.MONGODB_URI = opts.mongodbUri;
  resetConfig();
  let wechat: FakeWechatServer | null = null;
  if (opts.fakeWechat) {
    const { appId, secret } = getConfig().wechat;
    wechat = await startFakeWechat({
      appId,
      secret,
      oaAppId: getConfig().wechat.oa.appId,
      oaSecret: getConfig().wechat.oa.secret,
      demoCodes: demoCodeMap(),
      newUserCodePrefix: DEMO_NEW_USER_PREFIX,
      subscribeTemplates: subscribeTemplateSchemas(),
      oaTemplates: oaTemplateSchemas(),
    });
    Object.assign(process.env, { WECHAT_API_BASE: wechat.baseUrl, DEMO_MODE: '1' });
    resetConfig();
  }
  const config = getConfig();

  try {
    await connectDb();
  } catch (err) {
    await wechat?.close();
    throw new StartupError(`无法连接数据库（${new URL(opts.mongodbUri).host}）：${(err as Error).message}`);
  }
  if (!(await pingDb(config.dbTimeoutMs))) {
    await wechat?.close();
    await disconnectDb();
    throw new StartupError(`数据库没有响应（${new URL(opts.mongodbUri).host}）`);
  }

  // Every model's declared indexes (unique keys included), before anything is written or served:
  // connecting creates none (CloudBase deployments run `npm run db:indexes` instead).
  try {
    await createIndexes();
  } catch (err) {
    await wechat?.close();
    await disconnectDb();
    throw new StartupError(`无法创建数据库索引（${new URL(opts.mongodbUri).host}）：${(err as Error).message}`);
  }

  const seeded = opts.seed === 'if-empty' && !(await isDemoSeeded()) ? await seedDemo() : null;

  const gateway = createGateway({
    functions,
    staticDir: opts.staticDir,
    bodyLimitBytes: config.bodyLimitBytes,
    corsOrigin: config.corsOrigin,
    files: async (id, exp, sig) => (verifySignedUrl(id, exp, sig) ? readPhoto(id) : null),
    payNotify: handlePayNotification,
  });
  let port: number;
  try {
    port = await listen(gateway, opts.port, opts.host);
  } catch (err) {
    await wechat?.close();
    await disconnectDb();
    throw new StartupError(`无法监听端口 ${opts.host}:${opts.port}：${(err as Error).message}`);
  }
  // Every turn of the job registry whose interval is set (e.g. the fee turn: this month's bills, then the reminder ladder).
  const schedulers = scheduleJobs(config.jobIntervalsMs);

  return {
    baseUrl: `http://${opts.host}:${port}`,
    port,
    wechat,
    seeded,
    gateway,
    async stop() {
      await Promise.all(schedulers.map((s) => s.stop()));
      await closeServer(gateway);
      await wechat?.close();
      await disconnectDb();
    },
  };
}
