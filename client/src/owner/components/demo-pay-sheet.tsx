import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { yuan } from '@shared/domain/fees';
import { onDemoPayRequest, type DemoPayRequest } from '@/services/payment';
import './pay.scss';

/**
 * 模拟支付 (H5 demo only): the bottom sheet that stands in for WeChat's cashier when the browser
 * pays through the fake WeChat Pay (services/payment.ts). Amount, payee, what for; 确认支付 completes
 * the payment through the fake, 取消 is cancelling in WeChat. Mounted by the pay page; hidden until
 * `requestPayment` opens it.
 */
export function DemoPaySheet() {
  const [request, setRequest] = useState<DemoPayRequest | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  useEffect(
    () =>
      onDemoPayRequest((r) => {
        setRequest(r);
        setBusy(false);
        setError('');
      }),
    [],
  );
  if (!request) return null;

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      await request.confirm();
      request.finish('paid');
    } catch (e) {
      setError(e instanceof Error ? e.message : '模拟支付失败，请重试');
      setBusy(false);
    }
  };

  return (
    <View className="pay-sheet">
      <View className="pay-sheet__mask" onClick={busy ? undefined : () => request.finish('cancelled')} />
      <View className="pay-sheet__panel">
        <View className="pay-sheet__head">
          <Text className="pay-sheet__title">模拟支付</Text>
          <Text className="pay-sheet__badge">演示</Text>
        </View>
        <Text className="pay-sheet__amount">
          <Text className="pay-sheet__currency">¥</Text>
          {yuan(request.amountFen)}
        </Text>
        <View className="pay-sheet__row">
          <Text className="muted">收款方</Text>
          <Text className="pay-sheet__payee">{request.payee}</Text>
        </View>
        <View className="pay-sheet__row">
          <Text className="muted">商品</Text>
          <Text className="pay-sheet__description">{request.description}</Text>
        </View>
        <Text className="muted pay-sheet__note">演示环境：在微信中这里是微信支付的付款页面；确认后由模拟微信支付完成付款，不会产生真实扣款。</Text>
        {error ? (
          <View className="form-error pay-sheet__error">
            <Text>{error}</Text>
          </View>
        ) : null}
        <Button className="btn pay-sheet__confirm" loading={busy} disabled={busy || undefined} onClick={confirm}>
          确认支付
        </Button>
        <Button className="btn btn--ghost pay-sheet__cancel" disabled={busy || undefined} onClick={() => request.finish('cancelled')}>
          取消
        </Button>
      </View>
    </View>
  );
}
