import { feesContract } from '@shared/contracts/fees.contract';
import { defineFunction } from '../../lib/handle';
import * as fees from '../../modules/fees/fee.service';
import * as arrears from '../../modules/fees/arrears.service';
import * as ladder from '../../modules/fees/ladder.service';
import * as notices from '../../modules/fees/notice.service';

export const main = defineFunction('fees', feesContract, {
  items: (_input, { caller }) => fees.items(caller),
  saveItem: (input, { caller }) => fees.saveItem(caller, input),
  runBilling: ({ month }, { caller }) => fees.runBilling(caller, month),
  account: ({ unitId }, { caller }) => fees.account(caller, unitId),
  myAccounts: (_input, { caller }) => fees.myAccounts(caller),
  recordPayment: (input, { caller }) => fees.recordPayment(caller, input),
  refund: (input, { caller }) => fees.refund(caller, input),
  arrears: (input, { caller }) => arrears.arrears(caller, input),
  reviewList: (_input, { caller }) => arrears.reviewList(caller),
  recordOutcome: (input, { caller }) => arrears.recordOutcome(caller, input),
  pause: (input, { caller }) => arrears.pause(caller, input),
  stats: ({ month }, { caller }) => arrears.stats(caller, month),
  ladder: (_input, { caller }) => ladder.ladder(caller),
  saveLadder: ({ days }, { caller }) => ladder.saveLadder(caller, days),
  reminderNotice: (input, { caller }) => notices.reminderNotice(caller, input),
  cancelBill: (input, { caller }) => fees.cancelBill(caller, input),
});
