import type { AccessRules } from '../../lib/access';
import type { Caller } from '../../lib/caller';
import { hasRole } from '../../lib/caller';
import { Survey } from './survey.model';

/** Staff who run community life: agents (activities on the day, boards) and managers (surveys, plans, review). */
export const LIFE_STAFF = ['agent', 'manager'] as const;

/** A record of the caller's community: staff reach all of it; owners what their pages show (each service checks the audience). */
export function inCommunity(caller: Caller, r: { communityId: unknown }): boolean {
  return Boolean(caller.communityId) && String(r.communityId) === caller.communityId;
}

/** Who may reach the community-life module's records. */
export const access: AccessRules = {
  survey: {
    code: 'SURVEY.NOT_FOUND',
    // Read by `_id` alone, then the rule on the record: FerretDB v1 uses the `_id` index only for a filter of `_id` alone.
    // Owners reach only published or closed surveys (a draft is the manager's); the audience is checked by the service.
    reachable: async (id, caller) => {
      const s = await Survey.findById(id, { communityId: 1, status: 1 }).lean();
      return s !== null && inCommunity(caller, s) && (hasRole(caller, ...LIFE_STAFF) || s.status !== 'draft');
    },
  },
  // --- activities ---
  // --- notice boards ---
};
