import { useState } from 'react';
import { View } from '@tarojs/components';
import type { BindingStatus, BindingTask } from '@shared/contracts/binding.contract';
import { BINDING_STATUS_LABELS } from '@shared/domain/binding';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices, choicesOf } from '@/components/choices';
import { BindingTaskCard } from '../../components/binding-task-card';

const TABS = choicesOf(BINDING_STATUS_LABELS);
const PAGE_SIZE = 10;

/** 业主绑定审核 (agents, managers): requests by status; a handled request leaves the 待审核 tab. */
export default function BindingsPage() {
  useSession({ required: true });
  const [status, setStatus] = useState<BindingStatus>('pending');
  const list = usePaged((page) => call('binding', 'tasks', { status, page, pageSize: PAGE_SIZE }), status);

  const reviewed = (task: BindingTask) => {
    toast(task.status === 'approved' ? '已通过，业主已绑定' : '已退回申请');
    list.update((items) => items.filter((t) => t.id !== task.id), -1);
  };

  return (
    <View className="page bindings">
      <PageHeader title="业主绑定审核" subtitle="请核对申请人与物业登记的住户资料" />
      <View className="tabs">
        <Choices name="tabs" options={TABS} value={status} onChange={setStatus} />
      </View>
      <PagedList
        list={list}
        name="bindings"
        emptyText={status === 'pending' ? '暂无待审核的申请' : `暂无${BINDING_STATUS_LABELS[status]}的申请`}
        render={(t) => <BindingTaskCard key={t.id} task={t} onReviewed={reviewed} />}
      />
    </View>
  );
}
