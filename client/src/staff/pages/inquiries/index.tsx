import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { INQUIRY_TOPICS, INQUIRY_TOPIC_LABELS, type InquiryTopic } from '@shared/domain/desk';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { InquiryRow } from '@/components/inquiry-tags';
import { useReloadOnReturn } from '@/components/reload-on-return';

type Tab = 'open' | 'overdue' | 'mine' | 'all';
const TABS: { value: Tab; label: string }[] = [
  { value: 'open', label: '待处理' },
  { value: 'overdue', label: '已超时' },
  { value: 'mine', label: '我负责的' },
  { value: 'all', label: '全部' },
];
const FILTERS: Record<Tab, { status: 'open' | 'all'; mine?: boolean; overdue?: boolean }> = {
  open: { status: 'open' },
  overdue: { status: 'open', overdue: true },
  mine: { status: 'all', mine: true },
  all: { status: 'all' },
};
const ANY = 'any' as const;
const TOPIC_CHOICES = [{ value: ANY, label: '全部类别' }, ...INQUIRY_TOPICS.map((t) => ({ value: t, label: INQUIRY_TOPIC_LABELS[t] }))];
const PAGE_SIZE = 10;

/** 咨询 (agents, managers): open inquiries by the promise due next (overdue first); filters; 代客咨询. */
export default function StaffInquiriesPage() {
  useSession({ required: true });
  const [tab, setTab] = useState<Tab>('open');
  const [topic, setTopic] = useState<InquiryTopic | typeof ANY>(ANY);
  const [showTopics, setShowTopics] = useState(false);
  const filter = { ...FILTERS[tab], ...(topic !== ANY ? { topic } : {}) };
  const list = usePaged((page) => call('desk', 'list', { ...filter, page, pageSize: PAGE_SIZE }), JSON.stringify(filter));
  useReloadOnReturn(list.reload);
  const now = Date.now();
  return (
    <View className="page complaint-page inquiries-list">
      <PageHeader title="咨询" subtitle="按承诺时间先后排列，超时的在最前；点击受理、答复" />
      <Button className="btn btn--primary inquiries-list__new" onClick={() => openPage(routes.staff.inquiryNew, {})}>
        代客咨询
      </Button>
      <View className="card inquiries-list__filters">
        <Choices name="inquiry-tab" options={TABS} value={tab} onChange={setTab} />
        <Text className="link inquiries-list__more-filters" onClick={() => setShowTopics((v) => !v)}>
          {showTopics ? '收起类别筛选' : `按类别筛选${topic !== ANY ? `（${INQUIRY_TOPIC_LABELS[topic]}）` : ''}`}
        </Text>
        {showTopics ? <Choices name="inquiry-filter-topic" options={TOPIC_CHOICES} value={topic} onChange={setTopic} /> : null}
      </View>
      <PagedList
        list={list}
        name="inquiries"
        emptyText={tab === 'overdue' ? '没有超时的咨询' : tab === 'open' ? '暂无待处理的咨询' : '暂无符合条件的咨询'}
        render={(i) => <InquiryRow key={i.id} item={i} staff now={now} className="card inquiries-list__item" onClick={() => openPage(routes.staff.inquiry, { id: i.id })} />}
      />
    </View>
  );
}
