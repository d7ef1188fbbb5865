import { Text, View } from '@tarojs/components';
import type { IncidentSummary } from '@shared/contracts/sentiment.contract';
import { SENTIMENT_LEVEL_LABELS, TOPIC_LABELS, type SentimentLevel, type SentimentTopic } from '@shared/domain/sentiment';
import { GENERAL_TOPIC, INCIDENT_STATUS_LABELS, SEVERITY_LABELS, type IncidentStatus, type IncidentTopic, type Severity } from '@shared/domain/sentiment-incidents';
import { agoText } from '@shared/domain/calendar';
import './sentiment.scss';

/** 漏水渗水 / 电梯 … ; 综合 for negative messages without a topic. */
export function topicLabel(topic: IncidentTopic | SentimentTopic): string {
  return topic === GENERAL_TOPIC ? '综合' : TOPIC_LABELS[topic];
}

/** 提示 / 关注 / 严重 (orange) / 紧急 (red): `sentiment-severity--<n>`. */
export function SeverityTag({ severity }: { severity: Severity }) {
  return <Text className={`tag sentiment-severity sentiment-severity--${severity}`}>{SEVERITY_LABELS[severity]}</Text>;
}

/** 待响应 / 处理中 / 已解决. */
export function IncidentStatusTag({ status }: { status: IncidentStatus }) {
  return <Text className={`tag sentiment-status sentiment-status--${status}`}>{INCIDENT_STATUS_LABELS[status]}</Text>;
}

/** A message's level: 正常 / 轻微不满 / 明确投诉 / 升级风险. */
export function LevelTag({ level }: { level: SentimentLevel }) {
  return <Text className={`tag sentiment-level sentiment-level--${level}`}>{SENTIMENT_LEVEL_LABELS[level]}</Text>;
}

/** One incident in a list: severity, topic, group, counts, the first message, how long ago, status. */
export function IncidentRow({ item, onClick, now }: { item: IncidentSummary; onClick?: () => void; now?: number }) {
  return (
    <View className={`card card--link sentiment-incident sentiment-incident--${item.status}`} data-id={item.id} onClick={onClick}>
      <View className="sentiment-incident__main">
        <View className="sentiment-incident__tags">
          <SeverityTag severity={item.severity} />
          <Text className="sentiment-incident__topic">{topicLabel(item.topic)}</Text>
        </View>
        <IncidentStatusTag status={item.status} />
      </View>
      <Text className="sentiment-incident__group">{item.groupName}</Text>
      <Text className="sentiment-incident__preview">{item.preview}</Text>
      <Text className="sentiment-incident__meta">
        {item.negatives} 条负面 · {item.senders} 人 · 首条 {agoText(item.firstAt, now ?? Date.now())}
      </Text>
    </View>
  );
}
