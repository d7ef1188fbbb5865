import { inCommunity, type AccessRules } from '../../lib/access';
import { ImportBatch } from './import.model';

/** Who may reach import batches: an `importBatch` of the caller's active community. */
export const access: AccessRules = {
  importBatch: { code: 'IMPORT.NOT_FOUND', reachable: inCommunity(ImportBatch) },
};
