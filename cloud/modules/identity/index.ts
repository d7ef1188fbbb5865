/**
 * identity — users, WeChat identities, sessions, the team. The public API of the module: other
 * modules, the cloud functions and the runtime import this file only (never a model or service).
 */
export { access } from './identity.access';
export { identityHooks } from './identity.hooks';
export { login, loginOptions, logout, me, refresh, switchCommunity } from './auth.service';
export { callerFromOpenid, callerFromToken, callerProfile, deleteOldSessions } from './session.service';
export {
  activeMember,
  activeMemberIds,
  activeMembers,
  addOwnedUnit,
  bindingSubject,
  contactsOf,
  countMembers,
  namesByOpenid,
  openidOf,
  ownerOf,
  owners,
  ownersByUnitIn,
  profileOf,
  removeOwnedUnit,
  technician,
  technicians,
  type Contact,
  type Member,
  type OwnerContact,
  type OwnerRecord,
  type TechnicianRecord,
  wechatIdsOf,
} from './people.service';
// --- issue 25 helper B ---
export { openidsOfUsers } from './people.service';
export { listStaff, saveStaff, setOnDuty, staffProfile } from './staff.service';
export { DEMO_ACCOUNTS, DEMO_NEW_USER_PREFIX, demoCodeMap } from './demo-accounts';
