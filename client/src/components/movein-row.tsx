import { Text, View } from '@tarojs/components';
import type { MoveInCaseSummary } from '@shared/contracts/movein.contract';
import { MOVEIN_KIND_LABELS, MOVEIN_STATUS_LABELS, stepNames, type MoveInStatus } from '@shared/domain/movein';
import './movein.scss';

export function MoveInStatusTag({ status }: { status: MoveInStatus }) {
  return <Text className={`movein-tag movein-tag--${status}`}>{MOVEIN_STATUS_LABELS[status]}</Text>;
}

/** A move-in case in the desk's lists: unit, buyer, booking, progress of the 入伙手续书. */
export function MoveInRow({ item, onClick }: { item: MoveInCaseSummary; onClick: () => void }) {
  return (
    <View className={`card card--link movein-row movein-row--${item.status}`} onClick={onClick}>
      <View className="movein-row__main">
        <Text className="movein-row__unit">{item.unitLabel}</Text>
        <MoveInStatusTag status={item.status} />
      </View>
      <Text className="muted movein-row__meta">
        {item.buyerName} · {item.buyerPhone} · {MOVEIN_KIND_LABELS[item.kind]}
        {item.booking ? ` · ${item.booking.slotLabel}` : ''}
      </Text>
      <Text className="movein-row__progress">
        已完成 {item.stepsDone}/{item.stepsTotal} 项{item.status !== 'done' && item.missing.length ? ` · 待办：${stepNames(item.missing)}` : ''}
      </Text>
    </View>
  );
}
