import { Text, View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { openPage } from '../services/navigation';

/** Agent desk: the way to 知识库 (search answers and 话术 while on the phone). */
export function KnowledgeEntry() {
  return (
    <View className="card card--link knowledge-entry" onClick={() => openPage(routes.staff.knowledge)}>
      <Text className="card__title">知识库与话术</Text>
      <Text className="muted">答复前查一查：收费标准、办事流程、电话话术</Text>
      <Text className="link card__text">查找答案 ›</Text>
    </View>
  );
}
