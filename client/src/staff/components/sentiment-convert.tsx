import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import type { IncidentDetail } from '@shared/contracts/sentiment.contract';
import type { UnitSummary } from '@shared/contracts/community.contract';
import { REPAIR_AREA_LABELS, type RepairArea } from '@shared/domain/repairs';
import { speakerOf } from '@shared/domain/sentiment-incidents';
import { call, toCloudError } from '@/services/cloud';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { UnitFinder } from './unit-finder';

type Target = 'repair' | 'complaint';
const TARGET_LABELS: Record<Target, string> = { repair: '报修', complaint: '投诉' };
const AREAS = choicesOf(REPAIR_AREA_LABELS);
const FIELDS = ['unitId', 'contactName', 'contactPhone', 'area', 'place', 'category', 'description'];

interface Sender {
  messageId: string;
  nickname: string;
  text: string;
  owner?: IncidentDetail['messages'][number]['owner'];
}

/** The incident's senders, each with their first message; a known owner first by default. */
export function sendersOf(detail: IncidentDetail): Sender[] {
  const seen = new Map<string, Sender>();
  for (const m of detail.messages) if (!seen.has(m.senderId)) seen.set(m.senderId, { messageId: m.messageId, nickname: m.nickname, text: m.text, ...(m.owner ? { owner: m.owner } : {}) });
  return [...seen.values()];
}

/** The contact a speaker gives: a known owner's name; else the nickname's name and room and a phone in the message. */
function contactOf(s: Sender | undefined): { name: string; phone: string; room: string } {
  if (!s) return { name: '', phone: '', room: '' };
  const said = speakerOf(s.nickname, s.text);
  return s.owner ? { name: s.owner.name, phone: said.phone, room: '' } : said;
}

/**
 * 转为报修 / 转为投诉: an editable form, pre-filled — 区域 (公共区域 for an elevator), 位置 with the
 * building, 类别 from the topic, a neutral description the owner will read (never the chat quote),
 * and the chosen speaker's contact (a known owner: their unit and phone are used when left empty;
 * an unknown speaker: the name, room and phone found in the nickname and message).
 */
