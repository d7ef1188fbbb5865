import { addDays, localDay } from '@shared/domain/calendar';
import { ACTIVITY_NEEDS_TEMPLATE } from '@shared/domain/life';
import type { Caller } from '../cloud/lib/caller';
import { now } from '../cloud/lib/clock';
import type { mongoose } from '../cloud/lib/db';
import { User } from '../cloud/modules/identity/user.model';
import { createSurvey, publishSurvey, recordAnswer } from '../cloud/modules/life';
import { staffCaller } from './demo-kit';

type Id = mongoose.Types.ObjectId;

/**
 * Demo surveys of 幸福里小区 (life.md "Surveys"), made through the module's own functions
 * (createSurvey → publishSurvey → recordAnswer): an OPEN 社区活动需求调研 (from its template, named, one
 * answer per owner, changes allowed, closing in two weeks) published to the whole community with its
 * 问卷调查通知, answered by a few owners with the mini-program — but not by 张伟 (demo-owner), so the
 * owner pages (and the browser test) find it 待填写. Seeding again changes nothing (keyed by request ids;
 * a second answer of an owner replaces the first).
 */
export async function seedDemoLifeSurveys(communityId: Id): Promise<{ surveyId: string; answers: number } | null> {
  const managerUser = await User.findOne({ communityId, phone: '13800000041' }, { name: 1 }).lean();
  if (!managerUser) return null;
  const manager = staffCaller(managerUser, 'manager', communityId);
  const today = localDay(now());
  const t = ACTIVITY_NEEDS_TEMPLATE;
  const draft = await createSurvey(manager, {
    requestId: 'demo-survey-activity-needs',
    templateKey: t.key,
    title: t.title,
    intro: t.intro,
    questions: t.questions.map((q) => ({ ...q, options: [...q.options] })),
    audience: { kind: 'community', buildingIds: [] },
    per: 'owner',
    repeat: 'replace',
    anonymous: false,
    opensOn: today,
    closesOn: addDays(today, 14),
  });
  const s = draft.status === 'draft' ? await publishSurvey(manager, draft.id, 'demo-survey-activity-needs-publish') : draft;

  // A few owners with the mini-program answered already (not 张伟, demo-owner).
  const owners = await User.find({ communityId, roles: 'owner', phone: { $ne: '13900001502' } }, { name: 1, unitIds: 1 }).sort({ phone: 1 }).limit(5).lean();
  const key = (k: string) => s.questions.find((q) => q.key === k)!.key;
  const picks = [
    { kinds: [0, 1], time: 3, members: [1, 3], frequency: 0, interest: 5, ideas: '希望周末多办亲子活动，孩子们很喜欢' },
    { kinds: [2, 4], time: 0, members: [0, 1], frequency: 1, interest: 4, ideas: '可以组织健康讲座和义诊，老人需要' },
    { kinds: [0, 6], time: 2, members: [1], frequency: 2, interest: 3, ideas: '' },
    { kinds: [5, 7], time: 1, members: [1, 2], frequency: 0, interest: 4, ideas: '我会书法，愿意教小朋友写春联' },
    { kinds: [0, 2, 3], time: 3, members: [0, 1, 2], frequency: 1, interest: 5, ideas: '广场舞队希望有固定的活动场地' },
  ];
  let answers = 0;
  for (const [i, o] of owners.entries()) {
    if (!o.unitIds?.length) continue;
    const p = picks[i % picks.length];
    const caller: Caller = { userId: String(o._id), name: o.name, roles: ['owner'], communityId: String(communityId), communityIds: [String(communityId)], unitIds: o.unitIds.map(String) };
    await recordAnswer(caller, {
      surveyId: s.id,
      replies: [
        { key: key('kinds'), choices: p.kinds },
        { key: key('time'), choices: [p.time] },
        { key: key('members'), choices: p.members },
        { key: key('frequency'), choices: [p.frequency] },
        { key: key('interest'), rating: p.interest },
        ...(p.ideas ? [{ key: key('ideas'), text: p.ideas }] : []),
      ],
    });
    answers++;
  }
  return { surveyId: s.id, answers };
}
