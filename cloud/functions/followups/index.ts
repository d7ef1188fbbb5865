import { followupsContract } from '@shared/contracts/followups.contract';
import { defineFunction } from '../../lib/handle';
import * as followups from '../../modules/followups/followup.service';
import { afterFollowUp } from '../../modules/repairs/repair.service';

export const main = defineFunction('followups', followupsContract, {
  list: (input, { caller }) => followups.list(caller, input),
  async record(input, { caller }) {
    const { task, source, sourceId } = await followups.record(caller, input);
    if (source === 'repair') await afterFollowUp(caller.communityId, sourceId, input.outcome, caller.name, input.note);
    return task;
  },
  stats: ({ days }, { caller }) => followups.stats(caller, days),
});
