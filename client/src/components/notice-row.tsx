import { Text, View } from '@tarojs/components';
import type { NoticeSummary } from '@shared/contracts/notices.contract';
import { formatTime } from '@shared/domain/calendar';
import { NoticeTags } from './notice-tags';

/** A notice in the managers' list: title, tags, when, for whom, and how many units read it. */
export function NoticeRow({ item, onClick }: { item: NoticeSummary; onClick: () => void }) {
  return (
    <View className={`card card--link notice-row notice-row--${item.status} notice-row--${item.category} ${item.pinned ? 'notice-row--pinned' : ''}`} data-id={item.id} onClick={onClick}>
      <View className="unit-row__main">
        <Text className="notice-row__title">{item.title}</Text>
        <NoticeTags category={item.category} pinned={item.pinned} />
      </View>
      <Text className="notice-row__summary">{item.summary}</Text>
      <View className="unit-row__main notice-row__meta">
        <Text className="muted notice-row__time">
          {item.status === 'scheduled' ? '定时 ' : ''}
          {formatTime(item.publishAt)} · {item.targetText}
          {item.revision > 1 ? ` · 第${item.revision}版` : ''}
        </Text>
        <Text className="notice-row__read">
          已读 {item.read}/{item.units} 户
        </Text>
      </View>
    </View>
  );
}
