import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { NoticeView } from '@shared/contracts/notices.contract';
import { NOTICE_KIND_LABELS, NOTICE_MACHINE } from '@shared/domain/notices';
import { chineseDate, formatTime, localDay } from '@shared/domain/calendar';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { InfoRow } from '@/components/info-row';
import { NoticePaper } from '@/components/notice-paper';
import { NoticeTags } from '@/components/notice-tags';
import { NoticeHistory } from '@/components/notice-history';
import { NoticeEdit, NoticeWithdraw } from '@/components/notice-edit';
import { NoticeStats, NoticeUnread } from '@/components/notice-stats';
import { NoticeBoards } from '@/components/notice-boards';

type Panel = 'edit' | 'withdraw' | null;

/**
 * 通知详情 (manager/pages/notice/index?id=…): the notice as owners see it, its revisions and
 * history, who read it, the units that have not (important and emergency notices) with their call
 * tasks, and 修改 / 撤回.
 */
export default function NoticeDetailPage() {
  const { params } = useRouter();
  const noticeId = params.id ?? '';
  const session = useSession({ required: true });
  const notice = useCloud('notices', 'get', { noticeId }, { skip: !noticeId });
  const [panel, setPanel] = useState<Panel>(null);
  const [round, setRound] = useState(0);
  const n = notice.data;
  const isManager = !!session?.me.roles.includes('manager');
  // The buttons the notice's state allows (the server refuses the others the same way).
  const can = new Set(n ? NOTICE_MACHINE.allowed(n.status) : []);

  const updated = (next: NoticeView) => {
    notice.set(next);
    setPanel(null);
    setRound((r) => r + 1);
  };

  return (
    <View className="page notice-detail">
      <PageHeader title="通知详情" subtitle={n ? `${NOTICE_KIND_LABELS[n.kind]} · 第 ${n.revision} 版` : undefined} />
      {!noticeId ? <Text className="muted">缺少通知编号，请从“通知公告”进入。</Text> : null}
      <StateView loading={notice.loading && !n} error={notice.error} onRetry={notice.reload}>
        {n ? (
          <>
            <View className={`card notice-detail__head notice-detail__head--${n.status}`}>
              <View className="unit-row__main">
                <Text className="card__title notice-detail__title">{n.title}</Text>
                <NoticeTags category={n.category} pinned={n.pinned} status={n.status} />
              </View>
              <InfoRow label={n.status === 'scheduled' ? '定时发布' : '发布时间'} className="notice-detail__info notice-detail__info--publish">
                <Text className="notice-detail__publish-at">{formatTime(n.publishAt)}</Text>
              </InfoRow>
              <InfoRow label="发送对象" className="notice-detail__info notice-detail__info--target">
                <Text className="notice-detail__target">
                  {n.targetText}（{n.units} 户）
                </Text>
              </InfoRow>
              <InfoRow label="有效期" className="notice-detail__info notice-detail__info--expiry">
                <Text>{n.expiresAt ? `至 ${formatTime(n.expiresAt)}` : '长期有效'}</Text>
              </InfoRow>
              <InfoRow label="版本" className="notice-detail__info notice-detail__info--revision">
                <Text className="notice-detail__revision">第 {n.revision} 版</Text>
              </InfoRow>
              {can.size ? (
                <View className="repair-detail__buttons notice-detail__buttons">
                  {can.has('update') ? (
                    <Button className="btn btn--ghost notice-detail__edit" size="mini" onClick={() => setPanel(panel === 'edit' ? null : 'edit')}>
                      修改
                    </Button>
                  ) : null}
                  {can.has('withdraw') ? (
                    <Button className="btn btn--danger notice-detail__withdraw" size="mini" onClick={() => setPanel(panel === 'withdraw' ? null : 'withdraw')}>
                      撤回
                    </Button>
                  ) : null}
                </View>
              ) : null}
            </View>

            {panel === 'edit' && can.has('update') ? <NoticeEdit notice={n} onDone={updated} onClose={() => setPanel(null)} /> : null}
            {panel === 'withdraw' && can.has('withdraw') ? <NoticeWithdraw notice={n} onDone={updated} onClose={() => setPanel(null)} /> : null}

            <View className="card notice-detail__paper">
              <NoticePaper name="detail" title={n.title} body={n.body} signature={n.signature} date={chineseDate(localDay(n.publishAt))} />
            </View>

            {n.status === 'published' ? <NoticeStats key={`stats-${round}`} noticeId={n.id} /> : null}
            {n.status === 'published' && n.category !== 'normal' ? <NoticeUnread key={`unread-${round}`} noticeId={n.id} canCall={isManager} /> : null}

            {n.status !== 'scheduled' ? <NoticeBoards notice={{ id: n.id, title: n.title }} canPost={n.status === 'published'} /> : null}

            <View className="card notice-detail__history">
              <Text className="card__title">发布记录</Text>
              <NoticeHistory history={n.history} />
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
