import { Text, View } from '@tarojs/components';
import type { ActivitySummary } from '@shared/contracts/life-activity-view';
import { chineseDate } from '@shared/domain/calendar';
import { ACTIVITY_SIGNUP_STATUS_LABELS, ACTIVITY_STATUS_LABELS, type ActivitySignupStatus, type ActivityStatus } from '@shared/domain/life';
import './activity.scss';

export function ActivityStatusTag({ status }: { status: ActivityStatus }) {
  return <Text className={`activity-tag activity-tag--${status}`}>{ACTIVITY_STATUS_LABELS[status]}</Text>;
}

export function SignupStatusTag({ status }: { status: ActivitySignupStatus }) {
  return <Text className={`activity-tag activity-tag--${status}`}>{ACTIVITY_SIGNUP_STATUS_LABELS[status]}</Text>;
}

/** Money in 分 as 元. */
export const yuan = (fen: number) => `${(fen / 100).toFixed(fen % 100 ? 2 : 0)}元`;

/** States whose sign-up figures mean something (a plan still being written or reviewed has none). */
const SIGNUPS_OPENED: ActivityStatus[] = ['published', 'finished', 'cancelled'];

/** An activity in lists: title, status (or my sign-up), time and place, places left; staff see the figures. */
export function ActivityRow({ item, onClick }: { item: ActivitySummary; onClick: () => void }) {
  const f = item.figures;
  return (
    <View className={`card card--link activity-row activity-row--${item.status}`} data-id={item.id} onClick={onClick}>
      <View className="activity-row__main">
        <Text className="activity-row__title">{item.title}</Text>
        {item.mine ? <SignupStatusTag status={item.mine.status} /> : <ActivityStatusTag status={item.status} />}
      </View>
      <Text className="muted activity-row__meta">
        {chineseDate(item.day)} {item.startTime}—{item.endTime} · {item.place}
      </Text>
      {item.status === 'published' && item.capacity ? (
        <Text className="muted activity-row__meta">
          {!item.signupOpen ? '报名已截止' : `${item.placesLeft ? `剩余名额 ${item.placesLeft}/${item.capacity}` : '名额已满，可候补'} · 报名截止 ${chineseDate(item.signupDeadline ?? '')}`}
        </Text>
      ) : null}
      {f && !SIGNUPS_OPENED.includes(item.status) ? <Text className="activity-row__figures">预算 {yuan(f.budgetFen)}</Text> : null}
      {f && SIGNUPS_OPENED.includes(item.status) ? (
        <Text className="activity-row__figures">
          报名 {f.households} 户 {f.places} 人{f.waitingHouseholds ? ` · 候补 ${f.waitingHouseholds} 户` : ''} · 签到 {f.checkedIn}/{f.households}
          {f.spentFen ? ` · 支出 ${yuan(f.spentFen)}/${yuan(f.budgetFen)}` : ` · 预算 ${yuan(f.budgetFen)}`}
          {f.feedback?.average != null ? ` · 满意度 ${f.feedback.average.toFixed(1)}分` : ''}
        </Text>
      ) : null}
    </View>
  );
}
