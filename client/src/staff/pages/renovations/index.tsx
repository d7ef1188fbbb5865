import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { RENOVATION_STATUS_LABELS, type RenovationStatus } from '@shared/domain/renovation';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { RenovationRow } from '@/components/renovation-row';
import { useReloadOnReturn } from '@/components/reload-on-return';

type Tab = RenovationStatus | 'all';
const TABS: { value: Tab; label: string }[] = [
  { value: 'submitted', label: RENOVATION_STATUS_LABELS.submitted },
  { value: 'reviewed', label: RENOVATION_STATUS_LABELS.reviewed },
  { value: 'approved', label: RENOVATION_STATUS_LABELS.approved },
  { value: 'in_progress', label: RENOVATION_STATUS_LABELS.in_progress },
  { value: 'suspended', label: RENOVATION_STATUS_LABELS.suspended },
  { value: 'acceptance', label: RENOVATION_STATUS_LABELS.acceptance },
  { value: 'draft', label: RENOVATION_STATUS_LABELS.draft },
  { value: 'returned', label: RENOVATION_STATUS_LABELS.returned },
  { value: 'all', label: '全部' },
];

/**
 * 装修管理 (staff/pages/renovations/index): the community's renovations by status (待审核 first), or
 * found by unit, owner or contractor; 代业主申请 for an owner at the desk; the manager's 装修设置.
 */
export default function RenovationsPage() {
  const session = useSession({ required: true });
  const [tab, setTab] = useState<Tab>('submitted');
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [round, setRound] = useState(0);
  const list = usePaged(
    (page) => call('renovation', 'list', { ...(query ? {} : tab === 'all' ? {} : { status: tab }), ...(query ? { q: query } : {}), page, pageSize: 20 }),
    `${tab}:${query}:${round}`,
  );
  useReloadOnReturn(() => setRound((r) => r + 1));
  const isManager = session?.me.roles.includes('manager');

  return (
    <View className="page renovations-staff">
      <PageHeader title="装修管理" subtitle="审核装修申请、办理许可证和出入证、跟进施工和验收" />
      <View className="row-actions">
        <Button className="btn btn--primary renovations-staff__new" size="mini" onClick={() => openPage(routes.staff.renovationNew)}>
          代业主申请
        </Button>
        {isManager ? (
          <Text className="link renovations-staff__settings" onClick={() => openPage(routes.manager.renovationSettings)}>
            装修设置
          </Text>
        ) : null}
      </View>
      <View className="card renovations-staff__search">
        <Input className="input renovations-staff__q" value={q} maxlength={30} placeholder="房号、业主姓名或施工单位" confirmType="search" onInput={(e) => setQ(e.detail.value)} onConfirm={() => setQuery(q.trim())} />
        <View className="row-actions">
          <Text className="link renovations-staff__find" onClick={() => setQuery(q.trim())}>
            搜索
          </Text>
          {query ? (
            <Text className="link renovations-staff__clear" onClick={() => (setQ(''), setQuery(''))}>
              清除
            </Text>
          ) : null}
        </View>
      </View>
      {query ? null : (
        <View className="tabs renovations-staff__tabs">
          <Choices name="renovation-status" options={TABS} value={tab} onChange={setTab} />
        </View>
      )}
      <PagedList
        list={list}
        name="renovations-staff"
        emptyText={query ? '没有找到相关装修申请' : '暂无装修申请'}
        render={(item) => <RenovationRow key={item.id} item={item} onClick={() => openPage(routes.staff.renovation, { id: item.id })} />}
      />
    </View>
  );
}
