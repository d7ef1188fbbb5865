/**
 * Paying online (docs/modules/payments.md "The pay page"): THE only place that asks WeChat to pay.
 * Pages get the signed parameters from `fees.payPrepare` and hand them here.
 *
 * - In the mini-program: `Taro.requestPayment` with the parameters the server signed, exactly
 *   (wx.requestPayment takes no appId: the mini-program's own is used, and the signature covers it).
 * - In the H5 demo (`payOnline: 'demo'`): a bottom sheet 模拟支付 stands in for WeChat's cashier
 *   (owner/components/demo-pay-sheet.tsx, shown by the page); 确认支付 completes the payment through the
 *   fake WeChat Pay (`POST /demo/wechat-pay/confirm`, the gateway's demo route), 取消 is what cancelling
 *   in WeChat is.
 * - In H5 otherwise: nothing can pay there (请在微信小程序中支付).
 *
 * Either way the money is the server's business: 'paid' only means the person confirmed; the result
 * page asks the server (`fees.payStatus`), which believes only WeChat Pay.
 */
import Taro from '@tarojs/taro';
import type { PayOnline, PayPrepared } from '@shared/contracts/fees.contract';
import { ERRORS } from '@shared/errors';
import { apiBase, CloudError, isCloudError } from './cloud';

/** What the person did: confirmed the payment, or cancelled it (the order stays payable until it expires). */
export type PayOutcome = 'paid' | 'cancelled';

/** The demo's route (cloud/gateway/server.ts DEMO_PAY_CONFIRM_PATH). */
const DEMO_CONFIRM_PATH = '/demo/wechat-pay/confirm';
const IS_H5 = process.env.TARO_ENV === 'h5';

/** Why the browser cannot pay (not the demo). */
export const PAY_IN_WEAPP_MESSAGE = '请在微信小程序中支付';

/** Whether this app can pay here: the mini-program always (when the server has WeChat Pay on), the browser only in the demo. */
export function canPayHere(mode: PayOnline | undefined): boolean {
  return !!mode && (!IS_H5 || mode === 'demo');
}

export interface PayRequest {
  prepared: PayPrepared;
  mode: PayOnline;
  /** What the 模拟支付 sheet shows: the payee (the community's service centre) and what for. */
  payee: string;
  description: string;
}

/** A payment WeChat refused or could not start (not a cancel): its message is for the person. */
export class PaymentError extends Error {}

/** The 模拟支付 sheet's open request, if any (one at a time); the sheet component subscribes. */
export interface DemoPayRequest {
  amountFen: number;
  payee: string;
  description: string;
  /** 确认支付: completes the payment through the fake; rejects with a message to show in the sheet. */
  confirm: () => Promise<void>;
  /** Closes the sheet with the person's answer. */
  finish: (outcome: PayOutcome) => void;
}

let demoRequest: DemoPayRequest | null = null;
const listeners = new Set<(r: DemoPayRequest | null) => void>();

/** The sheet's subscription: called with the request to show, or null to hide. Returns the unsubscribe. */
export function onDemoPayRequest(listener: (r: DemoPayRequest | null) => void): () => void {
  listeners.add(listener);
  listener(demoRequest);
  return () => listeners.delete(listener);
}

function showDemoRequest(r: DemoPayRequest | null): void {
  demoRequest = r;
  for (const l of listeners) l(r);
}

/** The prepay id inside `package` ('prepay_id=wx…'). */
function prepayIdOf(pkg: string): string {
  return pkg.startsWith('prepay_id=') ? pkg.slice('prepay_id='.length) : pkg;
}

/** The fake WeChat Pay pays the order of this prepay id (the demo's gateway route). */
async function confirmDemo(prepayId: string): Promise<void> {
  let res: { data: unknown; statusCode: number };
  try {
    res = await Taro.request({ url: `${apiBase()}${DEMO_CONFIRM_PATH}`, method: 'POST', data: { prepayId }, header: { 'Content-Type': 'application/json' }, dataType: 'json', timeout: 15_000 });
  } catch {
    throw new CloudError('NETWORK', '网络异常，请检查网络后重试', 0);
  }
  const body = res.data as { ok?: boolean; error?: { code?: string; message?: string } } | undefined;
  if (res.statusCode === 200 && body?.ok) return;
  const code = body?.error?.code;
  const known = code ? (ERRORS as Record<string, { message: string } | undefined>)[code] : undefined;
  throw new CloudError('INTERNAL', body?.error?.message || known?.message || '模拟支付失败，请重试', res.statusCode);
}

/**
 * Ask to pay an order: resolves 'paid' when the person confirmed, 'cancelled' when they cancelled;
 * rejects with a PaymentError (WeChat refused, or this is a browser outside the demo).
 */
export async function requestPayment(req: PayRequest): Promise<PayOutcome> {
  const p = req.prepared.payment;
  if (!IS_H5) {
    try {
      // Callbacks, not the returned promise: Taro passes requestPayment straight to wx (it does not
      // promisify it), and only newer base libraries answer a promise when no callback is given.
      await new Promise<void>((resolve, reject) => {
        const answer: unknown = Taro.requestPayment({ timeStamp: p.timeStamp, nonceStr: p.nonceStr, package: p.package, signType: p.signType, paySign: p.paySign, success: () => resolve(), fail: reject });
        if (answer instanceof Promise) answer.catch(() => undefined);
      });
      return 'paid';
    } catch (e) {
      const errMsg = String((e as { errMsg?: unknown } | undefined)?.errMsg ?? '');
      if (/cancel/i.test(errMsg)) return 'cancelled';
      throw new PaymentError(`支付未完成${errMsg ? `（${errMsg.replace(/^requestPayment:fail\s*/, '')}）` : ''}，请重试`);
    }
  }
  if (req.mode !== 'demo') throw new PaymentError(PAY_IN_WEAPP_MESSAGE);
  showDemoRequest(null);
  return new Promise<PayOutcome>((resolve) => {
    showDemoRequest({
      amountFen: req.prepared.amountFen,
      payee: req.payee,
      description: req.description,
      confirm: async () => {
        try {
          await confirmDemo(prepayIdOf(p.package));
        } catch (e) {
          throw new PaymentError(isCloudError(e) || e instanceof Error ? e.message : '模拟支付失败，请重试');
        }
      },
      finish: (outcome) => {
        showDemoRequest(null);
        resolve(outcome);
      },
    });
  });
}
