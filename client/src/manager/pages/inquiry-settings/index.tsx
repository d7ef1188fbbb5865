import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { InquirySettingsView } from '@shared/contracts/desk.contract';
import { formatTime } from '@shared/domain/calendar';
import { INQUIRY_TOPICS, INQUIRY_TOPIC_LABELS, inquiryPromiseProblem, type InquiryPromise, type InquiryTopic } from '@shared/domain/desk';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { FormError } from '@/components/form-field';
import '@/components/inquiry.scss';

type Draft = Record<InquiryTopic, { ack: string; answer: string }>;
const toDraft = (s: InquirySettingsView): Draft =>
  Object.fromEntries(INQUIRY_TOPICS.map((t) => [t, { ack: String(s.promises[t].ackMinutes), answer: String(s.promises[t].answerHours) }])) as Draft;

/** The promised times per topic: acknowledgement (minutes) and written answer (hours). */
function PromisesForm({ settings, onSaved }: { settings: InquirySettingsView; onSaved: (s: InquirySettingsView) => void }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(settings));
  const submit = useSubmit();
  const edit = (t: InquiryTopic, key: 'ack' | 'answer', v: string) => submit.edited('promises', setDraft)({ ...draft, [t]: { ...draft[t], [key]: v } });
  const save = async () => {
    const promises = {} as Record<InquiryTopic, InquiryPromise>;
    for (const t of INQUIRY_TOPICS) {
      const p = { ackMinutes: Number(draft[t].ack), answerHours: Number(draft[t].answer) };
      const problem = inquiryPromiseProblem(p);
      if (problem) return submit.fail({ promises: `${INQUIRY_TOPIC_LABELS[t]}：${problem}` });
      promises[t] = p;
    }
    const next = await submit.run(() => call('desk', 'saveInquirySettings', { promises }));
    if (!next) return;
    toast('已保存，新的咨询按新时限执行');
    onSaved(next);
  };
  return (
    <View className="card inquiry-settings">
      <View className="inquiry-settings__row inquiry-settings__head">
        <Text className="inquiry-settings__topic muted">类别</Text>
        <Text className="muted">受理(分钟)</Text>
        <Text className="muted">答复(小时)</Text>
      </View>
      {INQUIRY_TOPICS.map((t) => (
        <View key={t} className={`inquiry-settings__row inquiry-settings__row--${t}`}>
          <Text className="inquiry-settings__topic">{INQUIRY_TOPIC_LABELS[t]}</Text>
          <Input className={`input inquiry-settings__ack inquiry-settings__ack--${t}`} type="number" value={draft[t].ack} maxlength={4} onInput={(e) => edit(t, 'ack', e.detail.value)} />
          <Input className={`input inquiry-settings__answer inquiry-settings__answer--${t}`} type="number" value={draft[t].answer} maxlength={3} onInput={(e) => edit(t, 'answer', e.detail.value)} />
        </View>
      ))}
      {submit.fieldErrors.promises ? <Text className="field__error">{submit.fieldErrors.promises}</Text> : null}
      <FormError error={submit.error} shownFields={['promises']} />
      <Button className="btn btn--primary inquiry-settings__save" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
        保存
      </Button>
    </View>
  );
}

/**
 * 咨询承诺时限 (manager/pages/inquiry-settings/index): per topic, how soon an inquiry is acknowledged
 * (快速反馈) and answered. Owners see the promise when they ask; the deadline job warns at 80 % and
 * tells the managers at breach. New values apply to inquiries received from then on.
 */
export default function InquirySettingsPage() {
  useSession({ required: true });
  const settings = useCloud('desk', 'inquirySettings');
  return (
    <View className="page inquiry-settings-page">
      <PageHeader
        title="咨询承诺时限"
        subtitle={settings.data?.updatedAt ? `上次修改：${settings.data.updatedBy ?? ''} ${formatTime(settings.data.updatedAt)}` : '按咨询类别设置受理和答复时限（默认值）'}
      />
      <StateView loading={settings.loading && !settings.data} error={settings.error} onRetry={settings.reload}>
        {settings.data ? <PromisesForm key={settings.data.updatedAt ?? 'default'} settings={settings.data} onSaved={settings.set} /> : null}
      </StateView>
    </View>
  );
}
