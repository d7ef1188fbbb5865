import { useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { RepairSummary } from '@shared/contracts/repairs.contract';
import { REPAIR_AREA_LABELS } from '@shared/domain/repairs';
import { routes } from '@shared/routes';
import { formatTime } from '@shared/domain/calendar';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { RepairStatusTag, UrgencyTag } from '@/components/repair-tags';

type ListState = 'open' | 'done' | 'all';
const TABS: { value: ListState; label: string }[] = [
  { value: 'open', label: '进行中' },
  { value: 'done', label: '已完成' },
  { value: 'all', label: '全部' },
];

function RepairRow({ item }: { item: RepairSummary }) {
  return (
    <View className={`card card--link repairs-item repairs-item--${item.status}`} data-id={item.id} onClick={() => openPage(routes.owner.repair, { id: item.id })}>
      <View className="unit-row__main">
        <Text className="repairs-item__no">{item.orderNo}</Text>
        <View className="repairs-item__tags">
          {item.urgency !== 'normal' ? <UrgencyTag urgency={item.urgency} /> : null}
          <RepairStatusTag status={item.status} />
        </View>
      </View>
      <Text className="repairs-item__title">
        {item.category} · {REPAIR_AREA_LABELS[item.area]}
        {item.location ? ` · ${item.location}` : ''}
      </Text>
      <Text className="repairs-item__desc">{item.description}</Text>
      <Text className="unit-row__meta repairs-item__meta">
        {formatTime(item.createdAt)}
        {item.assigneeName ? ` · 维修师傅：${item.assigneeName}` : ''}
      </Text>
    </View>
  );
}

/** 我的报修 (owner/pages/repairs/index): my orders, newest first, by tab; 我要报修 on top. */
export default function MyRepairsPage() {
  useSession({ required: true });
  const [state, setState] = useState<ListState>('open');
  const [round, setRound] = useState(0);
  const list = usePaged((page) => call('repairs', 'mine', { state, page, pageSize: 10 }), `${state}:${round}`);
  // Back from a report or a detail page: show the latest statuses.
  const [shown, setShown] = useState(false);
  useDidShow(() => {
    if (shown) setRound((r) => r + 1);
    setShown(true);
  });

  return (
    <View className="page repairs">
      <PageHeader title="我的报修" subtitle="报修进度随时查看，完工后请给师傅评价" />
      <Button className="btn btn--primary repairs__new" onClick={() => openPage(routes.owner.repairNew)}>
        我要报修
      </Button>
      <View className="tabs repairs__tabs">
        <Choices name="repair-state" options={TABS} value={state} onChange={setState} />
      </View>
      <PagedList
        list={list}
        name="repairs"
        emptyText={state === 'open' ? '暂无进行中的报修' : state === 'done' ? '暂无已完成的报修' : '您还没有报修记录'}
        render={(item) => <RepairRow key={item.id} item={item} />}
      />
    </View>
  );
}
