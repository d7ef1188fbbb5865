import { randomBytes } from 'node:crypto';
import type { SurveyInput, SurveyReply, SurveyView } from '@shared/contracts/life-survey-view';
import { addDays, localDay } from '@shared/domain/calendar';
import { PARKING_OPINIONS_TEMPLATE, SATISFACTION_TEMPLATE, SERVICE_AREAS, type ServiceArea, type SurveyTemplate } from '@shared/domain/life';
import type { Caller } from '../cloud/lib/caller';
import { now } from '../cloud/lib/clock';
import type { mongoose } from '../cloud/lib/db';
import { Building, Unit } from '../cloud/modules/community/community.model';
import { Resident } from '../cloud/modules/community/household.model';
import { User } from '../cloud/modules/identity/user.model';
import { closeSurvey, createSurvey, publishSurvey, recordAnswer } from '../cloud/modules/life';
import { Survey } from '../cloud/modules/life/survey.model';
import { staffCaller } from './demo-kit';

type Id = mongoose.Types.ObjectId;

/**
 * Demo results of 幸福里小区 (life.md "Results and the yearly satisfaction survey"), made through the
 * surveys part's own functions (createSurvey → publishSurvey → recordAnswer for each household → closeSurvey):
 * - the yearly satisfaction surveys (年度业主满意度调查) of last year and this year, CLOSED, anonymous,
 *   one answer per household from a few dozen households across the buildings — this year better on
 *   most areas, 维修 a little worse — so the manager's 业主满意度 card and the results show a real trend;
 * - a finished named survey (停车管理意见征集, one per household) with choices, ratings and texts.
 * The owners answer as themselves (their units on record; the caller of a household without the
 * mini-program is its 业主 record). A seed cannot move the clock: each survey runs today and, once
 * closed, its open and close days are set to the weeks it would have run (last year's a year back).
 * Seeding again changes nothing (each survey is keyed by its request id; a closed one is skipped).
 */

/** A small deterministic random source, so a reseed (or another machine) writes the same figures. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A score 1–5 around `mean`. */
const score = (rnd: () => number, mean: number) => Math.max(1, Math.min(5, Math.round(mean + (rnd() + rnd() + rnd() - 1.5) * 1.4)));

/** Households answering: up to `perBuilding` lived-in units with an owner on record, from each building. */
async function households(communityId: Id, perBuilding: number): Promise<{ caller: Caller; buildingId: string }[]> {
  const buildings = await Building.find({ communityId }, { name: 1, sort: 1 }).sort({ sort: 1, name: 1 }).lean();
  const out: { caller: Caller; buildingId: string }[] = [];
  for (const b of buildings) {
    const units = await Unit.find({ communityId, buildingId: b._id, status: { $ne: 'vacant' } }, { label: 1 }).sort({ label: 1 }).limit(perBuilding * 3).lean();
    const owners = await Resident.find({ communityId, unitId: { $in: units.map((u) => u._id) }, relation: 'owner' }, { unitId: 1, name: 1, userId: 1 }).lean();
    const byUnit = new Map<string, (typeof owners)[number]>();
    for (const o of owners) if (!byUnit.has(String(o.unitId))) byUnit.set(String(o.unitId), o);
    for (const u of units.filter((x) => byUnit.has(String(x._id))).slice(0, perBuilding)) {
      const o = byUnit.get(String(u._id))!;
      out.push({
        buildingId: String(b._id),
        caller: { userId: String(o.userId ?? o._id), name: o.name, roles: ['owner'], communityId: String(communityId), communityIds: [String(communityId)], unitIds: [String(u._id)] },
      });
    }
  }
  return out;
}

const fromTemplate = (t: SurveyTemplate, over: Partial<SurveyInput>): SurveyInput => ({
  title: t.title,
  intro: t.intro,
  questions: t.questions.map((q) => ({ key: q.key, kind: q.kind, title: q.title, options: q.options, required: q.required, ...(q.area ? { area: q.area } : {}) })),
  audience: { kind: 'community', buildingIds: [] },
  per: 'unit',
  repeat: 'refuse',
  anonymous: true,
  opensOn: localDay(now()),
  closesOn: localDay(now()),
  templateKey: t.key,
  ...over,
});

/** Create (once), publish, answer by each household, close; then the days it ran. */
async function runSurvey(manager: Caller, requestId: string, input: SurveyInput, kind: 'general' | 'satisfaction', answers: { caller: Caller; replies: SurveyReply[] }[], ranOn: { opensOn: string; closesOn: string }): Promise<SurveyView | null> {
  const draft = await createSurvey(manager, { ...input, requestId, kind });
  if (draft.status === 'closed') return null;
  const s = await publishSurvey(manager, draft.id, `${requestId}-publish`);
  for (const a of answers) {
    // Anonymous: the token a phone would have generated and kept.
    await recordAnswer(a.caller, { surveyId: s.id, replies: a.replies, ...(s.anonymous ? { token: randomBytes(16).toString('hex') } : {}) }).catch((e: unknown) => {
      if ((e as { code?: string }).code !== 'SURVEY.ALREADY_ANSWERED') throw e;
    });
  }
  const closed = await closeSurvey(manager, { surveyId: s.id });
  await Survey.updateOne({ _id: s.id }, { $set: ranOn });
  return closed;
}

