/**
 * fees — fee items, billing runs, one-off charges, the ledger (bills, payments, refunds), arrears, the reminder
 * ladder and the 催缴通知单, receipts (电子收据) and invoice requests. The public API of the module: other modules, the cloud functions and the
 * runtime import this file only.
 */
export { access } from './fees.access';
export { feeHooks } from './fees.hooks';
export { account, accountOf, cancelBill, isBillOfUnit, items, myAccounts, recordPayment, runBilling, runBillingByHand, runBillingJob, saveItem } from './fee.service';
// fees.refund: an online payment goes back through WeChat Pay, any other is refunded in the ledger (fee.service).
export { refund, refundCredit, settlePayRefunds } from './pay-refund.service';
export { payIssues, resolvePayIssue } from './pay-issues.service';
export { reconcilePayments } from './pay-reconcile.service';
export { arrears, collectionRates, pause, recordOutcome, reviewList, stats } from './arrears.service';
// units' stored balances, which the arrears lists page through (fees.md "Balances").
export { ensureBalances, rebuildBalances, refreshBalances } from './balance.service';
export { chargeOneOff } from './charge.service';
// deposits (装修押金) given back minus deductions, without reopening the bill (fees.md "Deposits").
export { depositReturnOf, returnDeposit, type DepositReturnInput, type DepositReturnResult } from './deposit.service';
export { ladder, saveLadder } from './ladder.service';
export { reminderNotice } from './notice.service';
export { runReminders, type ReminderRunReport } from './reminder.job';
export { deleteOldPlans as deleteOldReminderPlans } from './reminder-plans';
export { closeExpiredPayOrders, handlePayNotification, payPrepare, payStatus, PAY_ORDER_TTL_MS, type NotifyAnswer } from './pay.service';
export { receipt, receiptOf, receiptPdf } from './receipt.service';
export { invoiceIssued, invoiceRejected, invoiceRequests, requestInvoice } from './invoice.service';
// resale (过户): the old owner leaves only with no arrears or a carry-over agreement (fees.md "Resale").
export { closeAccountForTransfer, openCarryOver, recordCarryOver, transferCheck, type TransferCheck } from './carry-over';
