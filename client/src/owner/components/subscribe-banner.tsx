import { Button, Text, View } from '@tarojs/components';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { askable, askSubscriptions, PER_REQUEST } from '@/services/subscribe';
import { toast } from '@/services/ui';
import { FormError } from '@/components/form-field';

/**
 * ONE 开启消息提醒 banner for every WeChat notice an owner can receive (报修进度, 社区通知, 缴费提醒…),
 * instead of a row per template. WeChat asks for at most 3 templates per tap
 * (wx.requestSubscribeMessage), so each tap asks for the next 3 that have nothing left to send with;
 * the banner says how many are on and goes away once every one is.
 */
export function SubscribeBanner() {
  const subs = useCloud('messaging', 'subscriptions');
  const submit = useSubmit();
  const templates = (subs.data ?? []).filter(askable);
  const off = templates.filter((t) => t.credits === 0);
  if (subs.loading || subs.error || off.length === 0) return null;
  const on = templates.length - off.length;

  const ask = async () => {
    const updated = await submit.run(() => askSubscriptions(off));
    if (!updated) return;
    subs.set(updated);
    const left = updated.filter((t) => askable(t) && t.credits === 0).length;
    toast(left ? `已更新，还有 ${left} 项未开启` : '消息提醒已全部开启');
  };

  return (
    <View className="card subscribe-banner">
      <View className="subscribe-banner__text">
        <Text className="subscribe-banner__title">开启消息提醒</Text>
        <Text className="muted subscribe-banner__hint">
          {on > 0 ? `已开启 ${on}/${templates.length} 项，` : ''}报修进度、社区通知、缴费提醒将通过微信告诉您
          {off.length > PER_REQUEST ? `（微信每次最多授权${PER_REQUEST}项，可再点一次）` : ''}
        </Text>
      </View>
      <Button className="btn btn--primary subscribe-banner__ask" loading={submit.busy} disabled={submit.busy || undefined} onClick={ask}>
        开启
      </Button>
      <FormError error={submit.error} />
    </View>
  );
}
