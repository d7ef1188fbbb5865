import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Image, Text, Textarea, View } from '@tarojs/components';
import type { UploadedFile } from '@shared/contracts/files.contract';
import { addDays, chineseDate, formatTime, localDay } from '@shared/domain/calendar';
import { MAX_PATROL_PHOTOS, PATROL_KIND_LABELS, RECTIFY_DAYS_DEFAULT, RENOVATION_STATUS_LABELS, VIOLATION_SEVERITY_LABELS, type ViolationSeverity } from '@shared/domain/renovation';
import { routes } from '@shared/routes';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { photoSrc, previewPhotos } from '@/services/photos';
import { toast } from '@/services/ui';
import { Choices } from '@/components/choices';
import { FormError } from '@/components/form-field';
import { InfoRow } from '@/components/info-row';
import { PageHeader } from '@/components/page-header';
import { PhotoPicker } from '@/components/photo-picker';
import { StateView } from '@/components/state-view';
import { newRequestId } from '@/components/repair-format';
import { ComplaintsAbout, ViolationCard } from '@/components/renovation-patrols';
import '@/components/renovation-patrols.scss';

/** An item's mark: in order, or not (what is wrong). */
type Marks = Partial<Record<string, { ok: boolean; note: string }>>;
const SEVERITIES: { value: ViolationSeverity; label: string }[] = [
  { value: 'minor', label: VIOLATION_SEVERITY_LABELS.minor },
  { value: 'serious', label: VIOLATION_SEVERITY_LABELS.serious },
];
const DEADLINE_DAYS = ['1', '3', '7', '15'] as const;
const DEADLINE_OPTIONS = DEADLINE_DAYS.map((d) => ({ value: d, label: `${d}天内` }));

/**
 * 巡查记录 (staff/pages/renovation-patrol/index?id=<task>): the renovation's facts, the violation a
 * re-inspection checks, neighbours' complaints about the unit, then the checklist — every standard
 * item and each forbidden work 正常 / 违规 (what is wrong) — photos and a note. Any 违规 makes the
 * result a violation: severity and a deadline, and the 整改通知 goes out on submit. A recorded task
 * shows its result and its 整改通知单.
 */
