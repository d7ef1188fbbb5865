/**
 * `npm run bench:repairs`: repair reports through the gateway, at 5 and then 50 clients at once, in
 * the same run. Each request is `repairs.create` by a logged-in owner in a community in
 * auto-dispatch mode, so it includes the session, triage, picking a technician (skills, duty, load,
 * round-robin), the order inserted dispatched and the outbox messages to the technician and the
 * owner. Prints per phase orders/s, latency percentiles (p50/p95/p99) and the database commands
 * and documents written per report (lib/db-monitor: engine-independent), then checks every order
 * was created once and dispatched.
 *
 * The load comes from a separate process (forked from this file), like wrk against a server; the
 * gateway runs in this process, so this process's command meter sees every command of the reports.
 * BENCH_CLIENTS (50), BENCH_ORDERS (1,000), BENCH_ORDERS_5 (200: the 5-client phase),
 * BENCH_OWNERS (200), BENCH_TECHNICIANS (10) tune it.
 */
import { randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { mongoose } from '../cloud/lib/db';
import { Building, Community, Unit } from '../cloud/modules/community/community.model';
import { Resident } from '../cloud/modules/community/household.model';
import { User, WechatIdentity } from '../cloud/modules/identity/user.model';
import { Repair } from '../cloud/modules/repairs/repair.model';
import { getConfig } from '../cloud/lib/config';
import { describeTally, enableCommandMonitoring, startMeter, type Tally } from '../cloud/lib/db-monitor';
import { startDatabase, withDbName } from '../scripts/db';
import { startSystem } from '../scripts/system';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 1000);
const ORDERS_5 = Number(process.env.BENCH_ORDERS_5 ?? 200);
const OWNERS = Number(process.env.BENCH_OWNERS ?? 200);
const TECHNICIANS = Number(process.env.BENCH_TECHNICIANS ?? 10);
const WARMUP = 20;

interface Target {
  port: number;
  owners: { token: string; unitId: string }[];
  clients: number;
  orders: number;
}

