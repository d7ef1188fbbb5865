import { inCommunity, type AccessRules } from '../../lib/access';
import type { Caller } from '../../lib/caller';
import { mongoose } from '../../lib/db';
import { Contact } from './contact.model';
import { ReleasePass } from './release-pass.model';

const { ObjectId } = mongoose.Types;

/** Staff reach every pass of their community; anyone else only those of their own units or that they asked for. */
export function reachablePasses(caller: Caller): Record<string, unknown> {
  const staff = caller.roles.some((r) => r === 'agent' || r === 'manager');
  return {
    communityId: new ObjectId(caller.communityId),
    ...(staff ? {} : { $or: [{ unitId: { $in: caller.unitIds.map((id) => new ObjectId(id)) } }, { requestedById: new ObjectId(caller.userId) }] }),
  };
}

/**
 * `contact`: a log entry of the caller's community (the log is staff-only by its actions' roles);
 * `releasePass`: a pass `reachablePasses` lets the caller see.
 */
export const deskLogAccess: AccessRules = {
  contact: { code: 'CONTACT.NOT_FOUND', reachable: inCommunity(Contact) },
  releasePass: {
    code: 'PASS.NOT_FOUND',
    reachable: async (id, caller) => Boolean(caller.communityId) && (await ReleasePass.exists({ _id: id, ...reachablePasses(caller) })) !== null,
  },
};
