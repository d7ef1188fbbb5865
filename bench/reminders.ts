/**
 * `npm run bench:reminders`: the billing run and the fee reminder run at 1× and 10× the bills —
 * 10 communities × BENCH_UNITS/10 units, then 10 communities × BENCH_UNITS (default 10,000: 100,000
 * bills and reminders) — each with owners and a monthly property fee. Per scale: the billing job
 * (every community, November), then, 16 days past the due date, the FLOOR measured in the same run
 * and the same process as the reminder run —
 * the same database reads every due bill once (one streamed find) and inserts one plain document per
 * reminder with a unique key in batches of 5,000 into a scratch collection — and the reminder run
 * (stage 1 for every bill: one bundled message per unit; invocations until it reports no `more`).
 * The reminder run runs in a process of its own, as a timer invocation does (CloudBase runs each
 * function in its own container, 256 MB by default): its RSS is the run's, not what the billing job
 * and the floor left in the bench's process (a Node process does not give its peak back; that
 * process's figures are printed too). Its V8 old space is capped as a small container's would be
 * (BENCH_RUN_HEAP_MB, default 128; 0: V8's default, which on a machine of many GiB lets garbage pile
 * up to several hundred MB before collecting it). Prints absolute times, the ratio run / floor (goal ≤ 2×), the run's peak RSS (goal ≤
 * 300 MB), commands and documents written per reminder, and time(10×) / time(1×) (goal ≤ 12×).
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setClock } from '../cloud/lib/clock';
import { mongoose } from '../cloud/lib/db';
import { connectDb, disconnectDb } from '../cloud/lib/db';
import { countCommands, describeTally, enableCommandMonitoring, type Tally } from '../cloud/lib/db-monitor';
import { Building, Community, Unit } from '../cloud/modules/community/community.model';
import { Budget } from '../cloud/lib/slices';
import { runBillingJob } from '../cloud/modules/fees/fee.service';
import { Bill, FeeItem } from '../cloud/modules/fees/fee.model';
import { runReminders, type ReminderRunReport } from '../cloud/modules/fees/reminder.job';
import { User } from '../cloud/modules/identity/user.model';
import { OutboxMessage } from '../cloud/modules/messaging/messaging.model';
import { startDatabase, withDbName } from '../scripts/db';
import { startSystem } from '../scripts/system';
import { mb, measured, timed } from './timing';

const COMMUNITIES = 10;
const UNITS = Number(process.env.BENCH_UNITS ?? 10_000);
/**
 * The billing and reminder runs' time budget per invocation (BENCH_BUDGET_MS; default 30 minutes: each whole run in
 * one invocation, to measure its work against the floor). With the configured JOB_BUDGET_MS (45 s) the
 * run is cut into invocations, and on FerretDB each one first reads its communities again (a scan of
 * bills, owners, units and identities), so the count of invocations is printed too.
 */
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 30 * 60_000);
/** The reminder run's process: its old-space limit in MB (0: V8's default). */
const RUN_HEAP_MB = Number(process.env.BENCH_RUN_HEAP_MB ?? 128);

async function setup(units: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let c = 0; c < COMMUNITIES; c++) {
    const community = await Community.create({ code: `bench-${tag}-${Date.now()}-${c}`, name: `压测小区${tag}-${c}`, address: '压测路', servicePhone: '0571-12345678' });
    const building = await Building.create({ communityId: community._id, name: '1栋', floors: 100 });
    await FeeItem.create({ communityId: community._id, name: '物业服务费', kind: 'property', rateFen: 235, cycle: 'monthly', dueDay: 15, vacancyPercent: 50 });
    for (let i = 0; i < units; i += 2000) {
      const batch = Array.from({ length: Math.min(2000, units - i) }, (_, k) => ({ _id: new mongoose.Types.ObjectId(), communityId: community._id, buildingId: building._id, entrance: '1', room: String(10000 + i + k), label: `1栋1单元${10000 + i + k}`, floor: 1 + Math.floor((i + k) / 100), areaM2: 80 + ((i + k) % 60), status: (i + k) % 10 === 0 ? 'vacant' : 'occupied' }));
      await Unit.collection.insertMany(batch as never[]);
      await User.collection.insertMany(batch.map((u, k) => ({ communityId: community._id, name: `业主${i + k}`, phone: `139${tag}${String(c * units + i + k).padStart(7, '0')}`, roles: ['owner'], unitIds: [u._id], status: 'active' })) as never[]);
    }
    ids.push(String(community._id));
  }
  return ids;
}

