import { useCloud } from '../hooks/use-cloud';
import { TaskEntry } from './task-entry';

export const STAFF_REPAIRS_PAGE = '/staff/pages/repairs/index';
export const STAFF_REPAIR_PAGE = '/staff/pages/repair/index';
export const STAFF_REPAIR_NEW_PAGE = '/staff/pages/repair-new/index';

/** Agent desk: the way to 报修工单, with the number of orders still open. */
export function RepairsEntry() {
  const open = useCloud('repairs', 'list', { state: 'open', page: 1, pageSize: 1 });
  return (
    <TaskEntry
      name="repairs-entry"
      title="报修工单"
      page={STAFF_REPAIRS_PAGE}
      waiting={open}
      countText={(n) => `有 ${n} 张报修工单正在处理`}
      emptyText="暂无进行中的报修工单"
      actionText="查看工单"
    />
  );
}