/** What the load generator reports to the parent (IPC) for the summary. */
interface PhaseResult {
  clients: number;
  reports: number;
  secs: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const DESCRIPTIONS = ['卫生间水管漏水', '厨房下水道堵了', '客厅插座没电', '阳台灯不亮', '热水器不出热水', '洗手池下面渗水'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The load generator (child process): 50 clients reporting repairs as fast as the gateway answers. */
async function loadGenerator(t: Target): Promise<void> {
  const { clients: CLIENTS, orders: ORDERS } = t;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  let seq = 0;
  const create = (i: number) =>
    new Promise<number>((resolve, reject) => {
      const owner = t.owners[i % t.owners.length];
      const body = JSON.stringify({
        action: 'create',
        data: { requestId: `bench-${process.pid}-${i}`, area: 'home', unitId: owner.unitId, category: '水电', description: `${DESCRIPTIONS[i % DESCRIPTIONS.length]}（压测${i}）` },
      });
      const started = process.hrtime.bigint();
      const req = http.request(
        { host: '127.0.0.1', port: t.port, path: '/fn/repairs', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${owner.token}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            const env = JSON.parse(Buffer.concat(chunks).toString()) as { ok: boolean; data?: { status: string }; error?: { code: string } };
            if (!env.ok) reject(new Error(`create failed: ${env.error?.code}`));
            else if (env.data?.status !== 'dispatched') reject(new Error(`order not dispatched: ${env.data?.status}`));
            else resolve(ms);
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  for (let i = 0; i < WARMUP; i++) await create(seq++);
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (seq < ORDERS + WARMUP) latencies.push(await create(seq++));
    }),
  );
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  console.log(`\n${latencies.length} reports (create + auto dispatch) by ${CLIENTS} concurrent clients in ${secs.toFixed(2)} s`);
  console.log(`throughput: ${(latencies.length / secs).toFixed(1)} orders/s`);
  console.log(`latency: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms`);
  agent.destroy();
  const result: PhaseResult = { clients: CLIENTS, reports: latencies.length, secs, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] };
  await new Promise<void>((resolve) => process.send!(result, () => resolve()));
}

/** One phase: the load generator at `clients`, the commands the gateway sent meanwhile (warm-up included: every request is a report). */
async function phase(target: Omit<Target, 'clients' | 'orders'>, clients: number, orders: number): Promise<{ result: PhaseResult; tally: Tally; requests: number }> {
  const meter = startMeter();
  const child = fork(__filename, ['--load-generator', JSON.stringify({ ...target, clients, orders } satisfies Target)], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  let result: PhaseResult | undefined;
  child.on('message', (m) => {
    result = m as PhaseResult;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const tally = meter.stop();
  if (code !== 0 || !result) throw new Error(`load generator exited with ${code}`);
  const requests = orders + WARMUP;
  console.log(`database per report: ${describeTally(tally, requests)} (${tally.commands} commands for ${requests} reports)`);
  return { result, tally, requests };
}

/** The system under test (parent process): database, fake WeChat, gateway, a community to report in. */
async function main(): Promise<void> {
  // Before the connection opens: the command meter (commands and documents written per report).
  enableCommandMonitoring();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-repairs-'));
  process.env.LOG_LEVEL = 'silent';
  process.env.SESSION_SECRET ??= randomBytes(32).toString('hex'); // the bench's own: there is no default secret
  const db = await startDatabase({ dataDir, log: (l) => console.log(l) });
  const uri = process.env.MONGODB_URI ?? withDbName(db.serverUri, 'bench_repairs');
  const system = await startSystem({ mongodbUri: uri, fakeWechat: true, seed: 'never', port: 0, host: '127.0.0.1' });
  try {
    const community = await Community.create({ code: `bench-${Date.now()}`, name: '压测小区', address: '压测路 1 号', servicePhone: '0571-12345678' });
    const building = await Building.create({ communityId: community._id, name: '1栋', floors: 30 });
    const units = await Unit.insertMany(
      Array.from({ length: OWNERS }, (_, i) => ({ communityId: community._id, buildingId: building._id, entrance: '1', room: String(101 + i), label: `1栋1单元${101 + i}`, floor: 1 + Math.floor(i / 10), areaM2: 90, status: 'occupied' })),
    );
    const appId = getConfig().wechat.appId;
    const owners: Target['owners'] = [];
    for (const [i, unit] of units.entries()) {
      const user = await User.create({ communityId: community._id, name: `业主${i}`, phone: `139${String(i).padStart(8, '0')}`, roles: ['owner'], unitIds: [unit._id] });
      await Resident.create({ communityId: community._id, unitId: unit._id, name: user.name, relation: 'owner', phone: user.phone, userId: user._id });
      const openid = `o_bench_owner_${i}`;
      await WechatIdentity.create({ appId, openid, userId: user._id });
      const code = system.wechat!.mintCode(openid);
      const res = await fetch(`${system.baseUrl}/fn/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'login', data: { code } }) });
      owners.push({ token: ((await res.json()) as { data: { token: string } }).data.token, unitId: String(unit._id) });
    }
    for (let i = 0; i < TECHNICIANS; i++) {
      const tech = await User.create({ communityId: community._id, name: `师傅${i}`, phone: `137${String(i).padStart(8, '0')}`, roles: ['technician'], skills: ['水电'], onDuty: true });
      // Technicians use the mini-program too: their 新工单 message is queued for WeChat (not 我的消息 only).
      await WechatIdentity.create({ appId, openid: `o_bench_tech_${i}`, userId: tech._id });
    }
    console.log(`database: ${db.description}; ${ORDERS_5} reports by 5 clients, then ${ORDERS} by ${CLIENTS} (each +${WARMUP} warm-up), ${OWNERS} owners, ${TECHNICIANS} technicians on duty, auto dispatch; node ${process.version}`);
    const phases = [];
    for (const [clients, orders] of [
      [5, ORDERS_5],
      [CLIENTS, ORDERS],
    ] as const) {
      phases.push(await phase({ port: system.port, owners }, clients, orders));
    }
    console.log('\nsummary (same run):');
    for (const { result: r, tally, requests } of phases) {
      console.log(
        `  ${String(r.clients).padStart(2)} clients: ${(r.reports / r.secs).toFixed(1)} orders/s; p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms; ${(tally.commands / requests).toFixed(2)} commands and ${(tally.written / requests).toFixed(2)} documents written per report`,
      );
    }

    const orders = await Repair.find({ communityId: community._id }, { status: 1, assigneeId: 1 }).lean();
    const perTech = new Map<string, number>();
    for (const o of orders) perTech.set(String(o.assigneeId), (perTech.get(String(o.assigneeId)) ?? 0) + 1);
    const loads = [...perTech.values()].sort((a, b) => a - b);
    console.log(`stored: ${orders.length} orders, ${orders.filter((o) => o.status === 'dispatched').length} dispatched; per technician ${loads[0]}–${loads[loads.length - 1]}`);
    if (orders.length !== ORDERS_5 + ORDERS + 2 * WARMUP || orders.some((o) => o.status !== 'dispatched')) throw new Error('orders were lost, duplicated or left undispatched');
  } finally {
    await system.stop();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await mongoose.disconnect().catch(() => undefined);
  }
}

const run = process.argv[2] === '--load-generator' ? loadGenerator(JSON.parse(process.argv[3]) as Target) : main();
run.then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
