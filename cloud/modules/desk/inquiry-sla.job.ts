import { localMinute } from '@shared/domain/calendar';
import { INQUIRY_STAGE_LABELS, INQUIRY_STAGES_OF, INQUIRY_WARN_SHARE, type InquiryStage, type InquiryStatus } from '@shared/domain/desk';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import type { JobScope } from '../../lib/job-scope';
import { Budget, runSliced, sliceBatches } from '../../lib/slices';
import { communityIdsIn } from '../community';
import { SYSTEM } from '../../lib/revision';
import { Inquiry, type InquiryDoc } from './inquiry.model';
import { agentsOf, alertManagers, alertStaff } from './inquiry.notify';
import { mutateInquiry, warnKey } from './inquiry.service';

export interface InquirySlaReport {
  checked: number;
  warned: number;
  breached: number;
  /** Work is left for the next invocation (lib/slices.ts). */
  more: boolean;
}

/**
 * The inquiry deadline job (every minute from the scheduler or a CloudBase timer), the complaints'
 * pattern (complaints/sla.job.ts): for each open inquiry, each promise still running (the
 * acknowledgement while it waits, the answer until it is answered or handed on):
 * - past 80 % of the time from receipt to the deadline → the handler is warned (no handler yet: the agents);
 * - past the deadline → the breach is recorded and the managers told.
 * Idempotent and safe to run concurrently: messages are keyed by the deadline (the outbox drops
 * repeats) and the bookkeeping is a revision-guarded change that applies once.
 * A manager's manual run passes `scope`: only the inquiries of their communities.
 *
 * In slices (lib/slices.ts): community by community, the open inquiries in `_id` order a batch at a
 * time (an item: one open inquiry), within the invocation's budget; `more`: the next invocation continues.
 */
export async function runInquirySla(opts: { signal?: AbortSignal; scope?: JobScope; budget?: Budget } = {}): Promise<InquirySlaReport> {
  const report: InquirySlaReport = { checked: 0, warned: 0, breached: 0, more: false };
  const staged = Object.keys(INQUIRY_STAGES_OF) as InquiryStatus[];
  const budget = opts.budget ?? Budget.of({ signal: opts.signal });
  const sliced = await runSliced('inquirySla', { communityIds: await communityIdsIn(opts.scope), budget }, async (communityId, slice) => {
    const community = new mongoose.Types.ObjectId(communityId);
    return sliceBatches(
      slice,
      {
        read: async (after, limit) =>
          (await Inquiry.find({ communityId: community, status: { $in: staged }, ...(after ? { _id: { $gt: new mongoose.Types.ObjectId(after) } } : {}) }, { history: 0 })
            .sort({ _id: 1 })
            .limit(limit)
            .lean()) as InquiryDoc[],
        keyOf: (i) => String(i._id),
        batch: 100,
      },
      async (open) => {
        for (const i of open) {
          report.checked++;
          for (const stage of INQUIRY_STAGES_OF[i.status as InquiryStatus] ?? []) await checkStage(i, stage, report);
        }
      },
    );
  });
  report.more = sliced.more;
  return report;
}

async function checkStage(i: InquiryDoc, stage: InquiryStage, report: InquirySlaReport): Promise<void> {
  const due = i.deadlines?.[stage] ? new Date(i.deadlines[stage]) : undefined;
  if (!due) return;
  const at = now();
  const key = warnKey(stage, due);
  const label = INQUIRY_STAGE_LABELS[stage];
  const start = new Date(i.createdAt);
  if (at < due) {
    const warnAt = start.getTime() + (due.getTime() - start.getTime()) * INQUIRY_WARN_SHARE;
    if (at.getTime() < warnAt || (i.warned ?? []).includes(key)) return;
    const to = i.handlerId ? [i.handlerId] : await agentsOf(i.communityId);
    await alertStaff(i, to, `warn:${key}`, '即将超时', `承诺${label}时间 ${localMinute(due)}，请抓紧`);
    const { changed } = await mutateInquiry(i._id, SYSTEM, (cur) => ((cur.warned ?? []).includes(key) ? null : { set: { warned: [...(cur.warned ?? []), key] } }));
    if (changed) report.warned++;
    return;
  }
  const breachedAlready = (b: { stage?: string | null; at?: Date | null }) => b.stage === stage && b.at && new Date(b.at).getTime() === due.getTime();
  if ((i.breaches ?? []).some(breachedAlready)) return;
  await alertManagers(i, `breach:${key}`, '已超时', `承诺${label}时间已过（${localMinute(due)}）${i.handlerName ? `，处理人${i.handlerName}` : '，尚未受理'}`);
  const { changed } = await mutateInquiry(i._id, SYSTEM, (cur) => ((cur.breaches ?? []).some(breachedAlready) ? null : { set: { breaches: [...(cur.breaches ?? []), { stage, at: due }] } }));
  if (changed) report.breached++;
}
