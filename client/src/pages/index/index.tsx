import { useEffect } from 'react';
import { Text, View } from '@tarojs/components';
import { ROLE_LABELS, ROLES, type Role } from '@shared/domain/roles';
import { ROLE_HOME } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { updateMe } from '@/services/session';
import { openPage } from '@/services/navigation';
import { PageHeader } from '@/components/page-header';
import { TabBar } from '@/components/tab-bar';

const ROLE_HINTS: Record<Role, string> = {
  owner: '查看我的房屋与物业服务电话',
  agent: '小区概况、房屋与业主资料、绑定审核',
  technician: '我的资料与值班接单',
  cashier: '小区概况、房屋与业主信息',
  manager: '小区概况、服务团队、绑定审核与资料导入',
};

export default function WorkbenchPage() {
  const session = useSession({ required: true });
  // Re-read who I am from the server: checks the session and picks up role changes.
  const me = useCloud('auth', 'me', undefined, { skip: !session });

  useEffect(() => {
    if (me.data) updateMe(me.data);
  }, [me.data]);

  if (!session) return <View className="page" />;
  const current = me.data ?? session.me;
  const roles = ROLES.filter((r) => current.roles.includes(r));

  return (
    <View className="page workbench">
      <PageHeader title={`您好，${current.name}`} subtitle={current.communityName} />
      {me.error && !me.error.needsLogin ? <Text className="muted">{me.error.message}</Text> : null}
      {current.roles.includes('guest') ? (
        <View className="card card--link role-card role-card--guest" onClick={() => openPage(ROLE_HOME.guest)}>
          <Text className="card__title">绑定房屋</Text>
          <Text className="muted">您还没有绑定房屋，绑定后即可查看房屋信息、使用物业服务。</Text>
          <Text className="link card__text">去绑定 ›</Text>
        </View>
      ) : roles.length === 0 ? (
        <View className="card">
          <Text className="muted">您的账号暂未分配角色，请联系物业服务中心。</Text>
        </View>
      ) : null}
      {roles.map((role) => (
        <View
          key={role}
          className={`card card--link role-card role-card--${role}`}
          onClick={() => openPage(ROLE_HOME[role])}
        >
          <Text className="card__title">{ROLE_LABELS[role]}</Text>
          <Text className="muted">{ROLE_HINTS[role]}</Text>
          <Text className="link card__text">进入 ›</Text>
        </View>
      ))}
      <TabBar current="home" />
    </View>
  );
}
