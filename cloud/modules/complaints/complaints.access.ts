import type { AccessRules } from '../../lib/access';
import type { Caller } from '../../lib/caller';
import { mongoose } from '../../lib/db';
import { Complaint } from './complaint.model';

const { ObjectId } = mongoose.Types;

/** Agents and managers reach every complaint of their community; an owner only the ones about them or that they made. */
export function reachableComplaints(caller: Caller): Record<string, unknown> {
  const staff = caller.roles.some((r) => r === 'agent' || r === 'manager');
  return {
    communityId: new ObjectId(caller.communityId),
    ...(staff ? {} : { $or: [{ ownerId: new ObjectId(caller.userId) }, { reporterId: new ObjectId(caller.userId) }] }),
  };
}

/** Who may reach complaints: `complaint` is one `reachableComplaints` lets the caller see. */
export const access: AccessRules = {
  complaint: {
    code: 'COMPLAINT.NOT_FOUND',
    reachable: async (id, caller) => Boolean(caller.communityId) && (await Complaint.exists({ _id: id, ...reachableComplaints(caller) })) !== null,
  },
};
