import { Text, View } from '@tarojs/components';
import { ROLE_LABELS } from '@shared/domain/roles';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { OverviewPanel } from '@/components/overview-panel';

export default function ManagerHomePage() {
  const session = useSession({ required: true });
  const overview = useCloud('community', 'overview');
  const team = useCloud('community', 'staff');

  return (
    <View className="page manager">
      <PageHeader
        title="主管首页"
        subtitle={session ? `您好，${session.me.name}${overview.data ? ` · ${overview.data.community.name}` : ''}` : undefined}
      />
      <StateView loading={overview.loading} error={overview.error} onRetry={overview.reload}>
        {overview.data ? <OverviewPanel overview={overview.data} /> : null}
      </StateView>
      <View className="card team">
        <Text className="card__title">服务团队{team.data ? `（${team.data.length} 人）` : ''}</Text>
        <StateView loading={team.loading} error={team.error} onRetry={team.reload} empty={team.data?.length === 0} emptyText="暂无员工">
          {(team.data ?? []).map((m) => (
            <View key={m.id} className="staff-row">
              <View className="staff-row__main">
                <Text className="staff-row__name">{m.name}</Text>
                <Text className={`tag ${m.onDuty ? 'tag--on' : ''}`}>{m.onDuty ? '值班中' : '休息中'}</Text>
              </View>
              <Text className="staff-row__meta">
                {m.roles.map((r) => ROLE_LABELS[r]).join('、')}
                {m.skills.length ? ` · 技能：${m.skills.join('、')}` : ''}
              </Text>
            </View>
          ))}
        </StateView>
      </View>
    </View>
  );
}
