import type { ActivityView } from '@shared/contracts/life-activity-view';
import { addDays, localDay } from '@shared/domain/calendar';
import { activityFeedbackTemplate, ACTIVITY_STATUS_LABELS } from '@shared/domain/life';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { activityAttendeeUnits, activityView, loadActivity, mutateActivity } from './activity.service';
import { createSurvey, publishSurvey } from './survey.service';

/** How long the feedback survey stays open. */
const FEEDBACK_OPEN_DAYS = 7;

/**
 * activityFeedback: the short feedback survey (活动反馈: overall score, favourite part, suggestions)
 * to the households checked in at a finished activity, through the surveys part (named, one per
 * household, changeable until it closes in 7 days), published at once. Once per activity: the
 * survey's request id comes from the activity, and the activity keeps the survey's id.
 */
export async function sendActivityFeedback(caller: Caller, input: { activityId: string; requestId: string }): Promise<ActivityView> {
  const a = await loadActivity(caller, input.activityId);
  if (a.status !== 'finished') throw new AppError('ACTIVITY.INVALID_TRANSITION', `活动当前为“${ACTIVITY_STATUS_LABELS[a.status]}”，结束后才能发送反馈问卷`);
  let surveyId = a.feedbackSurveyId ?? undefined;
  if (!surveyId) {
    if (!(await activityAttendeeUnits(String(a._id), caller.communityId)).length) throw new AppError('ACTIVITY.NO_ATTENDEES');
    const t = activityFeedbackTemplate(a.title, a.programme);
    const today = localDay(now());
    const survey = await createSurvey(caller, {
      requestId: `activity-feedback-${String(a._id)}`,
      kind: 'feedback',
      activityId: String(a._id),
      title: t.title,
      intro: t.intro,
      questions: t.questions.map((q) => ({ key: q.key, kind: q.kind, title: q.title, options: q.options, required: q.required })),
      audience: { kind: 'activity', buildingIds: [] },
      per: 'unit',
      repeat: 'replace',
      anonymous: false,
      opensOn: today,
      closesOn: addDays(today, FEEDBACK_OPEN_DAYS),
    });
    surveyId = survey.id;
  }
  const published = await publishSurvey(caller, surveyId, `activity-feedback-${String(a._id)}`);
  const { doc } = await mutateActivity(input.activityId, caller, (cur) => (cur.feedbackSurveyId ? null : { event: 'feedback', note: `反馈问卷已发送：${published.title}`, set: { feedbackSurveyId: published.id } }));
  return activityView(doc, caller);
}
