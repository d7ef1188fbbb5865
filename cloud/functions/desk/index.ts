import { deskContract } from '@shared/contracts/desk.contract';
import * as community from '../../modules/community';
import * as desk from '../../modules/desk';
import * as identity from '../../modules/identity';
import * as knowledge from '../../modules/knowledge';
import { defineFunction } from '../../runtime';
import { wireServiceDesk } from '../../runtime/wiring/service-desk';

export const main = defineFunction(
  'desk',
  deskContract,
  {
    // --- inquiries ---
    ask: (input, { caller }) => desk.askInquiry(caller, input),
    mine: (input, { caller }) => desk.myInquiries(caller, input),
    get: ({ inquiryId }, { caller }) => desk.getInquiry(caller, inquiryId),
    rate: (input, { caller }) => desk.rateInquiry(caller, input),
    record: (input, { caller }) => desk.recordInquiry(caller, input),
    list: (input, { caller }) => desk.listInquiries(caller, input),
    acknowledge: (input, { caller }) => desk.acknowledgeInquiry(caller, input),
    answer: (input, { caller }) => desk.answerInquiry(caller, input),
    assign: (input, { caller }) => desk.assignInquiry(caller, input),
    convert: (input, { caller }) => desk.convertInquiry(caller, input),
    close: (input, { caller }) => desk.closeInquiry(caller, input),
    inquirySettings: (_input, { caller }) => desk.inquirySettingsOf(caller.communityId),
    saveInquirySettings: (input, { caller }) => desk.saveInquirySettings(caller, input),
    // --- contacts, visitors and release passes ---
    logContact: (input, { caller }) => desk.logContact(caller, input),
    contacts: (input, { caller }) => desk.contacts(caller, input),
    closeFollowUp: (input, { caller }) => desk.closeFollowUp(caller, input),
    requestPass: (input, { caller }) => desk.requestPass(caller, input),
    recordPass: (input, { caller }) => desk.recordPass(caller, input),
    myPasses: (_input, { caller }) => desk.myPasses(caller),
    passes: (input, { caller }) => desk.passes(caller, input),
    approvePass: (input, { caller }) => desk.approvePass(caller, input),
    revokePass: (input, { caller }) => desk.revokePass(caller, input),
    checkPass: (input, { caller }) => desk.checkPass(caller, input),
    releasePass: (input, { caller }) => desk.releasePass(caller, input),
    // --- owner view ---
    lookup: (input, { caller }) => desk.lookup(caller, input),
    ownerView: (input, { caller }) => desk.ownerView(caller, input),
    revealPhone: (input, { caller }) => desk.revealPhone(caller, input),
    viewAudit: (input, { caller }) => desk.viewAudit(caller, input),
    // --- figures ---
    figures: (input, { caller }) => desk.figures(caller, input),
  },
  // Inquiries become repairs and complaints: those modules' hooks are wired; `staff` (a handler) is identity's.
  { access: [community.access, identity.access, knowledge.access, desk.access], wiring: [wireServiceDesk] },
);
