import type { Policy, RefKind } from '@shared/contracts/contract';
import type { ErrorCode } from '@shared/errors';
import { AppError } from './app-error';
import { mongoose } from './db';
import { Building, Unit } from '../modules/community/community.model';
import type { Caller } from '../modules/identity/session.service';

/**
 * The scope half of an action's policy: every input field the policy declares as a reference
 * must point at a record the caller may reach. Out of scope answers 404, like a missing record,
 * so callers learn nothing about other communities' or other owners' records.
 */
const CHECKS: Record<RefKind, { code: ErrorCode; reachable: (id: mongoose.Types.ObjectId, caller: Caller) => Promise<boolean> }> = {
  building: {
    code: 'BUILDING.NOT_FOUND',
    reachable: async (id, caller) => (await Building.exists({ _id: id, communityId: caller.communityId })) !== null,
  },
  unit: {
    code: 'UNIT.NOT_FOUND',
    reachable: async (id, caller) => (await Unit.exists({ _id: id, communityId: caller.communityId })) !== null,
  },
  ownUnit: {
    code: 'UNIT.NOT_FOUND',
    reachable: async (id, caller) => caller.unitIds.includes(String(id)) && (await Unit.exists({ _id: id, communityId: caller.communityId })) !== null,
  },
};

export async function checkScope(policy: Policy, input: unknown, caller: Caller): Promise<void> {
  if (!policy.refs) return;
  const fields = (input ?? {}) as Record<string, unknown>;
  for (const [field, kind] of Object.entries(policy.refs)) {
    const value = fields[field];
    if (value === undefined) continue;
    const ids = (Array.isArray(value) ? value : [value]).map((v) => new mongoose.Types.ObjectId(String(v)));
    for (const id of ids) {
      if (!(await CHECKS[kind].reachable(id, caller))) throw new AppError(CHECKS[kind].code);
    }
  }
}
