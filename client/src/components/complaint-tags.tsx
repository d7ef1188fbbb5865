import { Text, View } from '@tarojs/components';
import type { ComplaintDeadline, ComplaintDetail, ComplaintHistoryEntry, ComplaintSummary } from '@shared/contracts/complaints.contract';
import {
  COMPLAINT_CATEGORY_LABELS,
  COMPLAINT_CHANNEL_LABELS,
  COMPLAINT_EVENT_LABELS,
  COMPLAINT_STAGE_LABELS,
  COMPLAINT_STATUS_LABELS,
  COMPLAINT_VALIDITY_LABELS,
  type ComplaintStatus,
} from '@shared/domain/complaints';
import { FOLLOW_UP_METHOD_LABELS, FOLLOW_UP_OUTCOME_LABELS } from '@shared/domain/followups';
import { formatShortTime, formatTime } from '@shared/domain/calendar';
import { deadlineText } from './repair-format';
import './complaint.scss';

/** The complaint's status as a coloured tag (`complaint-status--<status>`). */
export function ComplaintStatusTag({ status }: { status: ComplaintStatus }) {
  return <Text className={`tag complaint-status complaint-status--${status}`}>{COMPLAINT_STATUS_LABELS[status]}</Text>;
}

/** The deadline running now: '书面答复时限 12-04 10:00 · 剩余 6 天 20 小时' (red once overdue, amber once warned). */
export function ComplaintDeadlineLine({ deadline, now }: { deadline: ComplaintDeadline; now?: number }) {
  const left = deadlineText(deadline.at, now);
  const overdue = deadline.overdue || left.overdue;
  return (
    <Text className={`complaint-deadline ${overdue ? 'complaint-deadline--overdue' : deadline.warned ? 'complaint-deadline--warned' : ''}`}>
      {COMPLAINT_STAGE_LABELS[deadline.stage]}时限 {formatShortTime(deadline.at)} · {left.text}
    </Text>
  );
}

/** 紧急 / 曾超时 / 重开 N 次 / 有效·无效 marks (nothing when there is none). */
export function ComplaintMarks({ item, showValidity = true }: { item: ComplaintSummary; showValidity?: boolean }) {
  const overdue = !!item.deadline?.overdue;
  if (!item.urgent && !item.breached && !overdue && !item.reopenCount && !(showValidity && item.validity)) return null;
  return (
    <View className="complaint-marks">
      {item.urgent ? <Text className="tag complaint-mark complaint-mark--urgent">紧急</Text> : null}
      {overdue ? <Text className="tag complaint-mark complaint-mark--overdue">已超时</Text> : null}
      {item.breached && !overdue ? <Text className="tag complaint-mark complaint-mark--breached">曾超时</Text> : null}
      {item.reopenCount > 0 ? <Text className="tag complaint-mark complaint-mark--reopened">重开 {item.reopenCount} 次</Text> : null}
      {showValidity && item.validity ? <Text className={`tag complaint-mark complaint-mark--${item.validity}`}>{COMPLAINT_VALIDITY_LABELS[item.validity]}</Text> : null}
    </View>
  );
}

interface RowProps {
  item: ComplaintSummary;
  onClick?: () => void;
  /** Names the row in class names (`complaints-list__item`…) for tests and styles. */
  className?: string;
  /** Staff lists: the running deadline, the owner and the handler. */
  staff?: boolean;
  now?: number;
}

/** One complaint in a list: status, case number, category, where, when (and for staff the deadline and marks). */
export function ComplaintRow({ item, onClick, className = '', staff, now }: RowProps) {
  return (
    <View className={`complaint-row complaint-row--${item.status} ${onClick ? 'complaint-row--link' : ''} ${className}`} data-id={item.id} onClick={onClick}>
      <View className="complaint-row__main">
        <Text className="complaint-row__no">{item.caseNo}</Text>
        <ComplaintStatusTag status={item.status} />
      </View>
      <Text className="complaint-row__title">
        {COMPLAINT_CATEGORY_LABELS[item.category]} · {item.location}
      </Text>
      <Text className="complaint-row__desc">{item.description}</Text>
      <Text className="complaint-row__meta">
        {COMPLAINT_CHANNEL_LABELS[item.channel]} · {formatTime(item.createdAt)}
        {/* The state tag says 待受理; the meta line only names the handler once there is one. */}
        {staff ? ` · ${item.ownerName}${item.handlerName ? ` · 负责人：${item.handlerName}` : ''}` : ''}
      </Text>
      {staff && item.deadline ? <ComplaintDeadlineLine deadline={item.deadline} now={now} /> : null}
      {staff ? <ComplaintMarks item={item} /> : null}
    </View>
  );
}

