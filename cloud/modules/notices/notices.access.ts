import { inCommunity, type AccessRules } from '../../lib/access';
import type { Caller } from '../../lib/caller';
import { mongoose } from '../../lib/db';
import { Notice, NoticeAudience } from './notice.model';

const { ObjectId } = mongoose.Types;

/** Agents and managers reach every notice of their community; an owner only notices published to one of their units. */
export function reachableNotices(caller: Caller): Record<string, unknown> {
  const staff = caller.roles.some((r) => r === 'agent' || r === 'manager');
  return { communityId: new ObjectId(caller.communityId), ...(staff ? {} : { unitIds: { $in: caller.unitIds.map((u) => new ObjectId(u)) } }) };
}

/** Who may reach notices: a `notice` `reachableNotices` lets the caller see; a `noticeAudience` of the caller's active community. */
export const access: AccessRules = {
  notice: {
    code: 'NOTICE.NOT_FOUND',
    reachable: async (id, caller) => Boolean(caller.communityId) && (await Notice.exists({ _id: id, ...reachableNotices(caller) })) !== null,
  },
  noticeAudience: { code: 'NOTICE.AUDIENCE_NOT_FOUND', reachable: inCommunity(NoticeAudience) },
};
