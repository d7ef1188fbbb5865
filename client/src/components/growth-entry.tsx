import { Text, View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { useCloud } from '../hooks/use-cloud';
import { openPage } from '../services/navigation';

/** Staff desks: 员工成长, with my onboarding progress (我的入职学习). */
export function GrowthEntry() {
  const hub = useCloud('growth', 'courses', {});
  const o = hub.data?.onboarding;
  const text = hub.error ? hub.error.message : !o ? '课程学习、情景演练、我的服务数据' : o.required && o.done < o.required ? `入职学习 ${o.done}/${o.required}，下一课：${o.next?.title ?? ''}` : '入职必修已完成，继续学习更多课程';
  return (
    <View className="card card--link growth-entry" onClick={() => openPage(routes.staff.growth)}>
      <View className="unit-row__main">
        <Text className="card__title">员工成长</Text>
        {o && o.required && o.done < o.required ? <Text className="badge growth-entry__count">{o.percent}%</Text> : null}
      </View>
      <Text className="muted">{text}</Text>
      <Text className="link card__text">去学习 ›</Text>
    </View>
  );
}
