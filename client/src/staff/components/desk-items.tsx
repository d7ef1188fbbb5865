import { Text, View } from '@tarojs/components';
import type { DeskItem } from '@shared/contracts/dashboard.contract';
import { DESK_ITEM_KIND_LABELS, DESK_URGENCY_LABELS } from '@shared/domain/dashboard';
import { routes } from '@shared/routes';
import { useCloud } from '@/hooks/use-cloud';
import { openPage } from '@/services/navigation';
import { deadlineText } from '@/components/repair-format';
import { useReloadOnReturn } from '@/components/reload-on-return';
import './desk-items.scss';

function open(item: DeskItem) {
  if (item.kind === 'incident') openPage(routes.staff.incident, { id: item.id });
  else if (item.kind === 'repair') openPage(routes.staff.repair, { id: item.id });
  else openPage(routes.staff.complaint, { id: item.id });
}

function ItemRow({ item, now }: { item: DeskItem; now: number }) {
  const due = item.dueAt ? deadlineText(item.dueAt, now) : null;
  return (
    <View className={`desk-item desk-item--${item.kind}${item.urgent ? ' desk-item--urgent' : ''}`} data-id={item.id} onClick={() => open(item)}>
      <View className="desk-item__main">
        <Text className="desk-item__title">{item.title}</Text>
        <Text className={`desk-item__tag${item.urgent ? ' desk-item__tag--urgent' : ''}`}>{item.urgent ? DESK_URGENCY_LABELS[item.urgent] : DESK_ITEM_KIND_LABELS[item.kind]}</Text>
      </View>
      {item.detail ? <Text className="desk-item__detail">{item.detail}</Text> : null}
      {due ? <Text className={`desk-item__due${due.overdue ? ' desk-item__due--overdue' : ''}`}>{due.text}</Text> : null}
    </View>
  );
}

/**
 * The top of a staff desk: 紧急 sentiment incidents and breached deadlines in a red banner, then
 * the rest of the open work by due time (dashboard.desk orders them on the server). Nothing when
 * the desk is empty.
 */
export function DeskItems({ urgentOnly = false }: { urgentOnly?: boolean }) {
  const desk = useCloud('dashboard', 'desk');
  useReloadOnReturn(desk.reload);
  const d = desk.data;
  if (!d || (d.urgent.length === 0 && (urgentOnly || d.items.length === 0))) return null;
  const now = Date.now();
  return (
    <>
      {d.urgent.length ? (
        <View className="desk-urgent">
          <Text className="desk-urgent__title">紧急待办 {d.urgent.length} 项</Text>
          {d.urgent.map((item) => (
            <ItemRow key={`${item.kind}-${item.id}`} item={item} now={now} />
          ))}
        </View>
      ) : null}
      {!urgentOnly && d.items.length ? (
        <View className="card desk-todo">
          <Text className="card__title">待办（按到期时间）</Text>
          {d.items.map((item) => (
            <ItemRow key={`${item.kind}-${item.id}`} item={item} now={now} />
          ))}
        </View>
      ) : null}
    </>
  );
}
