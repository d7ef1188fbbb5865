import { growthContract } from '@shared/contracts/growth.contract';
import * as growth from '../../modules/growth';
import * as identity from '../../modules/identity';
import { defineFunction } from '../../runtime';

export const main = defineFunction(
  'growth',
  growthContract,
  {
    // --- courses ---
    // --- practice & figures ---
  },
  { access: [identity.access, growth.access] },
);
