import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { ARCHIVE_CATEGORY_HINTS, ARCHIVE_CATEGORY_LABELS, ARCHIVE_QUERY_MAX, canWriteCategory, readableCategories, type ArchiveCategory } from '@shared/domain/archives';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { ArchiveRow } from '@/components/archive-row';
import '@/components/archives.scss';

type Tab = ArchiveCategory | 'all';

/**
 * 物业档案 (archives.md "Documents"): the categories the role reads as tabs (全部 first), a search box
 * (name, tag, room), the tags in use as chips, the paged list newest first; 新建档案 for those who add.
 */
export default function ArchivesPage() {
  const session = useSession({ required: true });
  const roles = session?.me.roles ?? [];
  const readable = readableCategories(roles);
  const { params } = useRouter();
  const start = readable.find((c) => c === params.category);
  const [tab, setTab] = useState<Tab>(start ?? 'all');
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [tag, setTag] = useState('');
  const category = tab === 'all' ? undefined : tab;
  const list = usePaged(
    (page) => call('archives', 'list', { ...(category ? { category } : {}), ...(q ? { q } : {}), ...(tag ? { tag } : {}), page, pageSize: 20 }),
    `${tab}|${q}|${tag}`,
  );
  const tags = useCloud('archives', 'tags', category ? { category } : {});
  useReloadOnReturn(() => {
    list.reload();
    tags.reload();
  });
  const writable = readable.filter((c) => canWriteCategory(roles, c));
  const tabs = [{ value: 'all' as Tab, label: '全部' }, ...readable.map((c) => ({ value: c as Tab, label: ARCHIVE_CATEGORY_LABELS[c] }))];
  return (
    <View className="page archives">
      <PageHeader title="物业档案" subtitle={category ? ARCHIVE_CATEGORY_HINTS[category] : '按类别查阅，可按名称、标签、房号搜索'} />
      {writable.length ? (
        <Button className="btn btn--primary archives__new" onClick={() => openPage(routes.staff.archiveNew, writable.includes(category as ArchiveCategory) ? { category } : {})}>
          新建档案
        </Button>
      ) : null}
      <View className="tabs archives__tabs">
        <Choices name="archive-category" options={tabs} value={tab} onChange={(v) => (setTab(v), setTag(''))} />
      </View>
      <View className="archives__search">
        <Input
          className="archives__search-input"
          value={draft}
          maxlength={ARCHIVE_QUERY_MAX}
          confirmType="search"
          placeholder="搜索名称、标签或房号"
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={() => setQ(draft.trim())}
        />
        <Button className="btn archives__search-btn" size="mini" onClick={() => setQ(draft.trim())}>
          搜索
        </Button>
      </View>
      {tags.data?.tags.length ? (
        <View className="archive-tags archives__chips">
          {tags.data.tags.map((t) => (
            <Text key={t} className={`archive-tag ${tag === t ? 'archive-tag--active' : ''}`} onClick={() => setTag(tag === t ? '' : t)}>
              {t}
            </Text>
          ))}
        </View>
      ) : null}
      <PagedList
        list={list}
        name="archives"
        emptyText={q || tag ? '没有找到符合条件的档案' : '这个类别还没有档案'}
        render={(d) => <ArchiveRow key={d.id} doc={d} onOpen={(id) => openPage(routes.staff.archive, { id })} />}
      />
    </View>
  );
}
