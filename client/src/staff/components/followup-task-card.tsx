import { useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import type { FollowUpTask } from '@shared/contracts/followups.contract';
import { FOLLOW_UP_METHOD_LABELS, FOLLOW_UP_OUTCOME_LABELS, FOLLOW_UP_SOURCE_LABELS, type FollowUpMethod, type FollowUpOutcome } from '@shared/domain/followups';
import { routes, type Route } from '@shared/routes';
import { formatTime } from '@shared/domain/calendar';
import { call, isCloudError } from '@/services/cloud';
import { dial } from '@/services/ui';
import { openPage } from '@/services/navigation';
import { useSubmit } from '@/hooks/use-submit';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';

const METHODS = choicesOf(FOLLOW_UP_METHOD_LABELS);
const OUTCOMES = choicesOf(FOLLOW_UP_OUTCOME_LABELS);
const FIELDS = ['method', 'outcome', 'note'] as const;
/** Where each source's record opens (staff views). */
const SOURCE_PAGE: Record<FollowUpTask['source'], Route<{ id: string }>> = { repair: routes.staff.repair, complaint: routes.staff.complaint };

/**
 * One follow-up task: who to call, about what, by when; while open, a record form (方式, 满意度,
 * 记录). `onRecorded` gets the recorded task; `onTaken` the message when someone else recorded it first.
 */
export function FollowupTaskCard({ task, onRecorded, onTaken }: { task: FollowUpTask; onRecorded: (t: FollowUpTask) => void; onTaken: (message: string) => void }) {
  const [method, setMethod] = useState<FollowUpMethod>('phone');
  const [outcome, setOutcome] = useState<FollowUpOutcome>();
  const [note, setNote] = useState('');
  const submit = useSubmit();

  const record = async () => {
    const found: Record<string, string> = {};
    if (!outcome) found.outcome = '请选择业主满意度';
    if (outcome === 'unsatisfied' && !note.trim()) found.note = '业主不满意时请记录原因';
    if (Object.keys(found).length) return submit.fail(found);
    let taken: string | undefined;
    const done = await submit.run(async () => {
      try {
        return await call('followups', 'record', { followUpId: task.id, method, outcome: outcome ?? 'satisfied', ...(note.trim() ? { note: note.trim() } : {}) });
      } catch (e) {
        if (isCloudError(e) && e.code === 'FOLLOWUP.ALREADY_DONE') taken = e.message;
        throw e;
      }
    });
    if (done) onRecorded(done);
    else if (taken) onTaken(taken);
  };

  const errors = submit.fieldErrors;
  return (
    <View className={`card followup-task followup-task--${task.status} ${task.overdue ? 'followup-task--overdue' : ''}`}>
      <View className="unit-row__main">
        <Text className="card__title followup-task__title">{task.title}</Text>
        <Text className={`tag followup-task__source followup-task__source--${task.source}`}>{FOLLOW_UP_SOURCE_LABELS[task.source]}</Text>
      </View>
      <View className="row-actions">
        <Text className={`link followup-task__open followup-task__open--${task.source}`} onClick={() => openPage(SOURCE_PAGE[task.source], { id: task.sourceId })}>
          查看{task.source === 'complaint' ? '投诉' : '报修单'} ›
        </Text>
      </View>
      <View className="info-row">
        <Text className="muted">业主</Text>
        <View className="repair-staff__contact">
          <Text className="followup-task__owner">{task.ownerName}</Text>
          <Text className="link followup-task__phone" onClick={() => dial(task.phone)}>
            {task.phone} 拨打
          </Text>
        </View>
      </View>
      <View className="info-row">
        <Text className="muted">位置</Text>
        <Text className="followup-task__location">{task.location}</Text>
      </View>
      <View className="info-row">
        <Text className="muted">回访期限</Text>
        <Text className={`followup-task__due ${task.overdue && task.status === 'open' ? 'danger followup-task__due--overdue' : ''}`}>
          {formatTime(task.dueAt)}
          {task.overdue && task.status === 'open' ? '（已逾期）' : ''}
        </Text>
      </View>
      {task.status === 'open' ? (
        <View className="form followup-task__form">
          <Field label="回访方式" name="followup-method" required error={errors.method}>
            <Choices name="followup-method" options={METHODS} value={method} onChange={submit.edited('method', setMethod)} />
          </Field>
          <Field label="业主满意度" name="followup-outcome" required error={errors.outcome}>
            <Choices name="followup-outcome" options={OUTCOMES} value={outcome} onChange={submit.edited('outcome', setOutcome)} />
          </Field>
          <Field label="回访记录" name="followup-note" required={outcome === 'unsatisfied'} error={errors.note}>
            <Textarea
              className="textarea followup-task__note"
              value={note}
              maxlength={300}
              placeholder={outcome === 'unsatisfied' ? '请记录业主不满意的原因' : '回访情况（选填）'}
              onInput={(e) => submit.edited('note', setNote)(e.detail.value)}
            />
          </Field>
          <FormError error={submit.error} shownFields={FIELDS} />
          <Button className="btn btn--primary followup-task__submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={record}>
            提交回访记录
          </Button>
        </View>
      ) : (
        <View className="followup-task__result">
          <Text className={`tag followup-task__outcome followup-task__outcome--${task.outcome ?? 'none'}`}>
            {task.outcome ? FOLLOW_UP_OUTCOME_LABELS[task.outcome] : '已回访'}
          </Text>
          <Text className="muted">
            {task.doneByName ?? ''} {task.method ? FOLLOW_UP_METHOD_LABELS[task.method] : ''} · {formatTime(task.doneAt)}
          </Text>
          {task.note ? <Text className="followup-task__done-note">{task.note}</Text> : null}
        </View>
      )}
    </View>
  );
}
