import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { BatchSummary } from '@shared/contracts/movein-batches.contract';
import { chineseDate } from '@shared/domain/calendar';
import { BATCH_STATUS_LABELS, type BatchStatus } from '@shared/domain/movein';
import { routes } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { useReloadOnReturn } from '@/components/reload-on-return';
import '@/components/movein-booking.scss';

type Filter = 'all' | BatchStatus;
const FILTERS: { value: Filter; label: string }[] = [{ value: 'all', label: '全部' }, ...(Object.keys(BATCH_STATUS_LABELS) as BatchStatus[]).map((s) => ({ value: s, label: BATCH_STATUS_LABELS[s] }))];

function BatchRow({ b }: { b: BatchSummary }) {
  return (
    <View className="card card--link movein-batches__row" data-id={b.id} onClick={() => openPage(routes.manager.moveinBatch, { id: b.id })}>
      <View className="movein-card__head">
        <Text className="card__title">{b.name}</Text>
        <Text className={`tag ${b.status === 'published' ? 'tag--occupied' : ''}`}>{BATCH_STATUS_LABELS[b.status]}</Text>
      </View>
      <Text className="muted">
        {b.buildingNames.join('、')} · {chineseDate(b.startDay)} 至 {chineseDate(b.endDay)}
      </Text>
      <Text className="muted">{b.status === 'draft' ? `共 ${b.capacity} 个预约名额，未发布` : `${b.cases} 户待入住 · 已预约 ${b.booked} / ${b.capacity} 个名额`}</Text>
    </View>
  );
}

/** 入住管理 (manager): the move-in batches, newest first; 新建批次. */
export default function MoveInBatchesPage() {
  useSession({ required: true });
  const [filter, setFilter] = useState<Filter>('all');
  const list = usePaged((page) => call('movein', 'batches', { ...(filter === 'all' ? {} : { status: filter }), page, pageSize: 20 }), filter);
  useReloadOnReturn(list.reload);
  return (
    <View className="page movein-batches">
      <PageHeader title="入住管理" subtitle="集中入住批次：预约时段、入住通知、办理进度" />
      <Button className="btn btn--primary movein-batches__new" onClick={() => openPage(routes.manager.moveinBatch, {})}>
        新建入住批次
      </Button>
      <Choices name="movein-batch-filter" options={FILTERS} value={filter} onChange={setFilter} />
      <PagedList list={list} name="movein-batches" emptyText="还没有入住批次" render={(b) => <BatchRow key={b.id} b={b} />} />
    </View>
  );
}
