import { inCommunity, type AccessRules } from '../../lib/access';
import { SentimentCorrection } from './correction.model';
import { SentimentIncident } from './sentiment.model';

/** Who may reach sentiment records: an `incident` or a `correction` (漏报/误报 mark) of the caller's active community. */
export const access: AccessRules = {
  incident: { code: 'INCIDENT.NOT_FOUND', reachable: inCommunity(SentimentIncident) },
  correction: { code: 'CORRECTION.NOT_FOUND', reachable: inCommunity(SentimentCorrection) },
};
