import { STAFF_ROLES } from '@shared/domain/roles';
import { inCommunity, type AccessRules } from '../../lib/access';
import { User } from './user.model';

/** Who may reach identity's records: `staff` is a staff member of the caller's active community. */
export const access: AccessRules = {
  staff: { code: 'STAFF.NOT_FOUND', reachable: inCommunity(User, { roles: { $in: STAFF_ROLES } }) },
};
