import { inCommunity, type AccessRules } from '../../lib/access';
import { FeeItem, Payment } from './fee.model';

/** Who may reach the fee records: a `feeItem` or `payment` of the caller's active community. */
export const access: AccessRules = {
  feeItem: { code: 'FEE_ITEM.NOT_FOUND', reachable: inCommunity(FeeItem) },
  payment: { code: 'PAYMENT.NOT_FOUND', reachable: inCommunity(Payment) },
};
