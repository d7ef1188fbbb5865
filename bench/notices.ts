/**
 * `npm run bench:notices`: a manager publishes one notice to a community of 10,000 owners through
 * the gateway (`notices.publish`: template variables, content security, the target resolved to
 * units and owners, one push per owner enqueued), then the outbox delivery job sends the pushes to
 * the fake WeChat server, which runs in its own process (as in bench/outbox.ts). Prints the time
 * to publish (enqueue) and to deliver, and checks every owner got exactly one push.
 * Commands and documents written (lib/db-monitor: the gateway runs in this process) are printed
 * for the publish and the delivery, in total and per owner pushed (goal: ≤ 2 documents per owner).
 * BENCH_OWNERS overrides 10,000.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getConfig } from '../cloud/lib/config';
import { mongoose } from '../cloud/lib/db';
import { describeTally, enableCommandMonitoring, startMeter } from '../cloud/lib/db-monitor';
import { templateByKey } from '../cloud/lib/wechat/templates';
import { Building, Community, Unit } from '../cloud/modules/community/community.model';
import { User, WechatIdentity } from '../cloud/modules/identity/user.model';
import { deliverOutbox } from '../cloud/modules/messaging/delivery.job';
import { OutboxQueue, SubscribeCredit } from '../cloud/modules/messaging/messaging.model';
import { startDatabase, withDbName } from '../scripts/db';
import { startSystem } from '../scripts/system';
import { timed } from './timing';
import { forkFakeWechat, runFakeWechatChild } from './fake-wechat-process';

const OWNERS = Number(process.env.BENCH_OWNERS ?? 10_000);

async function main(): Promise<void> {
  enableCommandMonitoring(); // before the connection opens
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-notices-'));
  process.env.LOG_LEVEL = 'silent';
  process.env.SESSION_SECRET ??= randomBytes(32).toString('hex'); // the bench's own: there is no default secret
  const db = await startDatabase({ dataDir, log: (l) => console.log(l) });
  const uri = process.env.MONGODB_URI ?? withDbName(db.serverUri, 'bench_notices');
  const fake = await forkFakeWechat(__filename);
  Object.assign(process.env, { WECHAT_API_BASE: fake.baseUrl, DEMO_MODE: '1' });
  const system = await startSystem({ mongodbUri: uri, fakeWechat: false, seed: 'never', port: 0, host: '127.0.0.1' });
  console.log(`database: ${db.description}; fake WeChat: ${fake.baseUrl} (child process); ${OWNERS} owners`);
  try {
    const appId = getConfig().wechat.appId;
    const template = templateByKey('notice.published')!;
    const community = await Community.create({ code: `bench-${Date.now()}`, name: '压测小区', address: '压测路 1 号', servicePhone: '0571-12345678' });
    const buildings = await Building.insertMany(Array.from({ length: 20 }, (_, b) => ({ communityId: community._id, name: `${b + 1}栋`, floors: 30, sort: b + 1 })));
    await timed(`setup: ${OWNERS} units, owners, openids, credits`, async () => {
      for (let i = 0; i < OWNERS; i += 1000) {
        const n = Math.min(1000, OWNERS - i);
        const units = Array.from({ length: n }, (_, k) => {
          const j = i + k;
          const b = buildings[j % buildings.length];
          const room = `${String(1 + (Math.floor(j / buildings.length) % 30)).padStart(2, '0')}${String(1 + Math.floor(j / (buildings.length * 30))).padStart(2, '0')}`;
          return { _id: new mongoose.Types.ObjectId(), communityId: community._id, buildingId: b._id, entrance: '1', room, label: `${b.name}1单元${room}`, floor: Number(room.slice(0, 2)), areaM2: 90, status: 'occupied' };
        });
        await Unit.collection.insertMany(units as never[]);
        const users = units.map((u, k) => ({ _id: new mongoose.Types.ObjectId(), communityId: community._id, name: `业主${i + k}`, phone: `139${String(i + k).padStart(8, '0')}`, roles: ['owner'], unitIds: [u._id], status: 'active' }));
        await User.collection.insertMany(users as never[]);
        await WechatIdentity.collection.insertMany(users.map((u, k) => ({ appId, openid: `o_bench_${i + k}`, userId: u._id })) as never[]);
        await SubscribeCredit.collection.insertMany(users.map((u, k) => ({ _id: `o_bench_${i + k}|${template.templateId}|1`, openid: `o_bench_${i + k}`, templateId: template.templateId, userId: u._id, at: new Date() })) as never[]);
      }
    });
    const manager = await User.create({ communityId: community._id, name: '压测主管', phone: '13800000000', roles: ['manager'] });
    await WechatIdentity.create({ appId, openid: 'o_bench_manager', userId: manager._id });
    const login = await fetch(`${system.baseUrl}/fn/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'login', data: { code: await fake.mintCode('o_bench_manager') } }) });
    const token = ((await login.json()) as { data: { token: string } }).data.token;

    const publishMeter = startMeter();
    const { value: published, ms: publishMs } = await timed(`publish to ${OWNERS} owners (gateway, enqueue)`, async () => {
      const res = await fetch(`${system.baseUrl}/fn/notices`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          action: 'publish',
          data: {
            requestId: `bench-${Date.now()}`,
            templateKey: 'water-outage',
            values: { date: '2026年12月3日', timeRange: '08:00–17:00', contactPhone: '0571-12345678' },
            title: '停水通知',
            body: '尊敬的各位业主/住户：\n\n因市政供水管网维修，2026年12月3日 08:00–17:00 全体楼栋停水，请提前储水。\n\n如有疑问请致电 0571-12345678。',
            kind: 'notice',
            category: 'important',
            target: { kind: 'community' },
          },
        }),
      });
      const env = (await res.json()) as { ok: boolean; data?: { id: string; units: number }; error?: { code: string; message: string } };
      if (!env.ok) throw new Error(`publish failed: ${env.error?.code} ${env.error?.message}`);
      return env.data!;
    });
    const publishTally = publishMeter.stop();
    const queued = await OutboxQueue.countDocuments({});
    console.log(`  → ${published.units} units, ${queued} pushes queued: ${(queued / (publishMs / 1000)).toFixed(0)} enqueued/s`);
    console.log(`  → publish: ${describeTally(publishTally)}`);
    console.log(`  → per owner pushed: ${describeTally(publishTally, OWNERS)} (goal ≤ 2 documents: ${publishTally.written / OWNERS <= 2.01 ? 'PASS' : 'FAIL'}); written in ${JSON.stringify(publishTally.writtenIn)}`);

    const deliverMeter = startMeter();
    const { value: report, ms: deliverMs } = await timed(`deliver ${queued} pushes (deliverOutbox)`, () => deliverOutbox({ ratePerSecond: 100_000, concurrency: 64, batchSize: queued }));
    const deliverTally = deliverMeter.stop();
    const stats = await fake.stats();
    console.log(`  → sent ${report.sent}: ${(report.sent / (deliverMs / 1000)).toFixed(0)} messages/s; WeChat accepted ${stats.bench} (${stats.benchDistinct} distinct owners)`);
    console.log(`  → deliver, per push sent: ${describeTally(deliverTally, Math.max(1, report.sent))}`);
    console.log(`\npublish to ${OWNERS} owners: enqueue ${(publishMs / 1000).toFixed(1)} s, deliver ${(deliverMs / 1000).toFixed(1)} s, total ${((publishMs + deliverMs) / 1000).toFixed(1)} s`);
    if (stats.bench !== OWNERS || stats.benchDistinct !== OWNERS) throw new Error('pushes were lost or duplicated');
  } finally {
    await system.stop();
    await fake.close();
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
