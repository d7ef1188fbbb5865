import { localDay } from '@shared/domain/calendar';
import { routes } from '@shared/routes';
import { useCloud } from '../hooks/use-cloud';
import { TaskEntry } from './task-entry';

/** Agent desk: 入住办理, with the number of move-ins booked for today. */
export function MoveInsEntry() {
  const today = useCloud('movein', 'cases', { day: localDay(new Date()), page: 1, pageSize: 1 });
  return (
    <TaskEntry
      name="moveins-entry"
      title="入住办理"
      page={routes.staff.moveins}
      waiting={today}
      countText={(n) => `今天有 ${n} 户预约办理入住`}
      emptyText="今天没有预约入住；零散入住也从这里办理"
      actionText="办理入住"
    />
  );
}
