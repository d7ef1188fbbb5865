import { inCommunity, type AccessRules } from '../../lib/access';
import { CallTask } from './messaging.model';

/** Who may reach messaging's records: a `callTask` of the caller's active community. */
export const access: AccessRules = {
  callTask: { code: 'CALLTASK.NOT_FOUND', reachable: inCommunity(CallTask) },
};
