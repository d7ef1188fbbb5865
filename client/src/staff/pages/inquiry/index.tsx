import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { InquiryDetail } from '@shared/contracts/desk.contract';
import { formatTime } from '@shared/domain/calendar';
import { INQUIRY_CHANNEL_LABELS, INQUIRY_TOPIC_LABELS, promiseText, RATING_LABELS } from '@shared/domain/desk';
import { routes } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { openPage } from '@/services/navigation';
import { dial, toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { InfoRow } from '@/components/info-row';
import { RepairPhotos } from '@/components/repair-photos';
import { InquiryDeadlineLine, InquiryReplies, InquiryStatusTag, InquiryTimeline } from '@/components/inquiry-tags';
import { ScriptPanel } from '@/components/script-panel';
import { AckForm, AnswerForm, AssignForm, CloseForm, ConvertForm } from '../../components/inquiry-actions';

type Panel = 'acknowledge' | 'answer' | 'repair' | 'complaint' | 'assign' | 'close';

const DONE_TOAST: Record<Panel, string> = {
  acknowledge: '已发送反馈',
  answer: '已答复业主',
  repair: '已转为报修',
  complaint: '已转为投诉',
  assign: '已转交',
  close: '已关闭',
};

/**
 * 咨询详情 for staff (staff/pages/inquiry/index?id=…): the question, the promise due next, the caller
 * to call back, and the buttons the server allows now: 快速反馈 / 答复 (引用知识库) / 转报修 /
 * 转投诉 / 转交 / 关闭.
 */
export default function StaffInquiryPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const session = useSession({ required: true });
  const inquiry = useCloud('desk', 'get', { inquiryId: id }, { skip: !id });
  const [panel, setPanel] = useState<Panel | null>(null);
  const detail = inquiry.data;
  const can = (a: InquiryDetail['actions'][number]) => !!detail?.actions.includes(a);
  const buttons: { panel: Panel; label: string; primary: boolean; shown: boolean }[] = [
    { panel: 'acknowledge', label: '快速反馈', primary: true, shown: can('acknowledge') },
    { panel: 'answer', label: '答复', primary: true, shown: can('answer') },
    { panel: 'repair', label: '转报修', primary: false, shown: can('convert') },
    { panel: 'complaint', label: '转投诉', primary: false, shown: can('convert') },
    { panel: 'assign', label: '转交', primary: false, shown: can('assign') },
    { panel: 'close', label: '关闭', primary: false, shown: can('close') },
  ];

  const done = (p: Panel) => (next: InquiryDetail) => {
    inquiry.set(next);
    setPanel(null);
    toast(DONE_TOAST[p]);
  };
  const forms = detail ? { inquiry: detail, onCancel: () => setPanel(null) } : undefined;

  return (
    <View className="page complaint-page inquiry-staff">
      <PageHeader title={detail ? `${INQUIRY_TOPIC_LABELS[detail.topic]} · ${detail.location}` : '咨询详情'} subtitle={detail ? `咨询编号 ${detail.inquiryNo}` : undefined} />
      {!id ? <Text className="muted">缺少咨询编号，请从咨询列表进入。</Text> : null}
      <StateView loading={inquiry.loading && !detail} error={inquiry.error} onRetry={inquiry.reload}>
        {detail && forms ? (
          <>
            <View className="card inquiry-staff__summary">
              <View className="complaint-row__main">
                <InquiryStatusTag status={detail.status} />
                <Text className="muted">
                  {INQUIRY_CHANNEL_LABELS[detail.channel]} · {formatTime(detail.createdAt)}
                </Text>
              </View>
              <Text className="inquiry-staff__text">{detail.text}</Text>
              {detail.deadline ? <InquiryDeadlineLine deadline={detail.deadline} /> : null}
              <Text className="inquiry-promise">
                承诺：{promiseText(detail.promise.ackMinutes)}内受理，{promiseText(detail.promise.answerHours * 60)}内答复
                {detail.breached ? ' · 曾超时' : ''}
              </Text>
              {detail.conversion ? (
                <Text
                  className="link inquiry-staff__conversion"
                  onClick={() => (detail.conversion?.kind === 'repair' ? openPage(routes.staff.repair, { id: detail.conversion.id }) : openPage(routes.staff.complaint, { id: detail.conversion?.id ?? '' }))}
                >
                  {detail.conversion.kind === 'repair' ? '已转报修' : '已转投诉'}：{detail.conversion.no} ›
                </Text>
              ) : null}
            </View>

            {buttons.some((b) => b.shown) || panel ? (
              <View className="card complaint-actions inquiry-staff__actions">
                {panel === null ? (
                  <View className="complaint-actions__buttons">
                    {buttons
                      .filter((b) => b.shown)
                      .map((b) => (
                        <Button key={b.panel} className={`btn ${b.primary ? 'btn--primary' : 'btn--ghost'} inquiry-staff__${b.panel}`} size="mini" onClick={() => setPanel(b.panel)}>
                          {b.label}
                        </Button>
                      ))}
                  </View>
                ) : null}
                {panel === 'acknowledge' ? <AckForm {...forms} onDone={done('acknowledge')} /> : null}
                {panel === 'answer' ? <AnswerForm {...forms} onDone={done('answer')} /> : null}
                {panel === 'repair' || panel === 'complaint' ? <ConvertForm {...forms} to={panel} onDone={done(panel)} /> : null}
                {panel === 'assign' ? <AssignForm {...forms} myId={session?.me.userId ?? ''} onDone={done('assign')} /> : null}
                {panel === 'close' ? <CloseForm {...forms} onDone={done('close')} /> : null}
              </View>
            ) : null}

            <ScriptPanel context={{ context: 'inquiry', topic: detail.topic }} fill={{ 业主称呼: detail.callerName, ...(session ? { 员工姓名: session.me.name } : {}) }} />

            <InquiryReplies detail={detail} scope="inquiry-staff" answerTitle="答复" />
            {detail.rating ? (
              <View className="card inquiry-staff__rating">
                <Text className="card__title">业主评价</Text>
                <Text className="inquiry-staff__stars">
                  {'★'.repeat(detail.rating.stars)}
                  {'☆'.repeat(5 - detail.rating.stars)} {detail.rating.stars} 分 · {RATING_LABELS[detail.rating.stars]}
                </Text>
                {detail.rating.comment ? <Text className="muted">{detail.rating.comment}</Text> : null}
              </View>
            ) : null}

            <View className="card inquiry-staff__info">
              <Text className="card__title">咨询人</Text>
              <InfoRow label="姓名" className="complaint-info">
                <Text>{detail.callerName}</Text>
              </InfoRow>
              {detail.callerPhone ? (
                <InfoRow label="电话" className="complaint-info">
                  <Text className="link inquiry-staff__phone" onClick={() => dial(detail.callerPhone)}>
                    {detail.callerPhone} 拨打
                  </Text>
                </InfoRow>
              ) : null}
              <InfoRow label="房屋" className="complaint-info">
                <Text>{detail.location}</Text>
              </InfoRow>
              <InfoRow label="处理人" className="complaint-info">
                <Text className={detail.handlerName ? '' : 'muted'}>{detail.handlerName ?? '尚未受理'}</Text>
              </InfoRow>
              {detail.photos.length > 0 ? (
                <InfoRow label="照片" className="complaint-info">
                  <RepairPhotos photos={detail.photos} name="inquiry" />
                </InfoRow>
              ) : null}
            </View>

            <View className="card inquiry-staff__history">
              <Text className="card__title">处理记录</Text>
              <InquiryTimeline history={detail.history} />
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
