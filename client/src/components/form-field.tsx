import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { CloudError } from '../services/cloud';

interface FieldProps {
  label: string;
  /** The field's problem (from the server's VALIDATION issues or checked before sending). */
  error?: string;
  hint?: string;
  required?: boolean;
  /** Used to name the field in class names (`field--name`), for tests and styles. */
  name?: string;
  children: ReactNode;
}

/** A labelled form field with its error text under the input. */
export function Field({ label, error, hint, required, name, children }: FieldProps) {
  return (
    <View className={`field ${name ? `field--${name}` : ''} ${error ? 'field--invalid' : ''}`}>
      <Text className="field__label">
        {label}
        {required ? <Text className="field__required"> *</Text> : null}
      </Text>
      <View className="field__control">{children}</View>
      {error ? <Text className="field__error">{error}</Text> : hint ? <Text className="field__hint">{hint}</Text> : null}
    </View>
  );
}

/**
 * The error of a form as a whole: shown unless it is a VALIDATION error whose every issue
 * is already shown under a field (`shownFields`).
 */
export function FormError({ error, shownFields = [] }: { error?: CloudError; shownFields?: readonly string[] }) {
  if (!error) return null;
  const fields = Object.keys(error.fieldErrors);
  if (error.code === 'VALIDATION' && fields.length > 0 && fields.every((f) => shownFields.includes(f))) return null;
  return (
    <View className="form-error">
      <Text>{error.message}</Text>
    </View>
  );
}
