import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { MessageView } from '@shared/contracts/messaging.contract';
import { formatTime } from '@shared/domain/calendar';
import { parseLink } from '@shared/routes';
import { call } from '@/services/cloud';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { TabBar } from '@/components/tab-bar';

/** The page a message opens (its order, notice or bill), when the link is one of the route registry's pages. */
function pageOf(m: MessageView): string | undefined {
  if (!m.link || !parseLink(m.link)) return undefined;
  return `/${m.link}`;
}

/**
 * One card per event (the server groups the channels it took), in the words of the message itself:
 * no delivery wording — how it reached the person is the outbox's business, not theirs.
 */
function MessageCard({ m }: { m: MessageView }) {
  const url = pageOf(m);
  const open = url ? () => Taro.navigateTo({ url }).catch(() => undefined) : undefined;
  return (
    <View className={`card message-card ${url ? 'message-card--link' : ''}`} onClick={open}>
      <View className="unit-row__main">
        <Text className="card__title">{m.title}</Text>
        <Text className="unit-row__meta message-card__time">{formatTime(m.createdAt)}</Text>
      </View>
      {m.lines.map((l) => (
        <View key={l.label} className="info-row">
          <Text className="muted">{l.label}</Text>
          <Text>{l.value}</Text>
        </View>
      ))}
      {url ? <Text className="link message-card__open">查看详情 ›</Text> : null}
    </View>
  );
}

/** 我的消息: what the property told me, one card per event, newest first; a tap opens what it is about. */
export default function MessagesPage() {
  useSession({ required: true });
  const list = usePaged((page) => call('messaging', 'myMessages', { page, pageSize: 10 }), 'mine');
  return (
    <View className="page messages">
      <PageHeader title="我的消息" subtitle="物业发给您的通知与提醒" />
      <PagedList list={list} name="messages" emptyText="暂无消息" render={(m) => <MessageCard key={m.id} m={m} />} />
      <TabBar current="messages" />
    </View>
  );
}
