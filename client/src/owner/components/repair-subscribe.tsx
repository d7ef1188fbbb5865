import { Text, View } from '@tarojs/components';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { askable, askSubscriptions } from '@/services/subscribe';
import { toast } from '@/services/ui';
import { FormError } from '@/components/form-field';

/** Our key of the 报修进度通知 template (messaging). */
export const REPAIR_PROGRESS_TEMPLATE = 'repair.progress';

/**
 * 报修进度提醒: whether this owner can be told of the order's progress in WeChat (one send per
 * acceptance), and a link that asks again (a tap, as WeChat requires). Nothing when the template
 * is not set up or WeChat banned it.
 */
export function RepairSubscribe() {
  const subs = useCloud('messaging', 'subscriptions');
  const submit = useSubmit();
  const template = subs.data?.find((t) => t.key === REPAIR_PROGRESS_TEMPLATE);
  if (!template || !askable(template)) return null;

  const ask = async () => {
    const updated = await submit.run(() => askSubscriptions([template]));
    if (!updated) return;
    subs.set(updated);
    const now = updated.find((t) => t.key === REPAIR_PROGRESS_TEMPLATE);
    toast(now && now.credits > 0 ? '已开启进度提醒' : '未开启进度提醒');
  };

  return (
    <View className="card repair-subscribe">
      <View className="unit-row__main">
        <Text className="card__title repair-subscribe__title">{template.title}</Text>
        <Text className={template.credits > 0 ? 'tag tag--on repair-subscribe__state' : 'tag repair-subscribe__state'}>
          {template.credits > 0 ? `可接收 ${template.credits} 次` : '未开启'}
        </Text>
      </View>
      <Text className="muted">派单、到场、完工时通过微信通知您。微信每次授权只能接收一条通知，可多次开启。</Text>
      <FormError error={submit.error} />
      <Text className="link repair-subscribe__ask" onClick={submit.busy ? undefined : ask}>
        {submit.busy ? '请稍候…' : template.credits > 0 ? '再开启一次' : '开启进度提醒'}
      </Text>
    </View>
  );
}
