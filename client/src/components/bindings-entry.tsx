import { useCloud } from '../hooks/use-cloud';
import { TaskEntry } from './task-entry';
import { routes } from '@shared/routes';

/** Agent desk and manager home: the way to 业主绑定审核, with the number waiting. */
export function BindingsEntry() {
  const pending = useCloud('binding', 'tasks', { status: 'pending', page: 1, pageSize: 1 });
  return (
    <TaskEntry
      name="bindings-entry"
      title="业主绑定审核"
      page={routes.staff.bindings}
      waiting={pending}
      countText={(n) => `有 ${n} 条绑定申请待审核`}
      emptyText="暂无待审核的绑定申请"
      actionText="去审核"
    />
  );
}

/** Agent, cashier and manager desks: people WeChat could not reach, to be called. */
export function CallTasksEntry() {
  const open = useCloud('messaging', 'callTasks', { status: 'open', page: 1, pageSize: 1 });
  return (
    <TaskEntry name="calls-entry" title="电话通知" page={routes.staff.calls} waiting={open} countText={(n) => `有 ${n} 位住户需要电话通知`} emptyText="暂无需要电话通知的住户" actionText="去通知" />
  );
}
