import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import type { ArticleDetail, ArticleSummary } from '@shared/contracts/knowledge.contract';
import {
  ARTICLE_AUDIENCE_LABELS,
  ARTICLE_BODY_MAX,
  ARTICLE_CATEGORY_LABELS,
  ARTICLE_STATUS_LABELS,
  ARTICLE_TITLE_MAX,
  MISSING_ANSWER_DAYS,
  type ArticleAudience,
  type ArticleCategory,
  type ArticleStatus,
} from '@shared/domain/knowledge';
import { formatTime } from '@shared/domain/calendar';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { usePaged } from '@/hooks/use-paged';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { confirm, toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { PagedList } from '@/components/paged-list';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { newRequestId } from '@/components/repair-format';
import '@/components/knowledge.scss';

interface Draft {
  articleId?: string;
  requestId?: string;
  title: string;
  body: string;
  category: ArticleCategory;
  audience: ArticleAudience;
  status: 'published' | 'draft';
  keywords: string;
}

const blank = (title = ''): Draft => ({ requestId: newRequestId('kb'), title, body: '', category: 'other', audience: 'all', status: 'published', keywords: '' });
const STATUS_CHOICES = choicesOf(ARTICLE_STATUS_LABELS);

/**
 * 知识库维护 (manager/pages/knowledge-edit/index): the owners' 缺失答案 (searches that found nothing, last
 * 30 days) to write answers for; the articles by status and category; the editor.
 */
export default function KnowledgeEditPage() {
  useSession({ required: true });
  const [status, setStatus] = useState<ArticleStatus>('published');
  const [category, setCategory] = useState<ArticleCategory | 'all'>('all');
  const [draft, setDraft] = useState<Draft | null>(null);
  const missing = useCloud('knowledge', 'missingAnswers');
  const list = usePaged<ArticleSummary>((page) => call('knowledge', 'list', { status, ...(category === 'all' ? {} : { category }), page, pageSize: 20 }), `${status}:${category}`);
  const save = useSubmit();
  const load = useSubmit();

  const edit = async (id: string) => {
    const a = await load.run(() => call('knowledge', 'get', { articleId: id }));
    if (a) setDraft({ articleId: a.id, title: a.title, body: a.body, category: a.category, audience: a.audience, status: a.status === 'draft' ? 'draft' : 'published', keywords: a.keywords.join(' ') });
  };
  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => setDraft((d) => (d ? { ...d, [k]: v } : d));
  const done = (a: ArticleDetail, text: string) => {
    toast(text);
    setDraft(null);
    setStatus(a.status);
    list.reload();
    missing.reload();
  };
  const submit = async () => {
    if (!draft) return;
    const keywords = draft.keywords.split(/[\s,，、;；]+/).filter(Boolean);
    const a = await save.run(() =>
      call('knowledge', 'saveArticle', {
        ...(draft.articleId ? { articleId: draft.articleId } : { requestId: draft.requestId }),
        title: draft.title,
        body: draft.body,
        category: draft.category,
        audience: draft.audience,
        status: draft.status,
        keywords,
      }),
    );
    if (a) done(a, '已保存');
  };
  const archive = async () => {
    if (!draft?.articleId) return;
    if (!(await confirm({ title: '归档条目', content: '归档后业主和员工将搜索不到这条内容，重新保存即可恢复。确定归档吗？', confirmText: '归档', danger: true }))) return;
    const a = await save.run(() => call('knowledge', 'archiveArticle', { articleId: draft.articleId! }));
    if (a) done(a, '已归档');
  };

  if (draft)
    return (
      <View className="page knowledge-edit kb-editor">
        <PageHeader title={draft.articleId ? '编辑条目' : '新建条目'} subtitle="业主和员工在服务指南、知识库中搜索到的答案" />
        <View className="card form">
          <Field label="标题" name="title" required error={save.fieldErrors.title}>
            <Input className="input knowledge-edit__title" value={draft.title} maxlength={ARTICLE_TITLE_MAX} placeholder="如：物业费标准与缴纳方式" onInput={(e) => save.edited('title', set('title'))(e.detail.value)} />
          </Field>
          <Field label="分类" name="category">
            <Choices name="kb-edit-category" options={choicesOf(ARTICLE_CATEGORY_LABELS)} value={draft.category} onChange={set('category')} />
          </Field>
          <Field label="可见范围" name="audience">
            <Choices name="kb-audience" options={choicesOf(ARTICLE_AUDIENCE_LABELS)} value={draft.audience} onChange={set('audience')} />
          </Field>
          <Field label="关键词" name="keywords" hint="业主可能用的说法，用空格或逗号分开，如：交物业费 缴费" error={save.fieldErrors.keywords}>
            <Input className="input knowledge-edit__keywords" value={draft.keywords} maxlength={200} onInput={(e) => set('keywords')(e.detail.value)} />
          </Field>
          <Field label="正文" name="body" required hint="每段一行；金额、时间请写本小区的实际标准" error={save.fieldErrors.body}>
            <Textarea className="textarea knowledge-edit__body" value={draft.body} maxlength={ARTICLE_BODY_MAX} autoHeight placeholder="写清楚标准、流程、所需材料和办理地点" onInput={(e) => save.edited('body', set('body'))(e.detail.value)} />
          </Field>
          <Field label="状态" name="status">
            <Choices name="kb-status" options={[{ value: 'published' as const, label: '发布' }, { value: 'draft' as const, label: '存为草稿' }]} value={draft.status} onChange={set('status')} />
          </Field>
          <FormError error={save.error} shownFields={['title', 'body', 'keywords']} />
          <View className="form-buttons">
            <Button className="btn btn--primary knowledge-edit__save" loading={save.busy} disabled={save.busy || undefined} onClick={submit}>
              保存
            </Button>
            {draft.articleId ? (
              <Button className="btn btn--ghost danger knowledge-edit__archive" disabled={save.busy || undefined} onClick={archive}>
                归档
              </Button>
            ) : null}
            <Button className="btn btn--ghost knowledge-edit__cancel" onClick={() => setDraft(null)}>
              取消
            </Button>
          </View>
        </View>
      </View>
    );

  return (
    <View className="page knowledge-edit">
      <PageHeader title="知识库维护" subtitle="服务指南的答案；业主搜不到的问题在“缺失答案”里" />
      <View className="card kb-missing">
        <Text className="card__title">缺失答案（近{MISSING_ANSWER_DAYS}天）</Text>
        <StateView loading={missing.loading && !missing.data} error={missing.error} onRetry={missing.reload} empty={!!missing.data && missing.data.length === 0} emptyText="业主的搜索都找到了答案">
          {(missing.data ?? []).map((m) => (
            <View key={m.query} className="kb-missing__row" onClick={() => setDraft(blank(m.query.replace(/ /g, '')))}>
              <Text>{m.query}</Text>
              <Text className="muted">
                {m.count} 次 · <Text className="link">写答案 ›</Text>
              </Text>
            </View>
          ))}
        </StateView>
      </View>
      <Button className="btn btn--primary knowledge-edit__new" onClick={() => setDraft(blank())}>
        新建条目
      </Button>
      <Choices name="kb-status-filter" options={STATUS_CHOICES} value={status} onChange={setStatus} />
      <Choices name="kb-category-filter" options={[{ value: 'all' as const, label: '全部' }, ...choicesOf(ARTICLE_CATEGORY_LABELS)]} value={category} onChange={setCategory} />
      <FormError error={load.error} />
      <PagedList
        list={list}
        name="kb-articles"
        emptyText="暂无条目"
        render={(a) => (
          <View key={a.id} className="card card--link kb-row knowledge-edit__row" onClick={() => edit(a.id)}>
            <Text className="kb-row__title">{a.title}</Text>
            <Text className="muted">
              {ARTICLE_CATEGORY_LABELS[a.category]} · {ARTICLE_AUDIENCE_LABELS[a.audience]}
              {a.starter ? ' · 预置' : ''} · 有帮助 {a.helpful} / 没帮助 {a.notHelpful}
            </Text>
            <Text className="muted">
              {a.updatedByName} 更新于 {formatTime(a.updatedAt)}
            </Text>
          </View>
        )}
      />
    </View>
  );
}
