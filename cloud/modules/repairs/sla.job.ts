import { formatShortTime, MINUTE_MS } from '@shared/domain/calendar';
import type { RepairSettingsView, SlaRunReport } from '@shared/contracts/repairs.contract';
import { OPEN_STATUSES, SLA_STAGE_LABELS, UNASSIGNED_STATUSES, type RepairStatus } from '@shared/domain/repairs';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import type { JobScope } from '../../lib/job-scope';
import { Budget, runSliced, sliceBatches } from '../../lib/slices';
import { communityIdsIn } from '../community';
import { autoDispatch } from './dispatch';
import { alertManagers, alertStaff } from './notify';
import { Repair, type RepairDoc } from './repair.model';
import { settingsOf } from './settings.service';
import { mutate, SYSTEM, withFlags } from './transitions';
import { deadlineKey, runningStage, warnAt } from './views';

type Id = mongoose.Types.ObjectId;

/**
 * The repair deadline job (every minute from the scheduler or a CloudBase timer). For each open order:
 * - waiting in the pool longer than the community allows → dispatched automatically; in auto mode
 *   with nobody available before → tried again;
 * - past 80 % of the running stage's deadline → the assignee is warned;
 * - past the deadline → the order is flagged and the managers told; not accepted in time → reassigned.
 * Idempotent and safe to run concurrently: messages are keyed by the deadline they are about (the
 * outbox drops repeats), and the order's bookkeeping is a revision-guarded change that applies once.
 * A manager's manual run passes `scope`: only the orders of their communities.
 *
 * In slices (lib/slices.ts): community by community, the open orders in `_id` order a batch at a
 * time (an item: one open order), within the invocation's budget; `more` says the next invocation
 * continues where this one stopped (each pass starts again at the beginning once a community is through).
 */
export async function runRepairSla(opts: { signal?: AbortSignal; scope?: JobScope; budget?: Budget } = {}): Promise<SlaRunReport> {
  const report: SlaRunReport = { checked: 0, warned: 0, breached: 0, reassigned: 0, dispatched: 0, more: false };
  const budget = opts.budget ?? Budget.of({ signal: opts.signal });
  const sliced = await runSliced('repairSla', { communityIds: await communityIdsIn(opts.scope), budget }, async (communityId, slice) => {
    const community = new mongoose.Types.ObjectId(communityId);
    let settings: Promise<RepairSettingsView> | undefined;
    return sliceBatches(
      slice,
      {
        read: async (after, limit) =>
          (await Repair.find({ communityId: community, status: { $in: OPEN_STATUSES }, ...(after ? { _id: { $gt: new mongoose.Types.ObjectId(after) } } : {}) })
            .sort({ _id: 1 })
            .limit(limit)
            .lean()) as RepairDoc[],
        keyOf: (o) => String(o._id),
        batch: 100,
      },
      async (orders) => {
        for (const o of orders) await checkOrder(o, () => (settings ??= settingsOf(community)), report);
      },
    );
  });
  report.more = sliced.more;
  return report;
}

/** One open order: dispatch it from the pool or in auto mode when due, else check its running deadline. */
async function checkOrder(o: RepairDoc, settingsFor: () => Promise<RepairSettingsView>, report: SlaRunReport): Promise<void> {
  report.checked++;
  const at = now();
  if (UNASSIGNED_STATUSES.includes(o.status as RepairStatus)) {
    const s = await settingsFor();
    const poolExpired = o.inPool && o.poolSince && at.getTime() - new Date(o.poolSince).getTime() >= s.poolFallbackMinutes * MINUTE_MS;
    if (poolExpired || (!o.inPool && o.mode === 'auto')) {
      const note = poolExpired ? `抢单池${s.poolFallbackMinutes}分钟无人接单，自动派单` : '自动派单';
      if (await autoDispatch(o._id, SYSTEM, { note })) {
        report.dispatched++;
        return;
      }
    }
  }
  await checkDeadline(o, at, report);
}

async function checkDeadline(o: RepairDoc, at: Date, report: SlaRunReport): Promise<void> {
  const stage = runningStage(o);
  const due = stage ? o.deadlines?.[stage] : undefined;
  if (!stage || !due) return;
  const key = deadlineKey(stage, due);
  const label = SLA_STAGE_LABELS[stage];
  if (at < due) {
    if (!o.assigneeId || at < warnAt(o, stage, due) || (o.warned ?? []).includes(key)) return;
    await alertStaff(o, [o.assigneeId as Id], `warn:${key}`, '即将超时', `${label}时限 ${formatShortTime(due)}，请抓紧`);
    const { changed } = await mutate(o._id, SYSTEM, (cur) => ((cur.warned ?? []).includes(key) ? null : { set: { warned: [...(cur.warned ?? []), key] } }));
    if (changed) report.warned++;
    return;
  }
  if (!(o.breaches ?? []).some((b) => b.stage === stage && b.at && new Date(b.at).getTime() === due.getTime())) {
    await alertManagers(o, `breach:${key}`, '已超时', `${label}已超时（时限 ${formatShortTime(due)}）${o.assigneeName ? `，处理人${o.assigneeName}` : '，尚未派单'}`);
    const { changed } = await mutate(o._id, SYSTEM, (cur) =>
      (cur.breaches ?? []).some((b) => b.stage === stage && b.at && new Date(b.at).getTime() === due.getTime())
        ? null
        : { set: { breaches: [...(cur.breaches ?? []), { stage, at: due }], flags: withFlags(cur, ['overdue']) } },
    );
    if (changed) report.breached++;
  }
  // Not accepted in time: another technician gets it (tried on every run until someone is free).
  if (stage === 'accept' && o.status === 'dispatched' && o.assigneeId) {
    const moved = await autoDispatch(o._id, SYSTEM, { reassignFrom: o.assigneeId as Id, note: `${o.assigneeName ?? ''}超时未接单，自动改派` });
    if (moved) {
      report.reassigned++;
      await alertStaff(o, [o.assigneeId as Id], `taken:${o.rev}`, '已改派', '超时未接单，工单已改派给其他师傅');
    }
  }
}
