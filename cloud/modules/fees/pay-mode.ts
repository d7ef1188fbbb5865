import type { PayOnline } from '@shared/contracts/fees.contract';
import { getConfig } from '../../lib/config';

/**
 * How owners can pay online (docs/modules/payments.md "The pay page"): 'wechat' when WeChat Pay is
 * configured, 'demo' when it is configured in demo mode (the fake WeChat Pay of `npm start`: the H5
 * app shows the 模拟支付 sheet), undefined when it is not (at the desk only). What 我的账单, the
 * reminder messages and the 催缴通知单 offer follows it.
 */
export function payOnlineMode(): PayOnline | undefined {
  const config = getConfig();
  if (!config.wechatPay) return undefined;
  return config.demoMode ? 'demo' : 'wechat';
}
