/**
 * `npm run bench:gateway`: an authenticated trivial read (auth.me) through the whole gateway
 * (HTTP, JSON, zod, HMAC token, session + user + community reads, envelope) versus the same
 * three reads with the raw MongoDB driver, in the same run, same database, same concurrency.
 * Prints both throughputs and the ratio. Goal: ratio ≥ 0.7.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { verifyToken } from '../cloud/lib/session-token';
import { startDatabase, withDbName } from '../scripts/db';
import { startSystem } from '../scripts/system';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

async function measure(label: string, op: () => Promise<void>): Promise<number> {
  for (let i = 0; i < 200; i++) await op(); // warm up
  let done = 0;
  const until = Date.now() + SECONDS * 1000;
  const started = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        await op();
        done++;
      }
    }),
  );
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const rate = done / secs;
  const cpuPerRead = (cpu.user + cpu.system) / 1000 / done;
  console.log(
    `${label.padEnd(30)} ${String(done).padStart(7)} reads in ${secs.toFixed(2)} s = ${rate.toFixed(0).padStart(6)} /s  (node CPU ${cpuPerRead.toFixed(2)} ms/read, server and load generator together)`,
  );
  return rate;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-gw-'));
  process.env.LOG_LEVEL = 'silent';
  const db = await startDatabase({ dataDir, log: (l) => console.log(l) });
  const uri = process.env.MONGODB_URI ?? withDbName(db.serverUri, 'bench_gateway');
  const system = await startSystem({ mongodbUri: uri, fakeWechat: true, seed: 'if-empty', port: 0, host: '127.0.0.1' });
  const raw = new MongoClient(uri, { maxPoolSize: 20 });
  try {
    const login = await fetch(`${system.baseUrl}/fn/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'login', data: { code: 'demo-owner' } }),
    });
    const { data } = (await login.json()) as { data: { token: string } };
    const token = data.token;
    const body = JSON.stringify({ action: 'me' });

    // A lean keep-alive client, so the load generator's own CPU (it shares the 2 cores) stays small.
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` };
    const viaGateway = () =>
      new Promise<void>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: system.port, path: '/fn/auth', method: 'POST', agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => ((JSON.parse(Buffer.concat(chunks).toString()) as { ok: boolean }).ok ? resolve() : reject(new Error('gateway read failed'))));
        });
        req.on('error', reject);
        req.end(body);
      });

    const secret = process.env.SESSION_SECRET ?? 'dev-only-session-secret-do-not-use-in-production';
    const claims = verifyToken(token, secret, new Date());
    if (!claims.ok) throw new Error('token check failed');
    const sessionId = new ObjectId(claims.claims.sessionId);
    const rdb = raw.db();
    const viaDriver = async () => {
      const session = await rdb.collection('sessions').findOne({ _id: sessionId });
      const user = await rdb.collection('users').findOne({ _id: session?.userId });
      const community = await rdb.collection('communities').findOne({ _id: user?.communityId }, { projection: { name: 1 } });
      if (!community) throw new Error('driver read failed');
    };

    console.log(`database: ${db.description}; concurrency ${CONCURRENCY}; ${SECONDS} s each`);
    const driverRate = await measure('raw driver (3 findOne)', viaDriver);
    const gatewayRate = await measure('gateway POST /fn/auth {me}', viaGateway);
    const ratio = gatewayRate / driverRate;
    console.log(`ratio gateway/driver = ${ratio.toFixed(2)} (goal ≥ 0.70: ${ratio >= 0.7 ? 'PASS' : 'FAIL'})`);
  } finally {
    await raw.close();
    await system.stop();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
