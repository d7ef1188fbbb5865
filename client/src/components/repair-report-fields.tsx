import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import { URGENCIES, URGENCY_LABELS, moreUrgent, triage, urgencyRank, type Triage, type Urgency } from '@shared/domain/repairs';
import { Choices } from './choices';
import { Field } from './form-field';

/**
 * What a report's urgency is: the triage of the category and words, raised by the reporter's
 * choice (never lowered). `input` is what to send: the urgency only when it is above triage's.
 */
export function useReportUrgency(category: string | undefined, description: string) {
  const [requested, setRequested] = useState<Urgency>();
  const computed = triage({ category: category ?? '', description });
  const urgency = requested ? moreUrgent(requested, computed.urgency) : computed.urgency;
  return { computed, urgency, setRequested, input: urgency !== computed.urgency ? { urgency } : {} };
}

export interface ReportFieldsProps {
  categories: string[];
  category?: string;
  onCategory: (category: string) => void;
  description: string;
  onDescription: (text: string) => void;
  computed: Triage;
  urgency: Urgency;
  onUrgency: (urgency: Urgency) => void;
  errors: { category?: string; description?: string; urgency?: string };
  placeholder: string;
}

/** 报修类别, 问题描述 with the live triage (系统判定), and 紧急程度 (only as urgent as triage, or more). */
export function RepairReportFields(p: ReportFieldsProps) {
  const choices = [...URGENCIES]
    .reverse()
    .filter((u) => urgencyRank(u) <= urgencyRank(p.computed.urgency))
    .map((u) => ({ value: u, label: URGENCY_LABELS[u] }));
  return (
    <>
      <Field label="报修类别" name="category" required error={p.errors.category}>
        {p.categories.length === 0 ? <Text className="muted">暂无报修类别，请致电物业</Text> : null}
        <Choices name="repair-category" options={p.categories.map((c) => ({ value: c, label: c }))} value={p.category} onChange={p.onCategory} />
      </Field>
      <Field label="问题描述" name="description" required error={p.errors.description}>
        <Textarea className="textarea repair-new__description" value={p.description} maxlength={500} placeholder={p.placeholder} onInput={(e) => p.onDescription(e.detail.value)} />
        <Text className="muted repair-new__count">{p.description.trim().length}/500</Text>
      </Field>
      <View className={`repair-new__triage repair-new__triage--${p.computed.urgency}`}>
        <Text>
          系统判定：{URGENCY_LABELS[p.computed.urgency]}
          {p.computed.matched.length > 0 ? `（${p.computed.matched.join('、')}）` : ''}
        </Text>
      </View>
      <Field label="紧急程度" name="urgency" error={p.errors.urgency} hint="可选择更紧急的等级，不能低于系统判定">
        <Choices name="repair-urgency" options={choices} value={p.urgency} onChange={p.onUrgency} />
      </Field>
    </>
  );
}
