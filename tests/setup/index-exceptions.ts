/**
 * Query shapes that may run without an index (tests/setup/index-coverage.ts), each with the reason.
 * Keys are `shapeKey` strings (cloud/lib/query-shape.ts), exactly as the coverage error prints them.
 * Keep this list short: a shape belongs here only when what it reads is small by construction.
 */
export const SCANS_ON_PURPOSE: Record<string, string> = {
  // --- communities: one document per community, tens per deployment ---
  'communities find {}': 'the communities themselves (one document each, tens per deployment): the directory of service phones and a job run over every community read them all',
  'communities find {} sort {_id:1}': 'the communities themselves (tens per deployment): a timer run lists every community id to work through (community.communityIdsIn)',
  'communities find {} sort {name:1}': 'the communities themselves (tens per deployment, at most 500 read): the community picker of a guest asking to bind a unit',
  // --- failures: the legacy limiter's collection, no model, only emptied ---
  'failures find {at:range}': 'legacy collection of the limiter lib/rate-limit.ts replaced: nothing writes it any more, housekeeping empties it (in bounded batches) and it is to be dropped',
  'failures delete {at:range}': 'legacy collection of the limiter lib/rate-limit.ts replaced: nothing writes it any more, housekeeping empties it and it is to be dropped',
};
