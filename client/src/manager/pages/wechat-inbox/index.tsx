import { Text, View } from '@tarojs/components';
import { formatTime } from '@shared/domain/calendar';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';

/**
 * 模拟微信消息 (demo mode): what the fake WeChat server accepted — what owners and staff would
 * have received in WeChat.
 */
export default function WechatInboxPage() {
  useSession({ required: true });
  const inbox = useCloud('messaging', 'demoInbox');
  const messages = inbox.data ?? [];
  return (
    <View className="page wechat-inbox">
      <PageHeader title="模拟微信消息" subtitle="演示模式：业主和员工在微信中会收到的消息" />
      <StateView loading={inbox.loading} error={inbox.error} onRetry={inbox.reload} empty={messages.length === 0} emptyText="模拟微信服务器还没有收到消息">
        {[...messages].reverse().map((m, i) => (
          <View key={`${m.at}-${i}`} className="card wechat-message">
            <View className="unit-row__main">
              <Text className="card__title">{m.title ?? m.templateId}</Text>
              <Text className="tag">{m.api === 'subscribe' ? '订阅消息' : '公众号'}</Text>
            </View>
            <Text className="unit-row__meta">
              发给 {m.recipientName ?? m.touser} · {formatTime(m.at)}
            </Text>
            {Object.entries(m.data).map(([k, v]) => (
              <View key={k} className="info-row">
                <Text className="muted">{k}</Text>
                <Text>{v}</Text>
              </View>
            ))}
            {m.page ? <Text className="muted">打开：{m.page}</Text> : null}
          </View>
        ))}
      </StateView>
    </View>
  );
}