/** The floor: read every due bill of these communities once (one streamed find), insert one plain keyed document per reminder (batches of 5,000). */
async function floor(communityIds: string[], until: Date, tag: string): Promise<number> {
  const scratch = mongoose.connection.db!.collection(`bench_floor_${tag}`);
  const ids = communityIds.map((id) => new mongoose.Types.ObjectId(id));
  const cursor = Bill.collection.find({ communityId: { $in: ids }, status: 'open', dueDate: { $lte: until } }, { projection: { communityId: 1, unitId: 1, amountFen: 1, dueDate: 1, itemName: 1, kind: 1 }, batchSize: 5000 }).sort({ communityId: 1, unitId: 1 });
  let batch: Record<string, unknown>[] = [];
  let n = 0;
  for await (const b of cursor) {
    batch.push({ _id: `floor:${String(b.unitId)}:${String(b._id)}`, unitId: b.unitId, fen: b.amountFen, at: new Date() });
    if (batch.length === 5000) {
      await scratch.insertMany(batch as never[], { ordered: false });
      n += batch.length;
      batch = [];
    }
  }
  if (batch.length) await scratch.insertMany(batch as never[], { ordered: false });
  return n + batch.length;
}

interface Scale {
  units: number;
  reminders: number;
  runMs: number;
  floorMs: number;
}

async function scale(units: number, tag: string): Promise<Scale> {
  console.log(`\n— ${COMMUNITIES} communities × ${units} units = ${COMMUNITIES * units} bills`);
  setClock();
  const communityIds = await (await timed(`setup: units and owners`, () => setup(units, tag))).value;
  setClock(() => new Date('2026-11-02T02:00:00Z'));
  const { value: billed } = await timed('billing job (November, every community)', async () => {
    let created = 0;
    let invocations = 0;
    for (let more = true; more; ) {
      const r = await runBillingJob('2026-11', { budget: Budget.of({ limits: { ms: BUDGET_MS } }) });
      invocations++;
      created += r.created;
      more = r.more;
    }
    return { created, invocations };
  }, { rss: true });
  console.log(`  → ${billed.created} bills, ${billed.invocations} invocation(s)`);
  const at = new Date('2026-12-01T02:00:00Z');
  setClock(() => at);
  const run = await runInItsOwnProcess({ uri: process.env.MONGODB_URI!, communityIds, at: at.toISOString(), tag });
  console.log(`${'FLOOR: read the due bills once + insert one keyed doc per reminder (same process)'.padEnd(48)} ${(run.floorMs / 1000).toFixed(2).padStart(7)} s`);
  console.log(`  → ${run.floorDocs} documents`);
  console.log(`${`reminder run (16 days overdue; own process, ${RUN_HEAP_MB > 0 ? `old space ${RUN_HEAP_MB} MB` : 'default heap'})`.padEnd(48)} ${(run.ms / 1000).toFixed(2).padStart(7)} s   RSS ${mb(run.rssStart)} → peak ${mb(run.rssPeak)} MB`);
  const { report, tally, invocations } = run;
  const queued = await OutboxMessage.countDocuments({ communityId: { $in: communityIds.map((id) => new mongoose.Types.ObjectId(id)) } });
  console.log(`  → ${report.units} units in arrears, ${report.messages} reminders (${queued} messages enqueued), ${report.callTasks} call tasks, ${invocations} invocation(s)`);
  console.log(`  → per reminder: ${describeTally(tally, report.messages)}; documents written beyond the message ${((tally.written - (tally.writtenIn.outboxmessages ?? 0)) / report.messages).toFixed(3)}`);
  console.log(`  → ratio run / floor: ${(run.ms / run.floorMs).toFixed(2)}× (goal ≤ 2×)`);
  return { units, reminders: report.messages, runMs: run.ms, floorMs: run.floorMs };
}

