import { Input, Picker, Text, View } from '@tarojs/components';
import { NOTICE_VALUE_MAX, type NoticeVariable } from '@shared/domain/notices';
import { chineseDate, dayOfChinese, localDay } from '@shared/domain/calendar';
import { Field } from './form-field';
import { Choices } from './choices';
import { parseTimeRange, RANGE_DASH } from './notice-format';

interface Props {
  variable: NoticeVariable;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  /** Building names of the community (for `buildings` variables). */
  buildings: readonly string[];
}

const BUILDING_SEPARATOR = '、';

/** A `buildings` value ('1栋、3栋') with one building added or removed, in the community's order. */
function toggleBuilding(value: string, name: string, all: readonly string[]): string {
  const chosen = new Set(value.split(/[、,，\s]+/).filter((b) => all.includes(b)));
  if (chosen.has(name)) chosen.delete(name);
  else chosen.add(name);
  return all.filter((b) => chosen.has(b)).join(BUILDING_SEPARATOR);
}

/**
 * One template variable as a form field, by its type: a date picker writing 2026年12月3日, two time
 * pickers writing 08:00–17:00, building choices writing 1栋、3栋, or a text input.
 */
export function NoticeVarField({ variable, value, onChange, error, buildings }: Props) {
  const { name, label, type, defaultValue, hint } = variable;
  const required = !defaultValue;
  const help = hint ?? (defaultValue ? `不填则为：${defaultValue}` : undefined);
  let control;
  if (type === 'date') {
    const day = dayOfChinese(value) || localDay(Date.now());
    control = (
      <Picker mode="date" value={day} onChange={(e) => onChange(chineseDate(String(e.detail.value)))}>
        <View className={`input picker notice-var__picker ${value ? '' : 'notice-var__picker--empty'}`}>{value || '请选择日期'}</View>
      </Picker>
    );
  } else if (type === 'timeRange') {
    const range = parseTimeRange(value);
    const from = range?.from ?? '';
    const to = range?.to ?? '';
    const set = (a: string, b: string) => onChange(`${a || '08:00'}${RANGE_DASH}${b || '17:00'}`);
    control = (
      <View className="notice-var__range">
        <Picker mode="time" value={from || '08:00'} onChange={(e) => set(String(e.detail.value), to)}>
          <View className={`input picker notice-var__from ${from ? '' : 'notice-var__picker--empty'}`}>{from || '开始时间'}</View>
        </Picker>
        <Text className="notice-var__dash">至</Text>
        <Picker mode="time" value={to || '17:00'} onChange={(e) => set(from, String(e.detail.value))}>
          <View className={`input picker notice-var__to ${to ? '' : 'notice-var__picker--empty'}`}>{to || '结束时间'}</View>
        </Picker>
      </View>
    );
  } else if (type === 'buildings') {
    const chosen = value.split(/[、,，\s]+/).filter((b) => buildings.includes(b));
    const other = value && chosen.length === 0 ? value : '';
    control = (
      <View className="notice-var__buildings">
        {buildings.length === 0 ? <Text className="muted">暂无楼栋资料</Text> : null}
        <Choices name={`var-${name}`} options={buildings.map((b) => ({ value: b, label: b }))} value={chosen} onChange={(b) => onChange(toggleBuilding(chosen.join(BUILDING_SEPARATOR), b, buildings))} />
        {other ? <Text className="muted notice-var__other">当前：{other}</Text> : null}
        {value ? (
          <Text className="link notice-var__clear" onClick={() => onChange('')}>
            清空
          </Text>
        ) : null}
      </View>
    );
  } else {
    control = (
      <Input
        className={`input notice-var__input notice-var__input--${type}`}
        type="text"
        value={value}
        maxlength={type === 'phone' ? 20 : NOTICE_VALUE_MAX}
        placeholder={defaultValue ? defaultValue : `请填写${label}`}
        onInput={(e) => onChange(e.detail.value)}
      />
    );
  }
  return (
    <View className={`notice-var notice-var--${name} notice-var--type-${type}`}>
      <Field label={label} name={`var-${name}`} required={required} error={error} hint={help}>
        {control}
      </Field>
    </View>
  );
}
