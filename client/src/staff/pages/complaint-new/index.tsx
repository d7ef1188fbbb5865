import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Switch, Text, Textarea, View } from '@tarojs/components';
import type { UnitSummary } from '@shared/contracts/community.contract';
import { COMPLAINT_CATEGORY_LABELS, COMPLAINT_CHANNEL_LABELS, complaintTextProblem, type ComplaintCategory } from '@shared/domain/complaints';
import { normalizePhone, personNameProblem, phoneProblem } from '@shared/domain/contact';
import { ABOUT_UNIT_CATEGORIES } from '@shared/domain/renovation';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { newRequestId } from '@/components/repair-format';
import '@/components/complaint.scss';
import { ResidentChoices, UnitFinder, useUnitContact } from '../../components/unit-finder';
import { usePresetOwner } from '../../components/preset-owner';

type Channel = 'phone' | 'walk-in';
const CHANNELS: { value: Channel; label: string }[] = [
  { value: 'phone', label: COMPLAINT_CHANNEL_LABELS.phone },
  { value: 'walk-in', label: COMPLAINT_CHANNEL_LABELS['walk-in'] },
];
const CATEGORIES = choicesOf(COMPLAINT_CATEGORY_LABELS);
const MAX_LENGTH = 1000;
const FIELDS = ['channel', 'unitId', 'aboutUnitId', 'contactName', 'contactPhone', 'category', 'description', 'urgent'] as const;

/**
 * 代客投诉 (agents, managers): a complaint phoned in or brought to the desk, for a unit found in
 * the directory (or the community as a whole). One request id per form.
 */
export default function StaffComplaintNewPage() {
  useSession({ required: true });
  const [requestId] = useState(() => newRequestId('desk-c'));
  const [channel, setChannel] = useState<Channel>('phone');
  const [unit, setUnit] = useState<UnitSummary>();
  const [aboutUnit, setAboutUnit] = useState<UnitSummary>();
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [category, setCategory] = useState<ComplaintCategory>();
  const [description, setDescription] = useState('');
  const [urgent, setUrgent] = useState(false);
  const submit = useSubmit();
  const residents = useUnitContact(unit, setContactName, setContactPhone);
  const preset = usePresetOwner(unit, setUnit, residents, setContactName, setContactPhone);

  const save = async () => {
    const found: Record<string, string> = {};
    const nameIssue = contactName.trim() ? personNameProblem(contactName.trim()) : '请填写联系人姓名';
    if (nameIssue) found.contactName = nameIssue;
    const phone = normalizePhone(contactPhone.trim());
    const phoneIssue = phone ? phoneProblem(phone) : '请填写联系电话';
    if (phoneIssue) found.contactPhone = phoneIssue;
    if (!category) found.category = '请选择投诉类别';
    const textIssue = complaintTextProblem(description);
    if (textIssue) found.description = textIssue;
    if (Object.keys(found).length || !category) return submit.fail(found);
    const created = await submit.run(() =>
      call('complaints', 'record', {
        requestId,
        channel,
        ...(unit ? { unitId: unit.id } : {}),
        ...(aboutUnit && aboutsUnit ? { aboutUnitId: aboutUnit.id } : {}),
        contactName: contactName.trim(),
        contactPhone: phone,
        category,
        description: description.trim(),
        urgent,
      }),
    );
    if (!created) return;
    toast('已登记投诉');
    await Taro.redirectTo({ url: routes.staff.complaint.url({ id: created.id }) }).catch(() => undefined);
  };

  const errors = submit.fieldErrors;
  // Noise, renovation, corridor rubbish, security: the unit complained about (被投诉房屋) links the complaint to that unit's renovation.
  const aboutsUnit = category !== undefined && (ABOUT_UNIT_CATEGORIES as readonly string[]).includes(category);
  return (
    <View className="page complaint-page complaint-new complaint-desk">
      <PageHeader title="代客投诉" subtitle="登记业主来电或来访反映的投诉" />
      <View className="card complaint-desk__form">
        <Field label="投诉渠道" name="channel" error={errors.channel}>
          <Choices name="complaint-channel" options={CHANNELS} value={channel} onChange={setChannel} />
        </Field>
        <Field label="涉及房屋" name="unit" error={errors.unitId} hint={unit ? undefined : '输入房号或住户姓名查找；不选则为小区公共事务'}>
          <UnitFinder
            chosen={unit}
            onChoose={(u) => {
              submit.edited('unitId', setUnit)(u);
              if (!u) {
                setContactName('');
                setContactPhone('');
              }
            }}
          />
        </Field>
        {unit ? (
          <ResidentChoices residents={residents} name={contactName} phone={contactPhone} prefix="complaint-desk" onPick={(r) => (setContactName(r.name), setContactPhone(r.phone))} />
        ) : null}
        <Field label="联系人" name="contact-name" required error={errors.contactName}>
          <Input className="input complaint-desk__contact-name" value={contactName} maxlength={20} placeholder="联系人姓名" onInput={(e) => submit.edited('contactName', setContactName)(e.detail.value)} />
        </Field>
        <Field label="联系电话" name="contact-phone" required error={errors.contactPhone}>
          <Input
            className="input complaint-desk__contact-phone"
            type="number"
            value={contactPhone}
            maxlength={13}
            placeholder="手机号"
            onInput={(e) => submit.edited('contactPhone', setContactPhone)(e.detail.value)}
          />
        </Field>
        <Field label="投诉类别" name="category" required error={errors.category}>
          <Choices name="complaint-category" options={CATEGORIES} value={category} onChange={submit.edited('category', setCategory)} />
        </Field>
        {aboutsUnit ? (
          <Field label="被投诉房屋" name="about-unit" error={errors.aboutUnitId} hint={aboutUnit ? undefined : '如投诉某户装修噪音、走廊堆放，请查找该户（选填）；该户装修巡查时会看到此投诉'}>
            <UnitFinder chosen={aboutUnit} onChoose={submit.edited('aboutUnitId', setAboutUnit)} />
          </Field>
        ) : null}
        <Field label="投诉内容" name="description" required error={errors.description}>
          <Textarea
            className="textarea complaint-desk__description"
            value={description}
            maxlength={MAX_LENGTH}
            placeholder="请记录业主反映的情况（至少5个字）"
            onInput={(e) => submit.edited('description', setDescription)(e.detail.value)}
          />
          <Text className="complaint-counter">
            {description.trim().length}/{MAX_LENGTH}
          </Text>
        </Field>
        <View className="switch-row">
          <Text>紧急投诉（首次响应时限缩短）</Text>
          <Switch className="complaint-desk__urgent" checked={urgent} color="#1677ff" onChange={(e) => setUrgent(e.detail.value)} />
        </View>
        <FormError error={submit.error} shownFields={FIELDS} />
        <Button className="btn btn--primary complaint-desk__submit" loading={submit.busy} disabled={submit.busy || preset.pending || undefined} onClick={save}>
          提交投诉
        </Button>
      </View>
    </View>
  );
}
