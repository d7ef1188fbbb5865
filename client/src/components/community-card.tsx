import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CommunityInfo } from '@shared/contracts/community.contract';

/** The community's name, address, service phone (tap to call) and service hours. */
export function CommunityCard({ community }: { community: CommunityInfo }) {
  const call = () => {
    Taro.makePhoneCall({ phoneNumber: community.servicePhone }).catch(() => undefined);
  };
  return (
    <View className="card community-card">
      <Text className="card__title">{community.name}</Text>
      {community.address ? <Text className="muted">{community.address}</Text> : null}
      <View className="info-row">
        <Text className="muted">物业服务电话</Text>
        <Text className="link community-card__phone" onClick={call}>
          {community.servicePhone}
        </Text>
      </View>
      <View className="info-row">
        <Text className="muted">服务时间</Text>
        <Text>{community.serviceHours}</Text>
      </View>
    </View>
  );
}
