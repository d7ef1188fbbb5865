import { archivesContract } from '@shared/contracts/archives.contract';
import * as archives from '../../modules/archives';
import * as community from '../../modules/community';
import * as identity from '../../modules/identity';
import { defineFunction } from '../../runtime';
import { wireServiceDesk } from '../../runtime/wiring/service-desk';

export const main = defineFunction(
  'archives',
  archivesContract,
  {
    // --- documents ---
    uploadTicket: (input, { caller }) => archives.uploadTicket(caller, input),
    registerUpload: (input, { caller }) => archives.registerUpload(caller, input),
    create: (input, { caller }) => archives.createDoc(caller, input),
    addVersion: (input, { caller }) => archives.addVersion(caller, input),
    update: (input, { caller }) => archives.updateDoc(caller, input),
    remove: (input, { caller }) => archives.removeDoc(caller, input),
    get: (input, { caller }) => archives.getDoc(caller, input),
    link: (input, { caller }) => archives.linkDoc(caller, input),
    list: (input, { caller }) => archives.listDocs(caller, input),
    tags: (input, { caller }) => archives.docTags(caller, input),
    unitFile: (input, { caller }) => archives.unitFile(caller, input),
    // --- ledger ---
    equipmentList: (input, { caller }) => archives.equipmentList(caller, input),
    equipmentGet: (input, { caller }) => archives.equipmentGet(caller, input),
    equipmentCreate: (input, { caller }) => archives.equipmentCreate(caller, input),
    equipmentUpdate: (input, { caller }) => archives.equipmentUpdate(caller, input),
    equipmentMaintain: (input, { caller }) => archives.equipmentMaintain(caller, input),
    equipmentRetire: (input, { caller }) => archives.equipmentRetire(caller, input),
    contractList: (input, { caller }) => archives.contractList(caller, input),
    contractGet: (input, { caller }) => archives.contractGet(caller, input),
    contractCreate: (input, { caller }) => archives.contractCreate(caller, input),
    contractUpdate: (input, { caller }) => archives.contractUpdate(caller, input),
    contractEnd: (input, { caller }) => archives.contractEnd(caller, input),
    loanCreate: (input, { caller }) => archives.loanCreate(caller, input),
    loanReturn: (input, { caller }) => archives.loanReturn(caller, input),
    loanList: (input, { caller }) => archives.loanList(caller, input),
    dueSoon: (_input, { caller }) => archives.dueSoon(caller),
    loanBorrowers: (_input, { caller }) => archives.loanBorrowers(caller),
  },
  // 业主档案 reads move-in and renovation, which load fees and repairs: the service desk wiring.
  { access: [community.access, identity.access, archives.access], wiring: [wireServiceDesk] },
);
