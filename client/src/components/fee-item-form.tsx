import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { FeeItemView } from '@shared/contracts/fees.contract';
import { BILLING_CYCLE_LABELS, FEE_KIND_LABELS, FEE_RATE_UNITS, parseYuan, yuan, type BillingCycle, type FeeKind } from '@shared/domain/fees';
import { call } from '../services/cloud';
import { useSubmit } from '../hooks/use-submit';
import { Choices, choicesOf } from './choices';
import { Field, FormError } from './form-field';
import { MONEY_INPUT_TYPE } from './fee-entry';

const KINDS = choicesOf(FEE_KIND_LABELS);
const CYCLES = choicesOf(BILLING_CYCLE_LABELS);
const ACTIVE = [
  { value: 'on' as const, label: '启用' },
  { value: 'off' as const, label: '停用' },
];
const FIELDS = ['name', 'kind', 'rateFen', 'cycle', 'dueDay', 'vacancyPercent', 'active'] as const;

/** A whole number typed in a field, within [min, max]; null otherwise. */
function intIn(text: string, min: number, max: number): number | null {
  if (!/^\s*\d{1,3}\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

/** 收费项目 (new or edit): name, kind, rate in 元 per unit, cycle, due day, vacancy percent, active. */
export function FeeItemForm({ item, onSaved, onCancel }: { item?: FeeItemView; onSaved: (item: FeeItemView) => void; onCancel: () => void }) {
  const [name, setName] = useState(item?.name ?? '');
  const [kind, setKind] = useState<FeeKind>(item?.kind ?? 'property');
  const [rate, setRate] = useState(item ? yuan(item.rateFen) : '');
  const [cycle, setCycle] = useState<BillingCycle>(item?.cycle ?? 'monthly');
  const [dueDay, setDueDay] = useState(String(item?.dueDay ?? 15));
  const [vacancy, setVacancy] = useState(String(item?.vacancyPercent ?? 100));
  const [active, setActive] = useState<'on' | 'off'>(item && !item.active ? 'off' : 'on');
  const submit = useSubmit();

  const save = async () => {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = '请填写收费项目名称';
    else if (name.trim().length > 20) found.name = '名称最多20字';
    const rateFen = parseYuan(rate);
    if (!rate.trim()) found.rateFen = '请填写单价';
    else if (rateFen === null) found.rateFen = '单价格式不正确，请填写数字，最多两位小数（如 2.35）';
    else if (rateFen <= 0) found.rateFen = '单价须大于0';
    const day = intIn(dueDay, 1, 28);
    if (day === null) found.dueDay = '缴费日应为1到28之间的整数';
    const percent = intIn(vacancy, 0, 100);
    if (percent === null) found.vacancyPercent = '空置比例应为0到100之间的整数';
    if (Object.keys(found).length > 0) return submit.fail(found);
    const saved = await submit.run(() =>
      call('fees', 'saveItem', {
        ...(item ? { itemId: item.id } : {}),
        name: name.trim(),
        kind,
        rateFen: rateFen as number,
        cycle: kind === 'one-off' ? 'monthly' : cycle,
        dueDay: day as number,
        vacancyPercent: percent as number,
        active: active === 'on',
      }),
    );
    if (saved) onSaved(saved);
  };

  const errors = submit.fieldErrors;
  return (
    <View className="form fee-form fee-item-form">
      <Text className="fee-form__title">{item ? `修改收费项目 · ${item.name}` : '新增收费项目'}</Text>
      <Field label="项目名称" name="fee-name" required error={errors.name}>
        <Input className="input fee-item__name" value={name} maxlength={20} placeholder="如：住宅物业服务费" onInput={(e) => submit.edited('name', setName)(e.detail.value)} />
      </Field>
      <Field label="收费类型" name="fee-kind" required error={errors.kind}>
        <View className="fee-item__kind">
          <Choices name="fee-kind" options={KINDS} value={kind} onChange={submit.edited('kind', setKind)} />
        </View>
      </Field>
      <Field label={`单价（${FEE_RATE_UNITS[kind]}）`} name="fee-rate" required error={errors.rateFen}>
        <Input className="input fee-item__rate" type={MONEY_INPUT_TYPE} value={rate} maxlength={12} placeholder="如 2.35" onInput={(e) => submit.edited('rateFen', setRate)(e.detail.value)} />
      </Field>
      {kind !== 'one-off' ? (
        <Field label="计费周期" name="fee-cycle" required error={errors.cycle}>
          <View className="fee-item__cycle">
            <Choices name="fee-cycle" options={CYCLES} value={cycle} onChange={submit.edited('cycle', setCycle)} />
          </View>
        </Field>
      ) : null}
      <Field label="缴费日（每期首月几号）" name="fee-due-day" required error={errors.dueDay} hint="1 到 28">
        <Input className="input fee-item__due-day" type="number" value={dueDay} maxlength={2} onInput={(e) => submit.edited('dueDay', setDueDay)(e.detail.value)} />
      </Field>
      {kind === 'property' ? (
        <Field label="空置房收费比例（%）" name="fee-vacancy" required error={errors.vacancyPercent} hint="空置房按此比例收取，100 为全额">
          <Input className="input fee-item__vacancy" type="number" value={vacancy} maxlength={3} onInput={(e) => submit.edited('vacancyPercent', setVacancy)(e.detail.value)} />
        </Field>
      ) : null}
      <Field label="状态" name="fee-active" error={errors.active}>
        <View className="fee-item__active">
          <Choices name="fee-active" options={ACTIVE} value={active} onChange={submit.edited('active', setActive)} />
        </View>
      </Field>
      <FormError error={submit.error} shownFields={FIELDS} />
      <View className="form-buttons">
        <Button className="btn btn--ghost fee-item__cancel" size="mini" disabled={submit.busy || undefined} onClick={onCancel}>
          取消
        </Button>
        <Button className="btn btn--primary fee-item__save" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
          保存
        </Button>
      </View>
    </View>
  );
}
