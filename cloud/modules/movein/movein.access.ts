import type { AccessRules } from '../../lib/access';
import { inCommunity } from '../../lib/access';
import type { Caller } from '../../lib/caller';
import { hasRole } from '../../lib/caller';
import { mongoose } from '../../lib/db';
import { MoveInBatch } from './batch.model';
import { MoveIn } from './movein.model';
import { MoveInPaper } from './paper.model';

const { ObjectId } = mongoose.Types;

/** Agents and managers reach every move-in case of their community; an owner only the cases of their own units. */
export function reachableMoveIns(caller: Caller): Record<string, unknown> {
  return {
    communityId: new ObjectId(caller.communityId),
    ...(hasRole(caller, 'agent', 'manager') ? {} : { unitId: { $in: caller.unitIds.map((id) => new ObjectId(id)) } }),
  };
}

/** reachableMoveIns, checked on a case already read by its id (FerretDB v1 uses the `_id` index only for a filter of `_id` alone). */
export function canReachMoveIn(caller: Caller, c: { communityId: unknown; unitId: unknown }): boolean {
  return Boolean(caller.communityId) && String(c.communityId) === caller.communityId && (hasRole(caller, 'agent', 'manager') || caller.unitIds.includes(String(c.unitId)));
}

/** Who may reach the move-in module's records. */
export const access: AccessRules = {
  moveIn: {
    code: 'MOVEIN.NOT_FOUND',
    // Read by `_id` alone, then the rule on the case: FerretDB v1 uses the `_id` index only for a filter of `_id` alone.
    reachable: async (id, caller) => {
      const c = await MoveIn.findById(id, { communityId: 1, unitId: 1 }).lean();
      return c !== null && canReachMoveIn(caller, c);
    },
  },
  // Any caller of the community (owners book its slots).
  moveInBatch: { code: 'MOVEIN.BATCH_NOT_FOUND', reachable: inCommunity(MoveInBatch) },
  // --- inspection & documents ---
  // Staff of the community (agents, managers); an owner only the papers they uploaded themselves.
  moveInPaper: {
    code: 'MOVEIN.PAPER_NOT_FOUND',
    reachable: async (id, caller) =>
      Boolean(caller.communityId) &&
      (await MoveInPaper.exists({ _id: id, communityId: new ObjectId(caller.communityId), ...(hasRole(caller, 'agent', 'manager') ? {} : { ownerId: new ObjectId(caller.userId) }) })) !== null,
  },
};
