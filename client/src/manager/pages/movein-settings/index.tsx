import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { MoveInSettingsView } from '@shared/contracts/movein.contract';
import { formatTime } from '@shared/domain/calendar';
import { DEFAULT_DOCUMENT_RETENTION_DAYS, DOCUMENT_RETENTION_LIMITS, MOVEIN_STEP_LABELS, MOVEIN_STEPS, type MoveInStep } from '@shared/domain/movein';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import '@/components/movein.scss';

const STEP_CHOICES = MOVEIN_STEPS.map((s) => ({ value: s, label: MOVEIN_STEP_LABELS[s] }));
const NONE = 'none';

function SettingsForm({ settings, onSaved }: { settings: MoveInSettingsView; onSaved: (s: MoveInSettingsView) => void }) {
  const [required, setRequired] = useState<MoveInStep[]>(settings.requiredSteps);
  const [days, setDays] = useState(String(settings.documentRetentionDays));
  const [tech, setTech] = useState<string>(settings.warrantyTechnicianId ?? NONE);
  const submit = useSubmit();
  const toggle = (s: MoveInStep) => setRequired(required.includes(s) ? required.filter((x) => x !== s) : [...required, s]);
  const save = async () => {
    const n = Number(days);
    if (!Number.isInteger(n) || n < DOCUMENT_RETENTION_LIMITS.min || n > DOCUMENT_RETENTION_LIMITS.max) {
      return submit.fail({ documentRetentionDays: `请填写${DOCUMENT_RETENTION_LIMITS.min}到${DOCUMENT_RETENTION_LIMITS.max}之间的天数` });
    }
    const next = await submit.run(() => call('movein', 'saveSettings', { requiredSteps: required, documentRetentionDays: n, ...(tech !== NONE ? { warrantyTechnicianId: tech } : {}) }));
    if (!next) return;
    toast('已保存，新建的入住办理按新设置执行');
    onSaved(next);
  };
  const techChoices = [{ value: NONE, label: '按报修规则派单' }, ...settings.technicians.map((t) => ({ value: t.id, label: t.name }))];
  return (
    <View className="card movein-settings__form">
      <Field label="必办步骤" name="required-steps" hint="未勾选的步骤为选办；办结入住时必办步骤须全部完成">
        <Choices name="movein-required" options={STEP_CHOICES} value={required} onChange={toggle} />
      </Field>
      <Field label="业主资料保留天数" name="retention" error={submit.fieldErrors.documentRetentionDays} hint={`办结入住后，业主上传的购房合同、身份证照片保留的天数（默认${DEFAULT_DOCUMENT_RETENTION_DAYS}天），到期自动删除`}>
        <Input className="input movein-settings__days" type="number" maxlength={4} value={days} onInput={(e) => submit.edited('documentRetentionDays', setDays)(e.detail.value)} />
      </Field>
      <Field label="维保维修人员" name="technician" error={submit.fieldErrors.warrantyTechnicianId} hint="验房发现的问题生成维保工单，派给此人（开发商联系人或本物业维修人员）">
        <Choices name="movein-technician" options={techChoices} value={tech} onChange={setTech} />
      </Field>
      <FormError error={submit.error} shownFields={['documentRetentionDays', 'warrantyTechnicianId']} />
      <Button className="btn btn--primary movein-settings__save" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
        保存
      </Button>
    </View>
  );
}

/** 入住设置 (manager): the 入伙手续书's required steps, how long owners' papers are kept, the 维保 technician. */
export default function MoveInSettingsPage() {
  useSession({ required: true });
  const state = useCloud('movein', 'settings', {});
  const s = state.data;
  return (
    <View className="page movein-settings">
      <PageHeader title="入住设置" subtitle="入伙手续书的必办步骤、资料保留期限和维保人员" />
      <StateView loading={state.loading && !s} error={state.error} onRetry={state.reload}>
        {s ? (
          <>
            <SettingsForm key={s.updatedAt ?? 'default'} settings={s} onSaved={state.set} />
            <Text className="muted movein-settings__updated">{s.updatedBy ? `${s.updatedBy} 于 ${formatTime(s.updatedAt ?? '')} 修改` : '当前为默认设置'}</Text>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
