/**
 * `npm run bench:gateway`: an authenticated trivial read (auth.me) through the whole gateway
 * (HTTP, JSON, zod, HMAC token, session + user + community reads, envelope) versus the same
 * three reads with the raw MongoDB driver, in the same run, same database, same concurrency.
 * Prints both throughputs and the ratio. Goal: ratio ≥ 0.7.
 *
 * Like wrk against a server, the load comes from a separate process (forked from this file),
 * which runs both measurements in interleaved rounds (this VM's speed drifts; one pair is noise).
 * Before the load, the gateway process counts the commands and documents written of 200 auth.me
 * calls (lib/db-monitor) and prints them per call.
 */
import { randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type ObjectId } from 'mongodb';
import { getConfig } from '../cloud/lib/config';
import { describeTally, enableCommandMonitoring, startMeter } from '../cloud/lib/db-monitor';
import { verifyToken } from '../cloud/lib/session-token';
import { startDatabase, withDbName } from '../scripts/db';
import { startSystem } from '../scripts/system';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

interface Target {
  uri: string;
  port: number;
  token: string;
  sessionId: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(label: string, op: () => Promise<void>): Promise<number> {
  for (let i = 0; i < 100; i++) await op(); // warm up
  let done = 0;
  const until = Date.now() + SECONDS * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        await op();
        done++;
      }
    }),
  );
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = done / secs;
  console.log(`  ${label.padEnd(28)} ${String(done).padStart(6)} reads in ${secs.toFixed(2)} s = ${rate.toFixed(0).padStart(5)} /s`);
  return rate;
}

/** The load generator (child process): both measurements against the running system. */
async function loadGenerator(t: Target): Promise<void> {
  const raw = new MongoClient(t.uri, { maxPoolSize: 20 });
  const rdb = raw.db();
  const sessionId = t.sessionId; // 32 random hex digits (a string id, not an ObjectId)
  const viaDriver = async () => {
    const session = await rdb.collection<{ _id: string; userId: ObjectId }>('sessions').findOne({ _id: sessionId });
    const user = await rdb.collection('users').findOne({ _id: session?.userId });
    // The bench user belongs to one community: auth.me reads it by id (as the service does).
    const community = await rdb.collection('communities').findOne({ _id: user?.communityId }, { projection: { name: 1 } });
    if (!community) throw new Error('driver read failed');
  };

  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const body = JSON.stringify({ action: 'me' });
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${t.token}` };
  const viaGateway = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: t.port, path: '/fn/auth', method: 'POST', agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ((JSON.parse(Buffer.concat(chunks).toString()) as { ok: boolean }).ok ? resolve() : reject(new Error('gateway read failed'))));
      });
      req.on('error', reject);
      req.end(body);
    });

  const ratios: number[] = [];
  const driverRates: number[] = [];
  const gatewayRates: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round}`);
    const d = await measure('raw driver (3 reads)', viaDriver);
    const g = await measure('gateway POST /fn/auth {me}', viaGateway);
    driverRates.push(d);
    gatewayRates.push(g);
    ratios.push(g / d);
    console.log(`  ratio ${(g / d).toFixed(2)}`);
  }
  const ratio = median(ratios);
  console.log(`median: raw driver ${median(driverRates).toFixed(0)} /s, gateway ${median(gatewayRates).toFixed(0)} /s`);
  console.log(
    `ratio gateway/driver (median of ${ROUNDS}) = ${ratio.toFixed(2)}, range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} (goal ≥ 0.70: ${ratio >= 0.7 ? 'PASS' : 'FAIL'})`,
  );
  agent.destroy();
  await raw.close();
}

/** The system under test (parent process): database, fake WeChat, gateway. */
async function main(): Promise<void> {
  enableCommandMonitoring(); // before the connection opens: the gateway runs in this process
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-gw-'));
  process.env.LOG_LEVEL = 'silent';
  process.env.SESSION_SECRET ??= randomBytes(32).toString('hex'); // the bench's own: there is no default secret
  const db = await startDatabase({ dataDir, log: (l) => console.log(l) });
  const uri = process.env.MONGODB_URI ?? withDbName(db.serverUri, 'bench_gateway');
  const system = await startSystem({ mongodbUri: uri, fakeWechat: true, seed: 'if-empty', port: 0, host: '127.0.0.1' });
  try {
    const login = await fetch(`${system.baseUrl}/fn/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'login', data: { code: 'demo-owner' } }),
    });
    const token = ((await login.json()) as { data: { token: string } }).data.token;
    const check = verifyToken(token, getConfig().sessionSecret, new Date());
    if (!check.ok) throw new Error('token check failed');
    console.log(`database: ${db.description}; concurrency ${CONCURRENCY}; ${ROUNDS} rounds of ${SECONDS} s; node ${process.version}`);
    // Commands per auth.me, counted where the gateway talks to the database (this process), one call at a time.
    const me = () => fetch(`${system.baseUrl}/fn/auth`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ action: 'me' }) }).then((r) => r.json());
    for (let i = 0; i < 20; i++) await me();
    const meter = startMeter();
    const CALLS = 200;
    for (let i = 0; i < CALLS; i++) if (!((await me()) as { ok: boolean }).ok) throw new Error('auth.me failed');
    console.log(`per auth.me (${CALLS} calls): ${describeTally(meter.stop(), CALLS)}`);
    const target: Target = { uri, port: system.port, token, sessionId: check.claims.sessionId };
    const child = fork(__filename, ['--load-generator', JSON.stringify(target)], { stdio: 'inherit' });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`load generator exited with ${code}`);
  } finally {
    await system.stop();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
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
