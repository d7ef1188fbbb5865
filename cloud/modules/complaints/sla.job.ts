import { localMinute } from '@shared/domain/calendar';
import { COMPLAINT_STAGE_LABELS, COMPLAINT_STAGE_OF, COMPLAINT_WARN_SHARE, type ComplaintStage, type ComplaintStatus } from '@shared/domain/complaints';
import { now } from '../../lib/clock';
import { inScope, type JobScope } from '../../lib/job-scope';
import { SYSTEM } from '../../lib/revision';
import { Complaint, type ComplaintDoc } from './complaint.model';
import { agentsOf, alertManagers, alertStaff } from './notify';
import { mutateComplaint, warnKey } from './complaint.service';

export interface ComplaintSlaReport {
  checked: number;
  warned: number;
  breached: number;
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
 */
export async function runComplaintSla(opts: { signal?: AbortSignal; scope?: JobScope } = {}): Promise<ComplaintSlaReport> {
  const report: ComplaintSlaReport = { checked: 0, warned: 0, breached: 0 };
  const staged = Object.keys(COMPLAINT_STAGE_OF) as ComplaintStatus[];
  const open = (await Complaint.find({ status: { $in: staged }, ...inScope(opts.scope) }).lean()) as ComplaintDoc[];
  for (const c of open) {
    if (opts.signal?.aborted) break;
    report.checked++;
    const stage = COMPLAINT_STAGE_OF[c.status as ComplaintStatus];
    const due = stage ? c.deadlines?.[stage] : undefined;
    if (!stage || !due) continue;
    const at = now();
    const key = warnKey(stage, new Date(due));
    const label = COMPLAINT_STAGE_LABELS[stage];
    const start = stageStart(c, stage);
    if (at < due) {
      const warnAt = start.getTime() + (new Date(due).getTime() - start.getTime()) * COMPLAINT_WARN_SHARE;
      if (at.getTime() < warnAt || (c.warned ?? []).includes(key)) continue;
      const to = c.handlerId && stage !== 'respond' ? [c.handlerId] : await agentsOf(c.communityId);
      await alertStaff(c, to, `warn:${key}`, '即将超时', `${label}时限 ${localMinute(new Date(due))}，请抓紧`);
      const { changed } = await mutateComplaint(c._id, SYSTEM, (cur) =>
        (cur.warned ?? []).includes(key) ? null : { set: { warned: [...(cur.warned ?? []), key] } },
      );
      if (changed) report.warned++;
      continue;
    }
    const breachedAlready = (b: { stage?: string | null; at?: Date | null }) => b.stage === stage && b.at && new Date(b.at).getTime() === new Date(due).getTime();
    if ((c.breaches ?? []).some(breachedAlready)) continue;
    await alertManagers(c, `breach:${key}`, '已超时', `${label}已超时（时限 ${localMinute(new Date(due))}）${c.handlerName ? `，处理人${c.handlerName}` : '，尚未受理'}`);
    const { changed } = await mutateComplaint(c._id, SYSTEM, (cur) =>
      (cur.breaches ?? []).some(breachedAlready) ? null : { set: { breaches: [...(cur.breaches ?? []), { stage, at: due }] } },
    );
    if (changed) report.breached++;
  }
  return report;
}
