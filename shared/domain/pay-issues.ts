/**
 * The cashier's list of online-payment issues (docs/modules/payments.md "Refunds" and
 * "Reconciliation"): what each kind means, in the words the cashier reads on 线上支付异常.
 */
export const PAY_ISSUE_KINDS = [
  /** A notification's amount differs from the order's (nothing recorded), or the day's bill differs from the ledger. */
  'amount-mismatch',
  /** In WeChat's bill, not in the ledger. */
  'paid-unrecorded',
  /** In the ledger, not in WeChat's bill. */
  'recorded-not-paid',
  /** A refund in WeChat's bill the ledger does not have. */
  'refund-unrecorded',
  /** A refund recorded here that WeChat's bill does not have. */
  'refund-not-at-wechat',
  /** A refund whose amount differs between WeChat and the ledger. */
  'refund-amount-mismatch',
  /** REFUND.ABNORMAL: WeChat could not pay the money back (e.g. the owner's card was closed). */
  'refund-abnormal',
  /** REFUND.CLOSED: WeChat closed the refund; nothing was paid back. */
  'refund-closed',
] as const;
export type PayIssueKind = (typeof PAY_ISSUE_KINDS)[number];

export const PAY_ISSUE_STATUSES = ['open', 'resolved'] as const;
export type PayIssueStatus = (typeof PAY_ISSUE_STATUSES)[number];

/** Per kind: a title and what it means and what to do, in plain Chinese. */
export const PAY_ISSUE_TEXT: Record<PayIssueKind, { title: string; meaning: string }> = {
  'amount-mismatch': { title: '金额不一致', meaning: '微信支付的金额与系统记录的金额不一致，差额未自动入账。请核对后补登或退款。' },
  'paid-unrecorded': { title: '微信已收款但系统无记录', meaning: '微信对账单中有这笔收款，系统中没有对应的缴费记录。请核实后为业主登记缴费，或原路退款。' },
  'recorded-not-paid': { title: '系统有记录但微信未收款', meaning: '系统记录了这笔微信缴费，但当日微信对账单中没有。请在微信支付商户平台核实，确认未收款后冲销。' },
  'refund-unrecorded': { title: '微信已退款但系统无记录', meaning: '微信对账单中有这笔退款，系统中没有对应的退款记录。请核实后补记退款。' },
  'refund-not-at-wechat': { title: '系统已退款但微信无记录', meaning: '系统记录了这笔微信退款，但当日微信对账单中没有。请在微信支付商户平台核实。' },
  'refund-amount-mismatch': { title: '退款金额不一致', meaning: '微信退款的金额与系统记录的退款金额不一致，未自动入账。请核对。' },
  'refund-abnormal': { title: '微信退款异常', meaning: '退款未能退回业主的付款账户（如银行卡已注销）。请在微信支付商户平台处理异常退款，或联系业主线下退款。' },
  'refund-closed': { title: '微信退款已关闭', meaning: '微信已关闭这笔退款，款项没有退给业主。如仍需退款，请重新发起。' },
};
