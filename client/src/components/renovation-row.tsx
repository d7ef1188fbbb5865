import { Text, View } from '@tarojs/components';
import type { RenovationSummary } from '@shared/contracts/renovation.contract';
import { RENOVATION_STATUS_LABELS, type RenovationStatus } from '@shared/domain/renovation';
import './renovation.scss';

export function RenovationStatusTag({ status }: { status: RenovationStatus }) {
  return <Text className={`renovation-tag renovation-tag--${status}`}>{RENOVATION_STATUS_LABELS[status]}</Text>;
}

/** A renovation in lists: unit, status, owner, contractor, planned dates. */
export function RenovationRow({ item, onClick }: { item: RenovationSummary; onClick: () => void }) {
  return (
    <View className={`card card--link renovation-row renovation-row--${item.status}`} data-id={item.id} onClick={onClick}>
      <View className="renovation-row__main">
        <Text className="renovation-row__unit">{item.unitLabel}</Text>
        <RenovationStatusTag status={item.status} />
      </View>
      <Text className="muted renovation-row__meta">
        {item.no} · 业主 {item.ownerName}
        {item.company ? ` · ${item.company}` : ''}
      </Text>
      <Text className="muted renovation-row__meta">
        工期 {item.plannedStart} 至 {item.plannedEnd}
        {item.openViolations ? ` · 未整改违规 ${item.openViolations} 项` : ''}
      </Text>
    </View>
  );
}
