import { Text, View } from '@tarojs/components';
import { useSubmit } from '../hooks/use-submit';
import { useSession } from '../hooks/use-session';
import { switchCommunity } from '../services/account';
import { confirm } from '../services/ui';
import { Choices } from './choices';
import { FormError } from './form-field';

/**
 * For managers who work in several communities: which one the app works in now, and a switch
 * to another (auth.switchCommunity; the role home is then loaded again). Renders nothing otherwise.
 */
export function CommunitySwitcher() {
  const session = useSession();
  const submit = useSubmit();
  const me = session?.me;
  if (!me || !me.roles.includes('manager') || me.communities.length < 2) return null;

  const choose = async (communityId: string) => {
    if (communityId === me.communityId || submit.busy) return;
    const target = me.communities.find((c) => c.id === communityId);
    const ok = await confirm({ title: '切换小区', content: `切换到“${target?.name ?? ''}”后，工作台将显示该小区的数据。` });
    if (ok) await submit.run(() => switchCommunity(communityId));
  };

  return (
    <View className="card community-switcher">
      <Text className="card__title">切换小区</Text>
      <Text className="muted">当前：{me.communityName}</Text>
      <Choices
        name="community"
        options={me.communities.map((c) => ({ value: c.id, label: c.name }))}
        value={me.communityId}
        disabled={submit.busy}
        onChange={choose}
      />
      {submit.busy ? <Text className="muted">正在切换，请稍等…</Text> : null}
      <FormError error={submit.error} />
    </View>
  );
}
