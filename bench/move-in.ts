/**
 * `npm run bench:move-in`: a 集中入住 of 2,000 units through the gateway — the manager publishes the
 * batch (2,000 cases, the 入住通知), then 500 owners book at once (500 concurrent clients), each a
 * slot chosen by turn among 5 days × 2 slots of 40 places (50 owners per slot: 10 too many each).
 * Prints the publish time, booking throughput and latency percentiles (p50/p95/p99/max), the database
 * commands per booking (by command and collection), then the count check: every slot holds at most
 * its capacity, exactly 400 bookings were made and 100 owners were told 已约满, and every case's
 * booking mirror agrees — no over-booking. Commands and documents written (lib/db-monitor) per case
 * published and per booking are printed beside the times.
 *
 * The manager logs in through auth.login; the 500 owners' sessions are made with identity's
 * createSession (what auth.login does once WeChat has answered): 500 logins from one address would
 * measure the login limiter, not the move-in (auth.login: ≈ 25 ms and 8 commands each, ≤ 20 at once
 * from one address — login.address). The bookings themselves go through the gateway.
 *
 * The load comes from a separate process (forked from this file), like wrk against a server.
 * BENCH_UNITS (2,000), BENCH_BOOKERS (500), BENCH_CAPACITY (40 a slot) tune it.
 */
import { randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { addDays, localDay } from '@shared/domain/calendar';
import { getConfig } from '../cloud/lib/config';
import { mongoose } from '../cloud/lib/db';
import { describeTally, enableCommandMonitoring, startMeter } from '../cloud/lib/db-monitor';
import { Building, Community, Unit } from '../cloud/modules/community/community.model';
import { Resident } from '../cloud/modules/community/household.model';
import { createSession, type UserRecord } from '../cloud/modules/identity/session.service';
import { User, WechatIdentity } from '../cloud/modules/identity/user.model';
import { Booking } from '../cloud/modules/movein/batch.model';
import { MoveIn } from '../cloud/modules/movein/movein.model';
import { startDatabase, withDbName } from '../scripts/db';
import { startSystem } from '../scripts/system';

const UNITS = Number(process.env.BENCH_UNITS ?? 2000);
const BOOKERS = Number(process.env.BENCH_BOOKERS ?? 500);
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? 40);
const DAYS = 5;
const SLOTS = ['am', 'pm'];

interface Target {
  port: number;
  day0: string;
  bookers: { token: string; moveInId: string }[];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function post(port: number, fn: string, token: string, payload: unknown, agent?: http.Agent): Promise<{ ok: boolean; data?: unknown; error?: { code: string } }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(payload);
    const req = http.request(
      { host: '127.0.0.1', port, path: `/fn/${fn}`, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString()) as { ok: boolean; error?: { code: string } }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The load generator (child process): every owner books at once, each on its own connection. */
async function loadGenerator(t: Target): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: t.bookers.length });
  const latencies: number[] = [];
  let booked = 0;
  let full = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    t.bookers.map(async (b, i) => {
      const slot = i % (DAYS * SLOTS.length);
      const day = addDays(t.day0, Math.floor(slot / SLOTS.length));
      const t0 = process.hrtime.bigint();
      const res = await post(t.port, 'movein', b.token, { action: 'book', data: { moveInId: b.moveInId, day, slotId: SLOTS[slot % SLOTS.length], requestId: `bench-book-${i}` } }, agent);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (res.ok) booked++;
      else if (res.error?.code === 'MOVEIN.SLOT_FULL') full++;
      else throw new Error(`book failed: ${res.error?.code}`);
    }),
  );
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  console.log(`\n${t.bookers.length} bookings asked at once (${t.bookers.length} concurrent clients) in ${secs.toFixed(2)} s: ${booked} booked, ${full} told 已约满`);
  console.log(`throughput: ${(t.bookers.length / secs).toFixed(1)} bookings/s`);
  console.log(`latency: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms`);
  agent.destroy();
  await new Promise<void>((resolve) => process.send!({ booked, full }, () => resolve()));
}

