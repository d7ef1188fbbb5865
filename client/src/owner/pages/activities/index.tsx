import { useState } from 'react';
import { View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { ActivityRow } from '@/components/activity-row';
import { useReloadOnReturn } from '@/components/reload-on-return';

type Tab = 'upcoming' | 'mine' | 'past';
const TABS: { value: Tab; label: string }[] = [
  { value: 'upcoming', label: '正在报名' },
  { value: 'mine', label: '我的报名' },
  { value: 'past', label: '往期活动' },
];
const EMPTY: Record<Tab, string> = { upcoming: '近期没有可报名的活动，敬请关注', mine: '您还没有报名活动', past: '还没有往期活动' };

/** 社区活动 (owner/pages/activities/index): activities to sign up for, my sign-ups, past ones (with photos). */
export default function OwnerActivitiesPage() {
  useSession({ required: true });
  const [tab, setTab] = useState<Tab>('upcoming');
  const [round, setRound] = useState(0);
  const list = usePaged((page) => call('life', 'activityList', { tab, page, pageSize: 20 }), `${tab}:${round}`);
  useReloadOnReturn(() => setRound((r) => r + 1));

  return (
    <View className="page activities">
      <PageHeader title="社区活动" subtitle="邻里相聚，共建和谐家园。报名后凭签到码入场" />
      <View className="activities__tabs">
        <Choices name="activity-tab" options={TABS} value={tab} onChange={setTab} />
      </View>
      <PagedList list={list} name="activities" emptyText={EMPTY[tab]} render={(item) => <ActivityRow key={item.id} item={item} onClick={() => openPage(routes.owner.activity, { id: item.id })} />} />
    </View>
  );
}