/** One entry of a case's history as the timeline shows it. */
export interface TimelineEntry {
  at: string;
  byName: string;
  note?: string;
  /** '受理 · 处理中': the event and the status it led to. */
  label: string;
  /** Modifier of the item's class (`<block>__item--<event>`). */
  event: string;
}

/**
 * A case's history as a timeline (dot, what happened, when and who, the note): complaints and
 * inquiries. `block` adds its own class names beside the shared complaint-timeline ones.
 */
export function CaseTimeline({ entries, block }: { entries: TimelineEntry[]; block?: string }) {
  return (
    <View className={`complaint-timeline${block ? ` ${block}` : ''}`}>
      {entries.map((h, i) => (
        <View
          key={`${h.at}-${i}`}
          className={`complaint-timeline__item complaint-timeline__item--${h.event}${block ? ` ${block}__item ${block}__item--${h.event}` : ''}`}
        >
          <View className="complaint-timeline__dot" />
          <View className="complaint-timeline__body">
            <Text className="complaint-timeline__event">{h.label}</Text>
            <Text className="complaint-timeline__meta">
              {formatTime(h.at)} · {h.byName}
            </Text>
            {h.note ? <Text className="complaint-timeline__note">{h.note}</Text> : null}
          </View>
        </View>
      ))}
    </View>
  );
}

/** The complaint's history, newest first: what happened, who, when, and the note. */
export function ComplaintTimeline({ history }: { history: ComplaintHistoryEntry[] }) {
  const entries = [...history].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return <CaseTimeline entries={entries.map((h) => ({ at: h.at, byName: h.byName, note: h.note, event: h.event, label: `${COMPLAINT_EVENT_LABELS[h.event]} · ${COMPLAINT_STATUS_LABELS[h.to]}` }))} />;
}

/** The written reply to the owner, highlighted. */
export function ComplaintReplyCard({ reply, validity }: { reply: NonNullable<ComplaintDetail['reply']>; validity?: ComplaintDetail['validity'] }) {
  return (
    <View className="card complaint-reply">
      <View className="complaint-row__main">
        <Text className="card__title">物业书面答复</Text>
        {validity ? <Text className={`tag complaint-mark complaint-mark--${validity}`}>{COMPLAINT_VALIDITY_LABELS[validity]}</Text> : null}
      </View>
      <Text className="complaint-reply__content">{reply.content}</Text>
      <Text className="muted complaint-reply__meta">
        {reply.byName} · {formatTime(reply.at)}
      </Text>
    </View>
  );
}

/** The follow-up (回访): due by when, or how it went. */
export function ComplaintFollowUpCard({ followUp, owner }: { followUp: NonNullable<ComplaintDetail['followUp']>; owner?: boolean }) {
  const done = followUp.status === 'done';
  return (
    <View className={`card complaint-followup complaint-followup--${followUp.status}`}>
      <Text className="card__title">回访</Text>
      {done ? (
        <>
          <View className="complaint-row__main">
            <Text className={`tag complaint-followup__outcome complaint-followup__outcome--${followUp.outcome ?? 'none'}`}>
              {followUp.outcome ? FOLLOW_UP_OUTCOME_LABELS[followUp.outcome] : '已回访'}
            </Text>
            <Text className="muted">
              {followUp.method ? FOLLOW_UP_METHOD_LABELS[followUp.method] : ''} · {followUp.doneByName ?? ''} · {formatTime(followUp.doneAt)}
            </Text>
          </View>
          {followUp.note ? <Text className="complaint-followup__note">{followUp.note}</Text> : null}
        </>
      ) : (
        <Text className="muted complaint-followup__due">
          {owner ? `物业将在 ${formatTime(followUp.dueAt)} 前回访您；如对答复满意，也可直接点击“对答复满意”，物业确认后结案。` : `回访期限 ${formatTime(followUp.dueAt)}`}
        </Text>
      )}
    </View>
  );
}
