import { Text, View } from '@tarojs/components';
import type { ArrearsUnit } from '@shared/contracts/fees.contract';
import { ARREARS_REASON_LABELS, type AgeingBucket } from '@shared/domain/fees';
import { routes } from '@shared/routes';
import { dayEndedBy } from '@shared/domain/calendar';
import { openPage } from '../services/navigation';
import { money } from './fee-entry';

export const BUCKET_LABELS: Record<AgeingBucket, string> = { '0-30': '0-30天', '31-90': '31-90天', '90+': '90天以上' };

/** One unit in arrears (欠费管理, 主管审核名单); tap for its account. */
export function ArrearsRow({ unit }: { unit: ArrearsUnit }) {
  return (
    <View className={`arrears-row arrears-row--${unit.bucket === '90+' ? 'long' : unit.bucket === '31-90' ? 'mid' : 'short'}`} data-id={unit.unitId} onClick={() => openPage(routes.staff.account, { unitId: unit.unitId })}>
      <View className="unit-row__main">
        <Text className="arrears-row__unit">{unit.unitLabel}</Text>
        <Text className="danger arrears-row__owed">{money(unit.owedFen)}</Text>
      </View>
      <View className="arrears-row__tags">
        <Text className={`tag ${unit.daysOverdue > 90 ? 'tag--rejected' : 'tag--pending'} arrears-row__days`}>{unit.daysOverdue > 0 ? `逾期${unit.daysOverdue}天` : '未到期'}</Text>
        {unit.paused ? <Text className="tag arrears-row__paused">{unit.paused.kind === 'promise' ? `承诺缴费${unit.paused.until ? ` ${dayEndedBy(unit.paused.until)}` : ''}` : '暂停催缴'}</Text> : null}
      </View>
      <Text className="unit-row__meta arrears-row__owners">
        {unit.ownerNames.length ? unit.ownerNames.join('、') : '未登记业主'}
        {unit.phone ? ` · ${unit.phone}` : ''}
      </Text>
      {unit.lastOutcome ? (
        <Text className="unit-row__meta arrears-row__outcome">
          上次催缴：{ARREARS_REASON_LABELS[unit.lastOutcome.reason]}
          {unit.lastOutcome.promiseDate ? ` · 承诺 ${dayEndedBy(unit.lastOutcome.promiseDate)}` : ''}
          {unit.lastOutcome.note ? ` · ${unit.lastOutcome.note}` : ''} · {unit.lastOutcome.byName}
        </Text>
      ) : null}
    </View>
  );
}
