import { createHash } from 'node:crypto';
import type { SurveyReply, SurveyView } from '@shared/contracts/life-survey-view';
import { replyProblem, surveyOpenOn } from '@shared/domain/life';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { ballotIdOf, invalid, loadSurvey, myAudienceUnits, surveyView, today, type SurveyLean } from './survey.service';
import { Survey, SurveyAnswer, SurveyBallot } from './survey.model';

/**
 * Answers (life.md "Surveys", "Answering"). What makes one answer count once, whatever the timing:
 *
 * - Named: the answer's `_id` is `<surveyId>:<slot>` (slot = the owner's user id, or the unit per
 *   unit); inserting it decides — a second insert of the slot is a duplicate: replace mode replaces
 *   the answer (same `_id`: never counted twice), refuse mode → 409 SURVEY.ALREADY_ANSWERED. The
 *   ballot (same `_id`) records that the slot answered.
 * - Anonymous: the owner's phone generates a random token per survey and keeps it. The ballot
 *   `<surveyId>:<hash of the slot>` is claimed with proof = sha256('ballot:' + token); the answer's
 *   `_id` is sha256('answer:' + token) and it holds only the community, survey, building and replies —
 *   no user, unit, name, phone or time. A ballot already there with the same proof is the same phone:
 *   replace mode replaces the answer; refuse mode finishes a submit cut short (no answer with this
 *   token yet) and refuses otherwise; another proof → 409.
 *
 * The survey's answerCount is recounted from the answers after each answer (never incremented).
 */

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface AnswerInput {
  surveyId: string;
  unitId?: string;
  token?: string;
  replies: SurveyReply[];
}

/** The replies checked against the questions (400 on `replies.<key>`), in the questions' order, unknown keys refused. */
export function checkReplies(s: Pick<SurveyLean, 'questions'>, replies: SurveyReply[]): SurveyReply[] {
  const byKey = new Map<string, SurveyReply>();
  for (const r of replies) {
    if (!s.questions.some((q) => q.key === r.key)) throw invalid(`replies.${r.key}`, '题目不存在');
    if (byKey.has(r.key)) throw invalid(`replies.${r.key}`, '同一题目只能回答一次');
    byKey.set(r.key, r);
  }
  const out: SurveyReply[] = [];
  for (const q of s.questions) {
    const r = byKey.get(q.key);
    const problem = replyProblem(q, r);
    if (problem) throw invalid(`replies.${q.key}`, problem);
    if (!r) continue;
    if (q.kind === 'single' || q.kind === 'multiple') {
      if (r.choices?.length) out.push({ key: q.key, choices: [...r.choices].sort((a, b) => a - b) });
    } else if (q.kind === 'rating') {
      if (r.rating !== undefined) out.push({ key: q.key, rating: r.rating });
    } else {
      const text = (r.text ?? '').trim();
      if (text) out.push({ key: q.key, text });
    }
  }
  return out;
}

/** Insert a document by `_id`; a duplicate is replaced (the same `_id`: one document, whatever the timing). */
async function put(model: typeof SurveyAnswer | typeof SurveyBallot, doc: Record<string, unknown>): Promise<void> {
  try {
    await model.collection.insertOne(doc as never);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await model.collection.replaceOne({ _id: doc._id } as never, doc as never);
  }
}

