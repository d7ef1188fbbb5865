import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { getConfig, resetConfig } from '../cloud/lib/config';
import { connectDb, disconnectDb, pingDb } from '../cloud/lib/db';
import { startFakeWechat, type FakeWechatServer } from '../cloud/lib/wechat/fake-server';
import { generateRsaKeyPair, startFakeWechatPay, type FakeWechatPayServer } from '../cloud/lib/wechat-pay/fake-pay-server';
import { oaTemplateSchemas, subscribeTemplateSchemas } from '../cloud/lib/wechat/templates';
import { handlePayNotification } from '../cloud/modules/fees';
import { readPhoto, receiveDocument, verifySignedUrl } from '../cloud/modules/files';
import { demoCodeMap, DEMO_NEW_USER_PREFIX } from '../cloud/modules/identity';
import { createIndexes } from '../cloud/runtime/indexes';
import { scheduleJobs } from '../cloud/runtime/jobs';
import { closeServer, createGateway, listen, PAY_NOTIFY_PATH } from '../cloud/gateway/server';
import { functions } from '../cloud/functions';
import { isDemoSeeded, seedDemo, type DemoSeedResult } from './demo-data';

/**
 * Brings up the running system around an already-started database server:
 * the fake WeChat server (demo mode; and, asked, the fake WeChat Pay with its 模拟支付 route), configuration, the DB connection, every declared index, demo
 * data, the gateway, and the scheduler of the job registry (each turn whose `*_INTERVAL_MS` is set
 * and not 0: `npm start` sets the defaults; the tests leave them unset, so off).
 * Used by `npm start` and by the tests, so both run the same wiring.
 */
export interface SystemOptions {
  /** Full MongoDB URI including the database name. */
  mongodbUri: string;
  /** Run the fake WeChat server and enable demo logins (false → use WECHAT_API_BASE as configured). */
  fakeWechat: boolean;
  /**
   * Also run the fake WeChat Pay server (demo mode, with `fakeWechat`): a merchant key pair made at
   * start, the WECHAT_PAY_* settings pointed at the fake (notify URL = this gateway's), and the demo's
   * 模拟支付 route (payments.md "Demo mode"). `npm start` sets it unless WeChat Pay is configured;
   * the tests ask for it (startStack({ fakePay: true })).
   */
  fakeWechatPay?: boolean;
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
  /** The fake WeChat Pay server (with `fakeWechatPay`), else null. */
  wechatPay: FakeWechatPayServer | null;
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

  const pay = opts.fakeWechatPay && opts.fakeWechat ? await startDemoPay(config.wechat.appId) : null;
  const gateway = createGateway({
    functions,
    staticDir: opts.staticDir,
    bodyLimitBytes: config.bodyLimitBytes,
    corsOrigin: config.corsOrigin,
    files: async (id, exp, sig) => (verifySignedUrl(id, exp, sig) ? readPhoto(id) : null),
    upload: receiveDocument,
    payNotify: handlePayNotification,
    payNotifyPerMinute: config.payNotifyLimitPerMinute,
    ...(pay ? { demoPayConfirm: pay.confirm } : {}),
  });
  let port: number;
  try {
    port = await listen(gateway, opts.port, opts.host);
  } catch (err) {
    await pay?.stop();
    await wechat?.close();
    await disconnectDb();
    throw new StartupError(`无法监听端口 ${opts.host}:${opts.port}：${(err as Error).message}`);
  }
  // WeChat Pay notifications come to this gateway: its address is known now (the fake posts from this machine).
  try {
    pay?.configure(`http://${['0.0.0.0', '::'].includes(opts.host) ? '127.0.0.1' : opts.host}:${port}${PAY_NOTIFY_PATH}`);
  } catch (err) {
    await closeServer(gateway);
    await pay?.stop();
    await wechat?.close();
    await disconnectDb();
    throw err;
  }
  // Every turn of the job registry whose interval is set (e.g. the fee turn: this month's bills, then the reminder ladder).
  const schedulers = scheduleJobs(config.jobIntervalsMs);

  return {
    baseUrl: `http://${opts.host}:${port}`,
    port,
    wechat,
    wechatPay: pay?.server ?? null,
    seeded,
    gateway,
    async stop() {
      await Promise.all(schedulers.map((s) => s.stop()));
      await closeServer(gateway);
      await pay?.stop();
      await wechat?.close();
      await disconnectDb();
    },
  };
}

/** The demo merchant (the fake's; production refuses its platform key, payments.md "Demo mode"). */
const DEMO_MCHID = '1900000109';
const DEMO_MERCHANT_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const PAY_SETTINGS = ['WECHAT_PAY_API_BASE', 'WECHAT_PAY_MCHID', 'WECHAT_PAY_SERIAL', 'WECHAT_PAY_PRIVATE_KEY', 'WECHAT_PAY_APIV3_KEY', 'WECHAT_PAY_PLATFORM_PUBLIC_KEY', 'WECHAT_PAY_PLATFORM_SERIAL', 'WECHAT_PAY_NOTIFY_URL'] as const;

/**
 * The fake WeChat Pay of the demo: a merchant key pair and APIv3 key made now (nothing is kept: the
 * fake's orders live in its memory, so an order left pending by a stop is closed by the
 * closePayOrders job after the next start), the fake started with them, and — once the gateway
 * listens — the WECHAT_PAY_* settings pointed at it (`configure`); `stop` closes it and puts the
 * settings back as they were. `confirm` is the 模拟支付 route's work: pay the order of that prepay id.
 */
async function startDemoPay(appId: string) {
  const merchant = generateRsaKeyPair();
  const apiV3Key = randomBytes(16).toString('hex');
  const server = await startFakeWechatPay({ mchid: DEMO_MCHID, appId, merchantSerial: DEMO_MERCHANT_SERIAL, merchantPublicKeyPem: merchant.publicKeyPem, apiV3Key });
  const before = Object.fromEntries(PAY_SETTINGS.map((k) => [k, process.env[k]]));
  return {
    server,
    configure(notifyUrl: string) {
      Object.assign(process.env, {
        WECHAT_PAY_API_BASE: server.baseUrl,
        WECHAT_PAY_MCHID: DEMO_MCHID,
        WECHAT_PAY_SERIAL: DEMO_MERCHANT_SERIAL,
        WECHAT_PAY_PRIVATE_KEY: merchant.privateKeyPem,
        WECHAT_PAY_APIV3_KEY: apiV3Key,
        WECHAT_PAY_PLATFORM_PUBLIC_KEY: server.platformPublicKeyPem,
        WECHAT_PAY_PLATFORM_SERIAL: server.platformSerial,
        WECHAT_PAY_NOTIFY_URL: notifyUrl,
      });
      resetConfig();
      let on: boolean;
      try {
        on = Boolean(getConfig().wechatPay);
      } catch (err) {
        throw new StartupError(`模拟微信支付的配置有误：${(err as Error).message}`);
      }
      if (!on) throw new StartupError('模拟微信支付的配置未生效');
    },
    async confirm(prepayId: string): Promise<'paid' | 'not-found' | 'finished'> {
      const order = server.orders().find((o) => o.prepayId === prepayId);
      if (!order) return 'not-found';
      if (order.tradeState !== 'NOTPAY') return 'finished';
      await server.pay(order.outTradeNo);
      return 'paid';
    },
    async stop() {
      await server.close();
      for (const k of PAY_SETTINGS) {
        if (before[k] === undefined) delete process.env[k];
        else process.env[k] = before[k];
      }
      resetConfig();
    },
  };
}