export default function RenovationPatrolPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const patrolId = params.id ?? '';
  const res = useCloud('renovation', 'patrol', { patrolId }, { skip: !patrolId });
  const submit = useSubmit();
  const [marks, setMarks] = useState<Marks>({});
  const [photos, setPhotos] = useState<UploadedFile[]>([]);
  const [note, setNote] = useState('');
  const [severity, setSeverity] = useState<ViolationSeverity>();
  const [days, setDays] = useState<(typeof DEADLINE_DAYS)[number]>(String(RECTIFY_DAYS_DEFAULT) as '3');
  const [requestId] = useState(() => newRequestId('patrol'));
  const p = res.data;

  const mark = (key: string, next: { ok: boolean; note?: string } | null) =>
    setMarks((m) => {
      if (next === null) {
        const { [key]: _gone, ...rest } = m;
        return rest;
      }
      return { ...m, [key]: { note: '', ...m[key], ...next } };
    });
  const restOk = () => setMarks((m) => ({ ...m, ...Object.fromEntries((p?.items ?? []).filter((i) => !m[i.key]).map((i) => [i.key, { ok: true, note: '' }])) }));
  const unchecked = (p?.items ?? []).filter((i) => !marks[i.key]).length;
  const bad = (p?.items ?? []).filter((i) => marks[i.key] && !marks[i.key]!.ok);

  const send = async () => {
    if (!p) return;
    const problems: Record<string, string> = {};
    if (unchecked) problems.checks = `还有${unchecked}个巡查项目未检查`;
    for (const i of bad) if (!marks[i.key]!.note.trim()) problems[`item:${i.key}`] = '请说明具体问题';
    if (bad.length && !severity) problems.severity = '请选择违规程度';
    if (Object.keys(problems).length) return submit.fail(problems);
    const done = await submit.run(() =>
      call('renovation', 'recordPatrol', {
        patrolId,
        requestId,
        checks: p.items.map((i) => ({ key: i.key, ok: marks[i.key]!.ok, ...(marks[i.key]!.note.trim() ? { note: marks[i.key]!.note.trim() } : {}) })),
        photoIds: photos.map((ph) => ph.id),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(bad.length ? { severity, deadline: addDays(localDay(new Date()), Number(days)) } : {}),
      }),
    );
    if (!done) return;
    res.set(done);
    toast(done.outcome === 'violation' ? '已记录，整改通知已发出' : done.kind === 'reinspection' ? '复查通过，违规已整改' : '巡查正常，已记录');
  };

  return (
    <View className="page renovation-patrol">
      <StateView loading={res.loading && !p} error={res.error} onRetry={res.reload}>
        {p ? (
          <>
            <PageHeader title={`${PATROL_KIND_LABELS[p.kind]} · ${p.unitLabel}`} subtitle={`${p.status === 'open' ? `应于 ${chineseDate(p.dueOn)} 完成${p.overdue ? '（已逾期）' : ''}` : `${p.byName ?? ''} ${p.doneAt ? formatTime(p.doneAt) : ''} 已巡查`}`} />
            <View className="card renovation-patrol__facts">
              <InfoRow label="装修编号">
                <Text>{p.renovation.no}</Text>
              </InfoRow>
              <InfoRow label="状态">
                <Text>{RENOVATION_STATUS_LABELS[p.renovation.status]}</Text>
              </InfoRow>
              <InfoRow label="业主">
                <Text>{p.renovation.ownerName}</Text>
              </InfoRow>
              <InfoRow label="施工单位">
                <Text>
                  {p.renovation.contractor.company || '—'} {p.renovation.contractor.foreman} {p.renovation.contractor.phone}
                </Text>
              </InfoRow>
              <InfoRow label="施工期">
                <Text>
                  {chineseDate(p.renovation.plannedStart)} 至 {chineseDate(p.renovation.plannedEnd)}
                </Text>
              </InfoRow>
              {p.renovation.permitNo ? (
                <InfoRow label="许可证号">
                  <Text>{p.renovation.permitNo}</Text>
                </InfoRow>
              ) : null}
              <InfoRow label="装修项目">
                <Text>{p.renovation.works.join('、') || '—'}</Text>
              </InfoRow>
              <Text className="link card__text" onClick={() => openPage(routes.staff.renovation, { id: p.renovation.id })}>
                查看装修申请 ›
              </Text>
            </View>

            {p.reinspects ? (
              <View className="card renovation-patrol__reinspects">
                <Text className="card__title">本次复查的整改通知</Text>
                <ViolationCard violation={p.reinspects} />
              </View>
            ) : null}

            <View className="card renovation-patrol__complaints">
              <Text className="card__title">邻居投诉（{p.complaints.length}）</Text>
              <ComplaintsAbout complaints={p.complaints} onOpen={(id) => openPage(routes.staff.complaint, { id })} />
            </View>

            {p.status === 'done' ? (
              <View className="card renovation-patrol__result">
                <Text className="card__title">巡查结果</Text>
                {p.suspendProposal ? (
                  <View className="patrol-banner patrol-banner--danger">
                    <Text>{p.suspendProposal}，请报经理决定是否责令停工。</Text>
                  </View>
                ) : null}
                {p.checks.map((c) => (
                  <View key={c.key} className="patrol-item">
                    <View className="patrol-item__row">
                      <Text className="patrol-item__name">{c.label}</Text>
                      <Text className={`patrol-result patrol-result--${c.ok ? 'ok' : 'bad'}`}>{c.ok ? '正常' : '违规'}</Text>
                    </View>
                    {c.note ? <Text className="patrol-item__hint">{c.note}</Text> : null}
                  </View>
                ))}
                {p.photos.length ? (
                  <View className="patrol-photos">
                    {p.photos.map((ph) => (
                      <Image key={ph.id} className="patrol-photos__photo" src={photoSrc(ph.url)} mode="aspectFill" onClick={() => previewPhotos(p.photos.map((x) => x.url), ph.url)} />
                    ))}
                  </View>
                ) : null}
                {p.note ? <Text className="muted">备注：{p.note}</Text> : null}
                {p.violation ? <ViolationCard violation={p.violation} /> : null}
              </View>
            ) : (
              <View className="card renovation-patrol__form">
                <View className="patrol-form__head">
                  <Text className="card__title">巡查表</Text>
                  <Text className="patrol-form__all renovation-patrol__rest-ok" onClick={restOk}>
                    其余全部正常
                  </Text>
                </View>
                {p.items.map((i) => {
                  const m = marks[i.key];
                  return (
                    <View key={i.key} className={`patrol-item ${i.forbidden ? 'patrol-item--forbidden' : ''}`} data-key={i.key}>
                      <View className="patrol-item__row">
                        <Text className="patrol-item__name">{i.forbidden ? `禁止：${i.label}` : i.label}</Text>
                        <View className="patrol-item__marks">
                          <Text className={`patrol-item__mark patrol-item__mark--ok ${m?.ok ? 'patrol-item__mark--on' : ''}`} onClick={() => (m?.ok ? mark(i.key, null) : mark(i.key, { ok: true }))}>
                            正常
                          </Text>
                          <Text className={`patrol-item__mark patrol-item__mark--bad ${m && !m.ok ? 'patrol-item__mark--on' : ''}`} onClick={() => (m && !m.ok ? mark(i.key, null) : mark(i.key, { ok: false }))}>
                            违规
                          </Text>
                        </View>
                      </View>
                      <Text className="patrol-item__hint">{i.hint}</Text>
                      {m && !m.ok ? (
                        <View className="patrol-item__note">
                          <Textarea className="textarea" value={m.note} maxlength={200} placeholder="具体问题，如：2楼走廊堆放水泥和砖块" onInput={(e) => mark(i.key, { ok: false, note: e.detail.value })} />
                          {submit.fieldErrors[`item:${i.key}`] ? <Text className="field__error">{submit.fieldErrors[`item:${i.key}`]}</Text> : null}
                        </View>
                      ) : null}
                    </View>
                  );
                })}
                <PhotoPicker value={photos} onChange={setPhotos} max={MAX_PATROL_PHOTOS} name="patrol" label="现场照片" />
                <Textarea className="textarea renovation-patrol__note" value={note} maxlength={500} placeholder="备注（选填）" onInput={(e) => setNote(e.detail.value)} />
                {bad.length ? (
                  <View className="renovation-patrol__violation">
                    <Text className="card__subtitle">违规 {bad.length} 项：下发整改通知</Text>
                    <Choices name="patrol-severity" options={SEVERITIES} value={severity} onChange={submit.edited('severity', setSeverity)} />
                    {submit.fieldErrors.severity ? <Text className="field__error">{submit.fieldErrors.severity}</Text> : null}
                    <Text className="muted">整改期限</Text>
                    <Choices name="patrol-deadline" options={DEADLINE_OPTIONS} value={days} onChange={setDays} />
                    <Text className="muted">请于 {chineseDate(addDays(localDay(new Date()), Number(days)))} 前整改；到期生成复查任务。业主将收到整改通知，施工负责人由客服电话告知。</Text>
                  </View>
                ) : null}
                <Text className="muted patrol-form__summary">
                  已检查 {p.items.length - unchecked} 项{unchecked ? `，未检查 ${unchecked} 项` : ''}，违规 {bad.length} 项
                </Text>
                {submit.fieldErrors.checks ? <Text className="field__error">{submit.fieldErrors.checks}</Text> : null}
                <FormError error={submit.error} shownFields={['checks', 'severity', ...Object.keys(submit.fieldErrors).filter((k) => k.startsWith('item:'))]} />
                <Button className={`btn ${bad.length ? 'btn--danger' : 'btn--primary'} renovation-patrol__send`} loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
                  {bad.length ? '提交并下发整改通知' : p.kind === 'reinspection' ? '复查通过，提交' : '巡查正常，提交'}
                </Button>
              </View>
            )}
          </>
        ) : null}
      </StateView>
    </View>
  );
}
