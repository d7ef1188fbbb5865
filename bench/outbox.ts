/**
 * `npm run bench:outbox`: delivered messages per second of the outbox job against the fake WeChat
 * server on loopback, on the embedded FerretDB (or MONGODB_URI).
 *
 * Sets up 10,000 owners with a WeChat openid and one subscription credit each, enqueues one
 * message per owner (enqueueMany, in chunks of 1,000), then runs the delivery job with a rate limit
 * far above the goal and prints delivered messages/s (goal ≥ 1,000/s). Checks that the fake server
 * received each message exactly once. BENCH_COUNT overrides 10,000; BENCH_CONCURRENCY (64) and
 * BENCH_BATCH (the whole queue: on FerretDB each round's `$in` reads scan a collection) tune the job.
 *
 * Like wrk against a server (bench/gateway.ts), the fake WeChat server runs in a separate process
 * (forked from this file), so its work is not charged to the job's process; BENCH_FAKE=inprocess
 * runs it in this process instead (as before).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { getConfig } from '../cloud/lib/config';
import { countCommands, describeTally, enableCommandMonitoring } from '../cloud/lib/db-monitor';
import { mongoose } from '../cloud/lib/db';
import { createWechatClient } from '../cloud/lib/wechat/client';
import { templateByKey } from '../cloud/lib/wechat/templates';
import { Community } from '../cloud/modules/community/community.model';
import { User, WechatIdentity } from '../cloud/modules/identity/user.model';
import { deliverOutbox } from '../cloud/modules/messaging/delivery.job';
import { OutboxQueue, SubscribeCredit } from '../cloud/modules/messaging/messaging.model';
import { enqueueMany } from '../cloud/modules/messaging/outbox.service';
import { wechatSender } from '../cloud/modules/messaging/wechat-sender';
import { startDatabase, withDbName } from '../scripts/db';
import { startSystem } from '../scripts/system';
import { timed } from './timing';
import { forkFakeWechat, runFakeWechatChild, statsOf, type ForkedFake } from './fake-wechat-process';

const GOAL = 1000;
/** The job's rate over plain fetch's, measured in the same run. */
const RATIO_GOAL = 0.7;
const COUNT = Number(process.env.BENCH_COUNT ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const BATCH = Number(process.env.BENCH_BATCH ?? COUNT);
const FAKE_IN_PROCESS = process.env.BENCH_FAKE === 'inprocess';

/** BENCH_CPU_PROFILE=<dir>: a CPU profile of this process while `fn` runs (`<dir>/<name>.cpuprofile`, open in Chrome DevTools). */
async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return fn();
  const session = new Session();
  session.connect();
  const post = (method: string) => new Promise<unknown>((resolve, reject) => session.post(method, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

async function main(): Promise<void> {
  // Before any connection opens: commands and documents written per delivered message.
  enableCommandMonitoring();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-outbox-'));
  process.env.LOG_LEVEL = 'silent';
  process.env.SESSION_SECRET ??= randomBytes(32).toString('hex'); // the bench's own: there is no default secret
  const db = await startDatabase({ dataDir, log: (l) => console.log(l) });
  const uri = process.env.MONGODB_URI ?? withDbName(db.serverUri, 'bench_outbox');
  let fake: Pick<ForkedFake, 'stats' | 'close'> | null = null;
  let fakeUrl: string | undefined;
  if (!FAKE_IN_PROCESS) {
    const forked = await forkFakeWechat(__filename);
    fake = forked;
    fakeUrl = forked.baseUrl;
    Object.assign(process.env, { WECHAT_API_BASE: forked.baseUrl, DEMO_MODE: '1' });
  }
  const system = await startSystem({ mongodbUri: uri, fakeWechat: FAKE_IN_PROCESS, seed: 'never', port: 0, host: '127.0.0.1' });
  if (FAKE_IN_PROCESS) {
    const w = system.wechat!;
    fakeUrl = w.baseUrl;
    fake = { stats: async () => statsOf(w.messages()), close: async () => undefined };
  }
  console.log(`database: ${db.description}; fake WeChat: ${fakeUrl} (${FAKE_IN_PROCESS ? 'in this process' : 'child process'}); ${COUNT} messages, concurrency ${CONCURRENCY}, batch ${BATCH}`);
  try {
    const template = templateByKey('repair.progress')!;
    const community = await Community.create({ code: `bench-${Date.now()}`, name: '压测小区', address: '压测路 1 号', servicePhone: '0571-12345678' });
    const ids = Array.from({ length: COUNT }, () => new mongoose.Types.ObjectId());
    const openid = (i: number) => `o_bench_${i}`;
    await timed(`setup: ${COUNT} owners, openids, credits`, async () => {
      for (let i = 0; i < COUNT; i += 1000) {
        const chunk = ids.slice(i, i + 1000);
        await User.collection.insertMany(chunk.map((_id, k) => ({ _id, communityId: community._id, name: `业主${i + k}`, phone: `139${String(i + k).padStart(8, '0')}`, roles: ['owner'], unitIds: [] })) as never[]);
        await WechatIdentity.collection.insertMany(chunk.map((userId, k) => ({ appId: getConfig().wechat.appId, openid: openid(i + k), userId })) as never[]);
        await SubscribeCredit.collection.insertMany(chunk.map((userId, k) => ({ _id: `${openid(i + k)}|${template.templateId}|1`, openid: openid(i + k), templateId: template.templateId, userId, at: new Date() })) as never[]);
      }
    });
    await timed(`enqueue ${COUNT} (enqueueMany × ${Math.ceil(COUNT / 1000)})`, async () => {
      for (let i = 0; i < COUNT; i += 1000) {
        await enqueueMany(
          ids.slice(i, i + 1000).map((userId, k) => ({
            communityId: community._id,
            eventKey: `bench:repair:${i + k}`,
            recipientUserId: userId,
            templateKey: 'repair.progress',
            values: { orderNo: `BX${i + k}`, title: '压测报修', status: '处理中', time: new Date() },
            urgent: true,
          })),
        );
      }
    });
    // Reference: the WeChat client alone (token in memory + HTTP to the fake), same concurrency, no outbox.
    const sender = wechatSender();
    const probe = Math.min(2000, COUNT);
    const { ms: refMs } = await timed(`reference: ${probe} sends through the WeChat client`, async () => {
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < probe) {
            const i = next++;
            await sender.subscribe({ touser: `o_probe_${i}`, templateId: template.templateId, page: 'pages/index/index', data: { character_string1: `P${i}`, thing2: '参考', phrase3: '处理中', time4: '2026年11月27日 12:00', thing5: '无' } });
          }
        }),
      );
    });
    console.log(`  → the WeChat client alone: ${(probe / (refMs / 1000)).toFixed(0)} sends/s`);

    // The yardstick: plain fetch to the same fake (one token, nothing else), the same number of sends as
    // the job, the same concurrency and the same request body shape as the client builds. The machine's
    // speed drifts (others share its 2 cores), so half of the sends run before the job and half after.
    const token = await createWechatClient({ appId: getConfig().wechat.appId, secret: getConfig().wechat.secret, baseUrl: getConfig().wechat.apiBase, timeoutMs: 5000 }).accessToken();
    // The payload a queued message is sent with (its queue entry carries it).
    const sample = (await OutboxQueue.findOne({}).lean()) as { page?: string; data?: Record<string, string> } | null;
    if (!sample?.data) throw new Error('no queued message to take the payload shape from');
    const shape = { page: sample.page ?? 'pages/index/index', data: sample.data };
    let fetched = 0;
    const plainFetch = (n: number) => async () => {
      const end = fetched + n;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (fetched < end) {
            const i = fetched++;
            const data = Object.fromEntries(Object.entries(shape.data).map(([k, v]) => [k, { value: k.startsWith('character_string') ? `H${i}` : v }]));
            const res = await fetch(`${getConfig().wechat.apiBase}/cgi-bin/message/subscribe/send?access_token=${token}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ touser: `o_http_${i}`, template_id: template.templateId, page: shape.page, data, miniprogram_state: 'formal', lang: 'zh_CN' }),
            });
            const body = (await res.json()) as { errcode?: number };
            if (body.errcode) throw new Error(`plain fetch: errcode ${body.errcode}`);
          }
        }),
      );
    };
    const half = Math.floor(COUNT / 2);
    const { ms: fetchMs1 } = await timed(`plain fetch: ${half} sends (before the job)`, () => profiled('fetch', plainFetch(half)));

    const { value: counted, ms } = await timed('deliver (deliverOutbox)', () => profiled('job', () => countCommands(() => deliverOutbox({ ratePerSecond: 100_000, concurrency: CONCURRENCY, batchSize: BATCH }))));
    const report = counted.value;

    const { ms: fetchMs2 } = await timed(`plain fetch: ${COUNT - half} sends (after the job)`, plainFetch(COUNT - half));
    const stats = await fake!.stats();
    const unique = stats.benchDistinct;
    if (stats.http !== COUNT) throw new Error(`plain fetch sends were not all accepted (${stats.http} of ${COUNT})`);
    const left = await OutboxQueue.countDocuments({});
    console.log(`report: ${JSON.stringify(report)}`);
    console.log(`WeChat accepted ${stats.bench} (${unique} distinct recipients); queue left ${left}`);
    const rate = report.sent / (ms / 1000);
    const fetchRate = COUNT / ((fetchMs1 + fetchMs2) / 1000);
    const ratio = rate / fetchRate;
    console.log(`\nplain fetch: ${COUNT} sends in ${((fetchMs1 + fetchMs2) / 1000).toFixed(2)} s: ${fetchRate.toFixed(0)} sends/s (before the job ${(half / (fetchMs1 / 1000)).toFixed(0)}/s, after ${((COUNT - half) / (fetchMs2 / 1000)).toFixed(0)}/s)`);
    console.log(`the job:     ${report.sent} messages in ${(ms / 1000).toFixed(2)} s: ${rate.toFixed(0)} messages/s (absolute goal ≥ ${GOAL}/s: ${rate >= GOAL ? 'met' : 'not met on this machine'})`);
    console.log(`ratio job / plain fetch: ${ratio.toFixed(2)} (goal ≥ ${RATIO_GOAL}) — ${ratio >= RATIO_GOAL ? 'GOAL MET' : 'GOAL NOT MET'}`);
    console.log(`database per delivered message: ${describeTally(counted.tally, report.sent)} (written: ${Object.entries(counted.tally.writtenIn).map(([c, n]) => `${c} ${(n / report.sent).toFixed(2)}`).join(', ')})`);
    if (stats.bench !== COUNT || unique !== COUNT) throw new Error('messages were lost or duplicated');
  } finally {
    await system.stop();
    await fake?.close();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (!runFakeWechatChild()) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
