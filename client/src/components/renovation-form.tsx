import { useState, type ReactNode } from 'react';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import type { UploadedFile } from '@shared/contracts/files.contract';
import type { RenovationSettingsView, RenovationView } from '@shared/contracts/renovation.contract';
import { addDays, localDay } from '@shared/domain/calendar';
import { idNumberProblem, normalizePhone, personNameProblem, phoneProblem } from '@shared/domain/contact';
import { forbiddenMentions, plannedDatesProblem, RENOVATION_TEXT_MAX, RENOVATION_WORK_LABELS, RENOVATION_WORKERS_MAX, type RenovationWork } from '@shared/domain/renovation';
import type { Submit } from '../hooks/use-submit';
import { Choices, choicesOf } from './choices';
import { Field, FormError } from './form-field';
import { PhotoPicker } from './photo-picker';
import './renovation.scss';

const WORKS = choicesOf(RENOVATION_WORK_LABELS);
const ROOMS = ['全屋', '客厅', '餐厅', '主卧', '次卧', '书房', '厨房', '主卫', '次卫', '阳台'];

/** What the form sends (renovation.create / renovation.update without the ids). */
export interface RenovationFields {
  rooms: string[];
  works: RenovationWork[];
  forbidden: { key: string; reason?: string }[];
  description: string;
  contractor: { company: string; licence: string; foreman: string; phone: string };
  workers: { id?: string; name: string; idNumber?: string; phone: string; photoFileId?: string }[];
  plannedStart: string;
  plannedEnd: string;
  drawingIds: string[];
}

interface WorkerDraft {
  id?: string;
  name: string;
  /** Typed now (a new worker, or a recorded one whose number is changed). */
  idNumber: string;
  /** A recorded worker's number as shown (masked). */
  masked?: string;
  phone: string;
  photos: UploadedFile[];
}

const asFile = (f: { id: string; url: string }): UploadedFile => ({ id: f.id, url: f.url, mime: 'image/jpeg', size: 0 });

/** The form's problems before sending (the same rules as the contract and the service), by field path. */
function problems(f: RenovationFields, workers: WorkerDraft[], today: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!f.works.length) out.works = '请选择装修项目';
  const dates = plannedDatesProblem(f.plannedStart, f.plannedEnd, today);
  if (dates) out[dates.path] = dates.message;
  if (f.contractor.phone) {
    const p = phoneProblem(f.contractor.phone);
    if (p) out['contractor.phone'] = p;
  }
  if (f.contractor.foreman) {
    const p = personNameProblem(f.contractor.foreman);
    if (p) out['contractor.foreman'] = p;
  }
  workers.forEach((w, i) => {
    const name = w.name.trim() ? personNameProblem(w.name.trim()) : '请填写姓名';
    if (name) out[`workers.${i}.name`] = name;
    const id = w.idNumber.trim().toUpperCase();
    if (!id && !w.id) out[`workers.${i}.idNumber`] = '请填写身份证号';
    else if (id) {
      const p = idNumberProblem(id);
      if (p) out[`workers.${i}.idNumber`] = p;
    }
    if (w.phone.trim()) {
      const p = phoneProblem(normalizePhone(w.phone.trim()));
      if (p) out[`workers.${i}.phone`] = p;
    }
  });
  return out;
}

interface Props {
  settings: RenovationSettingsView;
  /** The application being edited (absent: a new one). */
  initial?: RenovationView;
  submit: Submit;
  /** Fields above the application (the unit; staff: the owner). */
  top?: ReactNode;
  /** Problems of the `top` fields, checked with the form's. */
  topProblems?: () => Record<string, string>;
  saveText: string;
  onSave: (fields: RenovationFields) => Promise<void>;
}

/**
 * 装修申请 form, shared by the owner (申请装修 / 修改申请) and the agent (代业主申请): rooms, works,
 * the community's forbidden works as tickable items — the rule shown in red as soon as one is
 * ticked, a reason asked where an exception is possible —, words in the description that point at a
 * forbidden work, the contractor, workers (ID number checked here and by the server), planned dates
 * and drawings/photos. Saving keeps a draft; signing and submitting happen on the detail page.
 */
