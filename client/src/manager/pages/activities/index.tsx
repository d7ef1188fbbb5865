import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { ACTIVITY_STATUS_LABELS, ACTIVITY_TEMPLATES, type ActivityStatus } from '@shared/domain/life';
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

type Filter = ActivityStatus | 'all';
const FILTERS: { value: Filter; label: string }[] = [{ value: 'all', label: '全部' }, ...(['submitted', 'approved', 'published', 'finished', 'draft', 'returned'] as const).map((s) => ({ value: s, label: ACTIVITY_STATUS_LABELS[s] }))];

/** 社区活动 (manager/pages/activities/index): the community's activities by status with their figures; 新建活动计划 from a template. */
export default function ManagerActivitiesPage() {
  useSession({ required: true });
  const [filter, setFilter] = useState<Filter>('all');
  const [round, setRound] = useState(0);
  const list = usePaged((page) => call('life', 'activityList', { ...(filter === 'all' ? {} : { status: filter }), page, pageSize: 20 }), `${filter}:${round}`);
  useReloadOnReturn(() => setRound((r) => r + 1));
  return (
    <View className="page activities">
      <PageHeader title="社区活动" subtitle="活动计划 → 经理审核 → 发布报名 → 现场签到 → 总结与反馈" />
      <View className="card">
        <Text className="card__title">新建活动计划</Text>
        {ACTIVITY_TEMPLATES.map((t) => (
          <Button key={t.key} className={`btn btn--ghost activities__template activities__template--${t.key}`} onClick={() => openPage(routes.manager.activityPlan, { template: t.key })}>
            按范本：{t.name}
          </Button>
        ))}
        <Button className="btn btn--ghost activities__blank" onClick={() => openPage(routes.manager.activityPlan)}>
          空白计划
        </Button>
      </View>
      <View className="activities__tabs">
        <Choices name="activity-status" options={FILTERS} value={filter} onChange={setFilter} />
      </View>
      <PagedList list={list} name="activities" emptyText="还没有活动" render={(item) => <ActivityRow key={item.id} item={item} onClick={() => openPage(routes.manager.activityPlan, { id: item.id })} />} />
    </View>
  );
}
