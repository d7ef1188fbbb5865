import { Text, View } from '@tarojs/components';
import type { BindingView } from '@shared/contracts/binding.contract';
import { BINDING_STATUS_LABELS } from '@shared/domain/binding';
import { RESIDENT_RELATION_LABELS } from '@shared/domain/household';
import { formatTime } from '@shared/domain/calendar';


/** My binding requests: unit, who, status (待审核/已绑定/未通过) and why one was turned down. */
export function BindingList({ items }: { items: BindingView[] }) {
  return (
    <View className="binding-list">
      {items.map((b) => (
        <View key={b.id} className={`binding-row binding-row--${b.status}`}>
          <View className="unit-row__main">
            <Text className="unit-row__label">{b.unitLabel}</Text>
            <Text className={`tag tag--${b.status}`}>{BINDING_STATUS_LABELS[b.status]}</Text>
          </View>
          <Text className="unit-row__meta">
            {b.communityName} · {b.name} · {RESIDENT_RELATION_LABELS[b.relation]} · {formatTime(b.createdAt)}
          </Text>
          {b.status === 'rejected' && b.reason ? <Text className="binding-row__reason">未通过原因：{b.reason}</Text> : null}
          {b.status === 'approved' && b.auto ? <Text className="unit-row__meta">资料核对一致，已自动绑定</Text> : null}
        </View>
      ))}
    </View>
  );
}
