import type { AccessRules } from '../../lib/access';
import type { Caller } from '../../lib/caller';
import { hasRole } from '../../lib/caller';
import { mongoose } from '../../lib/db';
import { Article, Script } from './knowledge.model';

const { ObjectId } = mongoose.Types;

/**
 * The articles a caller may read: a manager any of the community's (drafts and archived ones too),
 * other staff the published ones, an owner the published ones for owners (never staff-only ones).
 */
export function readableArticles(caller: Caller): Record<string, unknown> {
  const communityId = new ObjectId(caller.communityId);
  if (hasRole(caller, 'manager')) return { communityId };
  if (hasRole(caller, 'agent', 'technician', 'cashier')) return { communityId, status: 'published' };
  return { communityId, status: 'published', audience: 'all' };
}

/** Who may reach knowledge-base articles and 话术 scripts. */
export const access: AccessRules = {
  // --- articles ---
  article: {
    code: 'ARTICLE.NOT_FOUND',
    reachable: async (id, caller) => Boolean(caller.communityId) && (await Article.exists({ _id: id, ...readableArticles(caller) })) !== null,
  },
  // --- scripts ---
  script: {
    code: 'SCRIPT.NOT_FOUND',
    reachable: async (id, caller) => Boolean(caller.communityId) && (await Script.exists({ _id: id, communityId: new ObjectId(caller.communityId) })) !== null,
  },
};
