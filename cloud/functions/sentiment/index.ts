import { sentimentContract } from '@shared/contracts/sentiment.contract';
import * as community from '../../modules/community';
import * as sentiment from '../../modules/sentiment';
import { defineFunction } from '../../runtime';
import { wireServiceDesk } from '../../runtime/wiring/service-desk';

export const main = defineFunction(
  'sentiment',
  sentimentContract,
  {
    ingest: (input, { caller }) => sentiment.ingest(caller, input),
    importChat: (input, { caller }) => sentiment.importChat(caller, input),
    groups: (_input, { caller }) => sentiment.groups(caller),
    messages: (input, { caller }) => sentiment.messages(caller, input),
    incidents: (input, { caller }) => sentiment.incidents(caller, input),
    incident: ({ incidentId }, { caller }) => sentiment.incident(caller, incidentId),
    acknowledge: (input, { caller }) => sentiment.acknowledge(caller, input),
    resolve: (input, { caller }) => sentiment.resolve(caller, input),
    convert: (input, { caller }) => sentiment.convert(caller, input),
    linkSender: (input, { caller }) => sentiment.linkSender(caller, input),
    settings: (_input, { caller }) => sentiment.rulesOf(caller.communityId),
    saveSettings: (input, { caller }) => sentiment.saveRules(caller, input),
    // The correction loop and the community's lexicon (本小区词库).
    correct: (input, { caller }) => sentiment.correct(caller, input),
    corrections: (input, { caller }) => sentiment.corrections(caller, input),
    previewEntry: (input, { caller }) => sentiment.previewEntry(caller, input),
    reviewCorrection: (input, { caller }) => sentiment.reviewCorrection(caller, input),
    lexicon: (_input, { caller }) => sentiment.lexicon(caller),
    addLexiconEntry: (input, { caller }) => sentiment.addLexiconEntry(caller, input),
    removeLexiconEntry: (input, { caller }) => sentiment.removeLexiconEntry(caller, input),
    exportLexicon: (_input, { caller }) => sentiment.exportLexicon(caller),
    importLexicon: (input, { caller }) => sentiment.importLexicon(caller, input),
    lexiconFigures: (_input, { caller }) => sentiment.lexiconFigures(caller),
  },
  // Incidents become repairs and complaints: those modules' hooks are wired.
  { access: [community.access, sentiment.access], wiring: [wireServiceDesk] },
);
