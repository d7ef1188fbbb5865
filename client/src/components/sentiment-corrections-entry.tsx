import { useCloud } from '../hooks/use-cloud';
import { TaskEntry } from './task-entry';
import { routes } from '@shared/routes';

/** Manager home, beside 业主群舆情: the way to 词库纠正, with the number of corrections waiting for review. */
export function SentimentCorrectionsEntry() {
  const pending = useCloud('sentiment', 'corrections', { status: 'pending', page: 1, pageSize: 1 });
  return (
    <TaskEntry
      name="sentiment-corrections-entry"
      title="舆情词库纠正"
      page={routes.staff.sentimentCorrections}
      waiting={pending}
      countText={(n) => `有 ${n} 条纠正待审核`}
      emptyText="暂无待审核的纠正，可查看本小区词库"
      actionText="审核纠正"
    />
  );
}
