import type { RefKind } from '@shared/contracts/contract';
import type { ErrorCode } from '@shared/errors';
import type { Caller } from './caller';
import type { mongoose } from './db';

type Id = mongoose.Types.ObjectId;

/**
 * How one kind of reference is checked: may this caller reach the record `id`? A record out of
 * reach answers `code` (a 404, like a missing record), so callers learn nothing about other
 * communities' or other owners' records.
 */
export interface RefCheck {
  code: ErrorCode;
  reachable(id: Id, caller: Caller): Promise<boolean>;
}

/**
 * A module's access declaration (`<module>.access.ts`): the reference kinds (`RefKind`, named by
 * the contracts' policies) whose records the module owns, each with its check. The request pipeline
 * (cloud/runtime) resolves every reference of an action through the declarations its function was
 * given.
 */
export type AccessRules = Partial<Record<RefKind, RefCheck>>;

/** The check of a record that any caller of its community may reach: it is in `model`, of the caller's active community (plus `extra`). */
export function inCommunity(model: { exists(filter: Record<string, unknown>): Promise<unknown> }, extra: Record<string, unknown> = {}): RefCheck['reachable'] {
  return async (id, caller) => Boolean(caller.communityId) && (await model.exists({ _id: id, communityId: caller.communityId, ...extra })) !== null;
}
