import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { CallTask } from '@shared/contracts/messaging.contract';
import type { CallTaskStatus } from '@shared/domain/messaging';
import { formatTime } from '@shared/domain/calendar';
import { call } from '@/services/cloud';
import { dial, toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { FormError } from '@/components/form-field';

const TABS = [
  { value: 'open' as const, label: '待通知' },
  { value: 'done' as const, label: '已通知' },
];

/** Why to call, per kind: a message WeChat did not deliver, or a planned call (a ladder stage, unread notices). */
export function reasonText(task: Pick<CallTask, 'kind' | 'reason'>): string {
  return task.kind === 'undelivered' ? `微信提醒未送达（${task.reason}）` : task.reason;
}

function CallTaskCard({ task, onDone }: { task: CallTask; onDone: (t: CallTask) => void }) {
  const [note, setNote] = useState('');
  const submit = useSubmit();
  const finish = async () => {
    const done = await submit.run(() => call('messaging', 'completeCallTask', { callTaskId: task.id, ...(note.trim() ? { note: note.trim() } : {}) }));
    if (done) onDone(done);
  };
  return (
    <View className="card call-task">
      <View className="unit-row__main">
        <Text className="card__title">
          {task.name}
          {task.unitLabel ? ` · ${task.unitLabel}` : ''}
        </Text>
        <Text className="link call-task__dial" onClick={() => dial(task.phone)}>
          {task.phone}
        </Text>
      </View>
      <Text className="call-task__title">
        {task.title}
        {task.count > 1 ? <Text className="tag call-task__count">共 {task.count} 条</Text> : null}
      </Text>
      {task.lines.map((l) => (
        <View key={l.label} className="info-row">
          <Text className="muted">{l.label}</Text>
          <Text>{l.value}</Text>
        </View>
      ))}
      <Text className="unit-row__meta call-task__reason">
        {reasonText(task)} · {formatTime(task.lastAt ?? task.createdAt)}
      </Text>
      {task.status === 'open' ? (
        <>
          <Input className="input call-task__note" value={note} maxlength={200} placeholder="通话备注（选填）" onInput={(e) => setNote(e.detail.value)} />
          <FormError error={submit.error} />
          <Button className="btn call-task__done" loading={submit.busy} disabled={submit.busy || undefined} onClick={finish}>
            已电话通知
          </Button>
        </>
      ) : (
        <Text className="muted">
          {task.doneByName} 于 {formatTime(task.doneAt)} 已通知{task.note ? `：${task.note}` : ''}
        </Text>
      )}
    </View>
  );
}

/** 电话通知: people WeChat could not reach; staff call them and tick them off. */
export default function CallTasksPage() {
  useSession({ required: true });
  const [status, setStatus] = useState<CallTaskStatus>('open');
  const list = usePaged((page) => call('messaging', 'callTasks', { status, page, pageSize: 10 }), status);
  const done = () => {
    toast('已记录');
    list.reload();
  };
  return (
    <View className="page calls">
      <PageHeader title="电话通知" subtitle="需要电话告知的住户：微信提醒未送达，或催缴、到期等需要电话跟进" />
      <View className="tabs">
        <Choices name="tabs" options={TABS} value={status} onChange={setStatus} />
      </View>
      <PagedList list={list} name="calls" emptyText={status === 'open' ? '暂无需要电话通知的住户' : '暂无记录'} render={(t) => <CallTaskCard key={t.id} task={t} onDone={done} />} />
    </View>
  );
}
