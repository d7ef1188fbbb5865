import { useCloud } from '../hooks/use-cloud';
import { TaskEntry } from './task-entry';
import { routes } from '@shared/routes';

/** Agent desk and manager home: the way to 舆情事件, with the number of incidents not yet resolved. */
export function SentimentEntry() {
  const active = useCloud('sentiment', 'incidents', { status: 'active', page: 1, pageSize: 1 });
  return (
    <TaskEntry
      name="sentiment-entry"
      title="业主群舆情"
      page={routes.staff.incidents}
      waiting={active}
      countText={(n) => `有 ${n} 起舆情事件待处理`}
      emptyText="暂无待处理的舆情事件"
      actionText="查看舆情事件"
    />
  );
}
