import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { UnitFileEntry } from '@shared/contracts/archives.contract';
import { localDay } from '@shared/domain/calendar';
import { canWriteCategory } from '@shared/domain/archives';
import { routes } from '@shared/routes';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { ArchiveRow } from '@/components/archive-row';
import { useReloadOnReturn } from '@/components/reload-on-return';
import '@/components/archives.scss';

function Entries({ title, entries, empty }: { title: string; entries: UnitFileEntry[]; empty: string }) {
  return (
    <View className="card unit-archive__section">
      <Text className="card__title">
        {title}（{entries.length}）
      </Text>
      {entries.length ? (
        entries.map((x, i) => (
          <View key={i} className="unit-archive__entry card--link" onClick={() => Taro.navigateTo({ url: `/${x.page}` })}>
            <View className="archive-version__main">
              <Text className="archive-version__name">{x.title}</Text>
              <Text className="muted">{localDay(x.at)}</Text>
            </View>
            <Text className="archive-tag">{x.status}</Text>
          </View>
        ))
      ) : (
        <Text className="muted">{empty}</Text>
      )}
    </View>
  );
}

/**
 * 业主档案 of a unit (archives.md "Documents"): the papers archived for it (category 业主档案), and what
 * move-in (入伙手续书, 入住资料) and renovation (申请, 许可证, 验收) hold for it, each opening its page.
 */
export default function UnitArchivePage() {
  const session = useSession({ required: true });
  const { params } = useRouter();
  const unitId = params.unitId ?? '';
  const file = useCloud('archives', 'unitFile', { unitId }, { skip: !unitId });
  useReloadOnReturn(file.reload);
  const f = file.data;
  const canAdd = canWriteCategory(session?.me.roles ?? [], 'owner');
  return (
    <View className="page unit-archive">
      <PageHeader title="业主档案" subtitle={f ? `${f.unitLabel} · 档案${f.counts.documents}份 · 入住${f.counts.moveIn}项 · 装修${f.counts.renovation}项` : undefined} />
      <StateView loading={file.loading} error={file.error} onRetry={file.reload}>
        {f ? (
          <>
            <View className="card unit-archive__section">
              <Text className="card__title">档案资料（{f.counts.documents}）</Text>
              {f.documents.length ? (
                f.documents.map((d) => <ArchiveRow key={d.id} doc={d} onOpen={(id) => openPage(routes.staff.archive, { id })} />)
              ) : (
                <Text className="muted">还没有归档的资料</Text>
              )}
              {canAdd ? (
                <Button className="btn unit-archive__add" size="mini" onClick={() => openPage(routes.staff.archiveNew, { category: 'owner', unitId })}>
                  添加档案
                </Button>
              ) : null}
            </View>
            <Entries title="入住资料" entries={f.moveIn} empty="没有入住办理记录" />
            <Entries title="装修资料" entries={f.renovation} empty="没有装修记录" />
          </>
        ) : null}
      </StateView>
    </View>
  );
}
