import { routes } from '@shared/routes';
import { useCloud } from '../hooks/use-cloud';
import { TaskEntry } from './task-entry';

/** Agent desk: 装修管理, with the number of applications waiting for review (待审核). */
export function RenovationsEntry() {
  const waiting = useCloud('renovation', 'list', { status: 'submitted', page: 1, pageSize: 1 });
  return (
    <TaskEntry
      name="renovations-entry"
      title="装修管理"
      page={routes.staff.renovations}
      waiting={waiting}
      countText={(n) => `有 ${n} 份装修申请待审核`}
      emptyText="暂无待审核的装修申请；代业主申请也从这里办理"
      actionText="装修管理"
    />
  );
}
