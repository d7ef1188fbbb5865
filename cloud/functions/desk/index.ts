import { deskContract } from '@shared/contracts/desk.contract';
import * as community from '../../modules/community';
import * as desk from '../../modules/desk';
import { defineFunction } from '../../runtime';

export const main = defineFunction(
  'desk',
  deskContract,
  {
    // --- inquiries ---
    // --- contacts, visitors and release passes ---
    // --- owner view ---
    // --- figures ---
  },
  { access: [community.access, desk.access] },
);
