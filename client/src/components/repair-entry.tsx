import { useCloud } from '../hooks/use-cloud';
import { TaskEntry } from './task-entry';
import { routes } from '@shared/routes';

/** Agent desk: the way to 报修工单, with the number of orders still open. */
export function RepairsEntry() {
  const open = useCloud('repairs', 'list', { state: 'open', page: 1, pageSize: 1 });
  return (
    <TaskEntry
      name="repairs-entry"
      title="报修工单"
      page={routes.staff.repairs}
      waiting={open}
      countText={(n) => `有 ${n} 张报修工单正在处理`}
      emptyText="暂无进行中的报修工单"
      actionText="查看工单"
    />
  );
}
