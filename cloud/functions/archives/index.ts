import { archivesContract } from '@shared/contracts/archives.contract';
import * as archives from '../../modules/archives';
import * as community from '../../modules/community';
import * as identity from '../../modules/identity';
import { defineFunction } from '../../runtime';

export const main = defineFunction(
  'archives',
  archivesContract,
  {
    // --- documents ---
    // --- ledger ---
  },
  { access: [community.access, identity.access, archives.access] },
);
