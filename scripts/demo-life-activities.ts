import { addDays, localDay } from '@shared/domain/calendar';
import { ACTIVITY_TEMPLATES } from '@shared/domain/life';
import type { Caller } from '../cloud/lib/caller';
import { now } from '../cloud/lib/clock';
import type { mongoose } from '../cloud/lib/db';
import { User } from '../cloud/modules/identity/user.model';
import { checkin, createActivity, finishActivity, publishActivity, recordAnswer, reviewActivity, sendActivityFeedback, signup, submitActivity, wrapUpActivity } from '../cloud/modules/life';
import { Activity } from '../cloud/modules/life/activity.model';
import { staffCaller } from './demo-kit';

type Id = mongoose.Types.ObjectId;

/**
 * Demo activities of 幸福里小区 (life.md "Activities"), made through the module's own functions:
 * - the 迎春节 activity about three weeks ahead, from its template: written by 王芳 (agent), approved
 *   and published by 孙涛 (manager) with a small capacity (6 persons, 2 per household), filled by a
 *   few households with two more on the waiting list — 张伟 (demo-owner) NOT signed up (the browser
 *   test signs him up: he goes on the waiting list unless places are freed);
 * - a finished 中秋游园会: sign-ups, check-ins, spent lines, a summary and the feedback survey with
 *   answers. A seed cannot move the clock: it runs today and its day is then set back to last autumn.
 * Seeding again changes nothing (keyed by request ids; a second sign-up of a household is refused).
 */
