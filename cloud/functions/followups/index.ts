import { followupsContract } from '@shared/contracts/followups.contract';
import * as followups from '../../modules/followups';
import { defineFunction } from '../../runtime';
import { wireServiceDesk } from '../../runtime/wiring/service-desk';

export const main = defineFunction(
  'followups',
  followupsContract,
  {
    list: (input, { caller }) => followups.list(caller, input),
    // The repair or complaint followed up reacts through the hook followups.outcomeRecorded (wireServiceDesk).
    record: (input, { caller }) => followups.record(caller, input),
    stats: ({ days }, { caller }) => followups.stats(caller, days),
  },
  { access: [followups.access], wiring: [wireServiceDesk] },
);