interface ChildTask {
  uri: string;
  communityIds: string[];
  at: string;
  tag: string;
}
interface ChildResult {
  floorMs: number;
  floorDocs: number;
  ms: number;
  report: ReminderRunReport;
  tally: Tally;
  invocations: number;
  rssStart: number;
  rssPeak: number;
}

/** The floor and then the reminder run, in a child process of their own (this file again, BENCH_REMINDER_TASK set). */
function runInItsOwnProcess(task: ChildTask): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(process.argv[1], [], { execArgv: ['--expose-gc', ...(RUN_HEAP_MB > 0 ? [`--max-old-space-size=${RUN_HEAP_MB}`] : [])], env: { ...process.env, BENCH_REMINDER_TASK: JSON.stringify(task) } });
    let result: ChildResult | null = null;
    child.on('message', (m) => (result = m as ChildResult));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`the reminder run's process exited with ${code}`))));
  });
}

/**
 * In the child: connect, the floor (same connections, same process as the run it is compared with),
 * then invocations of the reminder run until it reports no `more` (timed from the first; its RSS from
 * after a forced GC).
 */
async function childRun(task: ChildTask): Promise<ChildResult> {
  enableCommandMonitoring();
  process.env.MONGODB_URI = task.uri;
  await connectDb();
  const at = new Date(task.at);
  setClock(() => at);
  const f = await measured(() => floor(task.communityIds, new Date(at.getTime() + 31 * 86_400_000), task.tag));
  let invocations = 0;
  const run = await measured(
    () =>
      countCommands(async () => {
        const total: ReminderRunReport = { units: 0, messages: 0, callTasks: 0, review: 0, paused: 0, replayed: 0, more: true };
        while (total.more) {
          const r = await runReminders({ scope: { communityIds: task.communityIds }, budget: Budget.of({ limits: { ms: BUDGET_MS } }) });
          invocations++;
          for (const k of ['units', 'messages', 'callTasks', 'review', 'paused', 'replayed'] as const) total[k] += r[k];
          total.more = r.more;
        }
        return total;
      }),
    { rss: true },
  );
  await disconnectDb();
  return { floorMs: f.ms, floorDocs: f.value, ms: run.ms, report: run.value.value, tally: run.value.tally, invocations, rssStart: run.rssStart, rssPeak: run.rssPeak };
}

async function main(): Promise<void> {
  enableCommandMonitoring();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-reminders-'));
  process.env.LOG_LEVEL = 'silent';
  process.env.SESSION_SECRET ??= randomBytes(32).toString('hex'); // the bench's own: there is no default secret
  const db = await startDatabase({ dataDir, log: (l) => console.log(l) });
  const uri = process.env.MONGODB_URI ?? withDbName(db.serverUri, 'bench_reminders');
  const system = await startSystem({ mongodbUri: uri, fakeWechat: true, seed: 'never', port: 0, host: '127.0.0.1' });
  console.log(`database: ${db.description}`);
  try {
    const small = await scale(Math.max(1, Math.round(UNITS / 10)), '1');
    const big = await scale(UNITS, '2');
    console.log(`\nscaling: ${big.reminders} reminders in ${(big.runMs / 1000).toFixed(2)} s vs ${small.reminders} in ${(small.runMs / 1000).toFixed(2)} s: time(10×) / time(1×) = ${(big.runMs / small.runMs).toFixed(2)} (goal ≤ 12)`);
    console.log(`ratio to the floor: 1× ${(small.runMs / small.floorMs).toFixed(2)}×, 10× ${(big.runMs / big.floorMs).toFixed(2)}× (goal ≤ 2×)`);
  } finally {
    setClock();
    await system.stop();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const childTask = process.env.BENCH_REMINDER_TASK;
(childTask ? childRun(JSON.parse(childTask) as ChildTask).then((r) => new Promise<void>((done) => process.send!(r, () => done()))) : main()).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
