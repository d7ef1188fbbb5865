import type { AccessRules } from '../../lib/access';
// --- courses: imports ---
import { CustomLesson } from './lesson.model';
import { builtInLesson } from './lessons';

/** A record of the caller's active community (one check for every module: lib/caller). */
import { ofCallerCommunity as inCommunity } from '../../lib/caller';
export { inCommunity };

/** Who may reach the growth module's records (staff of the community only: the contracts' roles). */
export const access: AccessRules = {
  // --- courses ---
  // A built-in lesson (any staff of a community), or a lesson of the caller's community's own (retired ones too:
  // their progress stays readable; the quiz refuses them). Read by `_id` alone, then the community.
  lesson: {
    code: 'LESSON.NOT_FOUND',
    reachable: async (id, caller) => {
      if (builtInLesson(String(id))) return true;
      const l = await CustomLesson.findById(id, { communityId: 1 }).lean();
      return l !== null && inCommunity(caller, l);
    },
  },
  // --- practice & figures ---
  // No reference kinds: the drill scenarios are built in (an unknown one is DRILL.NOT_FOUND from the service),
  // attempts and figures are read for the caller (or, for managers, the caller's community) only.
};
