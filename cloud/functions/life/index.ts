import { lifeContract } from '@shared/contracts/life.contract';
import * as community from '../../modules/community';
import * as identity from '../../modules/identity';
import * as life from '../../modules/life';
import { defineFunction } from '../../runtime';
import { wireServiceDesk } from '../../runtime/wiring/service-desk';

export const main = defineFunction(
  'life',
  lifeContract,
  {
    // --- surveys ---
    // --- results & satisfaction ---
    // --- activities ---
    // --- notice boards ---
  },
  // It publishes through notices and messages owners: the service desk wiring.
  { access: [community.access, identity.access, life.access], wiring: [wireServiceDesk] },
);
