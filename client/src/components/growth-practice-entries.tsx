import { Text, View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { openPage } from '../services/navigation';
import { useSession } from '../hooks/use-session';

/** The 员工成长 hub's practice & figures entries: 情景演练 (all staff), 我的服务数据 (agents and managers). */
export function GrowthPracticeEntries() {
  const roles = useSession()?.me.roles ?? [];
  return (
    <>
      <View className="card card--link growth__drills" onClick={() => openPage(routes.staff.drills)}>
        <Text className="card__title">情景演练</Text>
        <Text className="muted">漏水投诉、拒交物业费、称呼错误……写下回复，马上看到点评（规则检查，仅供参考）</Text>
        <Text className="link card__text">去练习 ›</Text>
      </View>
      {roles.includes('agent') || roles.includes('manager') ? (
        <View className="card card--link growth__my-figures" onClick={() => openPage(routes.staff.myFigures)}>
          <Text className="card__title">我的服务数据</Text>
          <Text className="muted">我的响应用时、处理量和业主评价，对比团队中位数</Text>
          <Text className="link card__text">查看 ›</Text>
        </View>
      ) : null}
    </>
  );
}
