import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { formatTime } from '@shared/domain/calendar';
import { INQUIRY_CHANNEL_LABELS, INQUIRY_COMMENT_MAX, INQUIRY_STATUS_LABELS, INQUIRY_TOPIC_LABELS, promiseText, RATING_LABELS } from '@shared/domain/desk';
import { routes } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { InfoRow } from '@/components/info-row';
import { FormError } from '@/components/form-field';
import { RepairPhotos } from '@/components/repair-photos';
import { InquiryReplies, InquiryStatusTag, InquiryTimeline } from '@/components/inquiry-tags';
import { RatingStars } from '../../components/rating-stars';

/**
 * 咨询详情 (owner/pages/inquiry/index?id=…): where the question stands, the agent's quick feedback
 * and written answer, the repair or complaint it became, the timeline; stars once answered.
 */
export default function InquiryDetailPage() {
  const { params } = useRouter();
  const inquiryId = params.id ?? '';
  useSession({ required: true });
  const inquiry = useCloud('desk', 'get', { inquiryId }, { skip: !inquiryId });
  const rater = useSubmit();
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const detail = inquiry.data;

  const rate = async () => {
    if (!stars) return rater.fail({ stars: '请选择1～5星' });
    const next = await rater.run(() => call('desk', 'rate', { inquiryId, stars, ...(comment.trim() ? { comment: comment.trim() } : {}) }));
    if (!next) return;
    toast('感谢您的评价');
    inquiry.set(next);
  };

  return (
    <View className="page complaint-page inquiry-detail">
      <PageHeader title="咨询详情" subtitle={detail ? `编号 ${detail.inquiryNo}` : undefined} />
      {!inquiryId ? <Text className="muted">缺少咨询编号，请从“我的咨询”进入。</Text> : null}
      <StateView loading={inquiry.loading && !detail} error={inquiry.error} onRetry={inquiry.reload}>
        {detail ? (
          <>
            <View className={`card inquiry-detail__head inquiry-detail__head--${detail.status}`}>
              <View className="complaint-row__main">
                <Text className="card__title inquiry-detail__status">{INQUIRY_STATUS_LABELS[detail.status]}</Text>
                <InquiryStatusTag status={detail.status} />
              </View>
              <Text className="muted">
                {INQUIRY_TOPIC_LABELS[detail.topic]} · {INQUIRY_CHANNEL_LABELS[detail.channel]} · {formatTime(detail.createdAt)}
              </Text>
              {detail.status === 'received' || detail.status === 'acknowledged' ? (
                <Text className="inquiry-promise inquiry-detail__promise">
                  客服承诺 {promiseText(detail.promise.ackMinutes)}内受理、{promiseText(detail.promise.answerHours * 60)}内答复（{formatTime(detail.deadlines.answer)}前）
                </Text>
              ) : null}
              {detail.conversion ? (
                <Text
                  className="link inquiry-detail__conversion"
                  onClick={() => (detail.conversion?.kind === 'repair' ? openPage(routes.owner.repair, { id: detail.conversion.id }) : openPage(routes.owner.complaint, { id: detail.conversion?.id ?? '' }))}
                >
                  {detail.conversion.kind === 'repair' ? '已转为报修' : '已转为投诉'}：{detail.conversion.no} ›
                </Text>
              ) : null}
            </View>

            <InquiryReplies detail={detail} scope="inquiry-detail" answerTitle="客服答复" onOpenArticle={(id) => openPage(routes.owner.article, { id })} />

            {detail.actions.includes('rate') ? (
              <View className="card inquiry-detail__rate">
                <Text className="card__title">这次答复您满意吗？</Text>
                <RatingStars value={stars} onChange={rater.edited('stars', setStars)} name="inquiry" />
                {stars ? <Text className="muted">{RATING_LABELS[stars]}</Text> : null}
                <Input className="input inquiry-detail__comment" value={comment} maxlength={INQUIRY_COMMENT_MAX} placeholder="说说您的建议（选填）" onInput={(e) => setComment(e.detail.value)} />
                <FormError error={rater.error} shownFields={['stars', 'comment']} />
                {rater.fieldErrors.stars ? <Text className="field__error">{rater.fieldErrors.stars}</Text> : null}
                <Button className="btn btn--primary inquiry-detail__rate-submit" loading={rater.busy} disabled={rater.busy || undefined} onClick={rate}>
                  提交评价
                </Button>
              </View>
            ) : null}
            {detail.rating ? (
              <View className="card inquiry-detail__rating">
                <Text className="card__title">我的评价</Text>
                <RatingStars value={detail.rating.stars} name="inquiry-done" />
                {detail.rating.comment ? <Text className="muted">{detail.rating.comment}</Text> : null}
              </View>
            ) : null}

            <View className="card inquiry-detail__body">
              <Text className="card__title">咨询内容</Text>
              <InfoRow label="房屋" className="complaint-info">
                <Text>{detail.location}</Text>
              </InfoRow>
              <InfoRow label="问题" className="complaint-info">
                <Text className="inquiry-detail__text">{detail.text}</Text>
              </InfoRow>
              {detail.photos.length > 0 ? (
                <InfoRow label={`照片（${detail.photos.length}）`} className="complaint-info">
                  <RepairPhotos photos={detail.photos} name="inquiry" />
                </InfoRow>
              ) : null}
            </View>

            <View className="card inquiry-detail__history">
              <Text className="card__title">处理进度</Text>
              <InquiryTimeline history={detail.history} />
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
