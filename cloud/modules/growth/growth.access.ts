import type { AccessRules } from '../../lib/access';
import type { Caller } from '../../lib/caller';

/** A record of the caller's active community. */
export function inCommunity(caller: Caller, r: { communityId: unknown }): boolean {
  return Boolean(caller.communityId) && String(r.communityId) === caller.communityId;
}

/** Who may reach the growth module's records (staff of the community only: the contracts' roles). */
export const access: AccessRules = {
  // --- courses ---
  // --- practice & figures ---
};
