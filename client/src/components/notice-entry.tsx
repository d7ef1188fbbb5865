import { Text, View } from '@tarojs/components';
import { useCloud } from '../hooks/use-cloud';
import { openPage } from '../services/navigation';
import { TaskEntry } from './task-entry';
import { useReloadOnReturn } from './reload-on-return';
import { routes } from '@shared/routes';

/** Board items read for the home card: unread ones come right after the pinned ones. */
const HOME_PAGE_SIZE = 20;

/** Owner home: 通知公告 with the number of unread notices. */
export function OwnerNoticesCard() {
  const board = useCloud('notices', 'board', { page: 1, pageSize: HOME_PAGE_SIZE });
  useReloadOnReturn(board.reload);
  const items = board.data?.items ?? [];
  const unread = items.filter((n) => !n.read).length;
  const more = unread === HOME_PAGE_SIZE && (board.data?.total ?? 0) > HOME_PAGE_SIZE;
  const latest = items[0];
  return (
    <View className="card card--link owner-home__notices" onClick={() => openPage(routes.owner.notices)}>
      <View className="unit-row__main">
        <Text className="card__title">通知公告</Text>
        {unread > 0 ? <Text className="badge owner-home__notices-unread">{more ? `${unread}+` : unread}</Text> : null}
      </View>
      <Text className="muted owner-home__notices-text">
        {board.error ? board.error.message : !board.data ? '加载中…' : unread > 0 ? `您有 ${more ? `${unread}+` : unread} 条未读通知` : latest ? `最新：${latest.title}` : '暂无通知公告'}
      </Text>
      <Text className="link card__text">查看通知 ›</Text>
    </View>
  );
}

/** Agent desk: the way to 通知公告 (publishing lives in the manager sub-package; agents may publish). */
export function NoticesEntry() {
  const scheduled = useCloud('notices', 'list', { status: 'scheduled', page: 1, pageSize: 1 });
  return (
    <TaskEntry
      name="notices-entry"
      title="通知公告"
      page={routes.manager.notices}
      waiting={scheduled}
      countText={(n) => `有 ${n} 条通知等待定时发布`}
      emptyText="停水停电、温馨提示，选模板两分钟发出"
      actionText="发布与管理通知"
    />
  );
}
