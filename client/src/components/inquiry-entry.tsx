import { useCloud } from '../hooks/use-cloud';
import { TaskEntry } from './task-entry';
import { routes } from '@shared/routes';

/** Agent desk: the way to 咨询, with the number of inquiries still waiting for an acknowledgement or answer. */
export function InquiriesEntry() {
  const open = useCloud('desk', 'list', { status: 'open', page: 1, pageSize: 1 });
  return (
    <TaskEntry
      name="inquiries-entry"
      title="咨询"
      page={routes.staff.inquiries}
      waiting={open}
      countText={(n) => `有 ${n} 条咨询待受理或答复`}
      emptyText="暂无待处理的咨询"
      actionText="处理咨询"
    />
  );
}
