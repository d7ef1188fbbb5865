import type { AccessRules } from '../../lib/access';
import type { Caller } from '../../lib/caller';
import { hasRole } from '../../lib/caller';
import { RenovationPass } from './pass.model';
import { RenovationPatrol } from './patrol.model';
import { Renovation } from './renovation.model';

/** Staff who handle renovations: agents (review, patrols, acceptance) and managers (approval). */
export const RENOVATION_STAFF = ['agent', 'manager'] as const;

/** Staff of the community reach every renovation of it; an owner only the renovations of their own units. */
export function canReachRenovation(caller: Caller, r: { communityId: unknown; unitId: unknown }): boolean {
  return Boolean(caller.communityId) && String(r.communityId) === caller.communityId && (hasRole(caller, ...RENOVATION_STAFF) || caller.unitIds.includes(String(r.unitId)));
}

/** Who may reach the renovation module's records. */
export const access: AccessRules = {
  renovation: {
    code: 'RENOVATION.NOT_FOUND',
    // Read by `_id` alone, then the rule on the record: FerretDB v1 uses the `_id` index only for a filter of `_id` alone.
    reachable: async (id, caller) => {
      const r = await Renovation.findById(id, { communityId: 1, unitId: 1 }).lean();
      return r !== null && canReachRenovation(caller, r);
    },
  },
  // --- approval, permit & passes ---
  // A worker's 装修出入证: staff of the community (agents, managers) only.
  renovationPass: {
    code: 'RENOVATION.PASS_NOT_FOUND',
    reachable: async (id, caller) => {
      const p = await RenovationPass.findById(id, { communityId: 1 }).lean();
      return p !== null && Boolean(caller.communityId) && String(p.communityId) === caller.communityId && hasRole(caller, ...RENOVATION_STAFF);
    },
  },
  // --- patrols & violations ---
  // A patrol task (and its 整改通知): whoever reaches its renovation (staff of the community; the owner of the unit).
  renovationPatrol: {
    code: 'RENOVATION.PATROL_NOT_FOUND',
    reachable: async (id, caller) => {
      const p = await RenovationPatrol.findById(id, { communityId: 1, unitId: 1 }).lean();
      return p !== null && canReachRenovation(caller, p);
    },
  },
};
