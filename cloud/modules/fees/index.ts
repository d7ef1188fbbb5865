/**
 * fees — fee items, billing runs, one-off charges, the ledger (bills, payments, refunds), arrears, the reminder
 * ladder and the 催缴通知单. The public API of the module: other modules, the cloud functions and the
 * runtime import this file only.
 */
export { access } from './fees.access';
export { feeHooks } from './fees.hooks';
export { account, accountOf, cancelBill, isBillOfUnit, items, myAccounts, recordPayment, refund, runBilling, runBillingByHand, runBillingJob, saveItem } from './fee.service';
export { arrears, collectionRates, pause, recordOutcome, reviewList, stats } from './arrears.service';
export { chargeOneOff } from './charge.service';
export { ladder, saveLadder } from './ladder.service';
export { reminderNotice } from './notice.service';
export { runReminders, type ReminderRunReport } from './reminder.job';
export { closeExpiredPayOrders, handlePayNotification, payIssues, payPrepare, payStatus, PAY_ORDER_TTL_MS, type NotifyAnswer } from './pay.service';
