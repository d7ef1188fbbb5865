import type { HousekeepingReport } from '@shared/contracts/jobs.contract';
import { deleteExpiredClaims } from '../../lib/claim';
import { now } from '../../lib/clock';
import { logger } from '../../lib/logger';
import { deleteEndedWindows, deleteLegacyFailures } from '../../lib/rate-limit';
import { cleanupUnattachedPhotos } from '../files';
import { deleteOldSessions } from '../identity';
import { deleteUnusedPreviews } from '../imports';
import { deleteOldReminderPlans } from '../fees';
import { deleteOldSearchLogs } from '../knowledge';
import { deleteExpiredPapers } from '../movein';
import { Budget, runSliced } from '../../lib/slices';
import { communityIdsIn } from '../community';

/**
 * jobs.housekeeping: records that are of no use any more are deleted (FerretDB has no TTL indexes,
 * and would refuse their declaration). Each step deletes in bounded batches (at most BATCH documents,
 * found by their condition and deleted by id) and counts every document deleted against the run's
 * budget (lib/slices.ts), so an invocation fits a CloudBase timer; what the budget leaves is deleted by
 * the next invocation (`more: true`). A delete is naturally resumable — what was deleted matches no
 * more — so the steps save no cursor, and running twice (or on two workers at once) deletes nothing
 * twice. The steps of community records run per community under runSliced (a lease per community:
 * two workers share the communities); the others (sessions, limit windows, claims: not community
 * records) run first, outside it. Adding a cleanup is adding one entry to GLOBAL_STEPS or COMMUNITY_STEPS.
 */

/** The most documents one batch of a step finds and deletes. */
const BATCH = 500;

interface GlobalStep {
  /** The key of the step's count in the report. */
  name: string;
  /** One batch of at most `limit`; returns how many it deleted (fewer than `limit`: the step is done). */
  run(at: Date, limit: number, communityIds?: string[]): Promise<number>;
}

interface CommunityStep {
  name: string;
  /** One batch of at most `limit` of the community's records (a step may exceed it by one record's parts); returns how many it deleted. */
  run(at: Date, communityId: string, limit: number): Promise<number>;
}

const GLOBAL_STEPS: GlobalStep[] = [
  // Sessions expired more than a day ago (revoked ones too: kept until expiry to recognise token reuse): a manual run, the caller's communities only (a session works in one).
  { name: 'sessions', run: (at, limit, communityIds) => deleteOldSessions(at, communityIds, limit) },
  // Rate-limit slots of windows that have ended (lib/rate-limit.ts). Not community data.
  { name: 'rateSlots', run: (at, limit) => deleteEndedWindows(at, limit) },
  // Failed tries an earlier limiter recorded (collection `failures`, read by nothing now). Not community data.
  { name: 'legacyFailures', run: (at, limit) => deleteLegacyFailures(at, limit) },
  // Claims whose claimer declared an expiry that has passed; permanent claims (no expiry) stay. Not community data.
  { name: 'claims', run: (at, limit) => deleteExpiredClaims(at, limit) },
];

const COMMUNITY_STEPS: CommunityStep[] = [
  // Import previews never committed, older than a day, with their rows.
  { name: 'importPreviews', run: (at, communityId, limit) => deleteUnusedPreviews(at, [communityId], limit) },
  // Photos (record and bytes) nothing attached within a day of their upload.
  { name: 'unattachedPhotos', run: (at, communityId, limit) => cleanupUnattachedPhotos({ at, communityIds: [communityId], limit }) },
  // Owners' search counts (knowledge base) older than 90 days.
  { name: 'searchLogs', run: (at, communityId, limit) => deleteOldSearchLogs(at, [communityId], limit) },
  // Owners' move-in papers (购房合同, 身份证: record and photos) the community's documentRetentionDays after the case was done or cancelled.
  { name: 'moveInPapers', run: (at, communityId, limit) => deleteExpiredPapers(at, [communityId], limit) },
  // The fee reminder run's plans (its memory of the stages handled) older than 400 days, with their items.
  { name: 'reminderPlans', run: (at, communityId, limit) => deleteOldReminderPlans(at, communityId, limit) },
];

/** Run one step's batches until it is done (true) or the budget is spent (false). */
async function drain(batch: (limit: number) => Promise<number>, budget: Budget, count: (n: number) => void): Promise<boolean> {
  while (!budget.spent) {
    const limit = Math.min(BATCH, budget.itemsLeft);
    const n = await batch(limit);
    budget.spend(n);
    count(n);
    if (n < limit) return true;
  }
  return false;
}

export async function runHousekeeping(run: { scope?: { communityIds?: readonly string[] }; signal?: AbortSignal; budget?: Budget } = {}): Promise<HousekeepingReport> {
  const started = Date.now();
  const at = now();
  const budget = run.budget ?? Budget.of({ signal: run.signal });
  const scoped = run.scope?.communityIds ? [...run.scope.communityIds] : undefined;
  const deleted: Record<string, number> = {};
  const count = (name: string) => (n: number) => {
    deleted[name] = (deleted[name] ?? 0) + n;
  };
  // A failing step does not keep the others from running; the run then fails with its error.
  let failure: unknown = null;
  let more = false;
  for (const step of GLOBAL_STEPS) {
    deleted[step.name] = 0;
    try {
      if (!(await drain((limit) => step.run(at, limit, scoped), budget, count(step.name)))) more = true;
    } catch (err) {
      logger.warn('housekeeping step failed', { step: step.name, err: (err as Error).message });
      failure ??= err;
    }
  }
  for (const step of COMMUNITY_STEPS) deleted[step.name] = 0;
  const sliced = await runSliced('housekeeping', { communityIds: await communityIdsIn(run.scope), budget }, async (communityId, slice) => {
    for (const step of COMMUNITY_STEPS) {
      try {
        if (!(await drain((limit) => step.run(at, communityId, limit), slice.budget, count(step.name)))) return 'more';
      } catch (err) {
        logger.warn('housekeeping step failed', { step: step.name, communityId, err: (err as Error).message });
        failure ??= err;
      }
    }
    return 'done';
  });
  if (failure) throw failure;
  return { deleted, ms: Date.now() - started, more: more || sliced.more };
}
