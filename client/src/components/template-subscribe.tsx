import { Text, View } from '@tarojs/components';
import { useCloud } from '../hooks/use-cloud';
import { useSubmit } from '../hooks/use-submit';
import { askable, askSubscriptions } from '../services/subscribe';
import { toast } from '../services/ui';
import { FormError } from './form-field';

/**
 * A card for the WeChat notices one page is about (e.g. 报修进度通知; 社区通知 and 紧急通知): how many
 * sends each has left, and one link that asks for them all (on a tap, as WeChat requires; at most
 * three per prompt). Nothing when none can be asked for (not set up, or the person banned them).
 */
export function TemplateSubscribe({ keys, name, description }: { keys: readonly string[]; name: string; description: string }) {
  const subs = useCloud('messaging', 'subscriptions');
  const submit = useSubmit();
  const templates = (subs.data ?? []).filter((t) => keys.includes(t.key) && askable(t));
  if (!templates.length) return null;

  const ask = async () => {
    const updated = await submit.run(() => askSubscriptions(templates.slice(0, 3)));
    if (!updated) return;
    subs.set(updated);
    const on = updated.filter((t) => keys.includes(t.key) && t.credits > 0);
    toast(on.length ? `已开启${on.map((t) => t.title).join('、')}` : '未开启提醒');
  };

  return (
    <View className={`card template-subscribe ${name}`}>
      {templates.map((t) => (
        <View key={t.key} className="unit-row__main">
          <Text className={`card__title ${name}__title`}>{t.title}</Text>
          <Text className={t.credits > 0 ? `tag tag--on ${name}__state` : `tag ${name}__state`}>{t.credits > 0 ? `可接收 ${t.credits} 次` : '未开启'}</Text>
        </View>
      ))}
      <Text className="muted">{description}微信每次授权只能接收一条，可多次开启。</Text>
      <FormError error={submit.error} />
      <Text className={`link ${name}__ask`} onClick={submit.busy ? undefined : ask}>
        {submit.busy ? '请稍候…' : templates.every((t) => t.credits > 0) ? '再开启一次' : '开启提醒'}
      </Text>
    </View>
  );
}
