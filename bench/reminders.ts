/**
 * `npm run bench:reminders`: 10 communities × 10,000 units with a monthly property fee (100,000 bills
 * per billing run; BENCH_UNITS overrides the units per community). Runs the billing job for a month
 * (every community), then moves the clock 16 days past the due date and runs the reminder ladder
 * (stage 1 for every unpaid bill: one bundled message per unit). Prints both run times, peak RSS and
 * the messages enqueued. Goal: ≤ 30 s each, RSS ≤ 300 MB.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setClock } from '../cloud/lib/clock';
import { mongoose } from '../cloud/lib/db';
import { Building, Community, Unit } from '../cloud/modules/community/community.model';
import { runBillingJob } from '../cloud/modules/fees/fee.service';
import { FeeItem } from '../cloud/modules/fees/fee.model';
import { runReminders } from '../cloud/modules/fees/reminder.job';
import { User } from '../cloud/modules/identity/user.model';
import { OutboxMessage } from '../cloud/modules/messaging/messaging.model';
import type { Caller } from '../cloud/lib/caller';
import { startDatabase, withDbName } from '../scripts/db';
import { startSystem } from '../scripts/system';
import { timed } from './timing';

const COMMUNITIES = 10;
const UNITS = Number(process.env.BENCH_UNITS ?? 10_000);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-reminders-'));
  process.env.LOG_LEVEL = 'silent';
  process.env.SESSION_SECRET ??= randomBytes(32).toString('hex'); // the bench's own: there is no default secret
  const db = await startDatabase({ dataDir, log: (l) => console.log(l) });
  const uri = process.env.MONGODB_URI ?? withDbName(db.serverUri, 'bench_reminders');
  const system = await startSystem({ mongodbUri: uri, fakeWechat: true, seed: 'never', port: 0, host: '127.0.0.1' });
  console.log(`database: ${db.description}; ${COMMUNITIES} communities × ${UNITS} units = ${COMMUNITIES * UNITS} bills per run`);
  const callers: Caller[] = [];
  try {
    await timed(`setup: ${COMMUNITIES * UNITS} units and owners`, async () => {
      for (let c = 0; c < COMMUNITIES; c++) {
        const community = await Community.create({ code: `bench-${Date.now()}-${c}`, name: `压测小区${c}`, address: '压测路', servicePhone: '0571-12345678' });
        const building = await Building.create({ communityId: community._id, name: '1栋', floors: 100 });
        await FeeItem.create({ communityId: community._id, name: '物业服务费', kind: 'property', rateFen: 235, cycle: 'monthly', dueDay: 15, vacancyPercent: 50 });
        for (let i = 0; i < UNITS; i += 2000) {
          const units = Array.from({ length: Math.min(2000, UNITS - i) }, (_, k) => ({ _id: new mongoose.Types.ObjectId(), communityId: community._id, buildingId: building._id, entrance: '1', room: String(10000 + i + k), label: `1栋1单元${10000 + i + k}`, floor: 1 + Math.floor((i + k) / 100), areaM2: 80 + ((i + k) % 60), status: (i + k) % 10 === 0 ? 'vacant' : 'occupied' }));
          await Unit.collection.insertMany(units as never[]);
          await User.collection.insertMany(units.map((u, k) => ({ communityId: community._id, name: `业主${i + k}`, phone: `139${String(c * UNITS + i + k).padStart(8, '0')}`, roles: ['owner'], unitIds: [u._id], status: 'active' })) as never[]);
        }
        callers.push({ userId: String(new mongoose.Types.ObjectId()), name: '压测主管', roles: ['manager'], communityId: String(community._id), communityIds: [String(community._id)], unitIds: [] });
      }
    });
    setClock(() => new Date('2026-11-02T02:00:00Z'));
    const { value: billed } = await timed('billing job (November, every community)', async () => (await runBillingJob('2026-11')).created, { rss: true });
    console.log(`  → ${billed} bills`);
    setClock(() => new Date('2026-12-01T02:00:00Z'));
    const { value: report } = await timed('reminder run (16 days overdue)', () => runReminders(), { rss: true });
    const queued = await OutboxMessage.countDocuments({ eventKey: { $regex: '^fees:' } });
    console.log(`  → ${report.units} units in arrears, ${report.messages} reminders (${queued} messages enqueued), ${report.callTasks} call tasks`);
  } finally {
    setClock();
    await system.stop();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
