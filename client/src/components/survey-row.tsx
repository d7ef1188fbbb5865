import { Text, View } from '@tarojs/components';
import type { SurveySummary } from '@shared/contracts/life-survey-view';
import { surveyKindText, surveyStateText } from './survey-format';
import './survey.scss';

const SECTION_TAG: Record<NonNullable<SurveySummary['section']>, string> = { open: '待填写', answered: '已填写', closed: '已结束' };

/**
 * A survey in lists (`.survey-row`, `.survey-row--<section or status>`): title, kind, audience, dates,
 * and for owners 待填写 / 已填写 / 已结束; for staff the state and the answers counted.
 */
export function SurveyRow({ item, today, onClick, staff }: { item: SurveySummary; today: string; onClick: () => void; staff?: boolean }) {
  const tag = item.section ? SECTION_TAG[item.section] : surveyStateText(item, today);
  const modifier = item.section ?? item.status;
  return (
    <View className={`card card--link survey-row survey-row--${modifier}`} onClick={onClick}>
      <View className="unit-row__main">
        <Text className="survey-row__title">{item.title}</Text>
        <Text className={`tag survey-row__tag survey-row__tag--${modifier}`}>{tag}</Text>
      </View>
      <Text className="muted survey-row__meta">
        {surveyKindText(item)} · {item.anonymous ? '不记名' : '实名'} · {item.questionCount} 题{staff ? ` · ${item.audienceText}` : ''}
      </Text>
      <Text className="muted survey-row__dates">
        {item.opensOn} 至 {item.closesOn}
        {staff && item.status !== 'draft' ? ` · 已收 ${item.answerCount} 份` : ''}
        {!staff && item.section === 'closed' && item.answered ? ' · 我已参与' : ''}
      </Text>
    </View>
  );
}
