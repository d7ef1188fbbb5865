import { followupsContract } from '@shared/contracts/followups.contract';
import { defineFunction } from '../../lib/handle';
import * as followups from '../../modules/followups/followup.service';
import { afterFollowUp as afterComplaintFollowUp } from '../../modules/complaints/complaint.service';
import { afterFollowUp } from '../../modules/repairs/repair.service';

export const main = defineFunction('followups', followupsContract, {
  list: (input, { caller }) => followups.list(caller, input),
  record: (input, { caller }) =>
    followups.record(caller, input, async (source, sourceId) => {
      if (source === 'repair') await afterFollowUp(caller.communityId, sourceId, input.outcome, caller.name, input.note);
      if (source === 'complaint') await afterComplaintFollowUp(caller.communityId, sourceId, input.outcome, { id: caller.userId, name: caller.name }, input.note);
    }),
  stats: ({ days }, { caller }) => followups.stats(caller, days),
});
