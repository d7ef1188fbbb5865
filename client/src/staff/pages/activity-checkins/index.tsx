import { useState } from 'react';
import { View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { ActivityRow } from '@/components/activity-row';
import { useReloadOnReturn } from '@/components/reload-on-return';

/** 活动签到 (staff/pages/activity-checkins/index): published activities from today on, soonest first → the check-in page. */
export default function ActivityCheckinsPage() {
  useSession({ required: true });
  const [round, setRound] = useState(0);
  const list = usePaged((page) => call('life', 'activityList', { when: 'checkin', page, pageSize: 20 }), String(round));
  useReloadOnReturn(() => setRound((r) => r + 1));
  return (
    <View className="page activity-checkins">
      <PageHeader title="活动签到" subtitle="选择活动，输入或扫描业主手机上的签到码" />
      <PagedList list={list} name="activity-checkins" emptyText="近期没有需要签到的活动" render={(item) => <ActivityRow key={item.id} item={item} onClick={() => openPage(routes.staff.activityCheckin, { id: item.id })} />} />
    </View>
  );
}
