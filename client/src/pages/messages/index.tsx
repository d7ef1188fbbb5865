import { Text, View } from '@tarojs/components';
import type { MessageView } from '@shared/contracts/messaging.contract';
import { CHANNEL_LABELS, OUTBOX_STATUS_LABELS } from '@shared/domain/messaging';
import { formatTime } from '@shared/domain/calendar';
import { call } from '@/services/cloud';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';

function MessageCard({ m }: { m: MessageView }) {
  return (
    <View className="card message-card">
      <View className="unit-row__main">
        <Text className="card__title">{m.title}</Text>
        <Text className={m.status === 'sent' ? 'tag tag--on' : 'tag'}>{OUTBOX_STATUS_LABELS[m.status]}</Text>
      </View>
      {m.lines.map((l) => (
        <View key={l.label} className="info-row">
          <Text className="muted">{l.label}</Text>
          <Text>{l.value}</Text>
        </View>
      ))}
      <Text className="unit-row__meta">
        {CHANNEL_LABELS[m.channel]} · {formatTime(m.sentAt ?? m.createdAt)}
        {m.attempts > 1 ? ` · 尝试 ${m.attempts} 次` : ''}
      </Text>
    </View>
  );
}

/** 我的消息: every notice sent (or being sent) to me, with how it went. */
export default function MessagesPage() {
  useSession({ required: true });
  const list = usePaged((page) => call('messaging', 'myMessages', { page, pageSize: 10 }), 'mine');
  return (
    <View className="page messages">
      <PageHeader title="我的消息" subtitle="物业发给您的通知与提醒" />
      <PagedList list={list} name="messages" emptyText="暂无消息" render={(m) => <MessageCard key={m.id} m={m} />} />
    </View>
  );
}
