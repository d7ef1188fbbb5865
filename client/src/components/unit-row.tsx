import { Text, View } from '@tarojs/components';
import type { UnitSummary } from '@shared/contracts/community.contract';
import { UNIT_STATUS_LABELS } from '@shared/domain/units';

/** One unit: its label, status tag, and a line of details chosen by the page; tappable with `onClick`. */
export function UnitRow({ unit, meta, onClick }: { unit: UnitSummary; meta: string; onClick?: () => void }) {
  return (
    <View className={`unit-row ${onClick ? 'unit-row--link' : ''}`} onClick={onClick}>
      <View className="unit-row__main">
        <Text className="unit-row__label">{unit.label}</Text>
        <Text className={`tag tag--${unit.status}`}>{UNIT_STATUS_LABELS[unit.status]}</Text>
      </View>
      <Text className="unit-row__meta">{meta}</Text>
    </View>
  );
}
