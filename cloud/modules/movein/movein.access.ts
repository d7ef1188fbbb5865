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

/** Who may reach the move-in module's records. */
export const access: AccessRules = {
  moveIn: {
    code: 'MOVEIN.NOT_FOUND',
    reachable: async (id, caller) => Boolean(caller.communityId) && (await MoveIn.exists({ _id: id, ...reachableMoveIns(caller) })) !== null,
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
