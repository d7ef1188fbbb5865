import { inCommunity, type AccessRules } from '../../lib/access';
import { SentimentIncident } from './sentiment.model';

/** Who may reach sentiment incidents: an `incident` of the caller's active community. */
export const access: AccessRules = {
  incident: { code: 'INCIDENT.NOT_FOUND', reachable: inCommunity(SentimentIncident) },
};
