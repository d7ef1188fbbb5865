import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { ComplaintDetail } from '@shared/contracts/complaints.contract';
import { COMPLAINT_CATEGORY_LABELS, COMPLAINT_CHANNEL_LABELS, COMPLAINT_STATUS_LABELS } from '@shared/domain/complaints';
import { routes } from '@shared/routes';
import { formatTime } from '@shared/domain/calendar';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { InfoRow } from '@/components/info-row';
import { Field, FormError } from '@/components/form-field';
import { RepairPhotos } from '@/components/repair-photos';
import { ComplaintFollowUpCard, ComplaintReplyCard, ComplaintStatusTag, ComplaintTimeline } from '@/components/complaint-tags';

/** 仍不满意: the reason, then the complaint is handled again. */
function UnhappyForm({ complaintId, onDone, onClose }: { complaintId: string; onDone: (next: ComplaintDetail) => void; onClose: () => void }) {
  const submit = useSubmit();
  const [reason, setReason] = useState('');
  const send = async () => {
    if (reason.trim().length < 2) return submit.fail({ reason: '请说明仍不满意的原因' });
    const next = await submit.run(() => call('complaints', 'unhappy', { complaintId, reason: reason.trim() }));
    if (!next) return;
    toast('已反馈，物业会重新处理');
    onDone(next);
  };
  return (
    <View className="card complaint-detail__unhappy-form">
      <Text className="card__title">仍不满意</Text>
      <Field label="原因" name="unhappy-reason" required error={submit.fieldErrors.reason}>
        <Input
          className="input complaint-detail__unhappy-reason"
          value={reason}
          maxlength={300}
          placeholder="请说明哪里仍不满意，物业会重新处理"
          onInput={(e) => submit.edited('reason', setReason)(e.detail.value)}
        />
      </Field>
      <FormError error={submit.error} shownFields={['reason']} />
      <View className="form-buttons">
        <Button className="btn btn--ghost" size="mini" onClick={onClose}>
          返回
        </Button>
        <Button className="btn btn--primary complaint-detail__unhappy-submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
          提交
        </Button>
      </View>
    </View>
  );
}

/**
 * 投诉详情 (owner/pages/complaint/index?id=…): where it stands, the written reply, the follow-up,
 * the history; the buttons the server allows now (对答复满意 / 仍不满意).
 */
export default function ComplaintDetailPage() {
  const { params } = useRouter();
  const complaintId = params.id ?? '';
  useSession({ required: true });
  const complaint = useCloud('complaints', 'get', { complaintId }, { skip: !complaintId });
  const confirmer = useSubmit();
  const [unhappy, setUnhappy] = useState(false);
  const detail = complaint.data;
  const can = (a: ComplaintDetail['actions'][number]) => !!detail?.actions.includes(a);

  const updated = (next: ComplaintDetail) => {
    complaint.set(next);
    setUnhappy(false);
  };
  const confirmReply = async () => {
    const next = await confirmer.run(() => call('complaints', 'confirm', { complaintId }));
    if (!next) return;
    toast('感谢您的确认');
    updated(next);
  };

  return (
    <View className="page complaint-page complaint-detail">
      <PageHeader title="投诉详情" subtitle={detail ? `编号 ${detail.caseNo}` : undefined} />
      {!complaintId ? <Text className="muted">缺少投诉编号，请从“我的投诉”进入。</Text> : null}
      <StateView loading={complaint.loading && !detail} error={complaint.error} onRetry={complaint.reload}>
        {detail ? (
          <>
            <View className={`card complaint-detail__head complaint-detail__head--${detail.status}`}>
              <View className="complaint-row__main">
                <Text className="card__title complaint-detail__status">{COMPLAINT_STATUS_LABELS[detail.status]}</Text>
                <ComplaintStatusTag status={detail.status} />
              </View>
              <Text className="muted complaint-detail__no">
                {detail.caseNo} · {COMPLAINT_CHANNEL_LABELS[detail.channel]} · {formatTime(detail.createdAt)}
              </Text>
              {detail.handlerName ? <Text className="complaint-detail__handler">负责人：{detail.handlerName}</Text> : null}
              {detail.closedAt ? <Text className="muted complaint-detail__closed">结案于 {formatTime(detail.closedAt)}</Text> : null}
            </View>

            {detail.reply ? <ComplaintReplyCard reply={detail.reply} /> : null}

            {can('confirm') || can('unhappy') ? (
              <View className="card complaint-actions complaint-detail__actions">
                <Text className="muted">对物业的答复满意吗？</Text>
                <View className="complaint-actions__buttons">
                  {can('confirm') ? (
                    <Button className="btn btn--primary complaint-detail__confirm" size="mini" loading={confirmer.busy} disabled={confirmer.busy || undefined} onClick={confirmReply}>
                      对答复满意
                    </Button>
                  ) : null}
                  {can('unhappy') ? (
                    <Button className="btn btn--ghost complaint-detail__unhappy" size="mini" onClick={() => setUnhappy((v) => !v)}>
                      仍不满意
                    </Button>
                  ) : null}
                </View>
                <FormError error={confirmer.error} />
              </View>
            ) : null}
            {unhappy && can('unhappy') ? <UnhappyForm complaintId={complaintId} onDone={updated} onClose={() => setUnhappy(false)} /> : null}

            {detail.followUp ? <ComplaintFollowUpCard followUp={detail.followUp} owner /> : null}

            <View className="card complaint-detail__body">
              <Text className="card__title">投诉内容</Text>
              <InfoRow label="类别" className="complaint-info complaint-info--category">
                <Text>{COMPLAINT_CATEGORY_LABELS[detail.category]}</Text>
              </InfoRow>
              <InfoRow label="涉及房屋" className="complaint-info complaint-info--location">
                <Text>{detail.location}</Text>
              </InfoRow>
              <InfoRow label="内容" className="complaint-info complaint-info--description">
                <Text className="complaint-detail__description">{detail.description}</Text>
              </InfoRow>
              {detail.photos.length > 0 ? (
                <InfoRow label={`照片（${detail.photos.length}）`} className="complaint-info complaint-info--photos">
                  <RepairPhotos photos={detail.photos} name="complaint" />
                </InfoRow>
              ) : null}
              {detail.relatedRepair ? (
                <InfoRow label="相关报修单" className="complaint-info complaint-info--repair">
                  <Text className="link complaint-detail__repair" onClick={() => openPage(routes.owner.repair, { id: detail.relatedRepair?.id ?? '' })}>
                    {detail.relatedRepair.orderNo} ›
                  </Text>
                </InfoRow>
              ) : null}
              <InfoRow label="联系人" className="complaint-info complaint-info--contact">
                <Text>
                  {detail.contactName} {detail.contactPhone}
                </Text>
              </InfoRow>
            </View>

            <View className="card complaint-detail__history">
              <Text className="card__title">处理记录</Text>
              <ComplaintTimeline history={detail.history} />
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
