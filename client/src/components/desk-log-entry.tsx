import { Text, View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { useCloud } from '../hooks/use-cloud';
import { openPage } from '../services/navigation';
import { TaskEntry } from './task-entry';

/** 来电来访登记 on the staff desks: the number of open follow-ups; and 门岗核验 (放行条) beside it. */
export function ContactsEntry({ gate = true }: { gate?: boolean }) {
  const waiting = useCloud('desk', 'contacts', { followUp: true, page: 1, pageSize: 1 });
  return (
    <>
      <TaskEntry
        name="contacts-entry"
        title="来电来访登记"
        page={routes.staff.contacts}
        waiting={waiting}
        countText={(n) => `有 ${n} 条待跟进`}
        emptyText="登记来电、来访和微信沟通"
        actionText="去登记"
      />
      {gate ? (
        <View className="card card--link gate-entry" onClick={() => openPage(routes.staff.gate)}>
          <Text className="card__title">门岗核验</Text>
          <Text className="muted">核对放行条编码，放行搬出物品</Text>
        </View>
      ) : null}
    </>
  );
}
