import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { RepairAction, RepairDetail } from '@shared/contracts/repairs.contract';
import { REPAIR_AREA_LABELS, REPAIR_CHANNEL_LABELS, RATING_ASPECT_LABELS, RATING_ASPECTS, SLA_STAGES, SLA_STAGE_LABELS } from '@shared/domain/repairs';
import { formatTime, localTime } from '@shared/domain/calendar';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { dial, toast } from '@/services/ui';
import { InfoRow } from '@/components/info-row';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { FormError } from '@/components/form-field';
import { DeadlineLine, RepairFlags, RepairStatusTag, UrgencyTag } from '@/components/repair-tags';
import { RepairTimeline } from '@/components/repair-timeline';
import { RepairPhotos } from '@/components/repair-photos';
import { deadlineText } from '@/components/repair-format';
import { ArriveForm, ReasonForm } from '../../components/repair-reason';
import { RepairComplete } from '../../components/repair-complete';
import { RepairAssign } from '../../components/repair-assign';

/** Actions that open a form first; the others run on one tap. */
type Panel = 'arrive' | 'pause' | 'complete' | 'return' | 'dispatch' | 'cancel' | 'reopen';

const DONE_TOAST: Partial<Record<RepairAction, string>> = {
  claim: '抢单成功',
  accept: '已接单',
  arrive: '已确认到场',
  pause: '已暂停',
  resume: '已继续维修',
  complete: '已完工',
  return: '已退单',
  dispatch: '已派单',
  cancel: '已取消工单',
  reopen: '已重开工单',
};

/**
 * 工单详情 for staff (staff/pages/repair/index?id=…): everything about one order, and the buttons
 * the server says the caller may use now (`can`). Every action answers the updated order.
 */
