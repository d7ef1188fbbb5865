import { Text, View } from '@tarojs/components';
import type { MyUnit } from '@shared/contracts/community.contract';
import { RESIDENT_RELATION_LABELS } from '@shared/domain/household';
import { MyParkingSpaces } from '@/components/parking-entry';

/** The people recorded for one of my units (业主/家庭成员/租户), its cars and its parking spaces (with the lease end). Phones come masked. */
export function Household({ unit }: { unit: MyUnit }) {
  return (
    <View className="household">
      <Text className="household__title">住户</Text>
      {unit.household.length === 0 ? <Text className="muted">暂无住户登记，请联系物业服务中心。</Text> : null}
      {unit.household.map((m) => (
        <View key={m.id} className="household__row household__member">
          <Text>
            {m.name}
            {m.isMe ? '（本人）' : ''} · {RESIDENT_RELATION_LABELS[m.relation]}
          </Text>
          <Text className="muted">{m.phone || '未登记电话'}</Text>
        </View>
      ))}
      <Text className="household__title">车辆</Text>
      {unit.vehicles.length === 0 ? <Text className="muted">暂无登记车辆</Text> : null}
      {unit.vehicles.map((v) => (
        <View key={v.id} className="household__row household__vehicle">
          <Text>{v.plate}</Text>
          <Text className="muted">{v.parkingSpace ? `车位 ${v.parkingSpace}` : '无固定车位'}</Text>
        </View>
      ))}
      <MyParkingSpaces spaces={unit.parkingSpaces} />
    </View>
  );
}
