import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { ROLE_LABELS } from '@shared/domain/roles';
import { useSession } from '@/hooks/use-session';
import { call } from '@/services/cloud';
import { clearSession } from '@/services/session';
import { goLogin } from '@/services/navigation';
import { PageHeader } from '@/components/page-header';
import { CommunitySwitcher } from '@/components/community-switcher';
import { TabBar } from '@/components/tab-bar';

export default function MinePage() {
  const session = useSession({ required: true });
  const [busy, setBusy] = useState(false);

  const logout = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await call('auth', 'logout');
    } catch {
      // The session is dropped locally either way (expired, offline…).
    }
    clearSession();
    setBusy(false);
    goLogin();
  };

  if (!session) return <View className="page" />;
  const { me } = session;

  return (
    <View className="page mine">
      <PageHeader title={me.name} subtitle={me.communityName} />
      <View className="card">
        <View className="info-row">
          <Text className="muted">姓名</Text>
          <Text className="mine__name">{me.name}</Text>
        </View>
        <View className="info-row">
          <Text className="muted">身份</Text>
          <Text className="mine__roles">{me.roles.map((r) => ROLE_LABELS[r]).join('、') || '无'}</Text>
        </View>
        <View className="info-row">
          <Text className="muted">所在小区</Text>
          <Text className="mine__community">{me.communityName || '未绑定'}</Text>
        </View>
      </View>
      <CommunitySwitcher />
      <Button className="btn btn--danger mine__logout" loading={busy} disabled={busy || undefined} onClick={logout}>
        退出登录
      </Button>
      <TabBar current="mine" />
    </View>
  );
}
