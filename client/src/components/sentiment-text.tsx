import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { GroupMessageView } from '@shared/contracts/sentiment.contract';
import type { Evidence } from '@shared/domain/sentiment';
import { formatShortTime } from '@shared/domain/calendar';
import { LevelTag } from './sentiment-tags';
import './sentiment.scss';

/** How a piece of evidence is shown: red/bold (negative, escalation), green (calming), underlined (topic). */
export type Mark = 'negative' | 'escalation' | 'positive' | 'topic';

export interface Segment {
  text: string;
  marks: Mark[];
}

/** Escalation wins over negative, negative over positive, all over a topic (when spans overlap). */
const PRIORITY: Record<Mark, number> = { escalation: 0, negative: 1, positive: 2, topic: 3 };

function markOf(e: Evidence): Mark {
  if (e.kind === 'escalation') return 'escalation';
  if (e.kind === 'topic') return 'topic';
  // A negated term counts the other way (不满意 → negative, 不差 → calming): the sign of its weight says which.
  if (e.kind === 'positive') return e.weight > 0 ? 'negative' : 'positive';
  return e.weight < 0 ? 'positive' : 'negative';
}

/**
 * The text cut into plain and marked pieces by the evidence offsets: sorted by start (then by
 * priority, longer first); a span overlapping the previous one is merged into it when it has the
 * same mark, adds `topic` when it is a topic inside it, and is skipped otherwise.
 */
export function highlightSegments(text: string, evidence: readonly Evidence[]): Segment[] {
  const spans = evidence
    .map((e) => ({ start: Math.max(0, e.start), end: Math.min(text.length, e.end), mark: markOf(e) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || PRIORITY[a.mark] - PRIORITY[b.mark] || b.end - a.end);
  const kept: { start: number; end: number; marks: Mark[] }[] = [];
  for (const s of spans) {
    const last = kept[kept.length - 1];
    if (!last || s.start >= last.end) {
      kept.push({ start: s.start, end: s.end, marks: [s.mark] });
      continue;
    }
    if (last.marks[0] === s.mark) last.end = Math.max(last.end, s.end);
    else if (s.mark === 'topic' && s.end <= last.end && !last.marks.includes('topic')) last.marks.push('topic');
  }
  const out: Segment[] = [];
  let at = 0;
  for (const k of kept) {
    if (k.start > at) out.push({ text: text.slice(at, k.start), marks: [] });
    out.push({ text: text.slice(k.start, k.end), marks: k.marks });
    at = k.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), marks: [] });
  return out;
}

/** A message's text with its evidence highlighted. */
export function SentimentText({ text, evidence, className = '' }: { text: string; evidence: readonly Evidence[]; className?: string }) {
  return (
    <Text className={`sentiment-text ${className}`}>
      {highlightSegments(text, evidence).map((s, i) =>
        s.marks.length ? (
          <Text key={i} className={`sentiment-mark ${s.marks.map((m) => `sentiment-mark--${m}`).join(' ')}`}>
            {s.text}
          </Text>
        ) : (
          <Text key={i}>{s.text}</Text>
        ),
      )}
    </Text>
  );
}

/**
 * One group message: who (and which owner, when known), when, its level, the lexicon that judged
 * it (when the view names it), the highlighted text; `action` (e.g. 纠正) sits at the head's end.
 */
export function GroupMessage({ message, className = '', action }: { message: GroupMessageView; className?: string; action?: ReactNode }) {
  const lexicon = message.lexicon;
  return (
    <View className={`sentiment-message ${message.negative ? 'sentiment-message--negative' : ''} ${className}`} data-id={message.messageId}>
      <View className="sentiment-message__head">
        <Text className="sentiment-message__nickname">{message.nickname}</Text>
        <LevelTag level={message.level} />
        <Text className="sentiment-message__time">{formatShortTime(message.sentAt)}</Text>
        {action}
      </View>
      {lexicon ? <Text className="sentiment-message__lexicon">词库：{lexicon}</Text> : null}
      {message.owner ? (
        <Text className="sentiment-message__owner">
          业主：{message.owner.name}
          {message.owner.unitLabel ? ` · ${message.owner.unitLabel}` : ''}
        </Text>
      ) : null}
      <SentimentText text={message.text} evidence={message.evidence} className="sentiment-message__text" />
    </View>
  );
}
