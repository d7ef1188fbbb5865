import { DAY_MS } from '@shared/domain/calendar';
import { scoreQuiz } from '@shared/domain/growth';
import { now } from '../cloud/lib/clock';
import type { mongoose } from '../cloud/lib/db';
import { idOfRequest } from '../cloud/lib/idempotent';
import { createLesson } from '../cloud/modules/growth/course.service';
import { BUILT_IN_LESSONS, DEFAULT_REQUIRED_KEYS, type BuiltInLesson } from '../cloud/modules/growth/lessons';
import { QuizAttempt } from '../cloud/modules/growth/quiz.model';
import { recountProgress } from '../cloud/modules/growth/quiz.service';
import { User } from '../cloud/modules/identity/user.model';
import { staffCaller } from './demo-kit';

type Id = mongoose.Types.ObjectId;

/** 周晓雨 (demo-agent2): the new agent of the demo, half-way through onboarding. */
export const DEMO_NEW_AGENT = { name: '周晓雨', phone: '13800000012', openid: 'demo-openid-agent2' };

const lessonOf = (key: string): BuiltInLesson => {
  const l = BUILT_IN_LESSONS.find((x) => x.key === key);
  if (!l) throw new Error(`no built-in lesson ${key}`);
  return l;
};

/** The lesson's answers, right except the questions `wrong` (answered with a wrong option). */
function answersOf(l: BuiltInLesson, wrong: readonly number[] = []): number[][] {
  return l.questions.map((q, i) => {
    if (!wrong.includes(i)) return [...q.answer];
    if (q.answer.length > 1) return [q.answer[0]];
    return [q.options.findIndex((_o, k) => !q.answer.includes(k))];
  });
}

/** One attempt, made once (its `_id` from the demo key, like a submit's request id), `daysAgo` days (and `minutes`) back. */
async function attempt(communityId: Id, user: { _id: Id; name: string }, key: string, wrong: readonly number[], daysAgo: number, minutes = 0): Promise<void> {
  const l = lessonOf(key);
  const answers = answersOf(l, wrong);
  const marked = scoreQuiz(l.questions, answers);
  const at = new Date(now().getTime() - daysAgo * DAY_MS + minutes * 60_000);
  const _id = idOfRequest(`quiz:${String(user._id)}:demo-growth-${key}-${daysAgo}-${minutes}`);
  await QuizAttempt.updateOne(
    { _id },
    {
      $setOnInsert: { _id, communityId, userId: user._id, userName: user.name, lessonId: l.id, version: l.version, answers: answers.map((chosen) => ({ chosen })), score: marked.score, correct: marked.correct, total: marked.total, wrong: marked.wrong, passMark: l.passMark, at, createdAt: at, updatedAt: at },
    },
    { upsert: true, timestamps: false },
  );
  await recountProgress(String(communityId), String(user._id), l.id);
}

/**
 * Courses (growth.md "Courses"): 周晓雨 half-way through the default onboarding path — 仪容 passed, 着装
 * failed once and then passed, 举止 and 言谈 passed, the other four to do (4/8); 王芳 with the whole path
 * done (a few questions missed, so the lesson figures show most-missed questions) and a case beside it;
 * 孙涛's own lesson 幸福里门禁卡办理. Idempotent: attempts and the lesson are keyed.
 */
export async function seedDemoGrowth(communityId: Id): Promise<void> {
  const [newAgent, agent, managerUser] = await Promise.all([
    User.findOne({ communityId, phone: DEMO_NEW_AGENT.phone }, { name: 1 }).lean(),
    User.findOne({ communityId, phone: '13800000011' }, { name: 1 }).lean(),
    User.findOne({ communityId, phone: '13800000041' }, { name: 1 }).lean(),
  ]);
  if (!newAgent || !agent || !managerUser) return;

  await attempt(communityId, newAgent, 'etiquette-appearance', [], 3);
  await attempt(communityId, newAgent, 'etiquette-dress', [0, 1], 2);
  await attempt(communityId, newAgent, 'etiquette-dress', [], 2, 15);
  await attempt(communityId, newAgent, 'etiquette-manner', [2], 1);
  await attempt(communityId, newAgent, 'etiquette-speech', [], 1, 30);

  const misses: Record<string, number[]> = { 'etiquette-manner': [2], 'etiquette-speech': [2], 'communication-three-steps': [2], 'complaints-procedure': [3] };
  let day = 20;
  for (const key of DEFAULT_REQUIRED_KEYS) await attempt(communityId, agent, key, misses[key] ?? [], day--);
  await attempt(communityId, agent, 'case-leak', [2], 5);

  await createLesson(staffCaller(managerUser, 'manager', communityId), {
    requestId: 'demo-growth-lesson-gate-card',
    course: 'custom',
    title: '幸福里门禁卡办理',
    minutes: 3,
    summary: '本小区门禁卡的办理、补办与注销，以及遇到业主忘带卡时怎么办。',
    sections: [
      {
        heading: '办理与补办',
        paragraphs: ['业主凭身份证和房产证明（或购房合同）到服务中心办理，每户首批两张免费；租户需业主书面同意并登记租赁合同。', '补办须先挂失原卡，登记后当场制卡，按小区规定收取工本费并开具收据。'],
        points: ['业主凭身份证 + 房产证明', '租户须业主书面同意', '补办先挂失原卡'],
      },
      {
        heading: '业主忘带卡',
        paragraphs: ['门岗核实身份（姓名、房号，与登记信息一致）后开门放行，并在来访登记中记录；不能仅凭一句“我是业主”就放行。'],
        points: ['先核实再放行', '放行要登记'],
      },
    ],
    questions: [
      { kind: 'single', text: '租户办理门禁卡需要：', options: ['只带身份证', '业主书面同意并登记租赁合同', '交押金即可', '门岗直接发卡'], answer: [1], explain: '租户办卡须业主书面同意，并登记租赁合同。' },
      { kind: 'single', text: '补办门禁卡的第一步是：', options: ['直接制新卡', '挂失原卡', '收取押金', '让业主等一周'], answer: [1], explain: '先挂失原卡，避免丢失的卡被他人使用。' },
      { kind: 'multiple', text: '业主忘带卡时，门岗应：（多选）', options: ['核实姓名和房号', '在来访登记中记录', '仅凭口头说明放行', '拒绝进入'], answer: [0, 1], explain: '核实身份并登记后放行，不能仅凭一句话放行，也不必拒绝。' },
      { kind: 'single', text: '每户首批免费门禁卡数量是：', options: ['一张', '两张', '三张', '不限'], answer: [1], explain: '本小区每户首批两张免费。' },
    ],
    passMark: 75,
  });
}
