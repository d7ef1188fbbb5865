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
import { useReloadOnReturn } from '@/components/reload-on-return';
import { PatrolRow } from '@/components/renovation-patrols';
import '@/components/renovation-patrols.scss';

type When = 'due' | 'open' | 'done';
const TABS: { value: When; label: string }[] = [
  { value: 'due', label: '今日待巡查' },
  { value: 'open', label: '全部待巡查' },
  { value: 'done', label: '已巡查' },
];
const PAGE_SIZE = 20;

/**
 * 装修巡查 (agents, managers): the patrol tasks — today's and overdue ones first (routine visits
 * made by the patrol job, re-inspections of 整改通知 on their deadlines), all open ones, or those
 * recorded. A task opens its checklist.
 */
export default function RenovationPatrolsPage() {
  useSession({ required: true });
  const [when, setWhen] = useState<When>('due');
  const list = usePaged((page) => call('renovation', 'patrols', { when, page, pageSize: PAGE_SIZE }), when);
  useReloadOnReturn(list.reload);
  return (
    <View className="page renovation-patrols">
      <PageHeader title="装修巡查" subtitle="按巡查表逐项检查；发现违规当场下发整改通知，到期复查" />
      <View className="tabs">
        <Choices name="tabs" options={TABS} value={when} onChange={setWhen} />
      </View>
      <PagedList
        list={list}
        name="renovation-patrols"
        emptyText={when === 'done' ? '暂无巡查记录' : '暂无待巡查的装修'}
        render={(p) => <PatrolRow key={p.id} patrol={p} onOpen={(id) => openPage(routes.staff.renovationPatrol, { id })} />}
      />
    </View>
  );
}