export function RenovationForm({ settings, initial, submit, top, topProblems, saveText, onSave }: Props) {
  const today = localDay(new Date());
  const [rooms, setRooms] = useState<string[]>(initial?.rooms ?? []);
  const [room, setRoom] = useState('');
  const [works, setWorks] = useState<RenovationWork[]>(initial?.works ?? []);
  const [forbidden, setForbidden] = useState<Record<string, { on: boolean; reason: string }>>(() =>
    Object.fromEntries((initial?.forbidden ?? []).map((f) => [f.key, { on: true, reason: f.reason ?? '' }])),
  );
  const [description, setDescription] = useState(initial?.description ?? '');
  const [contractor, setContractor] = useState(initial?.contractor ?? { company: '', licence: '', foreman: '', phone: '' });
  const [workers, setWorkers] = useState<WorkerDraft[]>(
    initial?.workers.map((w) => ({ id: w.id, name: w.name, idNumber: '', masked: w.idNumber, phone: w.phone, photos: w.photoUrl ? [{ id: `existing-${w.id}`, url: w.photoUrl, mime: 'image/jpeg', size: 0 }] : [] })) ?? [
      { name: '', idNumber: '', phone: '', photos: [] },
    ],
  );
  const [plannedStart, setPlannedStart] = useState(initial?.plannedStart ?? addDays(today, 3));
  const [plannedEnd, setPlannedEnd] = useState(initial?.plannedEnd ?? addDays(today, 60));
  const [drawings, setDrawings] = useState<UploadedFile[]>((initial?.drawings ?? []).map(asFile));
  const errors = submit.fieldErrors;
  const mentions = forbiddenMentions(description, settings.forbiddenWorks);

  const toggleRoom = (r: string) => submit.edited('rooms', setRooms)(rooms.includes(r) ? rooms.filter((x) => x !== r) : [...rooms, r]);
  const addRoom = () => {
    const r = room.trim();
    if (r && !rooms.includes(r)) submit.edited('rooms', setRooms)([...rooms, r]);
    setRoom('');
  };
  const toggleWork = (w: RenovationWork) => submit.edited('works', setWorks)(works.includes(w) ? works.filter((x) => x !== w) : [...works, w]);
  const tick = (key: string) => setForbidden((f) => ({ ...f, [key]: { on: !f[key]?.on, reason: f[key]?.reason ?? '' } }));
  const setWorker = (i: number, patch: Partial<WorkerDraft>) => setWorkers((ws) => ws.map((w, j) => (j === i ? { ...w, ...patch } : w)));

  const fields = (): RenovationFields => ({
    rooms,
    works,
    forbidden: settings.forbiddenWorks.filter((w) => forbidden[w.key]?.on).map((w) => ({ key: w.key, ...(forbidden[w.key].reason.trim() ? { reason: forbidden[w.key].reason.trim() } : {}) })),
    description: description.trim(),
    contractor: { company: contractor.company.trim(), licence: contractor.licence.trim(), foreman: contractor.foreman.trim(), phone: normalizePhone(contractor.phone.trim()) },
    workers: workers.map((w) => {
      const photo = w.photos[0];
      return {
        ...(w.id ? { id: w.id } : {}),
        name: w.name.trim(),
        ...(w.idNumber.trim() ? { idNumber: w.idNumber.trim().toUpperCase() } : {}),
        phone: normalizePhone(w.phone.trim()),
        ...(photo && !photo.id.startsWith('existing-') ? { photoFileId: photo.id } : {}),
      };
    }),
    plannedStart,
    plannedEnd,
    drawingIds: drawings.map((d) => d.id),
  });

  const save = async () => {
    const f = fields();
    const found = { ...(topProblems?.() ?? {}), ...problems(f, workers, today) };
    if (Object.keys(found).length) return submit.fail(found);
    await onSave(f);
  };

  return (
    <View className="card renovation-form">
      {top}
      <Text className="card__title renovation-section">装修范围</Text>
      <Field label="装修房间" name="rooms" error={errors.rooms}>
        <Choices name="renovation-rooms" options={[...new Set([...ROOMS, ...rooms])].map((r) => ({ value: r, label: r }))} value={rooms} onChange={toggleRoom} />
        <View className="renovation-period">
          <Input className="input renovation-form__room" value={room} maxlength={20} placeholder="其他房间，如 储物间" onInput={(e) => setRoom(e.detail.value)} onConfirm={addRoom} />
          <Text className="link renovation-form__room-add" onClick={addRoom}>
            添加
          </Text>
        </View>
      </Field>
      <Field label="装修项目" name="works" required error={errors.works}>
        <Choices name="renovation-works" options={WORKS} value={works} onChange={toggleWork} />
      </Field>

      <Text className="card__title renovation-section">涉及以下行为请勾选</Text>
      <Text className="muted">以下为本小区禁止或须经物业特别批准的装修行为，勾选后显示相关规定。</Text>
      {settings.forbiddenWorks.map((w, i) => {
        const on = Boolean(forbidden[w.key]?.on);
        return (
          <View key={w.key} className={`renovation-forbidden renovation-forbidden--${w.key}`}>
            <View className="renovation-forbidden__head" onClick={() => tick(w.key)}>
              <Text className={`renovation-forbidden__box ${on ? 'renovation-forbidden__box--on' : ''}`}>{on ? '✓' : ''}</Text>
              <Text className="renovation-forbidden__label">{w.label}</Text>
            </View>
            {on ? (
              <>
                <Text className="renovation-rule">
                  {w.exceptionAllowed ? '须经物业特别批准：' : '禁止：'}
                  {w.rule}
                </Text>
                {w.exceptionAllowed ? (
                  <Field label="申请理由和措施" name={`forbidden-reason-${w.key}`} required error={errors[`forbidden.${i}.reason`]}>
                    <Textarea
                      className="textarea renovation-form__reason"
                      value={forbidden[w.key]?.reason ?? ''}
                      maxlength={RENOVATION_TEXT_MAX}
                      placeholder="说明为什么需要、采取什么措施（如重做防水并做闭水试验）"
                      onInput={(e) => setForbidden((f) => ({ ...f, [w.key]: { on: true, reason: e.detail.value } }))}
                    />
                  </Field>
                ) : (
                  <Text className="muted">此项不允许施工，请修改装修方案后取消勾选，否则申请无法提交。</Text>
                )}
              </>
            ) : null}
          </View>
        );
      })}

      <Field label="装修说明" name="description" error={errors.description} hint="简要说明施工内容，如 主卫重做防水、全屋水电改造">
        <Textarea
          className="textarea renovation-form__description"
          value={description}
          maxlength={RENOVATION_TEXT_MAX}
          placeholder="请描述主要施工内容"
          onInput={(e) => submit.edited('description', setDescription)(e.detail.value)}
        />
      </Field>
      {mentions.map((m) => (
        <Text key={m.key} className={`renovation-rule renovation-form__mention renovation-form__mention--${m.key}`}>
          说明中提到“{m.words.join('、')}”：{m.label}。{m.rule}
        </Text>
      ))}

      <Text className="card__title renovation-section">施工单位</Text>
      <Field label="施工单位名称" name="company" error={errors['contractor.company']} hint="提交前须填写">
        <Input className="input renovation-form__company" value={contractor.company} maxlength={50} placeholder="如 某某装饰工程有限公司" onInput={(e) => submit.edited('contractor.company', setContractor)({ ...contractor, company: e.detail.value })} />
      </Field>
      <Field label="营业执照/资质编号" name="licence" error={errors['contractor.licence']}>
        <Input className="input renovation-form__licence" value={contractor.licence} maxlength={40} placeholder="统一社会信用代码或资质证书编号" onInput={(e) => setContractor({ ...contractor, licence: e.detail.value })} />
      </Field>
      <Field label="施工负责人" name="foreman" error={errors['contractor.foreman']}>
        <Input className="input renovation-form__foreman" value={contractor.foreman} maxlength={20} placeholder="现场负责人姓名" onInput={(e) => submit.edited('contractor.foreman', setContractor)({ ...contractor, foreman: e.detail.value })} />
      </Field>
      <Field label="负责人电话" name="contractor-phone" error={errors['contractor.phone']}>
        <Input className="input renovation-form__contractor-phone" type="number" value={contractor.phone} maxlength={13} placeholder="手机号" onInput={(e) => submit.edited('contractor.phone', setContractor)({ ...contractor, phone: e.detail.value })} />
      </Field>

      <Text className="card__title renovation-section">施工人员</Text>
      <Text className="muted">每位施工人员凭《装修出入证》出入小区，请如实填写身份证号并上传本人照片。</Text>
      {errors.workers ? <Text className="field__error">{errors.workers}</Text> : null}
      {workers.map((w, i) => (
        <View key={w.id ?? `new-${i}`} className="renovation-worker">
          <View className="renovation-worker__head">
            <Text className="renovation-worker__title">施工人员 {i + 1}</Text>
            <Text className="danger renovation-worker__remove" onClick={() => setWorkers((ws) => ws.filter((_, j) => j !== i))}>
              删除
            </Text>
          </View>
          <Field label="姓名" name={`worker-name-${i}`} required error={errors[`workers.${i}.name`]}>
            <Input className="input renovation-worker__name" value={w.name} maxlength={20} placeholder="姓名" onInput={(e) => setWorker(i, { name: e.detail.value })} />
          </Field>
          <Field label="身份证号" name={`worker-id-${i}`} required={!w.id} error={errors[`workers.${i}.idNumber`]} hint={w.masked ? `已登记 ${w.masked}，如需更正请重新填写` : undefined}>
            <Input className="input renovation-worker__id" type="idcard" value={w.idNumber} maxlength={18} placeholder={w.masked ?? '18位身份证号'} onInput={(e) => setWorker(i, { idNumber: e.detail.value })} />
          </Field>
          <Field label="手机号" name={`worker-phone-${i}`} error={errors[`workers.${i}.phone`]}>
            <Input className="input renovation-worker__phone" type="number" value={w.phone} maxlength={13} placeholder="手机号" onInput={(e) => setWorker(i, { phone: e.detail.value })} />
          </Field>
          <Field label="本人照片" name={`worker-photo-${i}`} error={errors[`workers.${i}.photoFileId`]} hint="用于门岗核对出入证">
            <PhotoPicker name={`worker-${i}`} max={1} value={w.photos} onChange={(photos) => setWorker(i, { photos })} />
          </Field>
        </View>
      ))}
      {workers.length < RENOVATION_WORKERS_MAX ? (
        <Button className="btn btn--ghost renovation-form__add-worker" onClick={() => setWorkers((ws) => [...ws, { name: '', idNumber: '', phone: '', photos: [] }])}>
          + 添加施工人员
        </Button>
      ) : null}

      <Text className="card__title renovation-section">工期</Text>
      <Field label="开工日期" name="plannedStart" required error={errors.plannedStart}>
        <Picker mode="date" value={plannedStart} start={today} onChange={(e) => submit.edited('plannedStart', setPlannedStart)(String(e.detail.value))}>
          <View className="input picker renovation-form__start">{plannedStart}</View>
        </Picker>
      </Field>
      <Field label="完工日期" name="plannedEnd" required error={errors.plannedEnd} hint="工期最长180天">
        <Picker mode="date" value={plannedEnd} start={plannedStart} onChange={(e) => submit.edited('plannedEnd', setPlannedEnd)(String(e.detail.value))}>
          <View className="input picker renovation-form__end">{plannedEnd}</View>
        </Picker>
      </Field>

      <Field label="施工图纸/现场照片" name="drawings" error={errors.drawingIds} hint="最多9张：平面布置图、水电走向图等">
        <PhotoPicker name="renovation-drawings" value={drawings} onChange={submit.edited('drawingIds', setDrawings)} />
      </Field>

      <FormError error={submit.error} shownFields={Object.keys(errors)} />
      <Button className="btn btn--primary renovation-form__save" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
        {saveText}
      </Button>
    </View>
  );
}
