import { inCommunity, type AccessRules } from '../../lib/access';
import { FollowUp } from './followup.model';

/** Who may reach follow-up tasks: a `followUp` of the caller's active community. */
export const access: AccessRules = {
  followUp: { code: 'FOLLOWUP.NOT_FOUND', reachable: inCommunity(FollowUp) },
};
