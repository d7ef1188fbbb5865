import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { openPage } from '@/services/navigation';
import { PageHeader } from '@/components/page-header';
import { KnowledgeSearch, queryParam } from '@/components/knowledge-search';

/**
 * 服务指南 (owner/pages/knowledge/index, optional `q`): search the knowledge base in your own words
 * (物业费怎么交), or browse it by category; no answer → 我要咨询.
 */
export default function OwnerKnowledgePage() {
  useSession({ required: true });
  const { params } = useRouter();
  return (
    <View className="page knowledge-page knowledge-page--owner">
      <PageHeader title="服务指南" subtitle="常见问题、收费标准、办事流程，先查一查" />
      <KnowledgeSearch initialQuery={queryParam(params.q)} onOpen={(id) => openPage(routes.owner.article, { id })} emptySearchText="没有找到相关内容，换个说法试试，或直接咨询物业" />
      <View className="kb-ask">
        <Text className="muted">没找到答案？</Text>
        <Button className="btn btn--ghost kb-ask__button" onClick={() => openPage(routes.owner.inquiryNew)}>
          我要咨询
        </Button>
      </View>
    </View>
  );
}
