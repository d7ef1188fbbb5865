import { Text, View } from '@tarojs/components';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { CommunityCard } from '@/components/community-card';
import { UnitRow } from '@/components/unit-row';
import { Household } from '../../components/household';

export default function OwnerHomePage() {
  const session = useSession({ required: true });
  const home = useCloud('community', 'myHome');
  const name = session?.me.name ?? '';

  return (
    <View className="page owner-home">
      <PageHeader title={`业主首页 · ${name}`} subtitle={`您好，${name}，欢迎回家`} />
      <StateView loading={home.loading} error={home.error} onRetry={home.reload}>
        {home.data ? (
          <>
            <CommunityCard community={home.data.community} />
            <View className="card owner-home__units">
              <Text className="card__title">我的房屋</Text>
              {home.data.units.length === 0 ? (
                <Text className="muted">您名下暂无登记的房屋，如有疑问请致电物业服务中心。</Text>
              ) : null}
              {home.data.units.map((u) => (
                <View key={u.id} className="owner-home__unit">
                  <UnitRow unit={u} meta={`建筑面积 ${u.areaM2} m² · ${u.floor} 层`} />
                  <Household unit={u} />
                </View>
              ))}
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
