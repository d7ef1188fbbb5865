import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import type { ComplaintDetail } from '@shared/contracts/complaints.contract';
import { COMPLAINT_VALIDITY_LABELS, type ComplaintValidity } from '@shared/domain/complaints';
import { FOLLOW_UP_METHOD_LABELS, FOLLOW_UP_OUTCOME_LABELS, type FollowUpMethod, type FollowUpOutcome } from '@shared/domain/followups';
import { ROLE_LABELS } from '@shared/domain/roles';
import { call } from '@/services/cloud';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { StateView } from '@/components/state-view';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';

interface PanelProps {
  complaint: ComplaintDetail;
  onDone: (next: ComplaintDetail) => void;
  onCancel: () => void;
}

function Buttons({ name, submitText, busy, onSubmit, onCancel }: { name: string; submitText: string; busy: boolean; onSubmit: () => void; onCancel: () => void }) {
  return (
    <View className="form-buttons">
      <Button className={`btn btn--ghost complaint-staff__${name}-cancel`} size="mini" onClick={onCancel}>
        返回
      </Button>
      <Button className={`btn btn--primary complaint-staff__${name}-submit`} size="mini" loading={busy} disabled={busy || undefined} onClick={onSubmit}>
        {submitText}
      </Button>
    </View>
  );
}

