import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { PayOrderView } from '@shared/contracts/fees.contract';
import { routes } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { call, toCloudError, type CloudError } from '@/services/cloud';
import { goLogin, openPage } from '@/services/navigation';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { money } from '@/components/fee-entry';
import '../../components/pay.scss';

/** Asked this many times, this far apart, while the order is pending (the notification usually lands within a second or two). */
const POLLS = 5;
const POLL_GAP_MS = 1500;

/** Back to 我的账单: the page underneath when the owner came from there, else a fresh one. */
function backToBills(): void {
  const pages = Taro.getCurrentPages();
  const previous = pages.length > 1 ? pages[pages.length - 2] : undefined;
  if (previous?.route && previous.route.replace(/^\//, '').startsWith(routes.owner.bills.path)) Taro.navigateBack().catch(() => undefined);
  else Taro.redirectTo({ url: routes.owner.bills.url() }).catch(() => undefined);
}

/**
 * 支付结果 (owner/pages/pay-result/index?unitId=…&orderId=…): asks the server (`fees.payStatus`, which
 * asks WeChat Pay while the order is pending) a few times. 支付成功 with the amount, 查看电子收据 and
 * 返回账单; still pending → 支付结果确认中 with 刷新; closed (not paid, expired) → 重新缴费; review (paid,
 * amount differs) → the cashier will check it.
 */
export default function PayResultPage() {
  useSession({ required: true });
  const { unitId = '', orderId = '' } = useRouter().params;
  const [order, setOrder] = useState<PayOrderView>();
  const [error, setError] = useState<CloudError>();
  const [polling, setPolling] = useState(true);
  const round = useRef(0);

  const poll = useCallback(async () => {
    const mine = ++round.current;
    setPolling(true);
    setError(undefined);
    for (let i = 0; i < POLLS && mine === round.current; i++) {
      try {
        const now = await call('fees', 'payStatus', { unitId, orderId });
        if (mine !== round.current) return;
        setOrder(now);
        if (now.status !== 'pending') break;
      } catch (e) {
        const err = toCloudError(e);
        if (mine !== round.current) return;
        setError(err);
        if (err.needsLogin) goLogin();
        break;
      }
      if (i < POLLS - 1) await new Promise((r) => setTimeout(r, POLL_GAP_MS));
    }
    if (mine === round.current) setPolling(false);
  }, [unitId, orderId]);

  useEffect(() => {
    void poll();
    return () => {
      round.current++;
    };
  }, [poll]);

  const status = order?.status;
  return (
    <View className="page pay-result">
      <PageHeader title="支付结果" />
      <StateView loading={!order && !error} error={order ? undefined : error} onRetry={() => void poll()}>
        {order ? (
          <View className={`card pay-result__card pay-result--${status}`}>
            {status === 'paid' ? (
              <>
                <View className="pay-result__icon pay-result__icon--ok">
                  <View className="pay-result__tick" />
                </View>
                <Text className="pay-result__title">支付成功</Text>
                <Text className="pay-result__amount">{money(order.amountFen)}</Text>
                <Text className="muted pay-result__text">{order.billIds.length ? `已缴 ${order.billIds.length} 笔账单，缴费记录已更新。` : '已存入预存余额，出新账单时自动抵扣。'}</Text>
                {order.paymentId ? (
                  <Button className="btn btn--primary pay-result__receipt" onClick={() => openPage(routes.owner.receipt, { unitId, paymentId: order.paymentId as string })}>
                    查看电子收据
                  </Button>
                ) : null}
              </>
            ) : status === 'pending' ? (
              <>
                <Text className="pay-result__icon pay-result__icon--wait">…</Text>
                <Text className="pay-result__title">支付结果确认中</Text>
                <Text className="pay-result__amount">{money(order.amountFen)}</Text>
                <Text className="muted pay-result__text">{polling ? '正在向微信支付确认，请稍候…' : '微信支付尚未返回结果。如您已付款，请稍后刷新；未付款的订单 15 分钟后自动关闭，账单可重新缴纳。'}</Text>
                <Button className="btn btn--primary pay-result__refresh" loading={polling} disabled={polling || undefined} onClick={() => void poll()}>
                  刷新
                </Button>
              </>
            ) : status === 'closed' ? (
              <>
                <Text className="pay-result__icon pay-result__icon--closed">!</Text>
                <Text className="pay-result__title">订单已关闭</Text>
                <Text className="muted pay-result__text">这笔订单未支付，已关闭，没有扣款。账单可重新缴纳。</Text>
                <Button className="btn btn--primary pay-result__again" onClick={() => Taro.redirectTo({ url: routes.owner.pay.url({ unitId }) }).catch(() => undefined)}>
                  重新缴费
                </Button>
              </>
            ) : (
              <>
                <Text className="pay-result__icon pay-result__icon--closed">!</Text>
                <Text className="pay-result__title">支付金额待核对</Text>
                <Text className="pay-result__amount">{money(order.amountFen)}</Text>
                <Text className="muted pay-result__text">微信支付返回的金额与订单不一致，物业收费员将核对后处理，如有疑问请联系物业服务中心。</Text>
              </>
            )}
            {error ? <Text className="danger pay-result__error">{error.message}</Text> : null}
            <Button className="btn btn--ghost pay-result__bills" onClick={backToBills}>
              返回账单
            </Button>
          </View>
        ) : null}
      </StateView>
    </View>
  );
}