export default function StaffRepairPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const session = useSession({ required: true });
  const order = useCloud('repairs', 'get', { repairId: id }, { skip: !id });
  const [panel, setPanel] = useState<Panel | null>(null);
  const quick = useSubmit();
  const detail = order.data;
  const roles = session?.me.roles ?? [];
  const isManager = roles.includes('manager');

  const done = (action: RepairAction) => (next: RepairDetail) => {
    order.set(next);
    setPanel(null);
    const text = DONE_TOAST[action];
    if (text) toast(text);
  };

  const runQuick = async (action: 'claim' | 'accept' | 'resume') => {
    if (!detail) return;
    const next = await quick.run(() => call('repairs', action, { repairId: detail.id }));
    if (next) done(action)(next);
    else order.reload();
  };

  const can = (a: RepairAction) => !!detail?.can.includes(a);
  const open = (p: Panel) => {
    quick.clear();
    setPanel(p);
  };

  return (
    <View className="page repair-staff">
      <PageHeader title={detail ? `${detail.category} · ${detail.location}` : '工单详情'} subtitle={detail ? `工单号 ${detail.orderNo}` : undefined} />
      {!id ? <Text className="muted">缺少工单编号，请从工单列表进入。</Text> : null}
      <StateView loading={order.loading && !detail} error={order.error} onRetry={order.reload}>
        {detail ? (
          <>
            <View className="card repair-staff__summary">
              <View className="unit-row__main">
                <View className="repair-row__tags">
                  <UrgencyTag urgency={detail.urgency} />
                  <RepairStatusTag status={detail.status} />
                </View>
                <Text className="muted">{REPAIR_CHANNEL_LABELS[detail.channel]}报修</Text>
              </View>
              <Text className="repair-staff__description">{detail.description}</Text>
              {detail.deadline ? <DeadlineLine deadline={detail.deadline} /> : null}
              <RepairFlags flags={detail.flags} breached={detail.breached} urgeCount={detail.urgeCount} inPool={detail.inPool} />
              {detail.pauseReason && detail.status === 'paused' ? <Text className="repair-staff__pause-note">暂停原因：{detail.pauseReason}</Text> : null}
            </View>

            {detail.can.length > 0 || panel || quick.error ? (
              <View className="card repair-staff__actions">
                {panel === null ? (
                  <View className="repair-staff__buttons">
                    {can('claim') ? (
                      <Button className="btn btn--primary repair-staff__claim" loading={quick.busy} disabled={quick.busy || undefined} onClick={() => runQuick('claim')}>
                        抢单
                      </Button>
                    ) : null}
                    {can('accept') ? (
                      <Button className="btn btn--primary repair-staff__accept" loading={quick.busy} disabled={quick.busy || undefined} onClick={() => runQuick('accept')}>
                        接单
                      </Button>
                    ) : null}
                    {can('arrive') ? (
                      <Button className="btn btn--primary repair-staff__arrive" onClick={() => open('arrive')}>
                        到场
                      </Button>
                    ) : null}
                    {can('resume') ? (
                      <Button className="btn btn--primary repair-staff__resume" loading={quick.busy} disabled={quick.busy || undefined} onClick={() => runQuick('resume')}>
                        继续维修
                      </Button>
                    ) : null}
                    {can('complete') ? (
                      <Button className="btn btn--primary repair-staff__complete" onClick={() => open('complete')}>
                        完工
                      </Button>
                    ) : null}
                    {can('pause') ? (
                      <Button className="btn btn--ghost repair-staff__pause" onClick={() => open('pause')}>
                        暂停
                      </Button>
                    ) : null}
                    {can('dispatch') ? (
                      <Button className="btn btn--primary repair-staff__assign" onClick={() => open('dispatch')}>
                        {detail.assigneeName ? '改派' : '派单'}
                      </Button>
                    ) : null}
                    {can('return') ? (
                      <Button className="btn btn--danger repair-staff__return" onClick={() => open('return')}>
                        退单
                      </Button>
                    ) : null}
                    {can('reopen') ? (
                      <Button className="btn btn--ghost repair-staff__reopen" onClick={() => open('reopen')}>
                        重开
                      </Button>
                    ) : null}
                    {can('cancel') ? (
                      <Button className="btn btn--danger repair-staff__cancel" onClick={() => open('cancel')}>
                        取消工单
                      </Button>
                    ) : null}
                  </View>
                ) : null}
                <FormError error={quick.error} />
                {panel === 'arrive' ? (
                  <ArriveForm send={(at) => call('repairs', 'arrive', { repairId: detail.id, at })} onDone={done('arrive')} onCancel={() => setPanel(null)} />
                ) : null}
                {panel === 'pause' ? (
                  <ReasonForm
                    name="pause"
                    title="暂停维修"
                    label="暂停原因"
                    placeholder="如：等待配件到货"
                    presets={['等待配件', '业主不在家', '需要其他工种配合']}
                    submitText="确认暂停"
                    send={(reason) => call('repairs', 'pause', { repairId: detail.id, reason: reason ?? '' })}
                    onDone={done('pause')}
                    onCancel={() => setPanel(null)}
                  />
                ) : null}
                {panel === 'return' ? (
                  <ReasonForm
                    name="return"
                    title="退单"
                    label="退单原因"
                    placeholder="请说明无法处理的原因，工单将重新派给其他师傅"
                    presets={['不属于我的技能范围', '工作已排满']}
                    submitText="确认退单"
                    danger
                    send={(reason) => call('repairs', 'return', { repairId: detail.id, reason: reason ?? '' })}
                    onDone={done('return')}
                    onCancel={() => setPanel(null)}
                  />
                ) : null}
                {panel === 'cancel' ? (
                  <ReasonForm
                    name="cancel"
                    title="取消工单"
                    label="取消原因"
                    placeholder="如：业主已自行处理"
                    optional
                    submitText="确认取消"
                    danger
                    send={(reason) => call('repairs', 'cancel', { repairId: detail.id, ...(reason ? { reason } : {}) })}
                    onDone={done('cancel')}
                    onCancel={() => setPanel(null)}
                  />
                ) : null}
                {panel === 'reopen' ? (
                  <ReasonForm
                    name="reopen"
                    title="重开工单"
                    label="重开原因"
                    placeholder="如：业主反映问题未解决"
                    submitText="确认重开"
                    send={(reason) => call('repairs', 'reopen', { repairId: detail.id, reason: reason ?? '' })}
                    onDone={done('reopen')}
                    onCancel={() => setPanel(null)}
                  />
                ) : null}
                {panel === 'complete' ? <RepairComplete order={detail} onDone={done('complete')} onCancel={() => setPanel(null)} /> : null}
                {panel === 'dispatch' ? <RepairAssign order={detail} isManager={isManager} onDone={done('dispatch')} onCancel={() => setPanel(null)} onStale={order.reload} /> : null}
              </View>
            ) : null}

            <View className="card repair-staff__info">
              <Text className="card__title">报修信息</Text>
              <InfoRow label="位置" className="repair-info repair-info--location">
                <Text>
                  {REPAIR_AREA_LABELS[detail.area]} · {detail.location}
                </Text>
              </InfoRow>
              <InfoRow label="联系人" className="repair-info repair-info--contact">
                <View className="repair-staff__contact">
                  <Text>{detail.contactName}</Text>
                  <Text className="link repair-staff__phone" onClick={() => dial(detail.contactPhone)}>
                    {detail.contactPhone} 拨打
                  </Text>
                </View>
              </InfoRow>
              <InfoRow label="报修人" className="repair-info repair-info--reporter">
                <Text>
                  {detail.reporterName} · {formatTime(detail.createdAt)}
                </Text>
              </InfoRow>
              {detail.visitWindow ? (
                <InfoRow label="预约上门" className="repair-info repair-info--visit">
                  <Text className="repair-staff__visit">
                    {formatTime(detail.visitWindow.from)} 至 {localTime(detail.visitWindow.to)}
                  </Text>
                </InfoRow>
              ) : null}
              <InfoRow label="维修师傅" className="repair-info repair-info--assignee">
                {detail.assigneeName ? (
                  <View className="repair-staff__contact">
                    <Text>{detail.assigneeName}</Text>
                    {detail.assigneePhone ? (
                      <Text className="link repair-staff__assignee-phone" onClick={() => dial(detail.assigneePhone ?? '')}>
                        {detail.assigneePhone}
                      </Text>
                    ) : null}
                  </View>
                ) : (
                  <Text className="muted">{detail.inPool ? '抢单池中，等待师傅抢单' : '未派单'}</Text>
                )}
              </InfoRow>
              <InfoRow label="报修照片" className="repair-info repair-info--photos">
                <RepairPhotos photos={detail.photos} name="before" emptyText="未上传照片" />
              </InfoRow>
            </View>

            <View className="card repair-staff__deadlines">
              <Text className="card__title">处理时限</Text>
              {SLA_STAGES.map((stage) => {
                const at = detail.deadlines[stage];
                const current = detail.deadline?.stage === stage;
                const left = at && current ? deadlineText(at) : undefined;
                return (
                  <View key={stage} className={`info-row repair-staff__deadline repair-staff__deadline--${stage} ${current ? 'repair-staff__deadline--current' : ''}`}>
                    <Text className="muted">{SLA_STAGE_LABELS[stage]}时限</Text>
                    <Text className={left?.overdue || (current && detail.deadline?.overdue) ? 'danger' : ''}>
                      {at ? formatTime(at) : '—'}
                      {left ? ` · ${left.text}` : ''}
                    </Text>
                  </View>
                );
              })}
              {detail.breached ? <Text className="danger repair-staff__breached">本工单曾超过处理时限</Text> : null}
            </View>

            {detail.afterPhotos.length || detail.materials.length || detail.completionNote ? (
              <View className="card repair-staff__completion">
                <Text className="card__title">完工情况</Text>
                {detail.afterPhotos.length ? (
                  <InfoRow label="完工照片" className="repair-info repair-info--after-photos">
                    <RepairPhotos photos={detail.afterPhotos} name="after" />
                  </InfoRow>
                ) : null}
                {detail.materials.length ? (
                  <InfoRow label="使用材料" className="repair-info repair-info--materials">
                    {detail.materials.map((m, i) => (
                      <Text key={`${m.name}-${i}`} className="repair-staff__material">
                        {m.name} × {m.quantity} {m.unit}
                      </Text>
                    ))}
                  </InfoRow>
                ) : null}
                {detail.completionNote ? (
                  <InfoRow label="完工说明" className="repair-info repair-info--completion-note">
                    <Text>{detail.completionNote}</Text>
                  </InfoRow>
                ) : null}
              </View>
            ) : null}

            {detail.rating || detail.unrated ? (
              <View className="card repair-staff__rating">
                <Text className="card__title">业主评价</Text>
                {detail.rating ? (
                  <>
                    {RATING_ASPECTS.map((a) => (
                      <View key={a} className="info-row">
                        <Text className="muted">{RATING_ASPECT_LABELS[a]}</Text>
                        <Text className={`repair-stars ${(detail.rating?.[a] ?? 0) <= 2 ? 'danger' : ''}`}>
                          {'★'.repeat(detail.rating?.[a] ?? 0)}
                          {'☆'.repeat(5 - (detail.rating?.[a] ?? 0))} {detail.rating?.[a]} 分
                        </Text>
                      </View>
                    ))}
                    {detail.rating.comment ? <Text className="repair-staff__rating-comment">“{detail.rating.comment}”</Text> : null}
                    <Text className="muted">{formatTime(detail.rating.at)}</Text>
                  </>
                ) : (
                  <Text className="muted repair-staff__unrated">业主完工后 72 小时内未评价</Text>
                )}
              </View>
            ) : null}

            <View className="card repair-staff__history">
              <Text className="card__title">处理记录</Text>
              <RepairTimeline history={detail.history} />
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
