import type { AccessRules } from '../../lib/access';
import type { Caller } from '../../lib/caller';
import { mongoose } from '../../lib/db';
import { Inquiry } from './inquiry.model';

const { ObjectId } = mongoose.Types;

/** Agents and managers reach every inquiry of their community; an owner only the ones for them or that they asked. */
export function reachableInquiries(caller: Caller): Record<string, unknown> {
  const staff = caller.roles.some((r) => r === 'agent' || r === 'manager');
  return {
    communityId: new ObjectId(caller.communityId),
    ...(staff ? {} : { $or: [{ ownerId: new ObjectId(caller.userId) }, { reporterId: new ObjectId(caller.userId) }] }),
  };
}

/** `inquiry` is one `reachableInquiries` lets the caller see (otherwise 404 INQUIRY.NOT_FOUND). */
export const inquiryAccess: AccessRules = {
  inquiry: {
    code: 'INQUIRY.NOT_FOUND',
    reachable: async (id, caller) => Boolean(caller.communityId) && (await Inquiry.exists({ _id: id, ...reachableInquiries(caller) })) !== null,
  },
};
