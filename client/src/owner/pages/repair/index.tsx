import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import type { RepairDetail } from '@shared/contracts/repairs.contract';
import {
  OPEN_STATUSES,
  RATING_ASPECTS,
  RATING_ASPECT_LABELS,
  REPAIR_AREA_LABELS,
  REPAIR_CHANNEL_LABELS,
  REPAIR_STATUS_LABELS,
  URGE_INTERVAL_MINUTES,
  type RatingAspect,
} from '@shared/domain/repairs';
import { formatTime, formatTimeRange } from '@shared/domain/calendar';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { confirm, dial, toast } from '@/services/ui';
import { InfoRow } from '@/components/info-row';
import { RepairPhotos } from '@/components/repair-photos';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Field, FormError } from '@/components/form-field';
import { DeadlineLine, RepairStatusTag, UrgencyTag } from '@/components/repair-tags';
import { RepairTimeline } from '@/components/repair-timeline';
import { RatingStars } from '../../components/rating-stars';
import { TemplateSubscribe } from '@/components/template-subscribe';

const REOPEN_REASON = '问题又出现了';

/** Who handles the order and the deadline running now. */
function Handling({ detail }: { detail: RepairDetail }) {
  const waiting = !detail.assigneeName;
  return (
    <View className="card repair-detail__handler">
      <Text className="card__title">处理进度</Text>
      <InfoRow label="维修师傅" className="repair-detail__info repair-detail__info--assignee">
        {waiting ? (
          <Text className="repair-detail__assignee">{detail.inPool ? '等待师傅接单' : OPEN_STATUSES.includes(detail.status) ? '等待物业派单' : '—'}</Text>
        ) : (
          <View className="unit-row__main">
            <Text className="repair-detail__assignee">{detail.assigneeName}</Text>
            {detail.assigneePhone ? (
              <Text className="link repair-detail__assignee-phone" onClick={() => dial(detail.assigneePhone as string)}>
                {detail.assigneePhone}
              </Text>
            ) : null}
          </View>
        )}
      </InfoRow>
      {detail.deadline ? (
        <InfoRow label="当前时限" className="repair-detail__info repair-detail__info--deadline">
          <View className="repair-detail__deadline">
            <DeadlineLine deadline={detail.deadline} />
          </View>
        </InfoRow>
      ) : null}
      {detail.status === 'paused' && detail.pauseReason ? (
        <InfoRow label="暂停原因" className="repair-detail__info repair-detail__info--pause">
          <Text>{detail.pauseReason}</Text>
        </InfoRow>
      ) : null}
    </View>
  );
}

/** 评价: three rows of stars and a comment. */
function RateForm({ repairId, onDone }: { repairId: string; onDone: (next: RepairDetail) => void }) {
  const submit = useSubmit();
  const [stars, setStars] = useState<Record<RatingAspect, number>>({ overall: 0, speed: 0, attitude: 0 });
  const [comment, setComment] = useState('');
  const send = async () => {
    const missing = Object.fromEntries(RATING_ASPECTS.filter((a) => !stars[a]).map((a) => [a, `请为${RATING_ASPECT_LABELS[a]}打分`]));
    if (Object.keys(missing).length > 0) return submit.fail(missing);
    const next = await submit.run(() =>
      call('repairs', 'rate', { repairId, overall: stars.overall, speed: stars.speed, attitude: stars.attitude, ...(comment.trim() ? { comment: comment.trim() } : {}) }),
    );
    if (!next) return;
    toast('感谢您的评价');
    onDone(next);
  };
  const errors = submit.fieldErrors;
  return (
    <View className="card repair-detail__rate-form">
      <Text className="card__title">评价本次维修</Text>
      {RATING_ASPECTS.map((a) => (
        <Field key={a} label={RATING_ASPECT_LABELS[a]} name={`rate-${a}`} required error={errors[a]}>
          <RatingStars name={a} value={stars[a]} onChange={(n) => submit.edited(a, (v: number) => setStars((s) => ({ ...s, [a]: v })))(n)} />
        </Field>
      ))}
      <Field label="评价内容" name="rate-comment" error={errors.comment}>
        <Textarea
          className="textarea repair-detail__rate-comment"
          value={comment}
          maxlength={200}
          placeholder="说说师傅的服务（选填）"
          onInput={(e) => submit.edited('comment', setComment)(e.detail.value)}
        />
      </Field>
      <FormError error={submit.error} shownFields={[...RATING_ASPECTS, 'comment']} />
      <Button className="btn btn--primary repair-detail__rate-submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
        提交评价
      </Button>
    </View>
  );
}

