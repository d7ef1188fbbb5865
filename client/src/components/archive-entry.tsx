import { Text, View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { openPage } from '../services/navigation';

/** 档案 (archives.md "Documents"): the archive of the categories the role reads. On the agent desk, the technician's and the manager's home. */
export function ArchivesEntry() {
  return (
    <View className="entries archive-entry">
      <View className="card card--link entry archive-entry__archives" onClick={() => openPage(routes.staff.archives)}>
        <Text className="card__title">物业档案</Text>
        <Text className="muted">产权资料、制度、业主档案、会议纪要等，按名称、标签、房号查找</Text>
      </View>
    </View>
  );
}
