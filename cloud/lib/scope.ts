import type { Policy, RefKind } from '@shared/contracts/contract';
import type { ErrorCode } from '@shared/errors';
import { STAFF_ROLES } from '@shared/domain/roles';
import { AppError } from './app-error';
import { mongoose } from './db';
import { BindingRequest } from '../modules/community/binding.model';
import { Building, Unit } from '../modules/community/community.model';
import { ParkingSpace, Resident, Vehicle } from '../modules/community/household.model';
import { User } from '../modules/identity/user.model';
import { ImportBatch } from '../modules/imports/import.model';
import { CallTask } from '../modules/messaging/messaging.model';
import { FollowUp } from '../modules/followups/followup.model';
import { Repair } from '../modules/repairs/repair.model';
import { Notice, NoticeAudience } from '../modules/notices/notice.model';
import { FeeItem, Payment } from '../modules/fees/fee.model';
import { Complaint } from '../modules/complaints/complaint.model';
import { SentimentIncident } from '../modules/sentiment/sentiment.model';
import type { Caller } from '../modules/identity/session.service';

type Id = mongoose.Types.ObjectId;

/** A record of the caller's active community, looked up in `model` (plus an extra filter). */
function inCommunity(model: { exists(filter: Record<string, unknown>): Promise<unknown> }, extra: Record<string, unknown> = {}) {
  return async (id: Id, caller: Caller) => Boolean(caller.communityId) && (await model.exists({ _id: id, communityId: caller.communityId, ...extra })) !== null;
}

/**
 * The scope half of an action's policy: every input field the policy declares as a reference
 * must point at a record the caller may reach. Out of scope answers 404, like a missing record,
 * so callers learn nothing about other communities' or other owners' records.
 */
const CHECKS: Record<RefKind, { code: ErrorCode; reachable: (id: Id, caller: Caller) => Promise<boolean> }> = {
  building: { code: 'BUILDING.NOT_FOUND', reachable: inCommunity(Building) },
  unit: { code: 'UNIT.NOT_FOUND', reachable: inCommunity(Unit) },
  resident: { code: 'RESIDENT.NOT_FOUND', reachable: inCommunity(Resident) },
  vehicle: { code: 'VEHICLE.NOT_FOUND', reachable: inCommunity(Vehicle) },
  parkingSpace: { code: 'PARKING.NOT_FOUND', reachable: inCommunity(ParkingSpace) },
  staff: { code: 'STAFF.NOT_FOUND', reachable: inCommunity(User, { roles: { $in: STAFF_ROLES } }) },
  bindingRequest: { code: 'BINDING.NOT_FOUND', reachable: inCommunity(BindingRequest) },
  importBatch: { code: 'IMPORT.NOT_FOUND', reachable: inCommunity(ImportBatch) },
  callTask: { code: 'CALLTASK.NOT_FOUND', reachable: inCommunity(CallTask) },
  repair: {
    code: 'REPAIR.NOT_FOUND',
    reachable: async (id, caller) => {
      if (!caller.communityId) return false;
      const filter: Record<string, unknown> = { _id: id, communityId: caller.communityId };
      // Staff reach every order of the community; an owner only the orders of their units or that they reported.
      if (!caller.roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r) && r !== 'cashier')) {
        filter.$or = [{ reporterId: caller.userId }, { ownerId: caller.userId }, ...(caller.unitIds.length ? [{ unitId: { $in: caller.unitIds } }] : [])];
      }
      return (await Repair.exists(filter)) !== null;
    },
  },
  followUp: { code: 'FOLLOWUP.NOT_FOUND', reachable: inCommunity(FollowUp) },
  notice: {
    code: 'NOTICE.NOT_FOUND',
    reachable: async (id, caller) => {
      if (!caller.communityId) return false;
      const filter: Record<string, unknown> = { _id: id, communityId: caller.communityId };
      // Owners reach only notices published to one of their units (staff: every notice of the community).
      if (!caller.roles.some((r) => r === 'agent' || r === 'manager')) filter.unitIds = { $in: caller.unitIds };
      return (await Notice.exists(filter)) !== null;
    },
  },
  noticeAudience: { code: 'NOTICE.AUDIENCE_NOT_FOUND', reachable: inCommunity(NoticeAudience) },
  feeItem: { code: 'FEE_ITEM.NOT_FOUND', reachable: inCommunity(FeeItem) },
  payment: { code: 'PAYMENT.NOT_FOUND', reachable: inCommunity(Payment) },
  complaint: {
    code: 'COMPLAINT.NOT_FOUND',
    reachable: async (id, caller) => {
      if (!caller.communityId) return false;
      const filter: Record<string, unknown> = { _id: id, communityId: caller.communityId };
      // Agents and managers reach every complaint of the community; an owner only the ones about them.
      if (!caller.roles.some((r) => r === 'agent' || r === 'manager')) filter.$or = [{ ownerId: caller.userId }, { reporterId: caller.userId }];
      return (await Complaint.exists(filter)) !== null;
    },
  },
  incident: { code: 'INCIDENT.NOT_FOUND', reachable: inCommunity(SentimentIncident) },
  ownUnit: {
    code: 'UNIT.NOT_FOUND',
    reachable: async (id, caller) => caller.unitIds.includes(String(id)) && (await Unit.exists({ _id: id, communityId: caller.communityId })) !== null,
  },
  memberCommunity: { code: 'COMMUNITY.NOT_FOUND', reachable: async (id, caller) => caller.communityIds.includes(String(id)) },
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