/** Insert by `_id`; false when one is there already. */
async function insertNew(model: typeof SurveyAnswer | typeof SurveyBallot, doc: Record<string, unknown>): Promise<boolean> {
  try {
    await model.collection.insertOne(doc as never);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** The answers counted, from the answers themselves; the stored figure only grows (a late, smaller recount never wins). */
async function recount(surveyId: Id): Promise<void> {
  const n = await SurveyAnswer.countDocuments({ surveyId });
  await Survey.updateOne({ _id: surveyId }, { $max: { answerCount: n } });
}

/**
 * THE answer-recording function: an owner's answer to a survey (surveyAnswer), also used by demos
 * with the owners' callers. The survey must be open today (409 SURVEY.CLOSED), the owner (per unit:
 * the unit) in its audience (404), the replies valid (400).
 */
export async function recordAnswer(caller: Caller, input: AnswerInput): Promise<SurveyView> {
  const s = await loadSurvey(caller, input.surveyId);
  const units = await myAudienceUnits(caller, s);
  if (!units.length) throw new AppError('SURVEY.NOT_FOUND');
  if (!surveyOpenOn(s, today())) {
    const why = s.status === 'closed' || s.closesOn < today() ? '问卷已结束，不能再提交' : `问卷将于${s.opensOn}开始填写`;
    throw new AppError('SURVEY.CLOSED', why, { opensOn: s.opensOn, closesOn: s.closesOn });
  }
  // The slot: the owner, or the unit chosen (an owner of several units in the audience picks one).
  let unit = units[0];
  if (input.unitId) {
    const chosen = units.find((u) => String(u._id) === input.unitId);
    if (!chosen) throw new AppError('SURVEY.NOT_FOUND', '该房屋不在本问卷的调查范围内');
    unit = chosen;
  } else if (s.per === 'unit' && units.length > 1) {
    throw invalid('unitId', '请选择为哪套房屋填写');
  }
  const slot = s.per === 'owner' ? caller.userId : String(unit._id);
  const replies = checkReplies(s, input.replies);
  const ballotId = ballotIdOf(s, slot);
  const base = { communityId: s.communityId, surveyId: s._id, buildingId: unit.buildingId, replies };

  if (!s.anonymous) {
    const answer = { _id: ballotId, ...base, userId: new ObjectId(caller.userId), unitId: unit._id, name: caller.name, answeredAt: now() };
    const first = await insertNew(SurveyAnswer, answer);
    if (!first) {
      if (s.repeat === 'refuse') {
        await insertNew(SurveyBallot, { _id: ballotId, communityId: s.communityId, surveyId: s._id });
        throw new AppError('SURVEY.ALREADY_ANSWERED', s.per === 'unit' ? '本户已提交过答卷' : '您已提交过答卷');
      }
      await SurveyAnswer.collection.replaceOne({ _id: ballotId } as never, answer as never);
    }
    await insertNew(SurveyBallot, { _id: ballotId, communityId: s.communityId, surveyId: s._id });
  } else {
    if (!input.token) throw invalid('token', '缺少答卷凭据，请刷新页面后重试');
    const proof = sha256(`ballot:${input.token}`);
    const answerId = sha256(`answer:${input.token}`);
    // Nothing but the community, the survey, the building and the replies: no one, no time.
    const answer = { _id: answerId, ...base };
    if (!(await insertNew(SurveyBallot, { _id: ballotId, communityId: s.communityId, surveyId: s._id, proof }))) {
      const ballot = await SurveyBallot.findById(ballotId, { proof: 1 }).lean();
      if (ballot?.proof !== proof) throw new AppError('SURVEY.ALREADY_ANSWERED', s.per === 'unit' ? '本户已提交过答卷' : '您已提交过答卷');
      if (s.repeat === 'replace') await put(SurveyAnswer, answer);
      // Refuse mode, the same phone: only a submit cut short (no answer with this token yet) is finished.
      else if (!(await insertNew(SurveyAnswer, answer))) throw new AppError('SURVEY.ALREADY_ANSWERED', s.per === 'unit' ? '本户已提交过答卷' : '您已提交过答卷');
    } else if (s.repeat === 'replace') {
      await put(SurveyAnswer, answer);
    } else if (!(await insertNew(SurveyAnswer, answer))) {
      throw new AppError('SURVEY.ALREADY_ANSWERED', s.per === 'unit' ? '本户已提交过答卷' : '您已提交过答卷');
    }
  }
  await recount(s._id);
  return surveyView((await Survey.findById(s._id).lean()) as SurveyLean, caller, { unitId: s.per === 'unit' ? String(unit._id) : undefined });
}
