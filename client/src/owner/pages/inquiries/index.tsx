import { Button, View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { InquiryRow } from '@/components/inquiry-tags';
import { useReloadOnReturn } from '@/components/reload-on-return';

/** 我的咨询 (owner/pages/inquiries/index): my questions, newest first; tap one for the answer. */
export default function MyInquiriesPage() {
  useSession({ required: true });
  const list = usePaged((page) => call('desk', 'mine', { page, pageSize: 10 }), 'mine');
  useReloadOnReturn(list.reload);
  return (
    <View className="page complaint-page my-inquiries">
      <PageHeader title="我的咨询" subtitle="查看客服的受理反馈和答复" />
      <Button className="btn btn--primary my-inquiries__new" onClick={() => openPage(routes.owner.inquiryNew)}>
        我要咨询
      </Button>
      <PagedList
        list={list}
        name="my-inquiries"
        emptyText="您还没有提交过咨询"
        render={(i) => <InquiryRow key={i.id} item={i} className="card my-inquiries__item" onClick={() => openPage(routes.owner.inquiry, { id: i.id })} />}
      />
    </View>
  );
}
