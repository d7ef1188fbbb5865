import { Text, View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { openPage } from '../services/navigation';

/** Manager home: the way to 员工服务数据 (each agent's figures of the month against the team's median). */
export function StaffFiguresEntry() {
  return (
    <View className="card card--link staff-figures-entry" onClick={() => openPage(routes.manager.staffFigures)}>
      <Text className="card__title">员工服务数据</Text>
      <Text className="muted">每位客服的咨询、投诉、回访和业主评价，对比团队中位数</Text>
      <Text className="link card__text">查看 ›</Text>
    </View>
  );
}
