import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import type { BuildingProgress, MoveInCallTask } from '@shared/contracts/movein-progress.contract';
import { localDay } from '@shared/domain/calendar';
import {
  MOVEIN_CALL_LIST_LABELS,
  MOVEIN_CALL_NOTE_MAX,
  MOVEIN_CALL_OUTCOME_LABELS,
  PROGRESS_BUCKET_LABELS,
  type MoveInCallList,
  type MoveInCallOutcome,
} from '@shared/domain/movein';
import { call } from '@/services/cloud';
import { dial, toast } from '@/services/ui';
import { useCloud } from '@/hooks/use-cloud';
import { usePaged } from '@/hooks/use-paged';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { StateView } from '@/components/state-view';
import { Stat } from '@/components/stat';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { newRequestId } from '@/components/repair-format';
import '@/components/movein-progress.scss';

const LISTS = choicesOf(MOVEIN_CALL_LIST_LABELS);
const OUTCOMES = choicesOf(MOVEIN_CALL_OUTCOME_LABELS);

/**
 * 入住进度 (manager/pages/movein-progress/index?id=…): a batch's progress by building (已入住, 办理中,
 * 已预约, 爽约, 未预约, 验房问题未修 / 超时), the day's schedule by slot, and the owners to call —
 * never booked or did not come — with each call's outcome recorded (and logged at the desk).
 */
export default function MoveInProgressPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const batchId = params.id ?? '';
  const progress = useCloud('movein', 'progress', { batchId }, { skip: !batchId });
  const p = progress.data;
  return (
    <View className="page movein-progress">
      <PageHeader title="入住进度" subtitle={p ? `${p.name} · ${p.startDay} 至 ${p.endDay}` : undefined} />
      {!batchId ? <Text className="muted">缺少入住批次，请从入住管理进入。</Text> : null}
      <StateView loading={progress.loading} error={progress.error} onRetry={progress.reload}>
        {p ? (
          <>
            <View className="card movein-progress__total">
              <Text className="card__title">全部楼栋 · {p.total.units} 户</Text>
              <View className="stats">
                <Stat label="已入住" value={p.total.done} className="movein-progress__done" />
                <Stat label="办理中" value={p.total.inProgress} />
                <Stat label="已预约" value={p.total.booked} />
                <Stat label="爽约" value={p.total.noShow} className="movein-progress__no-show" />
                <Stat label="未预约" value={p.total.neverBooked} className="movein-progress__never" />
              </View>
              <Text className="muted movein-progress__defects">
                验房问题未修 {p.total.defectsOpen} 项{p.total.defectsOverdue ? `，其中超时 ${p.total.defectsOverdue} 项` : ''}
              </Text>
            </View>
            {p.buildings.map((b) => (
              <BuildingCard key={b.buildingId} b={b} />
            ))}
            <Schedule batchId={batchId} today={p.today} startDay={p.startDay} endDay={p.endDay} />
            <Calls batchId={batchId} buildings={p.buildings} onCalled={progress.reload} />
          </>
        ) : null}
      </StateView>
    </View>
  );
}

function BuildingCard({ b }: { b: BuildingProgress }) {
  const share = b.units ? Math.round((b.done / b.units) * 100) : 0;
  return (
    <View className="card progress-building">
      <View className="progress-building__head">
        <Text className="card__title">{b.buildingName}</Text>
        <Text className="muted">
          {b.done}/{b.units} 户已入住 · {share}%
        </Text>
      </View>
      <View className="progress-bar">
        <View className="progress-bar__done" style={{ width: `${share}%` }} />
      </View>
      <View className="progress-building__counts">
        <Text>办理中 {b.inProgress}</Text>
        <Text>已预约 {b.booked}</Text>
        <Text className={b.noShow ? 'progress-building__warn' : ''}>爽约 {b.noShow}</Text>
        <Text className={b.neverBooked ? 'progress-building__warn' : ''}>未预约 {b.neverBooked}</Text>
      </View>
      <Text className={`unit-row__meta ${b.defectsOverdue ? 'progress-building__overdue' : ''}`}>
        验房问题未修 {b.defectsOpen}
        {b.defectsOverdue ? ` · 超时 ${b.defectsOverdue}` : ''}
        {b.cancelled ? ` · 已取消 ${b.cancelled} 户` : ''}
      </Text>
    </View>
  );
}

function Schedule({ batchId, today, startDay, endDay }: { batchId: string; today: string; startDay: string; endDay: string }) {
  const [day, setDay] = useState(today < startDay ? startDay : today > endDay ? endDay : today);
  const schedule = useCloud('movein', 'progressDay', { batchId, day });
  const s = schedule.data;
  return (
    <View className="card progress-day">
      <View className="progress-building__head">
        <Text className="card__title">当日排期</Text>
        <Picker mode="date" value={day} start={startDay} end={endDay} onChange={(e) => setDay(String(e.detail.value))}>
          <Text className="link progress-day__pick">{day} ›</Text>
        </Picker>
      </View>
      <StateView loading={schedule.loading} error={schedule.error} onRetry={schedule.reload}>
        {s?.closed ? <Text className="muted">当天不办理入住。</Text> : null}
        {s && !s.closed
          ? s.slots.map((slot) => (
              <View key={slot.slotId} className="progress-day__slot">
                <Text className="progress-day__label">
                  {slot.label}　{slot.booked}/{slot.capacity}
                </Text>
                {slot.entries.length === 0 ? <Text className="muted">暂无预约</Text> : null}
                {slot.entries.map((e) => (
                  <View key={e.moveInId} className="progress-day__entry">
                    <Text>
                      {e.unitLabel} · {e.buyerName}
                    </Text>
                    <Text className={`movein-bucket movein-bucket--${e.bucket}`}>{PROGRESS_BUCKET_LABELS[e.bucket]}</Text>
                  </View>
                ))}
              </View>
            ))
          : null}
      </StateView>
    </View>
  );
}

