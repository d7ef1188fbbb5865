/**
 * community — communities, buildings, units, residents, vehicles, parking spaces, owner binding.
 * The public API of the module: other modules, the cloud functions and the runtime import this
 * file only (never a model or service).
 */
export { access } from './community.access';
export { listUnits, myHome, myProfile, overview } from './community.service';
export { removeResident, removeVehicle, saveResident, saveUnit, saveVehicle, unitDetail } from './records.service';
export {
  assignParkingSpace,
  parkingLadder,
  parkingSpace,
  parkingSpaces,
  releaseParkingSpace,
  renewParkingLease,
  saveParkingLadder,
  saveParkingSpace,
} from './parking.service';
export { runParkingReminders, type ParkingReminderReport } from './parking-reminder.job';
export * as binding from './binding.service';
export { recordMoveIn, unitStatusOf } from './movein-records';
export { findResidents, findUnitsByRoom, type ResidentEntry } from './people-lookup';
export {
  boundResidentUserId,
  buildingsOf,
  communityContact,
  communityIdsIn,
  communityName,
  communityNames,
  ownedUnitIds,
  recordedOwners,
  servicePhones,
  spaceCodesOf,
  spaceHolders,
  unitLabels,
  unitOf,
  unitsByIds,
  unitsOf,
  type UnitRecord,
} from './directory';
export {
  applyWrites,
  loadSnapshot,
  type BuildingSnap,
  type Insert,
  type Progress,
  type ResidentSnap,
  type Snapshot,
  type SnapshotNeeds,
  type SpaceSnap,
  type UnitSnap,
  type Update,
  type VehicleSnap,
  type Writes,
} from './records-bulk';
