import { useState } from 'react';
import { Button, Picker, Text, Textarea, View } from '@tarojs/components';
import type { RepairDetail } from '@shared/contracts/repairs.contract';
import { localIso, localParts, MINUTE_MS } from '@shared/domain/calendar';
import { useSubmit } from '@/hooks/use-submit';
import { Field, FormError } from '@/components/form-field';

interface ReasonProps {
  /** Names the form in class names: `repair-staff__<name>-reason`, `repair-staff__<name>-submit`. */
  name: string;
  title: string;
  label: string;
  placeholder: string;
  /** Common reasons to tap instead of typing. */
  presets?: string[];
  optional?: boolean;
  submitText: string;
  danger?: boolean;
  send: (reason: string | undefined) => Promise<RepairDetail>;
  onDone: (next: RepairDetail) => void;
  onCancel: () => void;
}

/** A reason and a confirm button (暂停, 退单, 取消, 重开). */
export function ReasonForm({ name, title, label, placeholder, presets = [], optional, submitText, danger, send, onDone, onCancel }: ReasonProps) {
  const [reason, setReason] = useState('');
  const submit = useSubmit();
  const save = async () => {
    const text = reason.trim();
    if (!optional && text.length < 2) return submit.fail({ reason: `请填写${label}` });
    if (text && text.length < 2) return submit.fail({ reason: `${label}至少2个字` });
    const next = await submit.run(() => send(text || undefined));
    if (next) onDone(next);
  };
  return (
    <View className={`form repair-reason repair-reason--${name}`}>
      <Text className="repair-action__title">{title}</Text>
      <Field label={label} name={`${name}-reason`} required={!optional} error={submit.fieldErrors.reason}>
        {presets.length ? (
          <View className="choices repair-reason__presets">
            {presets.map((p) => (
              <View key={p} className={`choice ${reason === p ? 'choice--active' : ''}`} onClick={() => submit.edited('reason', setReason)(p)}>
                <Text>{p}</Text>
              </View>
            ))}
          </View>
        ) : null}
        <Textarea className={`textarea repair-staff__${name}-reason`} value={reason} maxlength={200} placeholder={placeholder} onInput={(e) => submit.edited('reason', setReason)(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={['reason']} />
      <View className="form-buttons">
        <Button className={`btn btn--ghost repair-staff__${name}-cancel`} size="mini" onClick={onCancel}>
          返回
        </Button>
        <Button
          className={`btn ${danger ? 'btn--danger' : 'btn--primary'} repair-staff__${name}-submit`}
          size="mini"
          loading={submit.busy}
          disabled={submit.busy || undefined}
          onClick={save}
        >
          {submitText}
        </Button>
      </View>
    </View>
  );
}

/** 到场: the time of arrival (now unless changed), sent as ISO with the Shanghai offset. */
export function ArriveForm({ send, onDone, onCancel }: { send: (at: string) => Promise<RepairDetail>; onDone: (next: RepairDetail) => void; onCancel: () => void }) {
  const [initial] = useState(() => localParts(Date.now()));
  const [date, setDate] = useState(initial.date);
  const [time, setTime] = useState(initial.time);
  const submit = useSubmit();
  const save = async () => {
    const at = localIso(date, time);
    if (Date.parse(at) > Date.now() + 5 * MINUTE_MS) return submit.fail({ at: '到场时间不能晚于现在' });
    const next = await submit.run(() => send(at));
    if (next) onDone(next);
  };
  return (
    <View className="form repair-arrive">
      <Text className="repair-action__title">确认到场</Text>
      <Field label="到场时间" name="arrive-at" error={submit.fieldErrors.at} hint="默认为当前时间，可修改">
        <View className="repair-arrive__pickers">
          <Picker mode="date" value={date} end={initial.date} onChange={(e) => submit.edited('at', setDate)(e.detail.value)}>
            <View className="input picker repair-staff__arrive-date">{date}</View>
          </Picker>
          <Picker mode="time" value={time} onChange={(e) => submit.edited('at', setTime)(e.detail.value)}>
            <View className="input picker repair-staff__arrive-time">{time}</View>
          </Picker>
        </View>
      </Field>
      <FormError error={submit.error} shownFields={['at']} />
      <View className="form-buttons">
        <Button className="btn btn--ghost repair-staff__arrive-cancel" size="mini" onClick={onCancel}>
          返回
        </Button>
        <Button className="btn btn--primary repair-staff__arrive-submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
          确认到场
        </Button>
      </View>
    </View>
  );
}
