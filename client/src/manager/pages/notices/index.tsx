import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { NOTICE_STATUS_LABELS, type NoticeStatus } from '@shared/domain/notices';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { NoticeRow } from '@/components/notice-row';
import { useReloadOnReturn } from '@/components/reload-on-return';

const TABS: { value: NoticeStatus; label: string }[] = (['published', 'scheduled', 'withdrawn'] as const).map((value) => ({ value, label: NOTICE_STATUS_LABELS[value] }));
const EMPTY: Record<NoticeStatus, string> = { published: '还没有发布过通知', scheduled: '没有待发布的通知', withdrawn: '没有撤回的通知' };

/** 通知公告 (manager/pages/notices/index; managers and agents): notices by status, 发布通知 on top. */
export default function NoticesPage() {
  const session = useSession({ required: true });
  const isManager = !!session?.me.roles.includes('manager');
  const [status, setStatus] = useState<NoticeStatus>('published');
  const list = usePaged((page) => call('notices', 'list', { status, page, pageSize: 10 }), status);
  useReloadOnReturn(list.reload);

  return (
    <View className="page notices">
      <PageHeader title="通知公告" subtitle="选模板、填空、预览，两分钟发出一条通知" />
      <Button className="btn btn--primary notices__new" onClick={() => openPage(routes.manager.noticeNew)}>
        发布通知
      </Button>
      {isManager ? (
        <View className="notices__links">
          <Text className="link notices__audiences" onClick={() => openPage(routes.manager.noticeAudiences)}>
            管理常用对象
          </Text>
        </View>
      ) : null}
      <View className="tabs notices__tabs">
        <Choices name="notice-status" options={TABS} value={status} onChange={setStatus} />
      </View>
      <PagedList list={list} name="notices" emptyText={EMPTY[status]} render={(item) => <NoticeRow key={item.id} item={item} onClick={() => openPage(routes.manager.notice, { id: item.id })} />} />
    </View>
  );
}