export async function seedDemoLifeActivities(communityId: Id): Promise<{ upcomingId: string; finishedId: string } | null> {
  const [managerUser, agentUser] = await Promise.all([User.findOne({ communityId, phone: '13800000041' }, { name: 1 }).lean(), User.findOne({ communityId, roles: 'agent' }, { name: 1 }).sort({ phone: 1 }).lean()]);
  if (!managerUser || !agentUser) return null;
  const manager = staffCaller(managerUser, 'manager', communityId);
  const agent = staffCaller(agentUser, 'agent', communityId);
  // Owners living in the community (139…), not of 张伟's household (the browser test signs him up; a
  // family member bound later must not sign it up on a second seeding), nor the 8栋 buyers of the
  // move-in demo (137…), who have not moved in yet.
  const zhang = await User.findOne({ communityId, phone: '13900001502' }, { unitIds: 1 }).lean();
  const zhangUnits = new Set((zhang?.unitIds ?? []).map(String));
  const candidates = await User.find({ communityId, roles: 'owner', phone: { $gt: '139' } }, { name: 1, unitIds: 1 }).sort({ phone: 1 }).limit(12).lean();
  const owners = candidates.filter((o) => o.unitIds?.length && !o.unitIds.some((u) => zhangUnits.has(String(u)))).slice(0, 8);
  const callerOf = (o: (typeof owners)[number]): Caller => ({ userId: String(o._id), name: o.name, roles: ['owner'], communityId: String(communityId), communityIds: [String(communityId)], unitIds: o.unitIds.map(String) });
  const today = localDay(now());
  const planOf = (key: string, day: string) => {
    const t = ACTIVITY_TEMPLATES.find((x) => x.key === key)!;
    return { title: t.title.replace(/[“”]/g, '').slice(0, 40), aim: t.aim, intro: t.intro, day, startTime: t.startTime, endTime: t.endTime, place: t.place, programme: t.programme, staff: t.staff, budget: t.budget, safety: t.safety, publicity: t.publicity };
  };
  const quietly = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch {
      return undefined; // already signed up / checked in (a second seeding)
    }
  };

  // The upcoming 迎春节 activity.
  const day = addDays(today, 21);
  let upcoming = await createActivity(agent, { requestId: 'demo-activity-spring', templateKey: 'spring-festival', ...planOf('spring-festival', day) });
  if (upcoming.status === 'draft') upcoming = await submitActivity(agent, { activityId: upcoming.id });
  if (upcoming.status === 'submitted') upcoming = await reviewActivity(manager, { activityId: upcoming.id, decision: 'approve', note: '同意，注意雨天备选场地' });
  if (upcoming.status === 'approved') upcoming = await publishActivity(manager, { activityId: upcoming.id, requestId: 'demo-activity-spring-publish', capacity: 6, placesPerHousehold: 2, signupDeadline: addDays(day, -3) });
  for (const [i, o] of owners.slice(0, 5).entries()) await quietly(() => signup(callerOf(o), { activityId: upcoming.id, unitId: String(o.unitIds[0]), places: 2, requestId: `demo-activity-spring-signup-${i}` }));

  // The finished 中秋游园会.
  let past = await createActivity(agent, { requestId: 'demo-activity-autumn', templateKey: 'mid-autumn', ...planOf('mid-autumn', today) });
  if (past.status === 'draft') past = await submitActivity(agent, { activityId: past.id });
  if (past.status === 'submitted') past = await reviewActivity(manager, { activityId: past.id, decision: 'approve', note: '' });
  if (past.status === 'approved') past = await publishActivity(manager, { activityId: past.id, requestId: 'demo-activity-autumn-publish', capacity: 30, placesPerHousehold: 3, signupDeadline: today });
  if (past.status === 'published') {
    const signed = [];
    for (const [i, o] of owners.slice(0, 6).entries()) {
      const v = await quietly(() => signup(callerOf(o), { activityId: past.id, unitId: String(o.unitIds[0]), places: 1 + (i % 3), requestId: `demo-activity-autumn-signup-${i}` }));
      const s = v?.signups.find((x) => x.unitId === String(o.unitIds[0]));
      if (s) signed.push({ o, s });
    }
    // Four of the six households came.
    for (const { s } of signed.slice(0, 4)) await quietly(() => checkin(agent, { activityId: past.id, signupId: s.id }));
    past = await finishActivity(agent, { activityId: past.id });
  }
  if (past.status === 'finished') {
    // Wrapped up once (a second seed leaves the figures as they are).
    if (!past.spent?.length) {
      past = await wrapUpActivity(agent, {
        activityId: past.id,
        spent: [
          { item: '月饼材料及模具', amountFen: 46_800 },
          { item: '灯笼与场地布置', amountFen: 35_200 },
          { item: '游戏道具及礼品', amountFen: 58_600 },
        ],
        photoIds: [],
        summary: '本次游园会共有十余位业主及家人参加，手工月饼和猜灯谜最受欢迎，现场气氛热烈。',
      });
    }
    if (!past.feedbackSurveyId) past = await sendActivityFeedback(manager, { activityId: past.id, requestId: 'demo-activity-autumn-feedback' });
    const answers = [
      { rating: 5, choice: 2, text: '孩子们很喜欢做月饼，希望每年都办' },
      { rating: 4, choice: 3, text: '灯谜可以再多一些' },
      { rating: 5, choice: 2, text: '' },
      { rating: 4, choice: 4, text: '礼品兑换排队有点久' },
    ];
    const checked = await User.find({ _id: { $in: owners.slice(0, 4).map((o) => o._id) } }, { name: 1, unitIds: 1 }).lean();
    for (const [i, o] of checked.entries()) {
      const a = answers[i % answers.length];
      await quietly(() =>
        recordAnswer(callerOf(o as (typeof owners)[number]), {
          surveyId: past.feedbackSurveyId!,
          unitId: String(o.unitIds[0]),
          replies: [{ key: 'overall', rating: a.rating }, { key: 'favourite', choices: [a.choice] }, ...(a.text ? [{ key: 'advice', text: a.text }] : [])],
        }),
      );
    }
    // Last autumn (a seed cannot move the clock): the day it ran, and its sign-up deadline.
    const lastAutumn = addDays(today, -80);
    await Activity.updateOne({ _id: past.id, communityId }, { $set: { day: lastAutumn, signupDeadline: lastAutumn } });
  }
  return { upcomingId: upcoming.id, finishedId: past.id };
}
