import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { NOTICE_KIND_LABELS } from '@shared/domain/notices';
import { chineseDate, formatTime, localDay } from '@shared/domain/calendar';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { NoticePaper } from '@/components/notice-paper';
import { NoticeTags } from '@/components/notice-tags';

/** 通知详情 (owner/pages/notice/index?id=…): the notice as posted; opening it marks it read. */
export default function OwnerNoticePage() {
  const { params } = useRouter();
  const noticeId = params.id ?? '';
  useSession({ required: true });
  const notice = useCloud('notices', 'open', { noticeId }, { skip: !noticeId });
  const n = notice.data;

  return (
    <View className="page notice-detail notice-detail--owner">
      <PageHeader title={n ? NOTICE_KIND_LABELS[n.kind] : '通知详情'} />
      {!noticeId ? <Text className="muted">缺少通知编号，请从“通知公告”进入。</Text> : null}
      <StateView loading={notice.loading && !n} error={notice.error} onRetry={notice.reload}>
        {n ? (
          <View className={`card notice-detail__card notice-detail__card--${n.category}`}>
            <View className="unit-row__main notice-detail__meta">
              <Text className="muted notice-detail__publish-at">发布于 {formatTime(n.publishAt)}</Text>
              <NoticeTags category={n.category} pinned={n.pinned} />
            </View>
            {n.updated ? <Text className="tag notice-updated notice-detail__updated">已更新{n.updatedAt ? ` · ${formatTime(n.updatedAt)}` : ''}</Text> : null}
            <NoticePaper name="owner" title={n.title} body={n.body} signature={n.signature} date={chineseDate(localDay(n.publishAt))} />
            {n.link ? (
              <Button className="btn btn--primary notice-detail__link" onClick={() => void Taro.navigateTo({ url: `/${n.link?.path ?? ''}` }).catch(() => undefined)}>
                {n.link.label}
              </Button>
            ) : null}
          </View>
        ) : null}
      </StateView>
    </View>
  );
}
