import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { UNIT_STATUS_LABELS } from '@shared/domain/units';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';

export default function OwnerHomePage() {
  const session = useSession({ required: true });
  const home = useCloud('community', 'myHome');
  const name = session?.me.name ?? '';

  const callService = (phone: string) => {
    Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
  };

  return (
    <View className="page owner-home">
      <PageHeader title={`业主首页 · ${name}`} subtitle={`您好，${name}，欢迎回家`} />
      <StateView loading={home.loading} error={home.error} onRetry={home.reload}>
        {home.data ? (
          <>
            <View className="card owner-home__community">
              <Text className="card__title">{home.data.community.name}</Text>
              {home.data.community.address ? <Text className="muted">{home.data.community.address}</Text> : null}
              <View className="info-row">
                <Text className="muted">物业服务电话</Text>
                <Text className="link owner-home__phone" onClick={() => callService(home.data!.community.servicePhone)}>
                  {home.data.community.servicePhone}
                </Text>
              </View>
              <View className="info-row">
                <Text className="muted">服务时间</Text>
                <Text>{home.data.community.serviceHours}</Text>
              </View>
            </View>
            <View className="card owner-home__units">
              <Text className="card__title">我的房屋</Text>
              {home.data.units.length === 0 ? (
                <Text className="muted">您名下暂无登记的房屋，如有疑问请致电物业服务中心。</Text>
              ) : null}
              {home.data.units.map((u) => (
                <View key={u.id} className="unit-row">
                  <View className="unit-row__main">
                    <Text className="unit-row__label">{u.label}</Text>
                    <Text className={`tag tag--${u.status}`}>{UNIT_STATUS_LABELS[u.status]}</Text>
                  </View>
                  <Text className="unit-row__meta">
                    建筑面积 {u.areaM2} m² · {u.floor} 层
                  </Text>
                </View>
              ))}
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
