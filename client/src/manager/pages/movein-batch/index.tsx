import { useMemo, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import type { BatchDetail } from '@shared/contracts/movein-batches.contract';
import { addDays, chineseDate, localDay, weekdayLabel } from '@shared/domain/calendar';
import { yuan } from '@shared/domain/fees';
import { BATCH_STATUS_LABELS, DEFAULT_MOVEIN_DOCUMENTS, daysBetween } from '@shared/domain/movein';
import { routes } from '@shared/routes';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { confirm, toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { InfoRow } from '@/components/info-row';
import { newRequestId } from '@/components/repair-format';
import '@/components/movein-booking.scss';

interface SlotForm {
  id?: string;
  start: string;
  end: string;
  capacity: string;
}

const shortDay = (d: string) => `${chineseDate(d).replace(/^\d+年/, '')} ${weekdayLabel(d)}`;

/** The batch form: a new batch, or a draft (published batches are not edited). */
function BatchForm({ batch, onSaved }: { batch?: BatchDetail; onSaved: (b: BatchDetail) => void }) {
  const today = localDay(new Date());
  const overview = useCloud('community', 'overview');
  const items = useCloud('fees', 'items');
  const [requestId] = useState(() => newRequestId('batch'));
  const [name, setName] = useState(batch?.name ?? '');
  const [buildingIds, setBuildingIds] = useState<string[]>(batch?.buildingIds ?? []);
  const [startDay, setStartDay] = useState(batch?.startDay ?? addDays(today, 7));
  const [endDay, setEndDay] = useState(batch?.endDay ?? addDays(today, 20));
  const [closedDays, setClosedDays] = useState<string[]>(batch?.closedDays ?? []);
  const [slots, setSlots] = useState<SlotForm[]>(
    batch?.slots.map((s) => ({ id: s.id, start: s.start, end: s.end, capacity: String(s.capacity) })) ?? [
      { start: '09:00', end: '12:00', capacity: '10' },
      { start: '14:00', end: '17:00', capacity: '10' },
    ],
  );
  const [documents, setDocuments] = useState((batch?.documents ?? DEFAULT_MOVEIN_DOCUMENTS).join('\n'));
  const [feeItemIds, setFeeItemIds] = useState<string[]>(batch?.feeItems.map((f) => f.id) ?? []);
  const [place, setPlace] = useState(batch?.place ?? '');
  const [note, setNote] = useState(batch?.note ?? '');
  const submit = useSubmit();
  const e = submit.fieldErrors;

  const days = useMemo(() => (startDay <= endDay ? daysBetween(startDay, endDay).slice(0, 62) : []), [startDay, endDay]);
  const oneOff = (items.data ?? []).filter((i) => i.kind === 'one-off' && i.active);
  const toggle = (list: string[], set: (v: string[]) => void) => (v: string) => set(list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const setSlot = (i: number, patch: Partial<SlotForm>) => setSlots(slots.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  const save = async () => {
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = '请填写批次名称';
    if (!buildingIds.length) problems.buildingIds = '请选择交付楼栋';
    if (!place.trim()) problems.place = '请填写办理地点';
    if (slots.some((s) => !/^\d+$/.test(s.capacity) || Number(s.capacity) < 1)) problems.slots = '每个时段的户数应为大于0的整数';
    if (Object.keys(problems).length) return submit.fail(problems);
    const saved = await submit.run(() =>
      call('movein', 'saveBatch', {
        requestId,
        ...(batch ? { batchId: batch.id, rev: batch.rev } : {}),
        name: name.trim(),
        buildingIds,
        startDay,
        endDay,
        closedDays: closedDays.filter((d) => d >= startDay && d <= endDay),
        slots: slots.map((s) => ({ ...(s.id ? { id: s.id } : {}), start: s.start, end: s.end, capacity: Number(s.capacity) })),
        documents: documents
          .split('\n')
          .map((d) => d.trim())
          .filter(Boolean),
        feeItemIds,
        place: place.trim(),
        note: note.trim(),
      }),
    );
    if (!saved) return;
    toast('已保存草稿');
    onSaved(saved);
  };

  return (
    <View className="card movein-batch__form">
      <Field label="批次名称" name="name" required error={e.name}>
        <Input className="input" value={name} maxlength={40} placeholder="如：8栋、9栋集中交付" onInput={(ev) => submit.edited('name', setName)(ev.detail.value)} />
      </Field>
      <Field label="交付楼栋" name="buildings" required error={e.buildingIds} hint="发布后为这些楼栋的每户空置房屋建立入住办理">
        <Choices name="movein-buildings" options={(overview.data?.buildings ?? []).map((b) => ({ value: b.id, label: `${b.name}（${b.vacant}户空置）` }))} value={buildingIds} onChange={toggle(buildingIds, setBuildingIds)} />
      </Field>
      <Field label="办理日期" name="days" required error={e.startDay ?? e.endDay}>
        <View className="movein-batch__slot-row">
          <Picker mode="date" value={startDay} start={today} onChange={(ev) => setStartDay(String(ev.detail.value))}>
            <View className="input picker movein-batch__start">{startDay}</View>
          </Picker>
          <Text>至</Text>
          <Picker mode="date" value={endDay} start={startDay} onChange={(ev) => setEndDay(String(ev.detail.value))}>
            <View className="input picker movein-batch__end">{endDay}</View>
          </Picker>
        </View>
      </Field>
      <Field label="休息日" name="closed" error={e.closedDays} hint="点选不办理的日期（周末、节假日）">
        <Choices name="movein-closed" options={days.map((d) => ({ value: d, label: shortDay(d) }))} value={closedDays} onChange={toggle(closedDays, setClosedDays)} />
      </Field>
      <Field label="每日时段和可办理户数" name="slots" required error={e.slots}>
        {slots.map((s, i) => (
          <View key={i} className="movein-batch__slot-row">
            <Input className="input movein-batch__slot-input" value={s.start} maxlength={5} onInput={(ev) => setSlot(i, { start: ev.detail.value })} />
            <Text>–</Text>
            <Input className="input movein-batch__slot-input" value={s.end} maxlength={5} onInput={(ev) => setSlot(i, { end: ev.detail.value })} />
            <Input className="input movein-batch__cap-input" type="number" value={s.capacity} maxlength={3} onInput={(ev) => setSlot(i, { capacity: ev.detail.value })} />
            <Text>户</Text>
            {slots.length > 1 ? (
              <Text className="danger" onClick={() => setSlots(slots.filter((_, j) => j !== i))}>
                删除
              </Text>
            ) : null}
          </View>
        ))}
        {slots.length < 8 ? (
          <Text className="link movein-batch__add-slot" onClick={() => setSlots([...slots, { start: '', end: '', capacity: '10' }])}>
            + 添加时段
          </Text>
        ) : null}
      </Field>
      <Field label="办理地点" name="place" required error={e.place}>
        <Input className="input" value={place} maxlength={60} placeholder="如：8栋一楼大堂入住办理处" onInput={(ev) => submit.edited('place', setPlace)(ev.detail.value)} />
      </Field>
      <Field label="业主需携带的资料" name="documents" error={e.documents} hint="每行一项">
        <Textarea className="textarea" value={documents} maxlength={600} onInput={(ev) => setDocuments(ev.detail.value)} />
      </Field>
      <Field label="入住时缴纳的费用" name="fees" error={e.feeItemIds} hint="一次性收费项目；发布时为每户生成账单，业主可提前在线缴纳">
        {oneOff.length ? (
          <Choices name="movein-fees" options={oneOff.map((i) => ({ value: i.id, label: `${i.name} ${yuan(i.rateFen)}元` }))} value={feeItemIds} onChange={toggle(feeItemIds, setFeeItemIds)} />
        ) : (
          <Text className="muted">暂无一次性收费项目，可在“收费管理”中添加（如 预交物业费、装修押金）</Text>
        )}
      </Field>
      <Field label="备注" name="note" error={e.note}>
        <Input className="input" value={note} maxlength={200} placeholder="选填，业主可见" onInput={(ev) => setNote(ev.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={['name', 'buildingIds', 'startDay', 'endDay', 'closedDays', 'slots', 'place', 'documents', 'feeItemIds', 'note']} />
      <Button className="btn btn--primary movein-batch__save" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
        保存草稿
      </Button>
    </View>
  );
}

/** A batch as it runs: the publish report, places booked per day and slot, close. */
function BatchView({ b, onChanged }: { b: BatchDetail; onChanged: (b: BatchDetail) => void }) {
  const submit = useSubmit();
  const publish = async () => {
    if (!(await confirm({ title: '发布入住批次', content: `将为${b.buildingNames.join('、')}的每户空置房屋建立入住办理、生成入住费用账单，并向业主发送入住通知。发布后不能再修改，确定发布吗？`, confirmText: '发布' }))) return;
    let next = await submit.run(() => call('movein', 'publishBatch', { batchId: b.id }));
    if (!next && submit.error?.code === 'NOTICE.NEEDS_CONFIRM') {
      if (!(await confirm({ title: '请确认通知内容', content: submit.error.message, confirmText: '确认发布' }))) return;
      next = await submit.run(() => call('movein', 'publishBatch', { batchId: b.id, confirmReview: true }));
    }
    if (!next) return;
    toast('已发布');
    onChanged(next);
  };
  const close = async () => {
    if (!(await confirm({ title: '结束入住批次', content: '结束后业主不能再预约；未办理的入住仍可在入住办理中继续办理。确定结束吗？', confirmText: '结束批次', danger: true }))) return;
    const next = await submit.run(() => call('movein', 'closeBatch', { batchId: b.id }));
    if (next) onChanged(next);
  };
  return (
    <>
      <View className="card movein-batch__summary">
        <View className="movein-card__head">
          <Text className="card__title">{b.name}</Text>
          <Text className={`tag ${b.status === 'published' ? 'tag--occupied' : ''} movein-batch__status`}>{BATCH_STATUS_LABELS[b.status]}</Text>
        </View>
        <InfoRow label="交付楼栋">{b.buildingNames.join('、')}</InfoRow>
        <InfoRow label="办理日期">
          {chineseDate(b.startDay)} 至 {chineseDate(b.endDay)}
        </InfoRow>
        {b.closedDays.length ? <InfoRow label="休息日">{b.closedDays.map(shortDay).join('、')}</InfoRow> : null}
        <InfoRow label="每日时段">{b.slots.map((s) => `${s.label}（${s.capacity}户）`).join('、')}</InfoRow>
        <InfoRow label="办理地点">{b.place}</InfoRow>
        {b.documents.length ? <InfoRow label="携带资料">{b.documents.join('、')}</InfoRow> : null}
        {b.feeItems.length ? <InfoRow label="入住费用">{b.feeItems.map((f) => `${f.name} ${yuan(f.amountFen)}元`).join('、')}</InfoRow> : null}
        {b.status !== 'draft' ? (
          <InfoRow label="预约情况">
            {b.cases} 户 · 已预约 {b.booked} / {b.capacity} 个名额
          </InfoRow>
        ) : null}
        {b.publishedAt ? <InfoRow label="发布">{`${b.publishedByName ?? ''} ${chineseDate(b.publishedAt.slice(0, 10))}`}</InfoRow> : null}
        <FormError error={submit.error} />
        <View className="movein-batch__actions">
          {b.actions.includes('publish') ? (
            <Button className="btn btn--primary movein-batch__publish" loading={submit.busy} disabled={submit.busy || undefined} onClick={publish}>
              发布并发送入住通知
            </Button>
          ) : null}
          {b.status !== 'draft' ? (
            <Button className="btn btn--ghost movein-batch__progress" onClick={() => openPage(routes.manager.moveinProgress, { id: b.id })}>
              办理进度
            </Button>
          ) : null}
          {b.noticeId ? (
            <Button className="btn btn--ghost movein-batch__notice" onClick={() => openPage(routes.manager.notice, { id: b.noticeId! })}>
              查看入住通知
            </Button>
          ) : null}
          {b.actions.includes('close') ? (
            <Button className="btn btn--danger movein-batch__close" disabled={submit.busy || undefined} onClick={close}>
              结束批次
            </Button>
          ) : null}
        </View>
      </View>
      {b.report ? (
        <View className="card movein-batch__report">
          <Text className="card__title">发布结果</Text>
          <Text className="movein-batch__skip">
            建立入住办理 {b.report.created} 户{b.report.bills ? `，生成入住费用账单 ${b.report.bills} 笔` : ''}
          </Text>
          {b.report.skipped.length ? <Text className="muted">未建立（{b.report.skipped.length} 户）：</Text> : null}
          {b.report.skipped.map((s) => (
            <Text key={s.unitId} className="movein-batch__skip muted">
              {s.unitLabel}：{s.reasonLabel}
            </Text>
          ))}
        </View>
      ) : null}
      {b.status !== 'draft' ? (
        <View className="card movein-batch__grid">
          <Text className="card__title">每日预约</Text>
          {b.days.map((d) => (
            <View key={d.day} className="movein-batch__grid-day" data-day={d.day}>
              <Text>{shortDay(d.day)}</Text>
              <View className="movein-batch__grid-slots">
                {d.slots.map((s) => (
                  <Text key={s.id} className={s.booked >= s.capacity ? 'movein-batch__full' : ''}>
                    {s.label.split('–')[0]} {s.booked}/{s.capacity}
                  </Text>
                ))}
              </View>
            </View>
          ))}
        </View>
      ) : null}
    </>
  );
}

/**
 * 入住批次 (manager/pages/movein-batch/index): without an id (or 'new') a new batch; a draft is edited
 * and published (cases, bills, 入住通知); a published batch shows its publish report and the places
 * booked per day and slot, and is closed at the end.
 */
export default function MoveInBatchPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const given = params.id && params.id !== 'new' ? params.id : '';
  const [id, setId] = useState(given);
  const res = useCloud('movein', 'batch', { batchId: id }, { skip: !id });
  const b = res.data;
  const saved = (next: BatchDetail) => {
    setId(next.id);
    res.set(next);
  };
  return (
    <View className="page movein-batch">
      <PageHeader title={id ? (b?.name ?? '入住批次') : '新建入住批次'} subtitle="集中入住：交付楼栋、办理日期、预约时段、入住通知" />
      {!id ? (
        <BatchForm onSaved={saved} />
      ) : (
        <StateView loading={res.loading && !b} error={res.error} onRetry={res.reload}>
          {b ? (
            <>
              <BatchView b={b} onChanged={res.set} />
              {b.actions.includes('edit') ? <BatchForm key={`${b.id}-${b.rev}`} batch={b} onSaved={saved} /> : null}
            </>
          ) : null}
        </StateView>
      )}
    </View>
  );
}