export function SentimentConvert({ detail, to, onDone, onCancel }: { detail: IncidentDetail; to: Target; onDone: (next: IncidentDetail) => void; onCancel: () => void }) {
  const senders = sendersOf(detail);
  const settings = useCloud('repairs', 'settings', {}, { skip: to !== 'repair' });
  const draft = detail.repairDraft;
  const [messageId, setMessageId] = useState(() => (senders.find((s) => s.owner) ?? senders[0])?.messageId);
  const sender = senders.find((s) => s.messageId === messageId);
  const [contact, setContact] = useState(() => contactOf(sender));
  const [unit, setUnit] = useState<UnitSummary>();
  const [area, setArea] = useState<RepairArea>(to === 'repair' ? draft.area : 'home');
  const [place, setPlace] = useState(draft.place);
  const [category, setCategory] = useState<string | undefined>(draft.category);
  const [description, setDescription] = useState(to === 'repair' ? draft.description : `业主反映${draft.place || '小区'}相关问题，请跟进处理并回复业主。`);
  const submit = useSubmit();
  const label = TARGET_LABELS[to];
  const known = Boolean(sender?.owner);
  // An unknown speaker's room is asked at once (required for 户内 and 投诉, optional for 公共区域).
  const showUnit = !(known && sender?.owner?.unitId);
  const needsUnit = showUnit && area === 'home';

  const choose = (s: Sender) => {
    setMessageId(s.messageId);
    setContact(contactOf(s));
    setUnit(undefined);
    submit.clear();
  };

  const send = async () => {
    const problems: Record<string, string> = {};
    if (needsUnit && !unit) problems.unitId = '请选择房屋';
    if (!known && !contact.name.trim()) problems.contactName = '请填写联系人';
    if (!known && !contact.phone.trim()) problems.contactPhone = '请填写联系电话';
    if (to === 'repair' && area === 'common' && !place.trim()) problems.place = '请填写报修位置，如 1栋电梯';
    if (to === 'repair' && !category) problems.category = '请选择报修类别';
    if (description.trim().length < 5) problems.description = '请至少用5个字描述问题';
    if (Object.keys(problems).length) return submit.fail(problems);
    const next = await submit.run(async () => {
      try {
        return await call('sentiment', 'convert', {
          incidentId: detail.id,
          to,
          ...(messageId ? { messageId } : {}),
          ...(unit ? { unitId: unit.id } : {}),
          ...(contact.name.trim() ? { contactName: contact.name.trim() } : {}),
          ...(contact.phone.trim() ? { contactPhone: contact.phone.trim() } : {}),
          ...(to === 'repair' ? { area, ...(area === 'common' ? { place: place.trim() } : {}), ...(category ? { category } : {}) } : {}),
          description: description.trim(),
        });
      } catch (e) {
        throw toCloudError(e);
      }
    });
    if (next) onDone(next);
  };

  const errors = submit.fieldErrors;
  return (
    <View className={`form sentiment-convert sentiment-convert--${to}`}>
      <Text className="repair-action__title">转为{label}</Text>
      {senders.length > 1 ? (
        <Field label="为哪位发言人建单" name="convert-sender">
          {senders.map((s) => (
            <View key={s.messageId} className={`sentiment-detail__sender ${s.messageId === messageId ? 'sentiment-detail__sender--active' : ''}`} onClick={() => choose(s)}>
              <Text>{s.nickname}</Text>
              <Text className="muted">{s.owner ? `业主：${s.owner.name}${s.owner.unitLabel ? ` · ${s.owner.unitLabel}` : ''}` : '未识别的业主'}</Text>
            </View>
          ))}
        </Field>
      ) : null}
      {to === 'repair' ? (
        <>
          <Field label="报修区域" name="area" required error={errors.area}>
            <Choices name="convert-area" options={AREAS} value={area} onChange={submit.edited('area', setArea)} />
          </Field>
          {area === 'common' ? (
            <Field label="位置" name="place" required error={errors.place}>
              <Input className="input sentiment-convert__place" value={place} maxlength={40} placeholder="如：1栋电梯、地下车库B1" onInput={(e) => submit.edited('place', setPlace)(e.detail.value)} />
            </Field>
          ) : null}
          <Field label="报修类别" name="category" required error={errors.category}>
            <Choices name="convert-category" options={(settings.data?.categories ?? (draft.category ? [draft.category] : [])).map((c) => ({ value: c, label: c }))} value={category} onChange={submit.edited('category', setCategory)} />
          </Field>
        </>
      ) : null}
      <Field label="问题描述（业主可见）" name="description" required error={errors.description} hint="请用中性的话描述问题，不要引用业主群原话">
        <Textarea className="textarea sentiment-convert__description" value={description} maxlength={500} onInput={(e) => submit.edited('description', setDescription)(e.detail.value)} />
      </Field>
      {showUnit ? (
        <Field label={needsUnit ? '房屋' : '发言人房屋（选填）'} name="unitId" required={needsUnit} error={errors.unitId} hint={contact.room ? `群昵称中的房号：${contact.room}` : undefined}>
          <UnitFinder key={messageId} chosen={unit} onChoose={submit.edited('unitId', setUnit)} query={contact.room} />
        </Field>
      ) : null}
      <Field label="联系人" name="contactName" required={!known} error={errors.contactName}>
        <Input className="input sentiment-convert__contact-name" value={contact.name} maxlength={20} placeholder={known ? '留空则用业主登记的姓名' : '发言人姓名'} onInput={(e) => submit.edited('contactName', (v: string) => setContact((c) => ({ ...c, name: v })))(e.detail.value)} />
      </Field>
      <Field label="联系电话" name="contactPhone" required={!known} error={errors.contactPhone}>
        <Input className="input sentiment-convert__contact-phone" type="number" value={contact.phone} maxlength={11} placeholder={known ? '留空则用业主登记的电话' : '手机号'} onInput={(e) => submit.edited('contactPhone', (v: string) => setContact((c) => ({ ...c, phone: v })))(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={FIELDS} />
      <View className="form-buttons">
        <Button className="btn btn--ghost sentiment-convert__cancel" size="mini" onClick={onCancel}>
          返回
        </Button>
        <Button className="btn btn--primary sentiment-convert__submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
          确认转为{label}
        </Button>
      </View>
    </View>
  );
}