/** 取消报修 / 重开: a reason and a button. */
function ReasonForm(props: {
  kind: 'cancel' | 'reopen';
  repairId: string;
  onDone: (next: RepairDetail) => void;
  onClose: () => void;
}) {
  const { kind, repairId, onDone, onClose } = props;
  const submit = useSubmit();
  const [reason, setReason] = useState(kind === 'reopen' ? REOPEN_REASON : '');
  const required = kind === 'reopen';
  const send = async () => {
    const text = reason.trim();
    if ((required || text) && text.length < 2) return submit.fail({ reason: kind === 'reopen' ? '请填写重开原因' : '取消原因至少2个字，也可不填' });
    if (kind === 'cancel') {
      const ok = await confirm({ title: '取消报修', content: '确定取消这张报修单吗？取消后如需维修请重新报修。', confirmText: '取消报修', danger: true });
      if (!ok) return;
    }
    const next = await submit.run(() =>
      kind === 'cancel' ? call('repairs', 'cancel', { repairId, ...(text ? { reason: text } : {}) }) : call('repairs', 'reopen', { repairId, reason: text }),
    );
    if (!next) return;
    toast(kind === 'cancel' ? '已取消报修' : '已重开，物业会重新安排');
    onDone(next);
  };
  return (
    <View className={`card repair-detail__${kind}-form`}>
      <Text className="card__title">{kind === 'cancel' ? '取消报修' : '重开报修'}</Text>
      <Field label={kind === 'cancel' ? '取消原因' : '重开原因'} name={`${kind}-reason`} required={required} error={submit.fieldErrors.reason}>
        <Input
          className={`input repair-detail__${kind}-reason`}
          value={reason}
          maxlength={200}
          placeholder={kind === 'cancel' ? '选填，例如：问题已自行解决' : '请说明问题，例如：问题又出现了'}
          onInput={(e) => submit.edited('reason', setReason)(e.detail.value)}
        />
      </Field>
      <FormError error={submit.error} shownFields={['reason']} />
      <View className="form-buttons">
        <Button className="btn btn--ghost" size="mini" onClick={onClose}>
          返回
        </Button>
        <Button
          className={`btn ${kind === 'cancel' ? 'btn--danger' : 'btn--primary'} repair-detail__${kind}-submit`}
          size="mini"
          loading={submit.busy}
          disabled={submit.busy || undefined}
          onClick={send}
        >
          {kind === 'cancel' ? '确认取消' : '确认重开'}
        </Button>
      </View>
    </View>
  );
}

type Panel = 'rate' | 'cancel' | 'reopen' | null;

/**
 * 报修详情 (owner/pages/repair/index?id=…): the order, who handles it and by when, its history,
 * the completion, and the actions the server allows now (催单, 取消, 评价, 重开).
 */
