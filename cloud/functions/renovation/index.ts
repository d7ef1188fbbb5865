import { renovationContract } from '@shared/contracts/renovation.contract';
import * as community from '../../modules/community';
import * as identity from '../../modules/identity';
import * as renovation from '../../modules/renovation';
import { defineFunction } from '../../runtime';
import { wireServiceDesk } from '../../runtime/wiring/service-desk';

export const main = defineFunction(
  'renovation',
  renovationContract,
  {
    // --- application ---
    // --- approval, permit & passes ---
    // --- patrols & violations ---
    // --- completion, deposit & board ---
  },
  // It bills through fees and links complaints: the service desk wiring.
  { access: [community.access, identity.access, renovation.access], wiring: [wireServiceDesk] },
);
