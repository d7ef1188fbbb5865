import { communityContract } from '@shared/contracts/community.contract';
import * as community from '../../modules/community';
import * as identity from '../../modules/identity';
import { defineFunction } from '../../runtime';

export const main = defineFunction(
  'community',
  communityContract,
  {
    myHome: (_input, { caller }) => community.myHome(caller),
    myProfile: (_input, { caller }) => community.myProfile(caller),
    overview: (_input, { caller }) => community.overview(caller),
    units: (input, { caller }) => community.listUnits(caller, input),
    staff: (_input, { caller }) => identity.listStaff(caller),
    unit: ({ unitId }, { caller }) => community.unitDetail(caller, unitId),
    saveUnit: (input, { caller }) => community.saveUnit(caller, input),
    saveResident: (input, { caller }) => community.saveResident(caller, input),
    removeResident: ({ residentId }, { caller }) => community.removeResident(caller, residentId),
    saveVehicle: (input, { caller }) => community.saveVehicle(caller, input),
    removeVehicle: ({ vehicleId }, { caller }) => community.removeVehicle(caller, vehicleId),
    parkingSpaces: (input, { caller }) => community.parkingSpaces(caller, input),
    saveParkingSpace: (input, { caller }) => community.saveParkingSpace(caller, input),
    parkingSpace: ({ spaceId }, { caller }) => community.parkingSpace(caller, spaceId),
    assignParkingSpace: (input, { caller }) => community.assignParkingSpace(caller, input),
    releaseParkingSpace: ({ spaceId }, { caller }) => community.releaseParkingSpace(caller, spaceId),
    renewParkingLease: (input, { caller }) => community.renewParkingLease(caller, input),
    parkingLadder: (_input, { caller }) => community.parkingLadder(caller),
    saveParkingLadder: ({ days }, { caller }) => community.saveParkingLadder(caller, days),
    saveStaff: (input, { caller }) => identity.saveStaff(caller, input),
    setOnDuty: ({ onDuty }, { caller }) => identity.setOnDuty(caller, onDuty),
  },
  { access: [community.access, identity.access] },
);
