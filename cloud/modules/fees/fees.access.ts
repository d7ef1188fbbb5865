import { inCommunity, type AccessRules } from '../../lib/access';
import { FeeItem, Payment } from './fee.model';
import { InvoiceRequest } from './invoice.model';

/** Who may reach the fee records: a `feeItem`, `payment` or `invoiceRequest` of the caller's active community. */
export const access: AccessRules = {
  feeItem: { code: 'FEE_ITEM.NOT_FOUND', reachable: inCommunity(FeeItem) },
  payment: { code: 'PAYMENT.NOT_FOUND', reachable: inCommunity(Payment) },
  invoiceRequest: { code: 'INVOICE.NOT_FOUND', reachable: inCommunity(InvoiceRequest) },
};
