import { ARCHIVE_READ_ROLES, type ArchiveCategory } from '@shared/domain/archives';
import type { AccessRules } from '../../lib/access';
import type { Caller } from '../../lib/caller';
import { hasRole } from '../../lib/caller';
import { ArchiveDoc } from './archive-doc.model';

/** A record of the caller's active community. */
export function inCommunity(caller: Caller, r: { communityId: unknown }): boolean {
  return Boolean(caller.communityId) && String(r.communityId) === caller.communityId;
}

/** May the caller see documents of this category (ARCHIVE_READ_ROLES)? */
export function seesCategory(caller: Caller, category: string): boolean {
  const roles = ARCHIVE_READ_ROLES[category as ArchiveCategory];
  return Boolean(roles) && hasRole(caller, ...roles);
}

/** Who may reach the archives' records: of the caller's community, and of a category their role sees (else 404). */
export const access: AccessRules = {
  // --- documents ---
  // Read by `_id` alone, then the rule on the record: FerretDB v1 uses the `_id` index only for a filter of `_id` alone.
  archiveDoc: {
    code: 'ARCHIVE.NOT_FOUND',
    reachable: async (id, caller) => {
      const d = await ArchiveDoc.findById(id, { communityId: 1, category: 1, status: 1 }).lean();
      return d !== null && d.status === 'active' && inCommunity(caller, d) && seesCategory(caller, d.category);
    },
  },
  // --- ledger ---
};
