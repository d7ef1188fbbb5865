import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { ARTICLE_CATEGORY_LABELS } from '@shared/domain/knowledge';
import { formatTime } from '@shared/domain/calendar';
import { routes } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { FormError } from '@/components/form-field';
import { ArticleBody } from '@/components/knowledge-hits';

/** 服务指南 article (owner/pages/article/index?id=…): the answer, 有帮助 / 没帮助, and 我要咨询 when it did not help. */
export default function OwnerArticlePage() {
  useSession({ required: true });
  const { params } = useRouter();
  const articleId = params.id ?? '';
  const article = useCloud('knowledge', 'get', { articleId }, { skip: !articleId });
  const vote = useSubmit();
  const a = article.data;

  const rate = async (helpful: boolean) => {
    const next = await vote.run(() => call('knowledge', 'feedback', { articleId, helpful }));
    if (!next) return;
    article.set(next);
    toast('感谢您的反馈');
  };

  return (
    <View className="page knowledge-page article-page">
      <PageHeader title={a?.title ?? '服务指南'} subtitle={a ? `${ARTICLE_CATEGORY_LABELS[a.category]} · 更新于 ${formatTime(a.updatedAt)}` : undefined} />
      {!articleId ? <Text className="muted">缺少条目编号，请从“服务指南”进入。</Text> : null}
      <StateView loading={article.loading && !a} error={article.error} onRetry={article.reload}>
        {a ? (
          <View>
            <View className="card article-page__card">
              <ArticleBody body={a.body} />
            </View>
            <View className="card article-page__feedback">
              <Text className="card__title">这条内容对您有帮助吗？</Text>
              <View className="kb-feedback">
                <Button className={`btn ${a.myFeedback === true ? 'btn--primary' : 'btn--ghost'} article-page__helpful`} disabled={vote.busy || undefined} onClick={() => rate(true)}>
                  有帮助
                </Button>
                <Button className={`btn ${a.myFeedback === false ? 'btn--primary' : 'btn--ghost'} article-page__not-helpful`} disabled={vote.busy || undefined} onClick={() => rate(false)}>
                  没帮助
                </Button>
              </View>
              <FormError error={vote.error} />
              {a.myFeedback === false ? (
                <View className="kb-ask">
                  <Text className="muted">还有疑问？可以直接咨询物业，我们会在承诺时间内答复。</Text>
                  <Button className="btn btn--ghost article-page__ask" onClick={() => openPage(routes.owner.inquiryNew)}>
                    我要咨询
                  </Button>
                </View>
              ) : null}
            </View>
          </View>
        ) : null}
      </StateView>
    </View>
  );
}
