import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { OutboxItem } from '@shared/contracts/messaging.contract';
import { CHANNEL_LABELS, OUTBOX_STATUS_LABELS, OUTBOX_STATUSES, type OutboxStatus } from '@shared/domain/messaging';
import { formatTime } from '@shared/domain/calendar';
import { call } from '@/services/cloud';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';

type Filter = OutboxStatus | 'all';
const TABS = [{ value: 'all' as Filter, label: '全部' }, ...OUTBOX_STATUSES.map((s) => ({ value: s as Filter, label: OUTBOX_STATUS_LABELS[s] }))];

function OutboxRow({ m }: { m: OutboxItem }) {
  return (
    <View className="card outbox-row">
      <View className="unit-row__main">
        <Text className="card__title">
          {m.title} → {m.recipientName}
        </Text>
        <Text className={m.status === 'sent' ? 'tag tag--on' : 'tag'}>{OUTBOX_STATUS_LABELS[m.status]}</Text>
      </View>
      <Text className="unit-row__meta">
        {CHANNEL_LABELS[m.channel]}
        {m.channel === 'inbox' && !m.attempts ? '' : ` · 尝试 ${m.attempts} 次`} · {formatTime(m.sentAt ?? m.createdAt)}
        {m.notBefore && m.status === 'queued' ? ` · 免打扰，${formatTime(m.notBefore)} 后发送` : ''}
      </Text>
      {m.lastError ? <Text className="muted outbox-row__error">最近错误：{m.lastError}</Text> : null}
    </View>
  );
}

/** 消息发送记录 (manager): the community's outgoing messages by status. */
export default function OutboxPage() {
  useSession({ required: true });
  const [filter, setFilter] = useState<Filter>('all');
  const list = usePaged((page) => call('messaging', 'outbox', { ...(filter === 'all' ? {} : { status: filter }), page, pageSize: 20 }), filter);
  return (
    <View className="page outbox">
      <PageHeader title="消息发送记录" subtitle="订阅消息、公众号消息、站内消息与电话通知" />
      <View className="tabs">
        <Choices name="tabs" options={TABS} value={filter} onChange={setFilter} />
      </View>
      <PagedList list={list} name="outbox" emptyText="暂无消息" render={(m) => <OutboxRow key={m.id} m={m} />} />
    </View>
  );
}