export default function RepairDetailPage() {
  const { params } = useRouter();
  const repairId = params.id ?? '';
  useSession({ required: true });
  const repair = useCloud('repairs', 'get', { repairId }, { skip: !repairId });
  const urger = useSubmit();
  const [panel, setPanel] = useState<Panel>(null);
  const detail = repair.data;

  const updated = (next: RepairDetail) => {
    repair.set(next);
    setPanel(null);
  };
  const urge = async () => {
    const next = await urger.run(() => call('repairs', 'urge', { repairId }));
    if (!next) return;
    repair.set(next);
    toast('已催单，物业会尽快处理');
  };

  const can = (a: RepairDetail['can'][number]) => !!detail?.can.includes(a);
  const hasActions = can('urge') || can('cancel') || can('rate') || can('reopen');
  const done = detail && (detail.afterPhotos.length > 0 || detail.materials.length > 0 || !!detail.completionNote);

  return (
    <View className="page repair-detail">
      <PageHeader title="报修详情" subtitle={detail ? `单号 ${detail.orderNo}` : undefined} />
      {!repairId ? <Text className="muted">缺少报修单编号，请从“我的报修”进入。</Text> : null}
      <StateView loading={repair.loading && !detail} error={repair.error} onRetry={repair.reload}>
        {detail ? (
          <>
            <View className={`card repair-detail__head repair-detail__head--${detail.status}`}>
              <View className="unit-row__main">
                <Text className="card__title repair-detail__status">{REPAIR_STATUS_LABELS[detail.status]}</Text>
                <View className="repair-detail__tags">
                  <UrgencyTag urgency={detail.urgency} />
                  <RepairStatusTag status={detail.status} />
                </View>
              </View>
              <Text className="muted repair-detail__no">
                {detail.orderNo} · {REPAIR_CHANNEL_LABELS[detail.channel]}提交 · {formatTime(detail.createdAt)}
              </Text>
              {detail.urgeCount > 0 ? (
                <Text className="muted repair-detail__urged">
                  已催单 {detail.urgeCount} 次{OPEN_STATUSES.includes(detail.status) && !detail.can.includes('urge') ? `，${URGE_INTERVAL_MINUTES}分钟内只能催单一次` : ''}
                </Text>
              ) : null}
            </View>

            {hasActions ? (
              <View className="card repair-detail__actions">
                <View className="repair-detail__buttons">
                  {can('urge') ? (
                    <Button className="btn btn--ghost repair-detail__urge" size="mini" loading={urger.busy} disabled={urger.busy || undefined} onClick={urge}>
                      催单
                    </Button>
                  ) : null}
                  {can('rate') ? (
                    <Button className="btn btn--primary repair-detail__rate" size="mini" onClick={() => setPanel(panel === 'rate' ? null : 'rate')}>
                      评价
                    </Button>
                  ) : null}
                  {can('reopen') ? (
                    <Button className="btn btn--ghost repair-detail__reopen" size="mini" onClick={() => setPanel(panel === 'reopen' ? null : 'reopen')}>
                      重开
                    </Button>
                  ) : null}
                  {can('cancel') ? (
                    <Button className="btn btn--danger repair-detail__cancel" size="mini" onClick={() => setPanel(panel === 'cancel' ? null : 'cancel')}>
                      取消报修
                    </Button>
                  ) : null}
                </View>
                {urger.error ? (
                  <Text className={`field__error repair-detail__urge-error ${urger.error.status === 429 ? 'repair-detail__urge-error--soon' : ''}`}>{urger.error.message}</Text>
                ) : null}
              </View>
            ) : null}

            {panel === 'rate' && can('rate') ? <RateForm repairId={repairId} onDone={updated} /> : null}
            {panel === 'cancel' && can('cancel') ? <ReasonForm kind="cancel" repairId={repairId} onDone={updated} onClose={() => setPanel(null)} /> : null}
            {panel === 'reopen' && can('reopen') ? <ReasonForm kind="reopen" repairId={repairId} onDone={updated} onClose={() => setPanel(null)} /> : null}

            <Handling detail={detail} />

            <View className="card repair-detail__body">
              <Text className="card__title">报修内容</Text>
              <InfoRow label="报修位置" className="repair-detail__info repair-detail__info--location">
                <Text>
                  {REPAIR_AREA_LABELS[detail.area]} · {detail.location}
                </Text>
              </InfoRow>
              <InfoRow label="报修类别" className="repair-detail__info repair-detail__info--category">
                <Text>{detail.category}</Text>
              </InfoRow>
              <InfoRow label="问题描述" className="repair-detail__info repair-detail__info--description">
                <Text className="repair-detail__description">{detail.description}</Text>
              </InfoRow>
              {detail.photos.length > 0 ? (
                <InfoRow label={`现场照片（${detail.photos.length}）`} className="repair-detail__info repair-detail__info--photos">
                  <RepairPhotos photos={detail.photos} name="before" />
                </InfoRow>
              ) : null}
              <InfoRow label="期望上门时间" className="repair-detail__info repair-detail__info--visit">
                <Text>{detail.visitWindow ? formatTimeRange(detail.visitWindow.from, detail.visitWindow.to) : '尽快上门'}</Text>
              </InfoRow>
              <InfoRow label="联系人" className="repair-detail__info repair-detail__info--contact">
                <Text>
                  {detail.contactName} {detail.contactPhone}
                </Text>
              </InfoRow>
            </View>

            {done ? (
              <View className="card repair-detail__completion">
                <Text className="card__title">完工情况</Text>
                {detail.completionNote ? (
                  <InfoRow label="完工说明" className="repair-detail__info repair-detail__info--completion-note">
                    <Text>{detail.completionNote}</Text>
                  </InfoRow>
                ) : null}
                {detail.afterPhotos.length > 0 ? (
                  <InfoRow label={`完工照片（${detail.afterPhotos.length}）`} className="repair-detail__info repair-detail__info--after-photos">
                    <RepairPhotos photos={detail.afterPhotos} name="after" />
                  </InfoRow>
                ) : null}
                {detail.materials.length > 0 ? (
                  <InfoRow label="使用材料" className="repair-detail__info repair-detail__info--materials">
                    {detail.materials.map((m, i) => (
                      <Text key={`${m.name}-${i}`} className="repair-detail__material">
                        {m.name} × {m.quantity}
                        {m.unit}
                      </Text>
                    ))}
                  </InfoRow>
                ) : null}
              </View>
            ) : null}

            {detail.rating ? (
              <View className="card repair-detail__rating">
                <Text className="card__title">我的评价</Text>
                {RATING_ASPECTS.map((a) => (
                  <View key={a} className="unit-row__main repair-detail__rating-row">
                    <Text className="muted">{RATING_ASPECT_LABELS[a]}</Text>
                    <RatingStars name={a} value={detail.rating ? detail.rating[a] : 0} />
                  </View>
                ))}
                {detail.rating.comment ? <Text className="repair-detail__rating-comment">{detail.rating.comment}</Text> : null}
                <Text className="muted">{formatTime(detail.rating.at)}</Text>
              </View>
            ) : detail.unrated ? (
              <Text className="muted repair-detail__unrated">完工超过72小时未评价</Text>
            ) : null}

            {OPEN_STATUSES.includes(detail.status) ? <TemplateSubscribe keys={['repair.progress']} name="repair-subscribe" description="派单、到场、完工时通过微信通知您。" /> : null}

            <View className="card repair-detail__history">
              <Text className="card__title">处理记录</Text>
              <RepairTimeline history={detail.history} />
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
