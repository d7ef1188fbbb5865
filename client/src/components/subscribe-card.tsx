import { Button, Text, View } from '@tarojs/components';
import type { SubscribeTemplateInfo } from '@shared/contracts/messaging.contract';
import { useCloud } from '../hooks/use-cloud';
import { useSubmit } from '../hooks/use-submit';
import { askable, askSubscriptions } from '../services/subscribe';
import { toast } from '../services/ui';
import { FormError } from './form-field';

/**
 * 消息提醒: which WeChat notices this person can receive and how many sends are left
 * (one per acceptance), with a button that asks again. Shown on the owner and staff homes.
 */
export function SubscribeCard() {
  const subs = useCloud('messaging', 'subscriptions');
  const submit = useSubmit();
  const templates = subs.data ?? [];
  if (subs.loading || subs.error || templates.length === 0) return null;

  const ask = async (which: SubscribeTemplateInfo[]) => {
    const updated = await submit.run(() => askSubscriptions(which));
    if (!updated) return;
    subs.set(updated);
    toast('已更新消息提醒');
  };

  return (
    <View className="card subscribe-card">
      <Text className="card__title">消息提醒</Text>
      <Text className="muted">微信每次授权可接收一条通知（每次最多授权3项），收不到时物业会改用公众号或电话通知您。</Text>
      {templates.map((t) => (
        <View key={t.key} className="unit-row__main subscribe-card__row">
          <Text>{t.title}</Text>
          <View className="subscribe-card__state">
            <Text className={t.credits > 0 ? 'tag tag--on' : 'tag'}>{t.credits > 0 ? `可接收 ${t.credits} 次` : t.lastResult === 'reject' ? '已拒绝' : '未开启'}</Text>
            {!askable(t) ? null : (
              <Text className="link subscribe-card__one" onClick={() => ask([t])}>
                {t.credits > 0 ? '再次开启' : '开启'}
              </Text>
            )}
          </View>
        </View>
      ))}
      <FormError error={submit.error} />
      <Button className="btn subscribe-card__ask" loading={submit.busy} disabled={submit.busy || undefined} onClick={() => ask(templates.filter(askable))}>
        开启消息提醒
      </Button>
    </View>
  );
}
