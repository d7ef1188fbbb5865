import { mongoose } from './db';

/**
 * Which communities one run of a job acts on. The timers (CloudBase timer triggers, the gateway's
 * scheduler) pass no ids: every community. A manager's manual run (`jobs.*`) passes the communities
 * that manager belongs to, so it never reads, let alone changes, another community's records.
 */
export interface JobScope {
  communityIds?: readonly string[];
}

/**
 * The filter that keeps a job's reads (and so its writes) inside its scope: `{}` for every
 * community, else a condition on `field`. On FerretDB any filter but `_id` equality scans the
 * collection, as the jobs' other conditions already do: the scope adds no cost.
 */
export function inScope(scope: JobScope | undefined, field = 'communityId'): Record<string, unknown> {
  if (!scope?.communityIds) return {};
  const ids = scope.communityIds.map((id) => new mongoose.Types.ObjectId(id));
  return { [field]: ids.length === 1 ? ids[0] : { $in: ids } };
}
