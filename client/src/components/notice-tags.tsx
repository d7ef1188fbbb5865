import { Text, View } from '@tarojs/components';
import { NOTICE_CATEGORY_LABELS, NOTICE_STATUS_LABELS, type NoticeCategory, type NoticeStatus } from '@shared/domain/notices';

/** 紧急 (red) / 重要 (orange); nothing for a normal notice unless `showNormal`. */
export function NoticeCategoryTag({ category, showNormal = false }: { category: NoticeCategory; showNormal?: boolean }) {
  if (category === 'normal' && !showNormal) return null;
  return <Text className={`tag notice-category notice-category--${category}`}>{NOTICE_CATEGORY_LABELS[category]}</Text>;
}

export function NoticeStatusTag({ status }: { status: NoticeStatus }) {
  return <Text className={`tag notice-status notice-status--${status}`}>{NOTICE_STATUS_LABELS[status]}</Text>;
}

/** The tags of a notice in a row: 置顶, category, 已更新, status. */
export function NoticeTags(props: { category: NoticeCategory; pinned?: boolean; updated?: boolean; status?: NoticeStatus }) {
  const { category, pinned, updated, status } = props;
  return (
    <View className="notice-tags">
      {pinned ? <Text className="tag notice-pinned">置顶</Text> : null}
      <NoticeCategoryTag category={category} />
      {updated ? <Text className="tag notice-updated">已更新</Text> : null}
      {status ? <NoticeStatusTag status={status} /> : null}
    </View>
  );
}