/** Last year's and this year's mean score per area (this year better, 维修 slipping). */
const MEANS: Record<'last' | 'this', Record<ServiceArea, number>> = {
  last: { service: 3.8, repair: 3.9, cleaning: 3.4, greening: 3.6, security: 3.7, fees: 3.5 },
  this: { service: 4.3, repair: 3.7, cleaning: 4.0, greening: 4.1, security: 4.2, fees: 3.9 },
};
const ADVICE = [
  '维修师傅上门及时，但有时需要跑两三趟才修好',
  '楼道保洁比去年干净多了，垃圾清运也及时',
  '希望晚上多巡逻，地下车库的灯经常不亮',
  '地下车库的灯坏了好几盏，晚上很暗',
  '收费标准希望公开得更清楚，账目定期公示',
  '绿化修剪及时，小区环境越来越好',
  '前台接待态度很好，办事效率高',
  '报修后等待时间较长，维修进度不透明',
  '外来车辆进出管理要加强',
  '电梯偶尔停运，维修时间较长',
];
const PARKING_TEXTS = ['外来车辆太多，晚上回来没有车位', '消防通道经常被占用，很危险', '建议增设电动车集中充电区', '希望地面临时车位划线清楚', '外来车辆进出管理要加强，登记限时停放', '晚上车位紧张，建议错峰共享车位'];

/** The demo's results: two yearly satisfaction surveys and a finished named survey. */
export async function seedDemoLifeResults(communityId: Id): Promise<{ surveys: number; answers: number }> {
  const managerUser = await User.findOne({ communityId, phone: '13800000041' }, { name: 1 }).lean();
  if (!managerUser) return { surveys: 0, answers: 0 };
  const manager = staffCaller(managerUser, 'manager', communityId);
  const today = localDay(now());
  const year = Number(today.slice(0, 4));
  const homes = await households(communityId, 12);
  let surveys = 0;
  let answers = 0;

  for (const [which, y, seed] of [['last', year - 1, 2025], ['this', year, 2026]] as const) {
    const rnd = seeded(seed);
    const list = homes.filter(() => rnd() < (which === 'last' ? 0.7 : 0.85)).map(({ caller }) => {
      const areas = SERVICE_AREAS.map((a) => ({ key: `area-${a}`, rating: score(rnd, MEANS[which][a]) }));
      const mean = areas.reduce((s, r) => s + r.rating, 0) / areas.length;
      const improve = SATISFACTION_TEMPLATE.questions.find((q) => q.key === 'improve')!.options.map((_, i) => i).filter(() => rnd() < 0.25);
      const replies: SurveyReply[] = [...areas, { key: 'overall', rating: Math.max(1, Math.min(5, Math.round(mean + (rnd() - 0.5)))) }, ...(improve.length ? [{ key: 'improve', choices: improve }] : [])];
      if (rnd() < 0.45) replies.push({ key: 'advice', text: ADVICE[Math.floor(rnd() * ADVICE.length)]! });
      return { caller, replies };
    });
    const shift = which === 'last' ? -365 : 0;
    const done = await runSurvey(manager, `demo-life-satisfaction-${y}`, fromTemplate(SATISFACTION_TEMPLATE, { title: `${y}年度业主满意度调查`, year: y }), 'satisfaction', list, {
      opensOn: addDays(today, shift - 21),
      closesOn: addDays(today, shift - 1),
    });
    if (done) (surveys += 1), (answers += done.answerCount);
  }

  // A finished named survey: 停车管理意见征集, one answer per household, from this autumn.
  const rnd = seeded(7);
  const parking = homes.slice(0, 24).map(({ caller }) => {
    const cars = rnd() < 0.15 ? 0 : rnd() < 0.75 ? 1 : 2;
    const replies: SurveyReply[] = [
      { key: 'cars', choices: [cars] },
      { key: 'where', choices: [cars === 0 ? 3 : Math.floor(rnd() * 3)] },
      { key: 'problems', choices: [0, 1, 2, 3, 4, 5].filter((i) => rnd() < [0.7, 0.6, 0.4, 0.5, 0.15, 0.35][i]!) },
      { key: 'measures', choices: [0, 1, 2, 3, 4].filter(() => rnd() < 0.4) },
      { key: 'satisfaction', rating: score(rnd, 3.2) },
    ];
    if (!replies[2]!.choices!.length) replies[2] = { key: 'problems', choices: [0] };
    if (!replies[3]!.choices!.length) replies.splice(3, 1);
    if (rnd() < 0.5) replies.push({ key: 'advice', text: PARKING_TEXTS[Math.floor(rnd() * PARKING_TEXTS.length)]! });
    return { caller, replies };
  });
  const named = await runSurvey(manager, 'demo-life-parking-opinions', fromTemplate(PARKING_OPINIONS_TEMPLATE, { anonymous: false }), 'general', parking, {
    opensOn: addDays(today, -40),
    closesOn: addDays(today, -26),
  });
  if (named) (surveys += 1), (answers += named.answerCount);
  return { surveys, answers };
}
