import type { HousekeepingReport } from '@shared/contracts/jobs.contract';
import { deleteExpiredClaims } from '../../lib/claim';
import { now } from '../../lib/clock';
import { logger } from '../../lib/logger';
import { deleteEndedWindows, deleteLegacyFailures } from '../../lib/rate-limit';
import { cleanupUnattachedPhotos } from '../files';
import { deleteOldSessions } from '../identity';
import { deleteUnusedPreviews } from '../imports';
import { deleteOldSearchLogs } from '../knowledge';
import { deleteExpiredPapers } from '../movein';

/**
 * jobs.housekeeping: records that are of no use any more are deleted (FerretDB has no TTL indexes,
 * and would refuse their declaration). Each step is independent, idempotent and one or two range
 * deletes (or a bounded slice), so a run fits a CloudBase invocation and running it twice — or on
 * two workers at once — is harmless. Adding a cleanup is adding one entry to STEPS.
 */
export interface HousekeepingScope {
  /** The time the run measures ages against. */
  at: Date;
  /**
   * The communities whose records a step may delete: a manager's manual run passes theirs; the timer
   * passes none (= every community). A step that deletes community records must honour it.
   */
  communityIds?: string[];
}

interface Step {
  /** The key of the step's count in the report. */
  name: string;
  run(scope: HousekeepingScope): Promise<number>;
}

const STEPS: Step[] = [
  // Sessions expired more than a day ago (revoked ones too: kept until expiry to recognise token reuse): the caller's communities only (a session works in one).
  { name: 'sessions', run: ({ at, communityIds }) => deleteOldSessions(at, communityIds) },
  // Rate-limit slots of windows that have ended (lib/rate-limit.ts). Not community data.
  { name: 'rateSlots', run: ({ at }) => deleteEndedWindows(at) },
  // Failed tries an earlier limiter recorded (collection `failures`, read by nothing now). Not community data.
  { name: 'legacyFailures', run: ({ at }) => deleteLegacyFailures(at) },
  // Claims whose claimer declared an expiry that has passed; permanent claims (no expiry) stay. Not community data.
  { name: 'claims', run: ({ at }) => deleteExpiredClaims(at) },
  // Import previews never committed, older than a day, with their rows: the caller's communities only.
  { name: 'importPreviews', run: ({ at, communityIds }) => deleteUnusedPreviews(at, communityIds) },
  // Photos (record and bytes) nothing attached within a day of their upload: the caller's communities only.
  { name: 'unattachedPhotos', run: ({ at, communityIds }) => cleanupUnattachedPhotos({ at, ...(communityIds ? { communityIds } : {}) }) },
  // Owners' search counts (knowledge base) older than 90 days: the caller's communities only.
  { name: 'searchLogs', run: ({ at, communityIds }) => deleteOldSearchLogs(at, communityIds) },
  // Owners' move-in papers (购房合同, 身份证: record and photos) the community's documentRetentionDays after the case was done or cancelled: the caller's communities only.
  { name: 'moveInPapers', run: ({ at, communityIds }) => deleteExpiredPapers(at, communityIds) },
];

export async function runHousekeeping(opts: { communityIds?: string[] } = {}): Promise<HousekeepingReport> {
  const started = Date.now();
  const scope: HousekeepingScope = { at: now(), ...(opts.communityIds ? { communityIds: opts.communityIds } : {}) };
  const deleted: Record<string, number> = {};
  // A failing step does not keep the others from running; the run then fails with its error.
  let failure: unknown = null;
  for (const step of STEPS) {
    try {
      deleted[step.name] = await step.run(scope);
    } catch (err) {
      logger.warn('housekeeping step failed', { step: step.name, err: (err as Error).message });
      failure ??= err;
    }
  }
  if (failure) throw failure;
  return { deleted, ms: Date.now() - started };
}
