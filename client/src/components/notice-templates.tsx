import { Text, View } from '@tarojs/components';
import type { NoticeTemplateView } from '@shared/contracts/notices.contract';
import { routes } from '@shared/routes';
import { NoticeCategoryTag } from './notice-tags';
import { TEMPLATE_GROUPS } from './notice-format';
import { useSession } from '../hooks/use-session';
import { openPage } from '../services/navigation';

/**
 * 选择模板: the library's templates by shelf (常用通知 / 温馨提示 / 通告启事), this community's copies
 * marked 本小区; managers get 编辑 (a copy) / 复制 (a library template) on each.
 */
export function NoticeTemplates({ templates, onChoose }: { templates: readonly NoticeTemplateView[]; onChoose: (t: NoticeTemplateView) => void }) {
  const session = useSession();
  const isManager = !!session?.me.roles.includes('manager');
  const shelved = new Set(TEMPLATE_GROUPS.flatMap((g) => g.kinds));
  const groups = [
    ...TEMPLATE_GROUPS.map((g) => ({ key: g.key, label: g.label, items: templates.filter((t) => g.kinds.includes(t.kind)) })),
    { key: 'other', label: '其他', items: templates.filter((t) => !shelved.has(t.kind)) },
  ].filter((g) => g.items.length > 0);
  return (
    <View className="notice-templates">
      {groups.map((g) => (
        <View key={g.key} className={`card notice-templates__group notice-templates__group--${g.key}`}>
          <Text className="card__title">{g.label}</Text>
          <View className="notice-templates__grid">
            {g.items.map((t) => (
              <View key={t.key} className={`notice-templates__item ${t.custom ? 'notice-templates__item--custom' : ''}`} data-key={t.key} onClick={() => onChoose(t)}>
                <Text className="notice-templates__name">{t.name}</Text>
                <View className="notice-templates__marks">
                  {t.custom ? <Text className="tag tag--on notice-templates__custom">本小区</Text> : null}
                  <NoticeCategoryTag category={t.category} />
                </View>
                {isManager ? (
                  <Text
                    className="link notice-templates__edit"
                    onClick={(e) => {
                      e.stopPropagation();
                      openPage(routes.manager.noticeTemplate, { key: t.key });
                    }}
                  >
                    {t.custom ? '编辑' : '复制并编辑'}
                  </Text>
                ) : null}
              </View>
            ))}
          </View>
        </View>
      ))}
    </View>
  );
}
