import { Text, View } from '@tarojs/components';
import { useCloud } from '../hooks/use-cloud';
import { useSubmit } from '../hooks/use-submit';
import { askable, askSubscriptions } from '../services/subscribe';
import { toast } from '../services/ui';
import { FormError } from './form-field';
import { NOTICE_PUBLISHED_TEMPLATE } from './notice-format';

/**
 * 社区通知提醒: whether this owner gets new notices in WeChat (one send per acceptance), with a
 * link that asks (on a tap, as WeChat requires). Nothing when the template is not set up or banned.
 */
export function NoticeSubscribe() {
  const subs = useCloud('messaging', 'subscriptions');
  const submit = useSubmit();
  const template = subs.data?.find((t) => t.key === NOTICE_PUBLISHED_TEMPLATE);
  if (!template || !askable(template)) return null;

  const ask = async () => {
    const updated = await submit.run(() => askSubscriptions([template]));
    if (!updated) return;
    subs.set(updated);
    const now = updated.find((t) => t.key === NOTICE_PUBLISHED_TEMPLATE);
    toast(now && now.credits > 0 ? '已开启通知提醒' : '未开启通知提醒');
  };

  return (
    <View className="card notice-subscribe">
      <View className="unit-row__main">
        <Text className="card__title notice-subscribe__title">{template.title}</Text>
        <Text className={template.credits > 0 ? 'tag tag--on notice-subscribe__state' : 'tag notice-subscribe__state'}>{template.credits > 0 ? `可接收 ${template.credits} 次` : '未开启'}</Text>
      </View>
      <Text className="muted">停水停电、紧急通知等发布时通过微信提醒您。微信每次授权只能接收一条，可多次开启。</Text>
      <FormError error={submit.error} />
      <Text className="link notice-subscribe__ask" onClick={submit.busy ? undefined : ask}>
        {submit.busy ? '请稍候…' : template.credits > 0 ? '再开启一次' : '开启通知提醒'}
      </Text>
    </View>
  );
}
