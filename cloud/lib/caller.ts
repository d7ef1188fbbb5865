import type { CallerRole } from '@shared/domain/roles';

/**
 * Who is calling: the result of authentication (identity's `callerFromToken` / `callerFromOpenid`),
 * whatever the transport. A plain type here in lib so that the request pipeline, the access rules
 * and every module's services share it without depending on the identity module.
 */
export interface Caller {
  userId: string;
  name: string;
  /** The stored roles that apply in the active community, or ['guest'] when none do. */
  roles: CallerRole[];
  /** The active community ('' for a guest, who belongs to none yet). */
  communityId: string;
  /** Every community the person belongs to (managers may have several). */
  communityIds: string[];
  /** The units the person is bound to (in the active community). */
  unitIds: string[];
  /** Present for token sessions (gateway); absent for CloudBase OPENID identity. */
  sessionId?: string;
  /** Present for CloudBase OPENID identity. */
  openid?: string;
}

/** The caller holds one of `roles`. */
export const hasRole = (caller: Pick<Caller, 'roles'>, ...roles: readonly CallerRole[]): boolean => caller.roles.some((r) => roles.includes(r));

/** Is this record of the caller's active community? (A module's access rules and services check loaded records with it.) */
export function ofCallerCommunity(caller: Pick<Caller, 'communityId'>, r: { communityId: unknown }): boolean {
  return Boolean(caller.communityId) && String(r.communityId) === caller.communityId;
}
