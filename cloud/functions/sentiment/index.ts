import { sentimentContract } from '@shared/contracts/sentiment.contract';
import { defineFunction } from '../../lib/handle';
import * as incidents from '../../modules/sentiment/incident.service';
import * as ingest from '../../modules/sentiment/ingest.service';
import * as settings from '../../modules/sentiment/settings.service';

export const main = defineFunction('sentiment', sentimentContract, {
  ingest: (input, { caller }) => ingest.ingest(caller, input),
  importChat: (input, { caller }) => ingest.importChat(caller, input),
  groups: (_input, { caller }) => incidents.groups(caller),
  messages: (input, { caller }) => incidents.messages(caller, input),
  incidents: (input, { caller }) => incidents.incidents(caller, input),
  incident: ({ incidentId }, { caller }) => incidents.incident(caller, incidentId),
  acknowledge: (input, { caller }) => incidents.acknowledge(caller, input),
  resolve: (input, { caller }) => incidents.resolve(caller, input),
  convert: (input, { caller }) => incidents.convert(caller, input),
  linkSender: (input, { caller }) => incidents.linkSender(caller, input),
  settings: (_input, { caller }) => settings.rulesOf(caller.communityId),
  saveSettings: (input, { caller }) => settings.saveRules(caller, input),
});
