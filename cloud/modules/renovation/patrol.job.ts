import { addDays, localDay } from '@shared/domain/calendar';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { inScope, type JobScope } from '../../lib/job-scope';
import { mutateRevision, SYSTEM } from '../../lib/revision';
import { RenovationPatrol } from './patrol.model';
import { PATROLLED_STATUSES, routineTask } from './patrol.service';
import { Renovation, type RenovationDoc } from './renovation.model';
import { renovationSettingsOf } from './settings.service';

type Id = mongoose.Types.ObjectId;
type RenovationLean = RenovationDoc & { _id: Id; createdAt: Date };

export interface RenovationPatrolReport {
  /** Renovations on site (in progress or suspended) in the run's communities. */
  renovations: number;
  /** Routine patrol tasks made. */
  created: number;
  /** Due, but the last routine task is still open (overdue on the list): no second one. */
  waiting: number;
}

/**
 * Routine patrols (装修巡查): every renovation on site whose `nextPatrolOn` has come (or has none
 * yet: the day works started) gets today's routine task, then `nextPatrolOn` moves on by the
 * community's `patrolEveryDays`. Idempotent: the task's id comes from the renovation and the day, and
 * a second run the same day finds `nextPatrolOn` in the future; a task still open from an earlier
 * day stays the one task (shown overdue) instead of piling up.
 */
export async function runRenovationPatrols(scope?: JobScope): Promise<RenovationPatrolReport> {
  const day = localDay(now());
  const rs = (await Renovation.find({ ...inScope(scope), status: { $in: PATROLLED_STATUSES } }).lean()) as RenovationLean[];
  const report: RenovationPatrolReport = { renovations: rs.length, created: 0, waiting: 0 };
  const everyDays = new Map<string, number>();
  for (const r of rs) {
    if (r.nextPatrolOn && r.nextPatrolOn > day) continue;
    const community = String(r.communityId);
    if (!everyDays.has(community)) everyDays.set(community, (await renovationSettingsOf(community)).patrolEveryDays);
    const waiting = await RenovationPatrol.exists({ communityId: r.communityId, renovationId: r._id, kind: 'routine', status: 'open', dueOn: { $lt: day } });
    if (waiting) report.waiting++;
    else if ((await routineTask(r, day)).created) report.created++;
    const next = addDays(day, everyDays.get(community) ?? 1);
    await mutateRevision<RenovationLean>({ kind: 'renovation', model: Renovation as never, notFound: 'RENOVATION.NOT_FOUND' }, r._id, SYSTEM, (cur) => (cur.nextPatrolOn && cur.nextPatrolOn > day ? null : { set: { nextPatrolOn: next } }));
  }
  return report;
}