/** 受理 (choose the handler: me by default) or 转交 (another handler); a note either way. */
export function HandlerForm({ complaint, onDone, onCancel, kind, myId }: PanelProps & { kind: 'accept' | 'assign'; myId: string }) {
  const handlers = useCloud('complaints', 'handlers');
  const submit = useSubmit();
  const [handlerId, setHandlerId] = useState<string>(kind === 'accept' ? myId : '');
  const [note, setNote] = useState('');
  const options = (handlers.data ?? [])
    .filter((h) => kind === 'accept' || h.id !== complaint.handlerId)
    .map((h) => ({ value: h.id, label: `${h.name}${h.id === myId ? '（我）' : ''} · ${h.roles.map((r) => ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? r).join('、')}` }));

  const send = async () => {
    if (kind === 'assign' && !handlerId) return submit.fail({ handlerId: '请选择转交给谁' });
    const text = note.trim();
    const next = await submit.run(() =>
      kind === 'accept'
        ? call('complaints', 'accept', { complaintId: complaint.id, ...(handlerId && handlerId !== myId ? { handlerId } : {}), ...(text ? { note: text } : {}) })
        : call('complaints', 'assign', { complaintId: complaint.id, handlerId, ...(text ? { note: text } : {}) }),
    );
    if (next) onDone(next);
  };

  return (
    <View className={`complaint-panel complaint-staff__${kind}-form`}>
      <Text className="card__title">{kind === 'accept' ? '受理投诉' : '转交投诉'}</Text>
      <Field label={kind === 'accept' ? '负责人' : '转交给'} name="handler" required error={submit.fieldErrors.handlerId} hint={kind === 'accept' ? '默认由您负责，也可指定其他同事' : undefined}>
        <StateView loading={handlers.loading && !handlers.data} error={handlers.error} onRetry={handlers.reload} empty={!!handlers.data && options.length === 0} emptyText="没有可转交的同事">
          <Choices name="complaint-handler" options={options} value={handlerId} onChange={submit.edited('handlerId', setHandlerId)} />
        </StateView>
      </Field>
      <Field label="备注" name="handler-note" error={submit.fieldErrors.note}>
        <Input className="input complaint-staff__handler-note" value={note} maxlength={300} placeholder="选填" onInput={(e) => submit.edited('note', setNote)(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={['handlerId', 'note']} />
      <Buttons name={kind} submitText={kind === 'accept' ? '确认受理' : '确认转交'} busy={submit.busy} onSubmit={send} onCancel={onCancel} />
    </View>
  );
}

/** 开始调查: what will be looked into, and how. */
export function InvestigateForm({ complaint, onDone, onCancel }: PanelProps) {
  const submit = useSubmit();
  const [note, setNote] = useState('');
  const send = async () => {
    if (note.trim().length < 2) return submit.fail({ note: '请记录调查安排' });
    const next = await submit.run(() => call('complaints', 'investigate', { complaintId: complaint.id, note: note.trim() }));
    if (next) onDone(next);
  };
  return (
    <View className="complaint-panel complaint-staff__investigate-form">
      <Text className="card__title">开始调查</Text>
      <Field label="调查安排" name="investigate-note" required error={submit.fieldErrors.note}>
        <Textarea
          className="textarea complaint-staff__investigate-note"
          value={note}
          maxlength={500}
          placeholder="如：调取监控，约谈当班保安，现场查看"
          onInput={(e) => submit.edited('note', setNote)(e.detail.value)}
        />
      </Field>
      <FormError error={submit.error} shownFields={['note']} />
      <Buttons name="investigate" submitText="开始调查" busy={submit.busy} onSubmit={send} onCancel={onCancel} />
    </View>
  );
}

const VALIDITY = choicesOf(COMPLAINT_VALIDITY_LABELS);

/** 书面答复: the answer the owner reads, and the judgement 有效/无效 (the server names what is missing). */
export function ReplyForm({ complaint, onDone, onCancel }: PanelProps) {
  const submit = useSubmit();
  const [content, setContent] = useState('');
  const [validity, setValidity] = useState<ComplaintValidity>();
  const send = async () => {
    const text = content.trim();
    const next = await submit.run(() => call('complaints', 'reply', { complaintId: complaint.id, ...(text ? { content: text } : {}), ...(validity ? { validity } : {}) }));
    if (next) onDone(next);
  };
  const missing = submit.error?.code === 'COMPLAINT.STEP_MISSING' ? submit.error.details?.missing : undefined;
  return (
    <View className="complaint-panel complaint-staff__reply-form">
      <Text className="card__title">书面答复</Text>
      <Field label="答复内容" name="reply-content" required error={submit.fieldErrors.content ?? (missing === 'reply' ? submit.error?.message : undefined)}>
        <Textarea
          className="textarea complaint-staff__reply-content"
          value={content}
          maxlength={1000}
          placeholder="写给业主的书面答复：调查结果、处理措施和整改时间"
          onInput={(e) => submit.edited('content', setContent)(e.detail.value)}
        />
        <Text className="complaint-counter">{content.trim().length}/1000</Text>
      </Field>
      <Field label="投诉判定" name="reply-validity" required error={submit.fieldErrors.validity ?? (missing === 'validity' ? submit.error?.message : undefined)}>
        <Choices name="complaint-validity" options={VALIDITY} value={validity} onChange={submit.edited('validity', setValidity)} />
      </Field>
      {missing === 'reply' || missing === 'validity' ? null : <FormError error={submit.error} shownFields={['content', 'validity']} />}
      <Buttons name="reply" submitText="提交答复" busy={submit.busy} onSubmit={send} onCancel={onCancel} />
    </View>
  );
}

const METHODS = choicesOf(FOLLOW_UP_METHOD_LABELS);
const OUTCOMES = choicesOf(FOLLOW_UP_OUTCOME_LABELS);

/** 记录回访: the complaint's follow-up task, recorded through followups.record; the complaint moves on by itself. */
export function FollowupForm({ complaint, onDone, onCancel }: PanelProps) {
  const submit = useSubmit();
  const [method, setMethod] = useState<FollowUpMethod>('phone');
  const [outcome, setOutcome] = useState<FollowUpOutcome>();
  const [note, setNote] = useState('');
  const send = async () => {
    const found: Record<string, string> = {};
    if (!complaint.followUp) found.outcome = '该投诉还没有回访任务';
    if (!outcome) found.outcome = '请选择业主满意度';
    if (outcome === 'unsatisfied' && !note.trim()) found.note = '业主不满意时请记录原因';
    if (Object.keys(found).length || !complaint.followUp || !outcome) return submit.fail(found);
    const followUpId = complaint.followUp.id;
    const next = await submit.run(async () => {
      await call('followups', 'record', { followUpId, method, outcome, ...(note.trim() ? { note: note.trim() } : {}) });
      return call('complaints', 'get', { complaintId: complaint.id });
    });
    if (next) onDone(next);
  };
  const errors = submit.fieldErrors;
  return (
    <View className="complaint-panel complaint-staff__followup-form">
      <Text className="card__title">记录回访</Text>
      <Field label="回访方式" name="followup-method" required error={errors.method}>
        <Choices name="complaint-followup-method" options={METHODS} value={method} onChange={submit.edited('method', setMethod)} />
      </Field>
      <Field label="业主满意度" name="followup-outcome" required error={errors.outcome}>
        <Choices name="complaint-followup-outcome" options={OUTCOMES} value={outcome} onChange={submit.edited('outcome', setOutcome)} />
      </Field>
      <Field label="回访记录" name="followup-note" required={outcome === 'unsatisfied'} error={errors.note} hint={outcome === 'unsatisfied' ? '业主不满意时投诉将重新处理' : undefined}>
        <Textarea
          className="textarea complaint-staff__followup-note"
          value={note}
          maxlength={300}
          placeholder={outcome === 'unsatisfied' ? '请记录业主不满意的原因' : '回访情况（选填）'}
          onInput={(e) => submit.edited('note', setNote)(e.detail.value)}
        />
      </Field>
      <FormError error={submit.error} shownFields={['method', 'outcome', 'note']} />
      <Buttons name="followup" submitText="提交回访记录" busy={submit.busy} onSubmit={send} onCancel={onCancel} />
    </View>
  );
}

/** 结案: only after the follow-up (else the server says which step is missing). */
export function CloseForm({ complaint, onDone, onCancel }: PanelProps) {
  const submit = useSubmit();
  const [note, setNote] = useState('');
  const send = async () => {
    const text = note.trim();
    const next = await submit.run(() => call('complaints', 'close', { complaintId: complaint.id, ...(text ? { note: text } : {}) }));
    if (next) onDone(next);
  };
  return (
    <View className="complaint-panel complaint-staff__close-form">
      <Text className="card__title">结案</Text>
      <Field label="结案说明" name="close-note" error={submit.fieldErrors.note}>
        <Input className="input complaint-staff__close-note" value={note} maxlength={300} placeholder="选填" onInput={(e) => submit.edited('note', setNote)(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={['note']} />
      <Buttons name="close" submitText="确认结案" busy={submit.busy} onSubmit={send} onCancel={onCancel} />
    </View>
  );
}
