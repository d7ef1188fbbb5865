import { useState } from 'react';
import { View } from '@tarojs/components';
import type { FollowUpTask } from '@shared/contracts/followups.contract';
import { FOLLOW_UP_STATUS_LABELS, type FollowUpStatus } from '@shared/domain/followups';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices, choicesOf } from '@/components/choices';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { FollowupTaskCard } from '../../components/followup-task-card';

const TABS = choicesOf(FOLLOW_UP_STATUS_LABELS);
const PAGE_SIZE = 10;

/** 回访任务 (agents, managers): owners to ask how a repair or a complaint went (报修/投诉), the earliest due first. */
export default function FollowupsPage() {
  useSession({ required: true });
  const [status, setStatus] = useState<FollowUpStatus>('open');
  const list = usePaged((page) => call('followups', 'list', { status, page, pageSize: PAGE_SIZE }), status);
  useReloadOnReturn(list.reload);

  const recorded = (task: FollowUpTask) => {
    toast(task.outcome === 'unsatisfied' ? (task.source === 'complaint' ? '已记录，投诉将重新处理' : '已记录，主管将收到提醒') : '已记录回访');
    list.update((items) => items.filter((t) => t.id !== task.id), -1);
  };
  const taken = (message: string) => {
    toast(message);
    list.reload();
  };

  return (
    <View className="page followups">
      <PageHeader title="回访任务" subtitle="报修完工、投诉答复后请联系业主了解满意度" />
      <View className="tabs">
        <Choices name="tabs" options={TABS} value={status} onChange={setStatus} />
      </View>
      <PagedList
        list={list}
        name="followups"
        emptyText={status === 'open' ? '暂无待回访的任务' : '暂无回访记录'}
        render={(t) => <FollowupTaskCard key={t.id} task={t} onRecorded={recorded} onTaken={taken} />}
      />
    </View>
  );
}
