import { routes } from '@shared/routes';
import { useCloud } from '../hooks/use-cloud';
import { TaskEntry } from './task-entry';

/** Agent desk: 装修巡查, with the number of patrol tasks due today or overdue (re-inspections included). */
export function RenovationPatrolsEntry() {
  const due = useCloud('renovation', 'patrols', { when: 'due', page: 1, pageSize: 1 });
  return (
    <TaskEntry
      name="renovation-patrols-entry"
      title="装修巡查"
      page={routes.staff.renovationPatrols}
      waiting={due}
      countText={(n) => `今天有 ${n} 项装修巡查/整改复查待完成`}
      emptyText="今天没有待巡查的装修"
      actionText="去巡查"
    />
  );
}
