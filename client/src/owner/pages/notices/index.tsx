import { Text, View } from '@tarojs/components';
import type { BoardNotice } from '@shared/contracts/notices.contract';
import { routes } from '@shared/routes';
import { formatTime } from '@shared/domain/calendar';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { NoticeTags } from '@/components/notice-tags';
import { TemplateSubscribe } from '@/components/template-subscribe';
import { useReloadOnReturn } from '@/components/reload-on-return';

function BoardRow({ item }: { item: BoardNotice }) {
  const mods = [item.read ? 'read' : 'unread', item.pinned ? 'pinned' : '', item.category].filter(Boolean).map((m) => `board-notice--${m}`);
  return (
    <View className={`card card--link board-notice ${mods.join(' ')}`} data-id={item.id} onClick={() => openPage(routes.owner.notice, { id: item.id })}>
      <View className="unit-row__main">
        <View className="board-notice__head">
          {item.read ? null : <View className="board-notice__dot" />}
          <Text className="board-notice__title">{item.title}</Text>
        </View>
        <NoticeTags category={item.category} pinned={item.pinned} updated={item.updated} />
      </View>
      <Text className="board-notice__summary">{item.summary}</Text>
      <Text className="muted board-notice__time">{formatTime(item.publishAt)}</Text>
    </View>
  );
}

/** 通知公告 (owner/pages/notices/index): my community's board — pinned first, then unread, newest first. */
export default function NoticeBoardPage() {
  useSession({ required: true });
  const list = usePaged((page) => call('notices', 'board', { page, pageSize: 20 }), 'board');
  // Back from a notice: it is read now.
  useReloadOnReturn(list.reload);

  return (
    <View className="page board">
      <PageHeader title="通知公告" subtitle="小区通知、温馨提示与通告" />
      <TemplateSubscribe keys={['notice.published', 'notice.emergency']} name="notice-subscribe" description="小区发布通知（停水停电等）或紧急通知时通过微信提醒您，两类可分别开启。" />
      <PagedList list={list} name="board" emptyText="暂无通知公告" render={(item) => <BoardRow key={item.id} item={item} />} />
    </View>
  );
}
