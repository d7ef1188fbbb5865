import { useCloud } from '../hooks/use-cloud';
import { TaskEntry } from './task-entry';
import { routes } from '@shared/routes';

/** Agent desk: the way to 投诉处理, with the number of complaints still open. */
export function ComplaintsEntry() {
  const open = useCloud('complaints', 'list', { status: 'open', page: 1, pageSize: 1 });
  return (
    <TaskEntry
      name="complaints-entry"
      title="投诉处理"
      page={routes.staff.complaints}
      waiting={open}
      countText={(n) => `有 ${n} 件投诉正在处理`}
      emptyText="暂无待处理的投诉"
      actionText="处理投诉"
    />
  );
}
