import { useState } from 'react';
import { Button, View } from '@tarojs/components';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { IncidentRow } from '@/components/sentiment-tags';
import { routes } from '@shared/routes';
import { LexiconLinks } from '../../components/sentiment-lexicon-links';

type Tab = 'active' | 'resolved' | 'all';
const TABS = [
  { value: 'active' as const, label: '待处理' },
  { value: 'resolved' as const, label: '已解决' },
  { value: 'all' as const, label: '全部' },
];
const PAGE_SIZE = 10;

/** 舆情事件 (agents, managers): incidents opened by negative messages in owner groups, by status. */
export default function IncidentsPage() {
  const session = useSession({ required: true });
  const [tab, setTab] = useState<Tab>('active');
  const list = usePaged((page) => call('sentiment', 'incidents', { status: tab, page, pageSize: PAGE_SIZE }), tab);
  useReloadOnReturn(list.reload);
  const now = Date.now();

  return (
    <View className="page sentiment-page incidents">
      <PageHeader title="舆情事件" subtitle="业主群里的集中负面反馈，及时响应、私下沟通、转单处理" />
      <View className="sentiment-toolbar">
        <Button className="btn btn--ghost incidents__groups" size="mini" onClick={() => openPage(routes.staff.sentimentGroups)}>
          群概况
        </Button>
        <Button className="btn btn--ghost incidents__import" size="mini" onClick={() => openPage(routes.staff.sentimentImport)}>
          导入聊天记录
        </Button>
      </View>
      <LexiconLinks manager={!!session?.me.roles.includes('manager')} />
      <Choices name="incident-tab" options={TABS} value={tab} onChange={setTab} />
      <PagedList
        list={list}
        name="incidents"
        emptyText={tab === 'active' ? '暂无待处理的舆情事件' : tab === 'resolved' ? '暂无已解决的舆情事件' : '暂无舆情事件'}
        render={(item) => <IncidentRow key={item.id} item={item} now={now} onClick={() => openPage(routes.staff.incident, { id: item.id })} />}
      />
    </View>
  );
}
