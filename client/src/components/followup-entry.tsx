import { useCloud } from '../hooks/use-cloud';
import { TaskEntry } from './task-entry';
import { routes } from '@shared/routes';

/** Agent desk and manager home: the way to 回访任务, with the number still to call. */
export function FollowupsEntry() {
  const open = useCloud('followups', 'list', { status: 'open', page: 1, pageSize: 1 });
  return (
    <TaskEntry
      name="followups-entry"
      title="回访任务"
      page={routes.staff.followups}
      waiting={open}
      countText={(n) => `有 ${n} 位业主待回访`}
      emptyText="暂无待回访的业主"
      actionText="去回访"
    />
  );
}
