import { moveinContract } from '@shared/contracts/movein.contract';
import * as community from '../../modules/community';
import * as identity from '../../modules/identity';
import * as movein from '../../modules/movein';
import { defineFunction } from '../../runtime';
import { wireServiceDesk } from '../../runtime/wiring/service-desk';

export const main = defineFunction(
  'movein',
  moveinContract,
  {
    // --- batches & bookings ---
    batches: (input, { caller }) => movein.listBatches(caller, input),
    batch: (input, { caller }) => movein.getBatch(caller, input.batchId),
    saveBatch: (input, { caller }) => movein.saveBatch(caller, input),
    publishBatch: (input, { caller }) => movein.publishBatch(caller, input),
    closeBatch: (input, { caller }) => movein.closeBatch(caller, input),
    myMoveIn: (_input, { caller }) => movein.myMoveIn(caller),
    book: (input, { caller }) => movein.book(caller, input),
    cancelBooking: (input, { caller }) => movein.cancelBooking(caller, input),
    // --- checklist ---
    cases: (input, { caller }) => movein.cases(caller, input),
    caseDetail: (input, { caller }) => movein.caseDetail(caller, input),
    createCase: (input, { caller }) => movein.createCase(caller, input),
    startCase: (input, { caller }) => movein.startCase(caller, input),
    tickStep: (input, { caller }) => movein.tickStep(caller, input),
    undoStep: (input, { caller }) => movein.undoStep(caller, input),
    checkIdentity: (input, { caller }) => movein.checkIdentity(caller, input),
    payFees: (input, { caller }) => movein.payFees(caller, input),
    signAgreements: (input, { caller }) => movein.signAgreements(caller, input),
    handOverKeys: (input, { caller }) => movein.handOverKeys(caller, input),
    issueCards: (input, { caller }) => movein.issueCards(caller, input),
    completeCase: (input, { caller }) => movein.completeCase(caller, input),
    cancelCase: (input, { caller }) => movein.cancelCase(caller, input),
    casePdf: (input, { caller }) => movein.casePdf(caller, input),
    settings: (_input, { caller }) => movein.settings(caller),
    saveSettings: (input, { caller }) => movein.saveSettings(caller, input),
    // --- inspection & documents ---
    inspection: (input, { caller }) => movein.inspectionView(caller, input.moveInId),
    submitInspection: (input, { caller }) => movein.submitInspection(caller, input),
    myDefects: (_input, { caller }) => movein.myDefects(caller),
    myPapers: (_input, { caller }) => movein.myPapers(caller),
    uploadPaper: (input, { caller }) => movein.uploadPaper(caller, input),
    deletePaper: (input, { caller }) => movein.deletePaper(caller, input.paperId),
    papers: (input, { caller }) => movein.papersOfCase(caller, input.moveInId),
    paperPhotos: (input, { caller }) => movein.paperPhotos(caller, input.paperId),
    // --- progress, calls & resale ---
    progress: (input, { caller }) => movein.progress(caller, input),
    progressDay: (input, { caller }) => movein.progressDay(caller, input),
    callTasks: (input, { caller }) => movein.callTasks(caller, input),
    recordCall: (input, { caller }) => movein.recordCall(caller, input),
    resaleInfo: (input, { caller }) => movein.resaleInfo(caller, input),
    resale: (input, { caller }) => movein.resale(caller, input),
  },
  // It loads fees and repairs (the checklist's payments, inspection repairs): the service desk wiring.
  { access: [community.access, identity.access, movein.access], wiring: [wireServiceDesk] },
);
