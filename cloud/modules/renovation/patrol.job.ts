import { addDays, localDay } from '@shared/domain/calendar';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import type { JobScope } from '../../lib/job-scope';
import { Budget, runSliced, sliceBatches } from '../../lib/slices';
import { communityIdsIn } from '../community';
import { mutateRevision, SYSTEM } from '../../lib/revision';
import { RenovationPatrol } from './patrol.model';
import { PATROLLED_STATUSES, routineTask } from './patrol.service';
import { Renovation, type RenovationDoc } from './renovation.model';
import { renovationSettingsOf } from './settings.service';

type Id = mongoose.Types.ObjectId;
type RenovationLean = RenovationDoc & { _id: Id; createdAt: Date };

export interface RenovationPatrolReport {
  /** Renovations on site (in progress or suspended) in the run's communities that this invocation looked at. */
  renovations: number;
  /** Routine patrol tasks made. */
  created: number;
  /** Due, but the last routine task is still open (overdue on the list): no second one. */
  waiting: number;
  /** Work is left for the next invocation (lib/slices.ts). */
  more: boolean;
}

/**
 * Routine patrols (装修巡查): every renovation on site whose `nextPatrolOn` has come (or has none
 * yet: the day works started) gets today's routine task, then `nextPatrolOn` moves on by the
 * community's `patrolEveryDays`. Idempotent: the task's id comes from the renovation and the day, and
 * a second run the same day finds `nextPatrolOn` in the future; a task still open from an earlier
 * day stays the one task (shown overdue) instead of piling up.
 *
 * In slices (lib/slices.ts): community by community, the renovations on site in `_id` order a batch at a
 * time (an item: one renovation on site), within the invocation's budget; `more`: the next invocation continues.
 */
export async function runRenovationPatrols(opts: { scope?: JobScope; signal?: AbortSignal; budget?: Budget } = {}): Promise<RenovationPatrolReport> {
  const day = localDay(now());
  const report: RenovationPatrolReport = { renovations: 0, created: 0, waiting: 0, more: false };
  const budget = opts.budget ?? Budget.of({ signal: opts.signal });
  const sliced = await runSliced('renovationPatrols', { communityIds: await communityIdsIn(opts.scope), budget }, async (communityId, slice) => {
    const community = new mongoose.Types.ObjectId(communityId);
    let everyDays: number | undefined;
    return sliceBatches(
      slice,
      {
        read: async (after, limit) =>
          (await Renovation.find({ communityId: community, status: { $in: PATROLLED_STATUSES }, ...(after ? { _id: { $gt: new mongoose.Types.ObjectId(after) } } : {}) })
            .sort({ _id: 1 })
            .limit(limit)
            .lean()) as RenovationLean[],
        keyOf: (r) => String(r._id),
        batch: 100,
        // The day's pass: a cursor left from another day is not resumed from.
        pass: day,
      },
      async (rs) => {
        for (const r of rs) {
          report.renovations++;
          if (r.nextPatrolOn && r.nextPatrolOn > day) continue;
          everyDays ??= (await renovationSettingsOf(communityId)).patrolEveryDays;
          await patrol(r, day, everyDays, report);
        }
      },
    );
  });
  report.more = sliced.more;
  return report;
}

/** One renovation whose patrol day has come: today's routine task (unless one is still open), and its next patrol day. */
async function patrol(r: RenovationLean, day: string, everyDays: number, report: RenovationPatrolReport): Promise<void> {
  const waiting = await RenovationPatrol.exists({ communityId: r.communityId, renovationId: r._id, kind: 'routine', status: 'open', dueOn: { $lt: day } });
  if (waiting) report.waiting++;
  else if ((await routineTask(r, day)).created) report.created++;
  const next = addDays(day, everyDays);
  await mutateRevision<RenovationLean>({ kind: 'renovation', model: Renovation as never, notFound: 'RENOVATION.NOT_FOUND' }, r._id, SYSTEM, (cur) => (cur.nextPatrolOn && cur.nextPatrolOn > day ? null : { set: { nextPatrolOn: next } }));
}
