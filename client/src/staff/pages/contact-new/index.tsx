import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import type { UnitSummary } from '@shared/contracts/community.contract';
import { addDays, localDay, localInstant } from '@shared/domain/calendar';
import { normalizePhone, phoneProblem } from '@shared/domain/contact';
import {
  CONTACT_DIRECTION_LABELS,
  CONTACT_KIND_LABELS,
  CONTACT_NOTE_MAX,
  CONTACT_PURPOSE_MAX,
  CONTACT_RESULT_MAX,
  VISITOR_COMPANY_MAX,
  VISITOR_NAME_MAX,
  VISITOR_PURPOSE_LABELS,
  type ContactDirection,
  type ContactKind,
  type VisitorPurpose,
} from '@shared/domain/desk-log';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { newRequestId } from '@/components/repair-format';
import '@/components/desk-log.scss';
import { UnitFinder } from '../../components/unit-finder';
import { usePresetUnit } from '../../components/preset-owner';

type Who = 'owner' | 'visitor';
const KINDS = choicesOf(CONTACT_KIND_LABELS);
const DIRECTIONS = choicesOf(CONTACT_DIRECTION_LABELS);
const PURPOSES = choicesOf(VISITOR_PURPOSE_LABELS);
const WHO: { value: Who; label: string }[] = [
  { value: 'owner', label: '业主' },
  { value: 'visitor', label: '访客（非业主）' },
];
const FIELDS = ['kind', 'direction', 'unitId', 'phone', 'visitor', 'purpose', 'result', 'followUp'] as const;

/**
 * 登记来电来访 (agents, cashiers, managers): a call, a visit or a WeChat message, of an owner (a unit
 * found in the directory) or of a visitor who is not one, with its purpose, result and follow-up.
 * `unitId` / `ownerId` / `phone` in the URL start it with the owner or caller chosen (owner view, lookup).
 */
