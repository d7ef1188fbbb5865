import { moveinContract } from '@shared/contracts/movein.contract';
import * as community from '../../modules/community';
import * as movein from '../../modules/movein';
import { defineFunction } from '../../runtime';

export const main = defineFunction(
  'movein',
  moveinContract,
  {
    // --- batches & bookings ---
    // --- checklist ---
    // --- inspection & documents ---
    // --- progress, calls & resale ---
  },
  { access: [community.access, movein.access] },
);
