import { knowledgeContract } from '@shared/contracts/knowledge.contract';
import * as community from '../../modules/community';
import * as knowledge from '../../modules/knowledge';
import { defineFunction } from '../../runtime';

export const main = defineFunction(
  'knowledge',
  knowledgeContract,
  {
    // --- articles ---
    // --- scripts ---
  },
  { access: [community.access, knowledge.access] },
);
