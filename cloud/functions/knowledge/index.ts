import { knowledgeContract } from '@shared/contracts/knowledge.contract';
import * as community from '../../modules/community';
import * as knowledge from '../../modules/knowledge';
import { defineFunction } from '../../runtime';

export const main = defineFunction(
  'knowledge',
  knowledgeContract,
  {
    // --- articles ---
    list: (input, { caller }) => knowledge.list(caller, input),
    get: (input, { caller }) => knowledge.get(caller, input.articleId),
    search: (input, { caller }) => knowledge.search(caller, input),
    saveArticle: (input, { caller }) => knowledge.saveArticle(caller, input),
    archiveArticle: (input, { caller }) => knowledge.archiveArticle(caller, input.articleId),
    feedback: (input, { caller }) => knowledge.feedback(caller, input),
    missingAnswers: (_input, { caller }) => knowledge.missingAnswers(caller),
    // --- scripts ---
    scripts: (input, { caller }) => knowledge.scripts(caller, input.where),
    scriptLibrary: (input, { caller }) => knowledge.scriptLibrary(caller, input.context),
    saveScript: (input, { caller }) => knowledge.saveScript(caller, input),
    removeScript: (input, { caller }) => knowledge.removeScript(caller, input),
    restoreScript: (input, { caller }) => knowledge.restoreScript(caller, input.starterKey),
  },
  { access: [community.access, knowledge.access] },
);
