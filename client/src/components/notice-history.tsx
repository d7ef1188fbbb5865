import { Text, View } from '@tarojs/components';
import type { NoticeView } from '@shared/contracts/notices.contract';
import { formatTime } from '@shared/domain/calendar';
import { NOTICE_EVENT_LABELS } from '@shared/domain/notices';

/** 发布 / 修改 / 撤回 records of a notice, oldest first, with who and when. */
export function NoticeHistory({ history }: { history: NoticeView['history'] }) {
  if (history.length === 0) return <Text className="muted">暂无记录</Text>;
  return (
    <View className="notice-history">
      {history.map((h, i) => (
        <View key={i} className={`history-row notice-history__row notice-history__row--${h.event}`}>
          <View className="unit-row__main">
            <Text className="notice-history__action">
              {NOTICE_EVENT_LABELS[h.event]} · {h.byName}
            </Text>
            <Text className="muted notice-history__at">{formatTime(h.at)}</Text>
          </View>
          {h.note ? <Text className="muted notice-history__note">{h.note}</Text> : null}
        </View>
      ))}
    </View>
  );
}
