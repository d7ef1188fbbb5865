import { useState } from 'react';
import { Button, Input, Switch, Text, Textarea, View } from '@tarojs/components';
import type { NoticeCheck, NoticeView } from '@shared/contracts/notices.contract';
import { NOTICE_BODY_MAX, NOTICE_TITLE_MAX } from '@shared/domain/notices';
import { call } from '../services/cloud';
import { confirm, toast } from '../services/ui';
import { useSubmit } from '../hooks/use-submit';
import { Field, FormError } from './form-field';

/** 修改: the wording (a new revision; owners see 已更新, no new push), pinning, and a note. */
export function NoticeEdit({ notice, onDone, onClose }: { notice: NoticeView; onDone: (next: NoticeView) => void; onClose: () => void }) {
  const submit = useSubmit();
  const [title, setTitle] = useState(notice.title);
  const [body, setBody] = useState(notice.body);
  const [pinned, setPinned] = useState(notice.pinned);
  const [note, setNote] = useState('');
  const [checked, setChecked] = useState<{ title: string; body: string; result: NoticeCheck } | null>(null);
  const checkedNow = checked && checked.title === title && checked.body === body ? checked.result : undefined;
  const verdict: NoticeCheck | undefined = submit.error?.code === 'NOTICE.NEEDS_CONFIRM' ? { suggest: 'review', label: submit.error.message } : checkedNow;

  const send = async (confirmReview: boolean) => {
    const t = title.trim();
    const b = body.trim();
    const found: Record<string, string> = {};
    if (!t) found.title = '请填写标题';
    if (!b) found.body = '请填写正文';
    if (Object.keys(found).length > 0) return submit.fail(found);
    const next = await submit.run(async () => {
      if (!confirmReview) {
        const result = await call('notices', 'check', { title: t, body: b });
        setChecked({ title, body, result });
        if (result.suggest !== 'pass') return undefined;
      }
      return call('notices', 'update', { noticeId: notice.id, title: t, body: b, pinned, confirmReview, ...(note.trim() ? { note: note.trim() } : {}) });
    });
    if (!next) return;
    toast('已更新，业主将看到“已更新”');
    onDone(next);
  };

  const errors = submit.fieldErrors;
  return (
    <View className="card notice-edit">
      <Text className="card__title">修改通知</Text>
      <Text className="muted">修改后生成新版本，业主端显示“已更新”，不会再次推送。</Text>
      <Field label="标题" name="notice-edit-title" required error={errors.title}>
        <Input className="input notice-edit__title" value={title} maxlength={NOTICE_TITLE_MAX} onInput={(e) => submit.edited('title', setTitle)(e.detail.value)} />
      </Field>
      <Field label="正文" name="notice-edit-body" required error={errors.body} hint="段落之间空一行">
        <Textarea className="textarea notice-edit__body" value={body} maxlength={NOTICE_BODY_MAX} autoHeight onInput={(e) => submit.edited('body', setBody)(e.detail.value)} />
      </Field>
      <Field label="修改说明" name="notice-edit-note" error={errors.note}>
        <Input className="input notice-edit__note" value={note} maxlength={100} placeholder="选填，例如：停水时间调整" onInput={(e) => submit.edited('note', setNote)(e.detail.value)} />
      </Field>
      <View className="switch-row">
        <Text>置顶</Text>
        <Switch className="notice-edit__pinned" checked={pinned} color="#1677ff" onChange={(e) => setPinned(e.detail.value)} />
      </View>
      {verdict?.suggest === 'risky' ? (
        <View className="form-error notice-edit__risky">
          <Text>内容安全检查未通过：{verdict.label}。请修改后再保存。</Text>
        </View>
      ) : null}
      {verdict?.suggest === 'review' ? (
        <View className="notice-edit__review">
          <Text className="muted">内容安全检查提示：{verdict.label}。请核对文字后确认。</Text>
        </View>
      ) : null}
      {submit.error?.code === 'NOTICE.NEEDS_CONFIRM' ? null : <FormError error={submit.error} shownFields={['title', 'body', 'note']} />}
      <View className="form-buttons">
        <Button className="btn btn--ghost notice-edit__cancel" size="mini" onClick={onClose}>
          返回
        </Button>
        {verdict?.suggest === 'review' ? (
          <Button className="btn btn--primary notice-edit__confirm" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={() => send(true)}>
            已核对，确认保存
          </Button>
        ) : (
          <Button className="btn btn--primary notice-edit__submit" size="mini" loading={submit.busy} disabled={submit.busy || verdict?.suggest === 'risky' || undefined} onClick={() => send(false)}>
            检查并保存
          </Button>
        )}
      </View>
    </View>
  );
}

/** 撤回: a reason, a confirmation, and the notice leaves the board (unsent pushes are cancelled). */
export function NoticeWithdraw({ notice, onDone, onClose }: { notice: NoticeView; onDone: (next: NoticeView) => void; onClose: () => void }) {
  const submit = useSubmit();
  const [reason, setReason] = useState('');
  const send = async () => {
    const text = reason.trim();
    if (!text) return submit.fail({ reason: '请填写撤回原因' });
    const ok = await confirm({
      title: '撤回通知',
      content: notice.status === 'scheduled' ? '撤回后这条通知不会再发布。确定撤回吗？' : '撤回后业主将看不到这条通知，未发出的推送会取消。确定撤回吗？',
      confirmText: '撤回',
      danger: true,
    });
    if (!ok) return;
    const next = await submit.run(() => call('notices', 'withdraw', { noticeId: notice.id, reason: text }));
    if (!next) return;
    toast('已撤回');
    onDone(next);
  };
  return (
    <View className="card notice-withdraw">
      <Text className="card__title">撤回通知</Text>
      <Field label="撤回原因" name="notice-withdraw-reason" required error={submit.fieldErrors.reason}>
        <Input className="input notice-withdraw__reason" value={reason} maxlength={100} placeholder="例如：停水计划取消" onInput={(e) => submit.edited('reason', setReason)(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={['reason']} />
      <View className="form-buttons">
        <Button className="btn btn--ghost notice-withdraw__cancel" size="mini" onClick={onClose}>
          返回
        </Button>
        <Button className="btn btn--danger notice-withdraw__submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
          确认撤回
        </Button>
      </View>
    </View>
  );
}
