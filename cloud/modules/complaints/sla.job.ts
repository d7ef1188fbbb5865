import { localMinute } from '@shared/domain/calendar';
import { COMPLAINT_STAGE_LABELS, COMPLAINT_STAGE_OF, COMPLAINT_WARN_SHARE, type ComplaintStage, type ComplaintStatus } from '@shared/domain/complaints';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import type { JobScope } from '../../lib/job-scope';
import { Budget, runSliced, sliceBatches } from '../../lib/slices';
import { communityIdsIn } from '../community';
import { SYSTEM } from '../../lib/revision';
import { Complaint, type ComplaintDoc } from './complaint.model';
import { agentsOf, alertManagers, alertStaff } from './notify';
import { mutateComplaint, warnKey } from './complaint.service';

export interface ComplaintSlaReport {
  checked: number;
  warned: number;
  breached: number;
  /** Work is left for the next invocation (lib/slices.ts). */
  more: boolean;
}

/** When the running stage started: the round (first response, reply) or the reply (follow-up). */
function stageStart(c: ComplaintDoc, stage: ComplaintStage): Date {
  return new Date(stage === 'followup' && c.reply?.at ? c.reply.at : c.roundFrom);
}

/**
 * The complaint deadline job (every minute from the scheduler or a CloudBase timer). For each open
 * complaint, the deadline of the stage it is in (first response, written reply, follow-up):
 * - past 80 % → the handler is warned (before a handler: the agents);
 * - past the deadline → the complaint is marked breached and the managers told.
 * Idempotent and safe to run concurrently: messages are keyed by the deadline (the outbox drops
 * repeats) and the bookkeeping is a revision-guarded change that applies once.
 * A manager's manual run passes `scope`: only the complaints of their communities.
 *
 * In slices (lib/slices.ts): community by community, the open complaints in `_id` order a batch at a
 * time (an item: one open complaint), within the invocation's budget; `more`: the next invocation continues.
 */
export async function runComplaintSla(opts: { signal?: AbortSignal; scope?: JobScope; budget?: Budget } = {}): Promise<ComplaintSlaReport> {
  const report: ComplaintSlaReport = { checked: 0, warned: 0, breached: 0, more: false };
  const staged = Object.keys(COMPLAINT_STAGE_OF) as ComplaintStatus[];
  const budget = opts.budget ?? Budget.of({ signal: opts.signal });
  const sliced = await runSliced('complaintSla', { communityIds: await communityIdsIn(opts.scope), budget }, async (communityId, slice) => {
    const community = new mongoose.Types.ObjectId(communityId);
    return sliceBatches(
      slice,
      {
        read: async (after, limit) =>
          (await Complaint.find({ communityId: community, status: { $in: staged }, ...(after ? { _id: { $gt: new mongoose.Types.ObjectId(after) } } : {}) })
            .sort({ _id: 1 })
            .limit(limit)
            .lean()) as ComplaintDoc[],
        keyOf: (c) => String(c._id),
        batch: 100,
      },
      async (open) => {
        for (const c of open) await checkComplaint(c, report);
      },
    );
  });
  report.more = sliced.more;
  return report;
}

/** One open complaint: the deadline of the stage it is in. */
async function checkComplaint(c: ComplaintDoc, report: ComplaintSlaReport): Promise<void> {
  report.checked++;
  const stage = COMPLAINT_STAGE_OF[c.status as ComplaintStatus];
  const due = stage ? c.deadlines?.[stage] : undefined;
  if (!stage || !due) return;
  const at = now();
  const key = warnKey(stage, new Date(due));
  const label = COMPLAINT_STAGE_LABELS[stage];
  const start = stageStart(c, stage);
  if (at < due) {
    const warnAt = start.getTime() + (new Date(due).getTime() - start.getTime()) * COMPLAINT_WARN_SHARE;
    if (at.getTime() < warnAt || (c.warned ?? []).includes(key)) return;
    const to = c.handlerId && stage !== 'respond' ? [c.handlerId] : await agentsOf(c.communityId);
    await alertStaff(c, to, `warn:${key}`, '即将超时', `${label}时限 ${localMinute(new Date(due))}，请抓紧`);
    const { changed } = await mutateComplaint(c._id, SYSTEM, (cur) =>
      (cur.warned ?? []).includes(key) ? null : { set: { warned: [...(cur.warned ?? []), key] } },
    );
    if (changed) report.warned++;
    return;
  }
  const breachedAlready = (b: { stage?: string | null; at?: Date | null }) => b.stage === stage && b.at && new Date(b.at).getTime() === new Date(due).getTime();
  if ((c.breaches ?? []).some(breachedAlready)) return;
  await alertManagers(c, `breach:${key}`, '已超时', `${label}已超时（时限 ${localMinute(new Date(due))}）${c.handlerName ? `，处理人${c.handlerName}` : '，尚未受理'}`);
  const { changed } = await mutateComplaint(c._id, SYSTEM, (cur) =>
    (cur.breaches ?? []).some(breachedAlready) ? null : { set: { breaches: [...(cur.breaches ?? []), { stage, at: due }] } },
  );
  if (changed) report.breached++;
}
