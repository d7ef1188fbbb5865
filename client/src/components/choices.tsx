import { Text, View } from '@tarojs/components';

export interface Choice<T extends string> {
  value: T;
  label: string;
}

interface Props<T extends string> {
  options: readonly Choice<T>[];
  /** Single choice: the chosen value; several: the chosen values. */
  value: T | undefined | readonly T[];
  onChange: (value: T) => void;
  disabled?: boolean;
  /** Names the group in class names (`choices--relation`). */
  name?: string;
}

/**
 * Tappable options (the app's radio buttons and checkboxes): one chosen, or several when
 * `value` is an array — `onChange` gets the tapped value and the page decides.
 */
export function Choices<T extends string>({ options, value, onChange, disabled, name }: Props<T>) {
  const chosen = (v: T) => (Array.isArray(value) ? value.includes(v) : value === v);
  return (
    <View className={`choices ${name ? `choices--${name}` : ''}`}>
      {options.map((o) => (
        <View
          key={o.value}
          className={`choice ${chosen(o.value) ? 'choice--active' : ''} ${disabled ? 'choice--disabled' : ''}`}
          onClick={disabled ? undefined : () => onChange(o.value)}
        >
          <Text>{o.label}</Text>
        </View>
      ))}
    </View>
  );
}

/** Options from a label table (UNIT_STATUS_LABELS, RESIDENT_RELATION_LABELS…), in its order. */
export function choicesOf<T extends string>(labels: Record<T, string>): Choice<T>[] {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));
}
