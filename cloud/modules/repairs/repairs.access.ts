import { STAFF_ROLES } from '@shared/domain/roles';
import type { AccessRules } from '../../lib/access';
import type { Caller } from '../../lib/caller';
import { mongoose } from '../../lib/db';
import { Repair } from './repair.model';

const { ObjectId } = mongoose.Types;

/** The orders an owner may reach: of their units, or that they reported or receive the news of. */
export function ownerSideFilter(caller: Caller): Record<string, unknown> {
  const who: Record<string, unknown>[] = [{ reporterId: new ObjectId(caller.userId) }, { ownerId: new ObjectId(caller.userId) }];
  if (caller.unitIds.length) who.push({ unitId: { $in: caller.unitIds.map((u) => new ObjectId(u)) } });
  return { $or: who };
}

/** Staff reach every order of the community (cashiers excepted); everyone else the owner's side only. */
export function reachableRepairs(caller: Caller): Record<string, unknown> {
  const allOfCommunity = caller.roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r) && r !== 'cashier');
  return { communityId: new ObjectId(caller.communityId), ...(allOfCommunity ? {} : ownerSideFilter(caller)) };
}

/** Who may reach repair orders: `repair` is an order of the caller's community that `reachableRepairs` lets them see. */
export const access: AccessRules = {
  repair: {
    code: 'REPAIR.NOT_FOUND',
    reachable: async (id, caller) => Boolean(caller.communityId) && (await Repair.exists({ _id: id, ...reachableRepairs(caller) })) !== null,
  },
};
