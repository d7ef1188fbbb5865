import { renovationContract } from '@shared/contracts/renovation.contract';
import * as community from '../../modules/community';
import * as identity from '../../modules/identity';
import * as renovation from '../../modules/renovation';
import { defineFunction } from '../../runtime';
import { wireServiceDesk } from '../../runtime/wiring/service-desk';

export const main = defineFunction(
  'renovation',
  renovationContract,
  {
    // --- application ---
    detail: (input, { caller }) => renovation.detail(caller, input.renovationId),
    list: (input, { caller }) => renovation.list(caller, input),
    create: (input, { caller }) => renovation.create(caller, input),
    update: (input, { caller }) => renovation.update(caller, input),
    sign: (input, { caller }) => renovation.sign(caller, input),
    submit: (input, { caller }) => renovation.submit(caller, input.renovationId),
    cancel: (input, { caller }) => renovation.cancel(caller, input),
    settings: (_input, { caller }) => renovation.settings(caller),
    saveSettings: (input, { caller }) => renovation.saveSettings(caller, input),
    // --- approval, permit & passes ---
    review: (input, { caller }) => renovation.review(caller, input),
    return: (input, { caller }) => renovation.returnApplication(caller, input),
    approve: (input, { caller }) => renovation.approve(caller, input),
    start: (input, { caller }) => renovation.start(caller, input),
    permit: (input, { caller }) => renovation.permit(caller, input),
    permitPdf: (input, { caller }) => renovation.permitPdf(caller, input),
    addWorker: (input, { caller }) => renovation.addWorker(caller, input),
    revokePass: (input, { caller }) => renovation.revokePass(caller, input),
    checkPass: (input, { caller }) => renovation.checkPass(caller, input),
    // --- patrols & violations ---
    patrols: (input, { caller }) => renovation.patrols(caller, input),
    patrol: (input, { caller }) => renovation.patrol(caller, input),
    startPatrol: (input, { caller }) => renovation.startPatrol(caller, input),
    recordPatrol: (input, { caller }) => renovation.recordPatrol(caller, input),
    patrolSection: (input, { caller }) => renovation.patrolSection(caller, input),
    rectifyPdf: (input, { caller }) => renovation.rectifyPdf(caller, input),
    suspend: (input, { caller }) => renovation.suspend(caller, input),
    resume: (input, { caller }) => renovation.resume(caller, input),
    // --- completion, deposit & board ---
    completion: (input, { caller }) => renovation.completion(caller, input),
    applyAcceptance: async (input, { caller }) => {
      await renovation.applyAcceptance(caller, input);
      return renovation.detail(caller, input.renovationId);
    },
    recordAcceptance: async (input, { caller }) => {
      await renovation.recordAcceptance(caller, input);
      return renovation.detail(caller, input.renovationId);
    },
    refundDeposit: async (input, { caller }) => {
      await renovation.refundDeposit(caller, input);
      return renovation.detail(caller, input.renovationId);
    },
    board: (_input, { caller }) => renovation.board(caller),
    contractorHistory: (input, { caller }) => renovation.contractorHistory(caller, input),
  },
  // It bills through fees and links complaints: the service desk wiring.
  { access: [community.access, identity.access, renovation.access], wiring: [wireServiceDesk] },
);
