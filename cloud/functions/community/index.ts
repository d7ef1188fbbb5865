import { communityContract } from '@shared/contracts/community.contract';
import { defineFunction } from '../../lib/handle';
import * as community from '../../modules/community/community.service';
import * as records from '../../modules/community/records.service';

export const main = defineFunction('community', communityContract, {
  myHome: (_input, { caller }) => community.myHome(caller),
  myProfile: (_input, { caller }) => community.myProfile(caller),
  overview: (_input, { caller }) => community.overview(caller),
  units: (input, { caller }) => community.listUnits(caller, input),
  staff: (_input, { caller }) => community.listStaff(caller),
  unit: ({ unitId }, { caller }) => records.unitDetail(caller, unitId),
  saveUnit: (input, { caller }) => records.saveUnit(caller, input),
  saveResident: (input, { caller }) => records.saveResident(caller, input),
  removeResident: ({ residentId }, { caller }) => records.removeResident(caller, residentId),
  saveVehicle: (input, { caller }) => records.saveVehicle(caller, input),
  removeVehicle: ({ vehicleId }, { caller }) => records.removeVehicle(caller, vehicleId),
  parkingSpaces: (input, { caller }) => records.parkingSpaces(caller, input),
  saveParkingSpace: (input, { caller }) => records.saveParkingSpace(caller, input),
  saveStaff: (input, { caller }) => records.saveStaff(caller, input),
  setOnDuty: ({ onDuty }, { caller }) => records.setOnDuty(caller, onDuty),
});