export default function StaffContactNewPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const [requestId] = useState(() => newRequestId('contact'));
  const [kind, setKind] = useState<ContactKind>('call');
  const [direction, setDirection] = useState<ContactDirection>('in');
  const [who, setWho] = useState<Who>(params.phone && !params.unitId && !params.ownerId ? 'visitor' : 'owner');
  const [unit, setUnit] = useState<UnitSummary>();
  const [phone, setPhone] = useState(params.phone ?? '');
  const [visitorName, setVisitorName] = useState('');
  const [company, setCompany] = useState('');
  const [visitorPurpose, setVisitorPurpose] = useState<VisitorPurpose>();
  const [purpose, setPurpose] = useState('');
  const [result, setResult] = useState('');
  const [follow, setFollow] = useState(false);
  const [followDay, setFollowDay] = useState(() => addDays(localDay(Date.now()), 1));
  const [followTime, setFollowTime] = useState('10:00');
  const [followNote, setFollowNote] = useState('');
  const submit = useSubmit();
  // Started from the owner view: the unit comes chosen.
  const preset = usePresetUnit(unit, setUnit);
  const ownerId = params.ownerId && (!params.unitId || unit?.id === params.unitId) ? params.ownerId : undefined;

  const save = async () => {
    const found: Record<string, string> = {};
    const p = normalizePhone(phone.trim());
    if (p && phoneProblem(p)) found.phone = phoneProblem(p)!;
    if (who === 'visitor') {
      if (!visitorName.trim()) found.visitor = '请填写访客姓名';
      else if (!visitorPurpose) found.visitor = '请选择来访事由';
    }
    if (!purpose.trim()) found.purpose = '请填写事由';
    const due = follow ? localInstant(followDay, followTime) : undefined;
    if (Object.keys(found).length) return submit.fail(found);
    const saved = await submit.run(() =>
      call('desk', 'logContact', {
        requestId,
        kind,
        direction: kind === 'visit' ? 'in' : direction,
        ...(who === 'owner' && unit ? { unitId: unit.id } : {}),
        ...(who === 'owner' && ownerId ? { ownerId } : {}),
        ...(p ? { phone: p } : {}),
        ...(who === 'visitor' && visitorPurpose ? { visitor: { name: visitorName.trim(), ...(company.trim() ? { company: company.trim() } : {}), purpose: visitorPurpose } } : {}),
        purpose: purpose.trim(),
        ...(result.trim() ? { result: result.trim() } : {}),
        ...(due ? { followUp: { dueAt: due.toISOString(), ...(followNote.trim() ? { note: followNote.trim() } : {}) } } : {}),
      }),
    );
    if (!saved) return;
    toast('已登记');
    await Taro.redirectTo({ url: routes.staff.contacts.url() }).catch(() => undefined);
  };

  const errors = submit.fieldErrors;
  return (
    <View className="page contact-new">
      <PageHeader title="登记来电来访" subtitle="先倾听、再快速反馈，记录事由和处理结果" />
      <View className="card contact-new__form">
        <Field label="方式" name="kind" error={errors.kind}>
          <Choices name="contact-kind" options={KINDS} value={kind} onChange={setKind} />
        </Field>
        {kind !== 'visit' ? (
          <Field label="呼入 / 呼出" name="direction" error={errors.direction}>
            <Choices name="contact-direction" options={DIRECTIONS} value={direction} onChange={setDirection} />
          </Field>
        ) : null}
        <Field label="来人" name="who">
          <Choices name="contact-who" options={WHO} value={who} onChange={setWho} />
        </Field>
        {who === 'owner' ? (
          <Field label="房屋" name="unit" error={errors.unitId} hint={unit ? undefined : '输入房号或业主姓名查找；不知道房号可只记电话'}>
            <UnitFinder chosen={unit} onChoose={submit.edited('unitId', setUnit)} />
          </Field>
        ) : (
          <>
            <Field label="访客姓名" name="visitor-name" required error={errors.visitor}>
              <Input className="input contact-new__visitor-name" value={visitorName} maxlength={VISITOR_NAME_MAX} placeholder="如：王师傅" onInput={(e) => submit.edited('visitor', setVisitorName)(e.detail.value)} />
            </Field>
            <Field label="单位" name="visitor-company">
              <Input className="input contact-new__visitor-company" value={company} maxlength={VISITOR_COMPANY_MAX} placeholder="如：顺达装饰、某某快递（可不填）" onInput={(e) => setCompany(e.detail.value)} />
            </Field>
            <Field label="来访事由" name="visitor-purpose" required>
              <Choices name="contact-visitor-purpose" options={PURPOSES} value={visitorPurpose} onChange={submit.edited('visitor', setVisitorPurpose)} />
            </Field>
          </>
        )}
        <Field label="电话" name="phone" error={errors.phone}>
          <Input className="input contact-new__phone" type="number" value={phone} maxlength={13} placeholder="来电号码或联系电话（可不填）" onInput={(e) => submit.edited('phone', setPhone)(e.detail.value)} />
        </Field>
        <Field label="事由" name="purpose" required error={errors.purpose}>
          <Textarea className="textarea contact-new__purpose" value={purpose} maxlength={CONTACT_PURPOSE_MAX} placeholder="对方反映或咨询的事情" onInput={(e) => submit.edited('purpose', setPurpose)(e.detail.value)} />
        </Field>
        <Field label="处理结果" name="result" error={errors.result}>
          <Textarea className="textarea contact-new__result" value={result} maxlength={CONTACT_RESULT_MAX} placeholder="已答复的内容、已办理的事项（可稍后补充跟进）" onInput={(e) => submit.edited('result', setResult)(e.detail.value)} />
        </Field>
        <View className="switch-row">
          <Text>需要跟进（回电、上门、转交同事）</Text>
          <Switch className="contact-new__follow" checked={follow} color="#1677ff" onChange={(e) => setFollow(e.detail.value)} />
        </View>
        {follow ? (
          <Field label="跟进时间" name="follow-up" error={errors.followUp}>
            <View className="contact-new__follow-when">
              <Picker mode="date" value={followDay} start={localDay(Date.now())} onChange={(e) => setFollowDay(String(e.detail.value))}>
                <Text className="link contact-new__follow-day">{followDay}</Text>
              </Picker>
              <Picker mode="time" value={followTime} onChange={(e) => setFollowTime(String(e.detail.value))}>
                <Text className="link contact-new__follow-time">{followTime}</Text>
              </Picker>
            </View>
            <Input className="input contact-new__follow-note" value={followNote} maxlength={CONTACT_NOTE_MAX} placeholder="跟进要做什么（可不填）" onInput={(e) => setFollowNote(e.detail.value)} />
          </Field>
        ) : null}
        <FormError error={submit.error} shownFields={FIELDS} />
        <Button className="btn btn--primary contact-new__submit" loading={submit.busy} disabled={submit.busy || preset.pending || undefined} onClick={save}>
          保存登记
        </Button>
      </View>
    </View>
  );
}
