import type { AccessRules } from '../../lib/access';
import { hasRole } from '../../lib/caller';
import { Survey } from './survey.model';
import { Activity, ActivitySignup } from './activity.model';
import { Board, BoardPosting } from './board.model';

/** Staff who run community life: agents (activities on the day, boards) and managers (surveys, plans, review). */
export const LIFE_STAFF = ['agent', 'manager'] as const;

/** A record of the caller's active community (one check for every module: lib/caller). */
import { ofCallerCommunity as inCommunity } from '../../lib/caller';
export { inCommunity };

/** An activity owners may see: published, finished, or cancelled after it was published. */
export function ownerSeesActivity(a: { status: string; publishedAt?: Date | null }): boolean {
  return a.status === 'published' || a.status === 'finished' || (a.status === 'cancelled' && Boolean(a.publishedAt));
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
  // Staff reach every activity of the community; owners the published ones (and finished or cancelled ones that were published).
  activity: {
    code: 'ACTIVITY.NOT_FOUND',
    reachable: async (id, caller) => {
      const a = await Activity.findById(id, { communityId: 1, status: 1, publishedAt: 1 }).lean();
      return a !== null && inCommunity(caller, a) && (hasRole(caller, ...LIFE_STAFF) || ownerSeesActivity(a));
    },
  },
  // A sign-up: staff of the community; an owner only the sign-ups of their own units.
  activitySignup: {
    code: 'ACTIVITY.SIGNUP_NOT_FOUND',
    reachable: async (id, caller) => {
      const s = await ActivitySignup.findById(id, { communityId: 1, unitId: 1 }).lean();
      return s !== null && inCommunity(caller, s) && (hasRole(caller, ...LIFE_STAFF) || caller.unitIds.includes(String(s.unitId)));
    },
  },
  // --- notice boards ---
  // Staff only (the contract's roles); read by `_id` alone, then the community.
  board: {
    code: 'BOARD.NOT_FOUND',
    reachable: async (id, caller) => {
      const b = await Board.findById(id, { communityId: 1 }).lean();
      return b !== null && inCommunity(caller, b);
    },
  },
  boardPosting: {
    code: 'BOARD.POSTING_NOT_FOUND',
    reachable: async (id, caller) => {
      const p = await BoardPosting.findById(id, { communityId: 1 }).lean();
      return p !== null && inCommunity(caller, p);
    },
  },
};
