import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import type { UnitSummary } from '@shared/contracts/community.contract';
import { normalizePhone, personNameProblem, phoneProblem } from '@shared/domain/contact';
import { INQUIRY_CHANNEL_LABELS, INQUIRY_TEXT_MAX, INQUIRY_TOPIC_LABELS, inquiryTextProblem, RECORDED_INQUIRY_CHANNELS, type InquiryTopic } from '@shared/domain/desk';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { newRequestId } from '@/components/repair-format';
import { Highlighted, useKnowledgeSearch } from '@/components/inquiry-tags';
import { ResidentChoices, UnitFinder, useUnitContact } from '../../components/unit-finder';
import { usePresetUnit } from '../../components/preset-owner';

type Channel = (typeof RECORDED_INQUIRY_CHANNELS)[number];
const CHANNELS = RECORDED_INQUIRY_CHANNELS.map((c) => ({ value: c, label: INQUIRY_CHANNEL_LABELS[c] }));
const TOPICS = choicesOf(INQUIRY_TOPIC_LABELS);
const FIELDS = ['channel', 'unitId', 'callerName', 'callerPhone', 'topic', 'text'] as const;

/**
 * 代客咨询 (agents, managers; staff/pages/inquiry-new/index?unitId=…&ownerId=…): a question by phone,
 * at the desk or by WeChat, for a unit found in the directory — or, the owner view starting it, the
 * owner already chosen — or for a caller who is no owner (name and phone). While the agent types,
 * the knowledge base's answers show, to answer on the spot. One request id per form.
 */
export default function StaffInquiryNewPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const ownerId = params.ownerId ?? '';
  const [requestId] = useState(() => newRequestId('desk-q'));
  const [channel, setChannel] = useState<Channel>('phone');
  const [unit, setUnit] = useState<UnitSummary>();
  const [callerName, setCallerName] = useState('');
  const [callerPhone, setCallerPhone] = useState('');
  const [topic, setTopic] = useState<InquiryTopic>();
  const [text, setText] = useState('');
  const submit = useSubmit();
  const residents = useUnitContact(unit, setCallerName, setCallerPhone);
  const kb = useKnowledgeSearch(text, 3);
  const preset = usePresetUnit(unit, setUnit);

  const save = async () => {
    const found: Record<string, string> = {};
    const name = callerName.trim();
    const phone = normalizePhone(callerPhone.trim());
    if (!unit && !ownerId) {
      const nameIssue = name ? personNameProblem(name) : '请填写来电/来访人姓名，或先查找房屋';
      if (nameIssue) found.callerName = nameIssue;
      const phoneIssue = phone ? phoneProblem(phone) : '请填写联系电话';
      if (phoneIssue) found.callerPhone = phoneIssue;
    } else if (phone && phoneProblem(phone)) found.callerPhone = phoneProblem(phone) ?? '';
    if (!topic) found.topic = '请选择咨询类别';
    const textIssue = inquiryTextProblem(text);
    if (textIssue) found.text = textIssue;
    if (Object.keys(found).length || !topic) return submit.fail(found);
    const created = await submit.run(() =>
      call('desk', 'record', {
        requestId,
        channel,
        topic,
        text: text.trim(),
        ...(unit ? { unitId: unit.id } : {}),
        ...(ownerId && (!unit || unit.id === params.unitId) ? { ownerId } : {}),
        ...(name ? { callerName: name } : {}),
        ...(phone ? { callerPhone: phone } : {}),
      }),
    );
    if (!created) return;
    toast('已登记咨询');
    await Taro.redirectTo({ url: routes.staff.inquiry.url({ id: created.id }) }).catch(() => undefined);
  };

  const errors = submit.fieldErrors;
  return (
    <View className="page complaint-page inquiry-desk">
      <PageHeader title="代客咨询" subtitle="登记业主来电、来访或微信咨询，按承诺时间答复" />
      <View className="card inquiry-desk__form">
        <Field label="咨询渠道" name="channel" error={errors.channel}>
          <Choices name="inquiry-channel" options={CHANNELS} value={channel} onChange={setChannel} />
        </Field>
        <Field label="业主房屋" name="unit" error={errors.unitId} hint={unit ? undefined : '输入房号或住户姓名查找；非业主来访可不选，填写姓名和电话'}>
          <UnitFinder
            chosen={unit}
            onChoose={(u) => {
              submit.edited('unitId', setUnit)(u);
              if (!u) {
                setCallerName('');
                setCallerPhone('');
              }
            }}
          />
        </Field>
        {unit ? <ResidentChoices residents={residents} name={callerName} phone={callerPhone} prefix="inquiry-desk" onPick={(r) => (setCallerName(r.name), setCallerPhone(r.phone))} /> : null}
        <Field label="咨询人" name="caller-name" required={!unit} error={errors.callerName}>
          <Input className="input inquiry-desk__caller-name" value={callerName} maxlength={20} placeholder="姓名" onInput={(e) => submit.edited('callerName', setCallerName)(e.detail.value)} />
        </Field>
        <Field label="联系电话" name="caller-phone" required={!unit} error={errors.callerPhone}>
          <Input className="input inquiry-desk__caller-phone" type="number" value={callerPhone} maxlength={13} placeholder="手机号" onInput={(e) => submit.edited('callerPhone', setCallerPhone)(e.detail.value)} />
        </Field>
        <Field label="咨询类别" name="topic" required error={errors.topic}>
          <Choices name="inquiry-topic" options={TOPICS} value={topic} onChange={submit.edited('topic', setTopic)} />
        </Field>
        <Field label="咨询内容" name="text" required error={errors.text}>
          <Textarea className="textarea inquiry-desk__text" value={text} maxlength={INQUIRY_TEXT_MAX} placeholder="请记录业主的问题" onInput={(e) => submit.edited('text', setText)(e.detail.value)} />
          <Text className="complaint-counter">
            {text.trim().length}/{INQUIRY_TEXT_MAX}
          </Text>
        </Field>
        {kb.hits.length > 0 ? (
          <View className="inquiry-kb inquiry-desk__kb">
            <Text className="inquiry-kb__hint">知识库参考（可当场答复业主）</Text>
            {kb.hits.map((h) => (
              <View key={h.id} className="inquiry-kb__hit">
                <Highlighted className="inquiry-kb__title" text={h.title} ranges={h.titleHighlights} />
                <Highlighted className="inquiry-kb__snippet" text={h.snippet.text} ranges={h.snippet.highlights} />
              </View>
            ))}
          </View>
        ) : null}
        <FormError error={submit.error} shownFields={FIELDS} />
        <Button className="btn btn--primary inquiry-desk__submit" loading={submit.busy} disabled={submit.busy || preset.pending || undefined} onClick={save}>
          登记咨询
        </Button>
      </View>
    </View>
  );
}
