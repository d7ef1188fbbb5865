import { feesContract } from '@shared/contracts/fees.contract';
import * as community from '../../modules/community';
import * as fees from '../../modules/fees';
import { defineFunction } from '../../runtime';
import { wireServiceDesk } from '../../runtime/wiring/service-desk';

export const main = defineFunction(
  'fees',
  feesContract,
  {
    items: (_input, { caller }) => fees.items(caller),
    saveItem: (input, { caller }) => fees.saveItem(caller, input),
    runBilling: ({ month }, { caller }) => fees.runBilling(caller, month),
    chargeOneOff: (input, { caller }) => fees.chargeOneOff(caller, input),
    account: ({ unitId }, { caller }) => fees.account(caller, unitId),
    myAccounts: (_input, { caller }) => fees.myAccounts(caller),
    recordPayment: (input, { caller }) => fees.recordPayment(caller, input),
    refund: (input, { caller }) => fees.refund(caller, input),
    arrears: (input, { caller }) => fees.arrears(caller, input),
    reviewList: (input, { caller }) => fees.reviewList(caller, input),
    recordOutcome: (input, { caller }) => fees.recordOutcome(caller, input),
    pause: (input, { caller }) => fees.pause(caller, input),
    stats: ({ month }, { caller }) => fees.stats(caller, month),
    ladder: (_input, { caller }) => fees.ladder(caller),
    saveLadder: ({ days }, { caller }) => fees.saveLadder(caller, days),
    reminderNotice: (input, { caller }) => fees.reminderNotice(caller, input),
    cancelBill: (input, { caller }) => fees.cancelBill(caller, input),
    payPrepare: (input, { caller }) => fees.payPrepare(caller, input),
    payStatus: (input, { caller }) => fees.payStatus(caller, input),
    payIssues: (input, { caller }) => fees.payIssues(caller, input),
    resolvePayIssue: (input, { caller }) => fees.resolvePayIssue(caller, input),
    refundCredit: (input, { caller }) => fees.refundCredit(caller, input),
    receipt: (input, { caller }) => fees.receipt(caller, input),
    receiptPdf: (input, { caller }) => fees.receiptPdf(caller, input),
    requestInvoice: (input, { caller }) => fees.requestInvoice(caller, input),
    invoiceRequests: (input, { caller }) => fees.invoiceRequests(caller, input),
    invoiceIssued: (input, { caller }) => fees.invoiceIssued(caller, input),
    invoiceRejected: (input, { caller }) => fees.invoiceRejected(caller, input),
    carryOver: (input, { caller }) => fees.recordCarryOver(caller, input),
  },
  // fees declares the hook the reminder ladder asks (disputed units): the service desk answers it.
  { access: [community.access, fees.access], wiring: [wireServiceDesk] },
);
