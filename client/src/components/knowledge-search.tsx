import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { Paged } from '@shared/contracts/contract';
import type { ArticleSummary, SearchHit } from '@shared/contracts/knowledge.contract';
import { ARTICLE_CATEGORY_LABELS, SEARCH_QUERY_MAX, type ArticleCategory } from '@shared/domain/knowledge';
import { usePaged } from '../hooks/use-paged';
import { call } from '../services/cloud';
import { Choices, choicesOf } from './choices';
import { KnowledgeHitRow } from './knowledge-hits';
import { PagedList } from './paged-list';
import './knowledge.scss';

/** A page's `q` parameter as typed (Taro may hand it still encoded). */
export function queryParam(q: string | undefined): string {
  try {
    return q ? decodeURIComponent(q) : '';
  } catch {
    return q ?? '';
  }
}

type Filter = ArticleCategory | 'all';
const CATEGORY_CHOICES = [{ value: 'all' as const, label: '全部' }, ...choicesOf(ARTICLE_CATEGORY_LABELS)];

/**
 * The knowledge base's search box, categories and results (服务指南 for owners, 知识库 for staff): with
 * a query, the search's hits (matching words highlighted); without, the articles of the category.
 */
export function KnowledgeSearch({ initialQuery = '', onOpen, emptySearchText }: { initialQuery?: string; onOpen: (id: string) => void; emptySearchText: string }) {
  const [draft, setDraft] = useState(initialQuery);
  const [q, setQ] = useState(initialQuery.trim());
  const [category, setCategory] = useState<Filter>('all');
  const cat = category === 'all' ? {} : { category };
  // Only one of the two lists is read: the other answers nothing without a call.
  const none = <T,>(page: number): Promise<Paged<T>> => Promise.resolve({ items: [], total: 0, page, pageSize: 20 });
  const hits = usePaged<SearchHit>((page) => (q ? call('knowledge', 'search', { q, ...cat, page, pageSize: 20 }) : none(page)), `s:${q}:${category}`);
  const browse = usePaged<ArticleSummary>((page) => (q ? none(page) : call('knowledge', 'list', { ...cat, page, pageSize: 20 })), `l:${q ? 'off' : 'on'}:${category}`);
  const submit = () => setQ(draft.trim());

  return (
    <View className="kb">
      <View className="kb-search">
        <Input
          className="input kb-search__input"
          value={draft}
          maxlength={SEARCH_QUERY_MAX}
          confirmType="search"
          placeholder="输入问题，如：物业费怎么交"
          onInput={(e) => {
            setDraft(e.detail.value);
            if (!e.detail.value.trim()) setQ('');
          }}
          onConfirm={submit}
        />
        <Button className="btn btn--primary kb-search__go" onClick={submit}>
          搜索
        </Button>
      </View>
      <Choices name="kb-category" options={CATEGORY_CHOICES} value={category} onChange={setCategory} />
      {q ? (
        <PagedList list={hits} name="kb-hits" emptyText={emptySearchText} render={(h) => <KnowledgeHitRow key={h.id} hit={h} onClick={() => onOpen(h.id)} />} />
      ) : (
        <PagedList
          list={browse}
          name="kb-list"
          emptyText="该分类下暂无内容"
          render={(a) => (
            <View key={a.id} className="card card--link kb-row kb-row--article" onClick={() => onOpen(a.id)}>
              <Text className="kb-row__title">{a.title}</Text>
              <Text className="tag kb-row__category">{ARTICLE_CATEGORY_LABELS[a.category]}</Text>
            </View>
          )}
        />
      )}
    </View>
  );
}
