import { Text, View } from '@tarojs/components';
import type { RepairHistoryEntry } from '@shared/contracts/repairs.contract';
import { REPAIR_EVENT_LABELS, REPAIR_STATUS_LABELS } from '@shared/domain/repairs';
import { formatTime } from '@shared/domain/calendar';

/** The order's history, newest first: what happened, who, when, and the note. */
export function RepairTimeline({ history }: { history: RepairHistoryEntry[] }) {
  const entries = [...history].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <View className="repair-timeline">
      {entries.map((h, i) => (
        <View key={`${h.at}-${i}`} className={`repair-timeline__item repair-timeline__item--${h.event}`}>
          <View className="repair-timeline__dot" />
          <View className="repair-timeline__body">
            <Text className="repair-timeline__event">
              {REPAIR_EVENT_LABELS[h.event]} · {REPAIR_STATUS_LABELS[h.to]}
            </Text>
            <Text className="repair-timeline__meta">
              {formatTime(h.at)} · {h.byName}
            </Text>
            {h.note ? <Text className="repair-timeline__note">{h.note}</Text> : null}
          </View>
        </View>
      ))}
    </View>
  );
}
