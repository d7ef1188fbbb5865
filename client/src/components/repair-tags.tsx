import { Text, View } from '@tarojs/components';
import type { RepairDeadline } from '@shared/contracts/repairs.contract';
import { REPAIR_FLAG_LABELS, REPAIR_STATUS_LABELS, SLA_STAGE_LABELS, URGENCY_LABELS, type RepairFlag, type RepairStatus, type Urgency } from '@shared/domain/repairs';
import { formatShortTime } from '@shared/domain/calendar';
import { deadlineText } from './repair-format';

/** The order's status as a coloured tag (`tag--repair-<status>`). */
export function RepairStatusTag({ status }: { status: RepairStatus }) {
  return <Text className={`tag repair-status repair-status--${status}`}>{REPAIR_STATUS_LABELS[status]}</Text>;
}

/** 紧急 / 加急 / 普通 (`repair-urgency--<urgency>`). */
export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  return <Text className={`tag repair-urgency repair-urgency--${urgency}`}>{URGENCY_LABELS[urgency]}</Text>;
}

/** The deadline running now: '接单时限 11-27 14:05 · 剩余 20 分' (red once overdue, amber once warned). */
export function DeadlineLine({ deadline, now }: { deadline: RepairDeadline; now?: number }) {
  const left = deadlineText(deadline.at, now);
  const overdue = deadline.overdue || left.overdue;
  return (
    <Text className={`repair-deadline ${overdue ? 'repair-deadline--overdue' : deadline.warned ? 'repair-deadline--warned' : ''}`}>
      {SLA_STAGE_LABELS[deadline.stage]}时限 {formatShortTime(deadline.at)} · {left.text}
    </Text>
  );
}

/** Flags for the manager's eye, plus 曾超时 / 催单 N 次 / 抢单池 (紧急 is already the urgency tag). */
export function RepairFlags({ flags, breached, urgeCount, inPool }: { flags: RepairFlag[]; breached: boolean; urgeCount: number; inPool?: boolean }) {
  const shown = flags.filter((f) => f !== 'emergency' && !(f === 'overdue' && breached));
  if (!shown.length && !breached && !urgeCount && !inPool) return null;
  return (
    <View className="repair-flags">
      {inPool ? <Text className="tag repair-flag repair-flag--pool">抢单池</Text> : null}
      {breached ? <Text className="tag repair-flag repair-flag--breached">曾超时</Text> : null}
      {urgeCount > 0 ? <Text className="tag repair-flag repair-flag--urged">催单 {urgeCount} 次</Text> : null}
      {shown.map((f) => (
        <Text key={f} className={`tag repair-flag repair-flag--flag repair-flag--${f}`}>
          {REPAIR_FLAG_LABELS[f]}
        </Text>
      ))}
    </View>
  );
}
