import { Button, View } from '@tarojs/components';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { openPage } from '@/services/navigation';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { ComplaintRow } from '@/components/complaint-tags';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { routes } from '@shared/routes';

/** 我的投诉 (owner/pages/complaints/index): my complaints, newest first; tap one for its progress and the reply. */
export default function MyComplaintsPage() {
  useSession({ required: true });
  const mine = useCloud('complaints', 'mine');
  useReloadOnReturn(mine.reload);
  const items = mine.data ?? [];

  return (
    <View className="page complaint-page my-complaints">
      <PageHeader title="我的投诉" subtitle="查看处理进度和物业的书面答复" />
      <Button className="btn btn--primary my-complaints__new" onClick={() => openPage(routes.owner.complaintNew)}>
        我要投诉
      </Button>
      <StateView loading={mine.loading && !mine.data} error={mine.error} onRetry={mine.reload} empty={!!mine.data && items.length === 0} emptyText="您还没有提交过投诉">
        <View className="my-complaints__list">
          {items.map((c) => (
            <ComplaintRow key={c.id} item={c} className="card my-complaints__item" onClick={() => openPage(routes.owner.complaint, { id: c.id })} />
          ))}
        </View>
      </StateView>
    </View>
  );
}
