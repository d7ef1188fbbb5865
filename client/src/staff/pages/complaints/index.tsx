import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_LABELS, type ComplaintCategory } from '@shared/domain/complaints';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { ComplaintRow } from '@/components/complaint-tags';
import { useReloadOnReturn } from '@/components/reload-on-return';

type Tab = 'open' | 'all' | 'mine' | 'overdue';
const TABS: { value: Tab; label: string }[] = [
  { value: 'open', label: '待处理' },
  { value: 'all', label: '全部' },
  { value: 'mine', label: '我负责的' },
  { value: 'overdue', label: '已超时' },
];
const ANY = 'any' as const;
const CATEGORY_CHOICES = [{ value: ANY, label: '全部类别' }, ...COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: COMPLAINT_CATEGORY_LABELS[c] }))];
const PAGE_SIZE = 10;

const FILTERS: Record<Tab, { status: 'open' | 'all'; mine?: boolean; overdue?: boolean }> = {
  open: { status: 'open' },
  all: { status: 'all' },
  mine: { status: 'all', mine: true },
  overdue: { status: 'open', overdue: true },
};

/** 投诉处理 (agents, managers): open complaints by their running deadline; filters; 代客投诉 records a phoned-in one. */
export default function StaffComplaintsPage() {
  useSession({ required: true });
  const [tab, setTab] = useState<Tab>('open');
  const [category, setCategory] = useState<ComplaintCategory | typeof ANY>(ANY);
  const [showCategories, setShowCategories] = useState(false);
  const filter = { ...FILTERS[tab], ...(category !== ANY ? { category } : {}) };
  const list = usePaged((page) => call('complaints', 'list', { ...filter, page, pageSize: PAGE_SIZE }), JSON.stringify(filter));
  useReloadOnReturn(list.reload);
  const now = Date.now();

  return (
    <View className="page complaint-page complaints-list">
      <PageHeader title="投诉处理" subtitle="按时限先后排列；点击投诉受理、答复、回访" />
      <Button className="btn btn--primary complaints-list__new" onClick={() => openPage(routes.staff.complaintNew)}>
        代客投诉
      </Button>
      <View className="card complaints-list__filters">
        <Choices name="complaint-tab" options={TABS} value={tab} onChange={setTab} />
        <Text className="link complaints-list__more-filters" onClick={() => setShowCategories((v) => !v)}>
          {showCategories ? '收起类别筛选' : `按类别筛选${category !== ANY ? `（${COMPLAINT_CATEGORY_LABELS[category]}）` : ''}`}
        </Text>
        {showCategories ? <Choices name="complaint-filter-category" options={CATEGORY_CHOICES} value={category} onChange={setCategory} /> : null}
      </View>
      <PagedList
        list={list}
        name="complaints"
        emptyText={tab === 'overdue' ? '没有超时的投诉' : tab === 'open' ? '暂无待处理的投诉' : '暂无符合条件的投诉'}
        render={(c) => <ComplaintRow key={c.id} item={c} staff now={now} className="card complaints-list__item" onClick={() => openPage(routes.staff.complaint, { id: c.id })} />}
      />
    </View>
  );
}
