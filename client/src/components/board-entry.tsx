import { routes } from '@shared/routes';
import { useCloud } from '../hooks/use-cloud';
import { TaskEntry } from './task-entry';

/** Agent desk: 宣传栏, with the number of postings past their removal date still up. */
export function BoardsEntry() {
  const check = useCloud('life', 'boardCheck', {});
  const waiting = { data: check.data ? { total: check.data.toTakeDown } : undefined, error: check.error, reload: check.reload };
  return (
    <TaskEntry
      name="boards-entry"
      title="宣传栏"
      page={routes.staff.boards}
      waiting={waiting}
      countText={(n) => `有 ${n} 份张贴已到期，请撤下`}
      emptyText="各宣传栏张贴内容、每周检查"
      actionText="去查看"
    />
  );
}
