import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { BindingTask } from '@shared/contracts/binding.contract';
import { BINDING_STATUS_LABELS } from '@shared/domain/binding';
import { RESIDENT_RELATION_LABELS } from '@shared/domain/household';
import { formatTime } from '@shared/domain/calendar';
import { call } from '@/services/cloud';
import { useSubmit } from '@/hooks/use-submit';
import { Field, FormError } from '@/components/form-field';

/**
 * One binding request as staff review it: what the requester said (name, relation, last 4 digits
 * of the phone) next to the residents recorded for the unit (phones masked), with 通过 / 不通过.
 */
export function BindingTaskCard({ task, onReviewed }: { task: BindingTask; onReviewed: (task: BindingTask) => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const submit = useSubmit();

  const review = async (decision: 'approve' | 'reject') => {
    if (decision === 'reject' && !reason.trim()) return submit.fail({ reason: '请填写不通过的原因' });
    const done = await submit.run(() =>
      call('binding', 'review', { bindingId: task.id, decision, ...(decision === 'reject' ? { reason: reason.trim() } : {}) }),
    );
    if (done) onReviewed(done);
  };

  return (
    <View className={`card binding-task binding-task--${task.status}`}>
      <View className="unit-row__main">
        <Text className="card__title binding-task__unit">{task.unitLabel}</Text>
        <Text className={`tag tag--${task.status}`}>{BINDING_STATUS_LABELS[task.status]}</Text>
      </View>
      <View className="binding-task__asker">
        <Text className="binding-task__name">
          申请人：{task.name} · {RESIDENT_RELATION_LABELS[task.relation]}
        </Text>
        <Text className="binding-task__last4">手机后4位：{task.phoneLast4}</Text>
        <Text className="unit-row__meta">提交时间：{formatTime(task.createdAt)}</Text>
      </View>

      <Text className="household__title">物业登记的住户</Text>
      {task.recorded.length === 0 ? <Text className="muted">该房屋暂无住户登记</Text> : null}
      {task.recorded.map((r, i) => {
        const sameName = r.name === task.name;
        const samePhone = r.phone.replace(/\D/g, '').endsWith(task.phoneLast4);
        return (
          <View key={i} className={`binding-task__recorded ${sameName && samePhone ? 'binding-task__recorded--match' : ''}`}>
            <Text>
              {r.name} · {RESIDENT_RELATION_LABELS[r.relation]} · {r.phone || '未登记电话'}
            </Text>
            <Text className="muted">
              {[sameName ? '姓名一致' : '', samePhone ? '尾号一致' : '', r.bound ? '已绑定微信' : ''].filter(Boolean).join(' · ')}
            </Text>
          </View>
        );
      })}

      {task.status === 'rejected' && task.reason ? <Text className="binding-row__reason">未通过原因：{task.reason}</Text> : null}
      {task.status !== 'pending' ? (
        <Text className="unit-row__meta binding-task__reviewed">
          {task.auto ? '资料核对一致，自动绑定' : `审核人：${task.reviewerName ?? '—'}`}
          {task.reviewedAt ? ` · ${formatTime(task.reviewedAt)}` : ''}
        </Text>
      ) : null}

      {task.status === 'pending' ? (
        <View className="binding-task__actions">
          {rejecting ? (
            <Field label="不通过的原因" name="reason" required error={submit.fieldErrors.reason}>
              <Input
                className="input binding-task__reason"
                value={reason}
                maxlength={100}
                placeholder="例如：姓名与登记不符，请携带房产证到物业服务中心办理"
                onInput={(e) => setReason(e.detail.value)}
              />
            </Field>
          ) : null}
          <FormError error={submit.error} shownFields={['reason']} />
          <View className="form-buttons">
            {rejecting ? (
              <>
                <Button className="btn btn--ghost binding-task__cancel" size="mini" disabled={submit.busy || undefined} onClick={() => setRejecting(false)}>
                  取消
                </Button>
                <Button className="btn btn--danger binding-task__reject-confirm" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={() => review('reject')}>
                  确认不通过
                </Button>
              </>
            ) : (
              <>
                <Button className="btn btn--danger binding-task__reject" size="mini" disabled={submit.busy || undefined} onClick={() => setRejecting(true)}>
                  不通过
                </Button>
                <Button className="btn btn--primary binding-task__approve" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={() => review('approve')}>
                  通过
                </Button>
              </>
            )}
          </View>
        </View>
      ) : null}
    </View>
  );
}
