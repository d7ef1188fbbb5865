import { Text, View } from '@tarojs/components';
import type { MyParkingSpace } from '@shared/contracts/community.contract';
import { chineseDate } from '@shared/domain/calendar';
import { daysLeftText, LEASED_KINDS, PARKING_SPACE_LABELS } from '@shared/domain/parking';
import { routes } from '@shared/routes';
import { useCloud } from '../hooks/use-cloud';
import { TaskEntry } from './task-entry';
import './parking.scss';

/** Leases ending within this many days are "即将到期" (the entry's count and the page's filter). */
export const EXPIRING_WITHIN_DAYS = 30;

/** Agent desk and manager home: the way to 车位管理, with the leases ending within 30 days (or passed). */
export function ParkingEntry() {
  const expiring = useCloud('community', 'parkingSpaces', { expiringWithinDays: EXPIRING_WITHIN_DAYS, page: 1, pageSize: 1 });
  return (
    <TaskEntry
      name="parking-entry"
      title="车位管理"
      page={routes.staff.parking}
      waiting={expiring}
      countText={(n) => `有 ${n} 个车位${EXPIRING_WITHIN_DAYS}天内到期或已过期`}
      emptyText="分配、释放、续租车位"
      actionText="去管理"
    />
  );
}

/** How a space is held, for its owner: '租用 · 至2027年1月31日（还剩12天）'. */
export function spaceHolding(s: Pick<MyParkingSpace, 'kind' | 'leaseEndsOn' | 'daysLeft'>): string {
  if (!LEASED_KINDS.includes(s.kind)) return PARKING_SPACE_LABELS[s.kind];
  if (!s.leaseEndsOn) return `${PARKING_SPACE_LABELS[s.kind]} · 未定到期日`;
  return `${PARKING_SPACE_LABELS[s.kind]} · 至${chineseDate(s.leaseEndsOn)}`;
}

/** The lease's days left as a tag: warning within 30 days, danger once passed. */
export function DaysLeftTag({ daysLeft, name }: { daysLeft: number | undefined; name: string }) {
  if (daysLeft === undefined) return null;
  const tone = daysLeft < 0 ? 'tag--expired' : daysLeft <= EXPIRING_WITHIN_DAYS ? 'tag--expiring' : 'tag--on';
  return <Text className={`tag ${tone} ${name}`}>{daysLeftText(daysLeft)}</Text>;
}

/** My unit's parking spaces (owner home), with the lease end and the days left. */
export function MyParkingSpaces({ spaces }: { spaces: readonly MyParkingSpace[] }) {
  if (!spaces.length) return null;
  return (
    <View className="household__spaces">
      <Text className="household__title">车位</Text>
      {spaces.map((s) => (
        <View key={s.id} className="household__row household__space">
          <Text>
            {s.code} · {spaceHolding(s)}
          </Text>
          <DaysLeftTag daysLeft={s.daysLeft} name="household__space-days" />
        </View>
      ))}
    </View>
  );
}
