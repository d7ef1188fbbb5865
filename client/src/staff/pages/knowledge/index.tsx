import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { ARTICLE_AUDIENCE_LABELS, ARTICLE_CATEGORY_LABELS } from '@shared/domain/knowledge';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { KnowledgeSearch, queryParam } from '@/components/knowledge-search';
import { ArticleBody } from '@/components/knowledge-hits';
import { ScriptPanel } from '@/components/script-panel';

/**
 * 知识库 for staff (staff/pages/knowledge/index, optional `q`): search the articles while answering
 * (staff-only ones too), read one in place and copy its text into a reply; the phone and common 话术.
 */
export default function StaffKnowledgePage() {
  useSession({ required: true });
  const { params } = useRouter();
  const [open, setOpen] = useState<string | null>(null);
  const article = useCloud('knowledge', 'get', { articleId: open ?? '' }, { skip: !open });
  const a = open ? article.data : undefined;
  const copy = (text: string) =>
    Taro.setClipboardData({ data: text })
      .then(() => toast('已复制，可粘贴到答复中'))
      .catch(() => toast('复制失败，请长按手动复制'));

  return (
    <View className="page knowledge-page knowledge-page--staff">
      <PageHeader title="知识库" subtitle="答复业主前先查一查，统一口径" />
      {open ? (
        <StateView loading={article.loading && !a} error={article.error} onRetry={article.reload}>
          {a && a.id === open ? (
            <View className="card knowledge-page__article">
              <Text className="card__title">{a.title}</Text>
              <Text className="muted">
                {ARTICLE_CATEGORY_LABELS[a.category]} · {ARTICLE_AUDIENCE_LABELS[a.audience]}
              </Text>
              <ArticleBody body={a.body} />
              <View className="kb-feedback">
                <Button className="btn btn--primary knowledge-page__copy" onClick={() => copy(a.body)}>
                  复制内容
                </Button>
                <Button className="btn btn--ghost knowledge-page__back" onClick={() => setOpen(null)}>
                  返回结果
                </Button>
              </View>
            </View>
          ) : null}
        </StateView>
      ) : null}
      <View style={open ? { display: 'none' } : undefined}>
        <KnowledgeSearch initialQuery={queryParam(params.q)} onOpen={setOpen} emptySearchText="知识库里还没有相关内容，可请主管补充" />
        <ScriptPanel context={{ context: 'phone' }} title="电话接听话术" />
        <ScriptPanel context={{ context: 'general' }} title="常用服务语言" />
      </View>
    </View>
  );
}
