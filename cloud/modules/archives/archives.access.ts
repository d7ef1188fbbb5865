import { ARCHIVE_READ_ROLES, LOAN_KEEPERS, type ArchiveCategory } from '@shared/domain/archives';
import type { AccessRules } from '../../lib/access';
import type { Caller } from '../../lib/caller';
import { hasRole } from '../../lib/caller';
import { ArchiveDoc } from './archive-doc.model';
import { ArchiveContract } from './contract.model';
import { Equipment } from './equipment.model';
import { ArchiveLoan } from './loan.model';

/** A record of the caller's active community (one check for every module: lib/caller). */
import { ofCallerCommunity as inCommunity } from '../../lib/caller';
export { inCommunity };

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
  // Equipment: of the caller's community (the contract's roles: agents, technicians, managers).
  equipment: {
    code: 'EQUIPMENT.NOT_FOUND',
    reachable: async (id, caller) => {
      const e = await Equipment.findById(id, { communityId: 1 }).lean();
      return e !== null && inCommunity(caller, e);
    },
  },
  // Contracts: managers only — for anyone else a contract answers 404 like one that does not exist.
  archiveContract: {
    code: 'CONTRACT.NOT_FOUND',
    reachable: async (id, caller) => {
      if (!hasRole(caller, 'manager')) return false;
      const c = await ArchiveContract.findById(id, { communityId: 1 }).lean();
      return c !== null && inCommunity(caller, c);
    },
  },
  // Loans: the keepers (agents, managers) of a document's category they see; anyone else their own loans.
  archiveLoan: {
    code: 'ARCHIVE.LOAN_NOT_FOUND',
    reachable: async (id, caller) => {
      const l = await ArchiveLoan.findById(id, { communityId: 1, docCategory: 1, borrowerId: 1 }).lean();
      if (!l || !inCommunity(caller, l)) return false;
      return (hasRole(caller, ...LOAN_KEEPERS) && seesCategory(caller, l.docCategory)) || String(l.borrowerId ?? '') === caller.userId;
    },
  },
};
