import { useState } from 'react';
import { Button, Input, Switch, Text, View } from '@tarojs/components';
import { REPAIR_STATUS_LABELS, REPAIR_STATUSES, URGENCY_LABELS, URGENCIES, type RepairStatus, type Urgency } from '@shared/domain/repairs';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { RepairRow } from '@/components/repair-row';
import { useReloadOnReturn } from '@/components/reload-on-return';

type State = 'open' | 'done' | 'all';
const STATES = [
  { value: 'open' as const, label: '进行中' },
  { value: 'done' as const, label: '已完成' },
  { value: 'all' as const, label: '全部' },
];
const ANY = 'any' as const;
const STATUS_CHOICES = [{ value: ANY, label: '全部状态' }, ...REPAIR_STATUSES.map((s) => ({ value: s, label: REPAIR_STATUS_LABELS[s] }))];
const URGENCY_CHOICES = [{ value: ANY, label: '全部' }, ...URGENCIES.map((u) => ({ value: u, label: URGENCY_LABELS[u] }))];
const PAGE_SIZE = 10;

/** 报修工单 (agents, managers): the community's orders with filters; 代客报修 records a phoned-in one. */
export default function StaffRepairsPage() {
  useSession({ required: true });
  const [state, setState] = useState<State>('open');
  const [status, setStatus] = useState<RepairStatus | typeof ANY>(ANY);
  const [urgency, setUrgency] = useState<Urgency | typeof ANY>(ANY);
  const [overdue, setOverdue] = useState(false);
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [showFilters, setShowFilters] = useState(false);

  const filter = {
    state,
    ...(status !== ANY ? { status } : {}),
    ...(urgency !== ANY ? { urgency } : {}),
    ...(overdue ? { overdue: true } : {}),
    ...(q ? { q } : {}),
  };
  const list = usePaged((page) => call('repairs', 'list', { ...filter, page, pageSize: PAGE_SIZE }), JSON.stringify(filter));
  useReloadOnReturn(list.reload);

  const search = () => setQ(draft.trim().slice(0, 40));
  const now = Date.now();

  return (
    <View className="page repairs-list">
      <PageHeader title="报修工单" subtitle="点击工单查看详情、派单或改派" />
      <Button className="btn btn--primary repairs-list__new" onClick={() => openPage(routes.staff.repairNew)}>
        代客报修
      </Button>
      <View className="card repairs-list__filters">
        <Choices name="repair-state" options={STATES} value={state} onChange={setState} />
        <View className="units__search">
          <Input
            className="units__search-input repairs-list__search-input"
            value={draft}
            maxlength={40}
            confirmType="search"
            placeholder="搜索工单号、房号或描述"
            onInput={(e) => setDraft(e.detail.value)}
            onConfirm={search}
          />
          <Button className="btn units__search-btn repairs-list__search" size="mini" onClick={search}>
            搜索
          </Button>
        </View>
        <View className="switch-row">
          <Text>只看超时</Text>
          <Switch className="repairs-list__overdue" checked={overdue} color="#1677ff" onChange={(e) => setOverdue(e.detail.value)} />
        </View>
        <Text className="link repairs-list__more-filters" onClick={() => setShowFilters((v) => !v)}>
          {showFilters ? '收起筛选' : '更多筛选（状态、紧急程度）'}
        </Text>
        {showFilters ? (
          <>
            <Text className="field__label repairs-list__label">状态</Text>
            <Choices
              name="repair-status"
              options={STATUS_CHOICES}
              value={status}
              onChange={(v) => {
                setStatus(v);
                if (v !== ANY) setState('all'); // a status already says open or done
              }}
            />
            <Text className="field__label repairs-list__label">紧急程度</Text>
            <Choices name="repair-urgency" options={URGENCY_CHOICES} value={urgency} onChange={setUrgency} />
          </>
        ) : null}
      </View>
      <PagedList
        list={list}
        name="repairs"
        emptyText={q ? `没有找到与“${q}”相关的工单` : '暂无符合条件的工单'}
        render={(o) => <RepairRow key={o.id} order={o} now={now} showAssignee className="card repairs-list__order" onClick={() => openPage(routes.staff.repair, { id: o.id })} />}
      />
    </View>
  );
}
