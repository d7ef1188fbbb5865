import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { SearchHit } from '@shared/contracts/knowledge.contract';
import type { InquiryDeadline, InquiryDetail, InquiryHistoryEntry, InquirySummary } from '@shared/contracts/desk.contract';
import { formatShortTime, formatTime } from '@shared/domain/calendar';
import { INQUIRY_CHANNEL_LABELS, INQUIRY_EVENT_LABELS, INQUIRY_STAGE_LABELS, INQUIRY_STATUS_LABELS, INQUIRY_TOPIC_LABELS, type InquiryStatus } from '@shared/domain/desk';
import { call } from '../services/cloud';
import { deadlineText } from './repair-format';
import { CaseTimeline } from './complaint-tags';
import './complaint.scss';
import './inquiry.scss';

/** The inquiry's status as a coloured tag (`inquiry-status--<status>`). */
export function InquiryStatusTag({ status }: { status: InquiryStatus }) {
  return <Text className={`tag inquiry-status inquiry-status--${status}`}>{INQUIRY_STATUS_LABELS[status]}</Text>;
}

/** The promise due next: '承诺受理 12-04 10:00 · 剩余 20 分钟' (red once overdue, amber once warned). */
export function InquiryDeadlineLine({ deadline, now }: { deadline: InquiryDeadline; now?: number }) {
  const left = deadlineText(deadline.at, now);
  const overdue = deadline.overdue || left.overdue;
  return (
    <Text className={`complaint-deadline inquiry-deadline ${overdue ? 'complaint-deadline--overdue' : deadline.warned ? 'complaint-deadline--warned' : ''}`}>
      承诺{INQUIRY_STAGE_LABELS[deadline.stage]} {formatShortTime(deadline.at)} · {left.text}
    </Text>
  );
}

interface RowProps {
  item: InquirySummary;
  onClick?: () => void;
  className?: string;
  /** Staff lists: the promise due next, the caller and the handler. */
  staff?: boolean;
  now?: number;
}

/** One inquiry in a list: number, status, topic, the question, when (and for staff the promise and marks). */
export function InquiryRow({ item, onClick, className = '', staff, now }: RowProps) {
  const overdue = !!item.deadline?.overdue;
  return (
    <View className={`complaint-row inquiry-row inquiry-row--${item.status} ${onClick ? 'complaint-row--link' : ''} ${className}`} data-id={item.id} onClick={onClick}>
      <View className="complaint-row__main">
        <Text className="complaint-row__no">{item.inquiryNo}</Text>
        <InquiryStatusTag status={item.status} />
      </View>
      <Text className="complaint-row__title">
        {INQUIRY_TOPIC_LABELS[item.topic]}
        {staff ? ` · ${item.location}` : ''}
      </Text>
      <Text className="complaint-row__desc">{item.text}</Text>
      <Text className="complaint-row__meta">
        {INQUIRY_CHANNEL_LABELS[item.channel]} · {formatTime(item.createdAt)}
        {staff ? ` · ${item.callerName}${item.handlerName ? ` · 处理人：${item.handlerName}` : ''}` : ''}
        {item.stars ? ` · ${'★'.repeat(item.stars)}` : ''}
      </Text>
      {staff && item.deadline ? <InquiryDeadlineLine deadline={item.deadline} now={now} /> : null}
      {staff && (overdue || item.breached) ? (
        <View className="complaint-marks">
          {overdue ? <Text className="tag complaint-mark complaint-mark--overdue">已超时</Text> : <Text className="tag complaint-mark complaint-mark--breached">曾超时</Text>}
        </View>
      ) : null}
    </View>
  );
}

/** The inquiry's history, oldest first (a status timeline the owner reads top to bottom). */
export function InquiryTimeline({ history }: { history: InquiryHistoryEntry[] }) {
  return <CaseTimeline block="inquiry-timeline" entries={history.map((h) => ({ at: h.at, byName: h.byName, note: h.note, event: h.event, label: `${INQUIRY_EVENT_LABELS[h.event]} · ${INQUIRY_STATUS_LABELS[h.to]}` }))} />;
}

/** The knowledge base's answers for `q` (knowledge.search), re-asked 400 ms after the text stops changing. */
export function useKnowledgeSearch(q: string, pageSize = 3): { hits: SearchHit[]; loading: boolean } {
  const [state, setState] = useState<{ q: string; hits: SearchHit[]; loading: boolean }>({ q: '', hits: [], loading: false });
  const query = q.trim().slice(0, 50);
  useEffect(() => {
    if (query.length < 2) {
      setState({ q: query, hits: [], loading: false });
      return undefined;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      call('knowledge', 'search', { q: query, page: 1, pageSize }).then(
        (res) => live && setState({ q: query, hits: res.items, loading: false }),
        () => live && setState({ q: query, hits: [], loading: false }),
      );
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, pageSize]);
  return { hits: state.hits, loading: state.loading };
}

/** A search hit's passage with its highlights marked (`inquiry-kb__mark`). */
export function Highlighted({ text, ranges, className }: { text: string; ranges: [number, number][]; className?: string }) {
  const parts: { text: string; on: boolean }[] = [];
  let at = 0;
  for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (from < at) continue;
    if (from > at) parts.push({ text: text.slice(at, from), on: false });
    parts.push({ text: text.slice(from, to), on: true });
    at = to;
  }
  if (at < text.length) parts.push({ text: text.slice(at), on: false });
  return (
    <Text className={className}>
      {parts.map((p, i) =>
        p.on ? (
          <Text key={i} className="inquiry-kb__mark">
            {p.text}
          </Text>
        ) : (
          p.text
        ),
      )}
    </Text>
  );
}

/**
 * The written answer, then the acknowledgement (快速反馈), as cards: on the owner's page (`scope`
 * inquiry-detail; the cited article opens with `onOpenArticle`) and the agent's (inquiry-staff).
 */
export function InquiryReplies({ detail, scope, answerTitle, onOpenArticle }: { detail: Pick<InquiryDetail, 'answer' | 'ack'>; scope: 'inquiry-detail' | 'inquiry-staff'; answerTitle: string; onOpenArticle?: (id: string) => void }) {
  const { answer, ack } = detail;
  const article = answer?.article;
  return (
    <>
      {answer ? (
        <View className={`card inquiry-answer ${scope}__answer`}>
          <Text className="card__title">{answerTitle}</Text>
          <Text className="inquiry-answer__text">{answer.text}</Text>
          {article ? (
            onOpenArticle ? (
              <Text className={`inquiry-answer__meta ${scope}__article link`} onClick={() => onOpenArticle(article.id)}>
                参考：《{article.title}》 ›
              </Text>
            ) : (
              <Text className={`inquiry-answer__meta ${scope}__article`}>引用知识库：《{article.title}》</Text>
            )
          ) : null}
          <Text className="inquiry-answer__meta">
            {answer.byName} · {formatTime(answer.at)}
          </Text>
        </View>
      ) : null}
      {ack ? (
        <View className={`card inquiry-answer inquiry-answer--ack ${scope}__ack`}>
          <Text className="card__title">受理反馈</Text>
          <Text className="inquiry-answer__text">{ack.text}</Text>
          <Text className="inquiry-answer__meta">
            {ack.byName} · {formatTime(ack.at)}
          </Text>
        </View>
      ) : null}
    </>
  );
}