function Calls({ batchId, buildings, onCalled }: { batchId: string; buildings: BuildingProgress[]; onCalled: () => void }) {
  const [list, setList] = useState<MoveInCallList>('neverBooked');
  const [buildingId, setBuildingId] = useState('');
  const tasks = usePaged((page) => call('movein', 'callTasks', { batchId, list, ...(buildingId ? { buildingId } : {}), page, pageSize: 10 }), `${list}:${buildingId}`);
  const buildingChoices = [{ value: '', label: '全部' }, ...buildings.map((b) => ({ value: b.buildingId, label: b.buildingName }))];
  return (
    <View className="card progress-calls">
      <Text className="card__title">待致电业主</Text>
      <Choices name="progress-list" options={LISTS} value={list} onChange={setList} />
      {buildings.length > 1 ? <Choices name="progress-building" options={buildingChoices} value={buildingId} onChange={setBuildingId} /> : null}
      <PagedList
        list={tasks}
        name="movein-calls"
        emptyText={list === 'neverBooked' ? '所有业主都已预约' : '没有爽约的业主'}
        render={(t) => (
          <CallRow
            key={t.moveInId}
            task={t}
            onSaved={(next) => {
              tasks.update((items) => items.map((i) => (i.moveInId === next.moveInId ? next : i)));
              onCalled();
            }}
          />
        )}
      />
    </View>
  );
}

function CallRow({ task, onSaved }: { task: MoveInCallTask; onSaved: (t: MoveInCallTask) => void }) {
  const [open, setOpen] = useState(false);
  const [requestId, setRequestId] = useState(() => newRequestId('call'));
  const [outcome, setOutcome] = useState<MoveInCallOutcome>();
  const [note, setNote] = useState('');
  const [next, setNext] = useState('');
  const submit = useSubmit();
  const last = task.lastCall;
  const save = async () => {
    if (!outcome) return submit.fail({ outcome: '请选择通话结果' });
    const saved = await submit.run(() => call('movein', 'recordCall', { moveInId: task.moveInId, requestId, outcome, ...(note.trim() ? { note: note.trim() } : {}), ...(next ? { nextCallDay: next } : {}) }));
    if (!saved) return;
    toast('已记录');
    setOpen(false);
    setRequestId(newRequestId('call'));
    setOutcome(undefined);
    setNote('');
    setNext('');
    onSaved(saved);
  };
  return (
    <View className="call-row">
      <View className="progress-building__head">
        <Text className="call-row__unit">{task.unitLabel}</Text>
        {task.due ? <Text className="tag tag--pending call-row__due">待致电</Text> : <Text className="tag">已跟进</Text>}
      </View>
      <Text className="unit-row__meta">
        {task.buyerName} ·{' '}
        <Text className="link call-row__phone" onClick={() => task.phone && dial(task.phone)}>
          {task.phone || '无电话'}
        </Text>
        {task.bookedDay ? ` · 原约 ${task.bookedDay}` : ''}
      </Text>
      {last ? (
        <Text className="muted call-row__last">
          第{task.calls}次：{MOVEIN_CALL_OUTCOME_LABELS[last.outcome]}
          {last.note ? `，${last.note}` : ''}
          {last.nextCallDay ? `；${last.nextCallDay} 再联系` : ''}（{last.byName}）
        </Text>
      ) : (
        <Text className="muted call-row__last">尚未致电</Text>
      )}
      {open ? (
        <View className="call-row__form">
          <Field label="通话结果" name="outcome" required error={submit.fieldErrors.outcome}>
            <Choices name="call-outcome" options={OUTCOMES} value={outcome} onChange={submit.edited('outcome', setOutcome)} />
          </Field>
          <Field label="备注" name="note" error={submit.fieldErrors.note}>
            <Input className="input call-row__note" value={note} maxlength={MOVEIN_CALL_NOTE_MAX} placeholder="如：业主在外地，月底回来办理" onInput={(e) => setNote(e.detail.value)} />
          </Field>
          <Field label="下次致电" name="nextCallDay" error={submit.fieldErrors.nextCallDay}>
            <Picker mode="date" value={next || localDay(Date.now())} start={localDay(Date.now())} onChange={(e) => setNext(String(e.detail.value))}>
              <Text className="link call-row__next">{next || '选择日期（可不填）'}</Text>
            </Picker>
          </Field>
          <FormError error={submit.error} shownFields={['outcome', 'note', 'nextCallDay']} />
          <View className="row-actions">
            <Button className="btn btn--primary call-row__save" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
              保存
            </Button>
            <Button className="btn btn--ghost" onClick={() => setOpen(false)}>
              取消
            </Button>
          </View>
        </View>
      ) : (
        <Text className="link call-row__record" onClick={() => setOpen(true)}>
          记录通话 ›
        </Text>
      )}
    </View>
  );
}
