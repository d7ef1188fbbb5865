import type { CallerRole } from '@shared/domain/roles';
import { inCommunity, type AccessRules } from '../../lib/access';
import { BindingRequest } from './binding.model';
import { Building, Unit } from './community.model';
import { findUnitFor } from './directory';
import { ParkingSpace, Resident, Vehicle } from './household.model';

/** The staff who see any unit's account (fees.account). */
const ACCOUNT_STAFF: readonly CallerRole[] = ['cashier', 'agent', 'manager'];

/**
 * Who may reach the community's records: a `building`, `unit`, `resident`, `vehicle`,
 * `parkingSpace` or `bindingRequest` of the caller's active community; `accountUnit`: any unit of
 * it for the staff who keep units' accounts (cashiers, agents, managers), one of their own for
 * anyone else (owners: a technician who owns a unit too sees only that one); `ownUnit`: one of the
 * caller's own units; `memberCommunity`: one of the communities the caller belongs to.
 */
export const access: AccessRules = {
  building: { code: 'BUILDING.NOT_FOUND', reachable: inCommunity(Building) },
  unit: { code: 'UNIT.NOT_FOUND', reachable: inCommunity(Unit) },
  resident: { code: 'RESIDENT.NOT_FOUND', reachable: inCommunity(Resident) },
  vehicle: { code: 'VEHICLE.NOT_FOUND', reachable: inCommunity(Vehicle) },
  parkingSpace: { code: 'PARKING.NOT_FOUND', reachable: inCommunity(ParkingSpace) },
  bindingRequest: { code: 'BINDING.NOT_FOUND', reachable: inCommunity(BindingRequest) },
  ownUnit: {
    code: 'UNIT.NOT_FOUND',
    // The unit read here is kept for the handler of this invocation (unitOf with the caller: a repair report's location).
    reachable: async (id, caller) => caller.unitIds.includes(String(id)) && (await findUnitFor(caller, id)) !== null,
  },
  accountUnit: {
    code: 'UNIT.NOT_FOUND',
    reachable: async (id, caller) =>
      Boolean(caller.communityId) && (caller.roles.some((r) => ACCOUNT_STAFF.includes(r)) || caller.unitIds.includes(String(id))) && (await Unit.exists({ _id: id, communityId: caller.communityId })) !== null,
  },
  memberCommunity: { code: 'COMMUNITY.NOT_FOUND', reachable: async (id, caller) => caller.communityIds.includes(String(id)) },
};
