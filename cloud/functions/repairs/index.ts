import { repairsContract, type RepairSettingsView } from '@shared/contracts/repairs.contract';
import * as community from '../../modules/community';
import * as identity from '../../modules/identity';
import * as repairs from '../../modules/repairs';
import { defineFunction } from '../../runtime';
import { wireServiceDesk } from '../../runtime/wiring/service-desk';

export const main = defineFunction(
  'repairs',
  repairsContract,
  {
    settings: (_input, { caller }) => repairs.settingsOf(caller.communityId),
    saveSettings: (input, { caller }) => repairs.saveSettings(caller.communityId, input as RepairSettingsView),
    create: (input, { caller }) => repairs.create(caller, input),
    createForOwner: (input, { caller }) => repairs.create(caller, input),
    mine: (input, { caller }) => repairs.mine(caller, input),
    get: ({ repairId }, { caller }) => repairs.get(caller, repairId),
    urge: ({ repairId }, { caller }) => repairs.urge(caller, repairId),
    cancel: ({ repairId, reason }, { caller }) => repairs.cancel(caller, repairId, reason),
    rate: (input, { caller }) => repairs.rate(caller, input),
    reopen: ({ repairId, reason }, { caller }) => repairs.reopen(caller, repairId, reason),
    queue: (input, { caller }) => repairs.queue(caller, input),
    claim: ({ repairId }, { caller }) => repairs.claim(caller, repairId),
    accept: ({ repairId }, { caller }) => repairs.accept(caller, repairId),
    arrive: ({ repairId, at }, { caller }) => repairs.arrive(caller, repairId, at),
    pause: ({ repairId, reason }, { caller }) => repairs.pause(caller, repairId, reason),
    resume: ({ repairId }, { caller }) => repairs.resume(caller, repairId),
    complete: (input, { caller }) => repairs.complete(caller, input),
    return: ({ repairId, reason }, { caller }) => repairs.returnOrder(caller, repairId, reason),
    list: (input, { caller }) => repairs.list(caller, input),
    assign: ({ repairId, technicianId }, { caller }) => repairs.assign(caller, repairId, technicianId),
    board: (_input, { caller }) => repairs.board(caller),
    stats: ({ weekOf }, { caller }) => repairs.stats(caller, weekOf),
  },
  // A low rating opens a complaint (repairs.ownerUnhappy): the service desk wiring.
  { access: [community.access, identity.access, repairs.access], wiring: [wireServiceDesk] },
);