/** The system under test (parent process): database, fake WeChat, gateway, a community with a new building. */
async function main(): Promise<void> {
  // Before the connection opens: the gateway runs in this process, so every command it sends is counted.
  enableCommandMonitoring();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-movein-'));
  process.env.LOG_LEVEL ??= 'silent';
  process.env.SESSION_SECRET ??= randomBytes(32).toString('hex');
  const db = await startDatabase({ dataDir, log: (l) => console.log(l) });
  const uri = process.env.MONGODB_URI ?? withDbName(db.serverUri, 'bench_movein');
  const system = await startSystem({ mongodbUri: uri, fakeWechat: true, seed: 'never', port: 0, host: '127.0.0.1' });
  const commands = new Map<string, { n: number; ms: number }>();
  const kindOf = new Map<number, string>();
  const client = mongoose.connection.getClient();
  client.on('commandStarted', (e) => {
    if (['hello', 'isMaster', 'ping', 'endSessions', 'saslStart', 'saslContinue'].includes(e.commandName)) return;
    const target = (e.command as Record<string, unknown>)[e.commandName];
    const kind = e.commandName === 'getMore' ? `getMore ${String(e.command.collection)}` : `${e.commandName} ${String(target)}`;
    kindOf.set(e.requestId, kind);
    const c = commands.get(kind) ?? { n: 0, ms: 0 };
    c.n++;
    commands.set(kind, c);
  });
  const finished = (e: { requestId: number; duration: number }) => {
    const kind = kindOf.get(e.requestId);
    if (kind === undefined) return;
    kindOf.delete(e.requestId);
    commands.get(kind)!.ms += e.duration;
  };
  client.on('commandSucceeded', finished);
  client.on('commandFailed', finished);
  /** The commands counted since the last call (and resets the count). */
  const takeCommands = () => {
    const all = [...commands.entries()].sort((a, b) => b[1].ms - a[1].ms);
    commands.clear();
    return { total: all.reduce((n, [, c]) => n + c.n, 0), all };
  };
  try {
    const community = await Community.create({ code: `bench-${Date.now()}`, name: '压测小区', address: '压测路 1 号', servicePhone: '0571-12345678' });
    const building = await Building.create({ communityId: community._id, name: '8栋', floors: 50 });
    const units = await Unit.insertMany(
      Array.from({ length: UNITS }, (_, i) => ({ communityId: community._id, buildingId: building._id, entrance: String(1 + Math.floor(i / 500)), room: String(101 + (i % 500)), label: `8栋${1 + Math.floor(i / 500)}单元${101 + (i % 500)}`, floor: 1 + Math.floor((i % 500) / 10), areaM2: 90, status: 'vacant' })),
    );
    const appId = getConfig().wechat.appId;
    const manager = await User.create({ communityId: community._id, name: '经理', phone: '13600000000', roles: ['manager'] });
    await WechatIdentity.create({ appId, openid: 'o_bench_manager', userId: manager._id });
    takeCommands();
    const loginStarted = process.hrtime.bigint();
    const login = await post(system.port, 'auth', '', { action: 'login', data: { code: system.wechat!.mintCode('o_bench_manager') } });
    if (!login.ok) throw new Error(`manager login: ${login.error?.code}`);
    const loginMs = Number(process.hrtime.bigint() - loginStarted) / 1e6;
    const managerToken = (login.data as { token: string }).token;
    const loginCommands = takeCommands().total;
    // The buyers on record (the developer's list); the first BOOKERS use the app.
    const users = await User.insertMany(units.slice(0, BOOKERS).map((u, i) => ({ communityId: community._id, name: `业主${i}`, phone: `139${String(i).padStart(8, '0')}`, roles: ['owner'], unitIds: [u._id] })));
    await Resident.insertMany(units.map((u, i) => ({ communityId: community._id, unitId: u._id, name: `购房人${i}`, relation: 'owner', phone: `139${String(i).padStart(8, '0')}`, ...(users[i] ? { userId: users[i]._id } : {}) })));
    await WechatIdentity.insertMany(users.map((u, i) => ({ appId, openid: `o_bench_owner_${i}`, userId: u._id })));

    const day0 = addDays(localDay(new Date()), 1);
    const saved = await post(system.port, 'movein', managerToken, {
      action: 'saveBatch',
      data: { requestId: 'bench-batch-0001', name: '压测批次', buildingIds: [String(building._id)], startDay: day0, endDay: addDays(day0, DAYS - 1), slots: SLOTS.map((id, k) => ({ id, start: k ? '14:00' : '09:00', end: k ? '17:00' : '12:00', capacity: CAPACITY })), place: '8栋大堂' },
    });
    if (!saved.ok) throw new Error(`saveBatch: ${saved.error?.code}`);
    const batchId = (saved.data as { id: string }).id;
    takeCommands();
    const publishMeter = startMeter();
    const t0 = Date.now();
    const published = await post(system.port, 'movein', managerToken, { action: 'publishBatch', data: { batchId, confirmReview: true } });
    if (!published.ok) throw new Error(`publishBatch: ${published.error?.code}`);
    const publishMs = Date.now() - t0;
    const publishCommands = takeCommands().total;
    const publishTally = publishMeter.stop();
    const cases = await MoveIn.find({ batchId }, { unitId: 1 }).lean();
    console.log(`database: ${db.description}; ${UNITS} units, ${BOOKERS} owners booking at once, ${DAYS} days × ${SLOTS.length} slots × ${CAPACITY} places; node ${process.version}`);
    console.log(`manager login (auth.login through the gateway): ${loginMs.toFixed(0)} ms, ${loginCommands} commands`);
    console.log(`publish: ${cases.length} cases and the 入住通知 in ${(publishMs / 1000).toFixed(2)} s, ${publishCommands} commands`);
    console.log(`  publish: ${describeTally(publishTally)}; per case: ${describeTally(publishTally, cases.length)}`);
    if (cases.length !== UNITS) throw new Error(`publish made ${cases.length} cases, not ${UNITS}`);

    // The owners' sessions: what auth.login makes once WeChat has answered (see the header).
    const caseOf = new Map(cases.map((c) => [String(c.unitId), String(c._id)]));
    const sessionsStarted = Date.now();
    const bookers: Target['bookers'] = await Promise.all(
      users.map(async (u, i) => {
        const record: UserRecord = { _id: u._id, communityId: community._id, name: u.name, roles: ['owner'], unitIds: [units[i]._id], status: 'active' };
        return { token: (await createSession(record)).token, moveInId: caseOf.get(String(units[i]._id))! };
      }),
    );
    console.log(`sessions: ${bookers.length} owners' sessions (identity's createSession) in ${((Date.now() - sessionsStarted) / 1000).toFixed(2)} s`);
    takeCommands();
    const bookMeter = startMeter();

    // The target goes over IPC (500 session tokens are too long for one command-line argument).
    const child = fork(__filename, ['--load-generator'], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
    let answer: { booked: number; full: number } | undefined;
    child.on('message', (m) => (answer = m as { booked: number; full: number }));
    child.send({ port: system.port, day0, bookers } satisfies Target);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0 || !answer) throw new Error(`load generator exited with ${code}`);
    const { total, all } = takeCommands();
    const bookTally = bookMeter.stop();
    const per = (n: number) => (n / BOOKERS).toFixed(2).replace(/\.?0+$/, '');
    console.log(`database: ${total} commands, ${per(total)} a booking (gateway authentication included); by command, per booking, slowest first:`);
    for (const [kind, c] of all.slice(0, 12)) console.log(`  ${kind.padEnd(34)} ${per(c.n).padStart(6)} × ${(c.ms / c.n).toFixed(1).padStart(6)} ms`);
    console.log(`per booking asked (${BOOKERS}): ${describeTally(bookTally, BOOKERS)}; written in ${JSON.stringify(bookTally.writtenIn)}`);

    const places = DAYS * SLOTS.length * CAPACITY;
    const expected = Math.min(places, BOOKERS);
    const perSlot = new Map<string, number>();
    for (const b of await Booking.find({ batchId }, { day: 1, slotId: 1 }).lean()) perSlot.set(`${b.day}|${b.slotId}`, (perSlot.get(`${b.day}|${b.slotId}`) ?? 0) + 1);
    const stored = [...perSlot.values()].reduce((a, b) => a + b, 0);
    const mirrors = await MoveIn.countDocuments({ batchId, 'booking.day': { $exists: true } });
    const fullest = Math.max(...perSlot.values());
    console.log(`count check: ${stored} places taken of ${places} (fullest slot ${fullest}/${CAPACITY}), ${mirrors} cases show a booking; ${answer.booked} booked + ${answer.full} 已约满 = ${answer.booked + answer.full} asked`);
    if (fullest > CAPACITY) throw new Error(`over-booked: a slot holds ${fullest} of ${CAPACITY}`);
    if (stored !== expected || answer.booked !== expected || mirrors !== expected || answer.full !== BOOKERS - expected) throw new Error('bookings lost or over-booked');
    console.log('no over-booking: OK');
  } finally {
    await system.stop();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await mongoose.disconnect().catch(() => undefined);
  }
}

const run = process.argv[2] === '--load-generator' ? new Promise<Target>((resolve) => process.once('message', (t) => resolve(t as Target))).then(loadGenerator) : main();
run.then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
