import { useState } from 'react';
import { Button, View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { ContractRow } from '@/components/ledger';

type Status = 'active' | 'ended';
const TABS: { value: Status; label: string }[] = [
  { value: 'active', label: '履行中' },
  { value: 'ended', label: '已终止' },
];

/** 合同管理 (managers only): service contracts in force, soonest end first (30 days ahead flagged), and ended ones. */
export default function ContractListPage() {
  useSession({ required: true });
  const [status, setStatus] = useState<Status>('active');
  const list = usePaged((page) => call('archives', 'contractList', { status, page, pageSize: 20 }), status);
  useReloadOnReturn(() => list.reload());
  return (
    <View className="page contract-list">
      <PageHeader title="合同管理" subtitle="保洁、绿化、安保、维保等服务合同（仅主管可见）" />
      <Button className="btn btn--primary contract-list__add" onClick={() => openPage(routes.manager.contractForm)}>
        新建合同
      </Button>
      <View className="tabs">
        <Choices name="tabs" options={TABS} value={status} onChange={setStatus} />
      </View>
      <View className="card contract-list__items">
        <PagedList
          list={list}
          name="contracts"
          emptyText={status === 'active' ? '还没有履行中的合同' : '没有已终止的合同'}
          render={(c) => <ContractRow key={c.id} item={c} onOpen={(id) => openPage(routes.manager.contract, { id })} />}
        />
      </View>
    </View>
  );
}
