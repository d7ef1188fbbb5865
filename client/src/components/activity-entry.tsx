import { routes } from '@shared/routes';
import { useCloud } from '../hooks/use-cloud';
import { TaskEntry } from './task-entry';

/** Agent desk: 活动签到, with the number of published activities from today on. */
export function ActivityCheckinsEntry() {
  const list = useCloud('life', 'activityList', { when: 'checkin', page: 1, pageSize: 1 });
  return (
    <TaskEntry
      name="activity-checkins-entry"
      title="活动签到"
      page={routes.staff.activityCheckins}
      waiting={list}
      countText={(n) => `${n} 个活动正在报名或即将举行`}
      emptyText="社区活动现场签到"
      actionText="去签到"
    />
  );
}
