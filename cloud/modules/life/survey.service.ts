import { createHash } from 'node:crypto';
import type { Paged } from '@shared/contracts/contract';
import type { SurveyReach } from '@shared/contracts/life-surveys.contract';
import type { SurveyInput, SurveyMine, SurveyReply, SurveySummary, SurveyView } from '@shared/contracts/life-survey-view';
import { chineseDate, localDay } from '@shared/domain/calendar';
import {
  SURVEY_AUDIENCE_LABELS,
  SURVEY_MACHINE,
  SURVEY_NOTICE_LINK_LABEL,
  SURVEY_NOTICE_TEMPLATE,
  SURVEY_TEMPLATES,
  surveyOpenOn,
  type SurveyAudienceKind,
  type SurveyEvent,
  type SurveyKind,
  type SurveyPer,
  type SurveyQuestion,
  type SurveyRepeat,
  type SurveyStatus,
  type SurveyTemplate,
} from '@shared/domain/life';
import { routes } from '@shared/routes';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { hasRole } from '../../lib/caller';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import type { JobScope } from '../../lib/job-scope';
import { Budget, runSliced } from '../../lib/slices';
import { paged } from '../../lib/paging';
import { actorOf, mutateRevision, SYSTEM, type Actor, type Change } from '../../lib/revision';
import { transitionTo } from '../../lib/transition';
import { buildingsOf, communityContact, communityIdsIn, unitsByIds, unitsOf } from '../community';
import { publishFromLibrary, reach } from '../notices';
import { activityAttendeeUnits } from './activity.service';
import { inCommunity, LIFE_STAFF } from './life.access';
import { Survey, SurveyAnswer, SurveyBallot } from './survey.model';

/**
 * Surveys (life.md "Surveys"): the manager's drafts (blank or from a template), publishing with the
 * 问卷调查通知 to the audience, closing (by hand and by the daily job), the views and lists. Answers
 * are in answer.service.ts. Every change goes through `mutateRevision` with SURVEY_MACHINE.
 */

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;
const oid = (id: string | Id) => new ObjectId(String(id));
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : undefined);

/** A survey as read from the database (the fields this part reads). */
export interface SurveyLean {
  _id: Id;
  communityId: Id;
  requestKey: string;
  kind: SurveyKind;
  year?: number | null;
  yearKey?: string | null;
  activityId?: Id | null;
  title: string;
  intro?: string | null;
  questions: SurveyQuestion[];
  audience: { kind: SurveyAudienceKind; buildingIds?: Id[] | null; unitIds?: Id[] | null };
  per: SurveyPer;
  repeat: SurveyRepeat;
  anonymous: boolean;
  opensOn: string;
  closesOn: string;
  status: SurveyStatus;
  rev: number;
  answerCount?: number | null;
  noticeId?: string | null;
  publishedAt?: Date | null;
  closedAt?: Date | null;
  createdById?: Id | null;
  createdByName: string;
  history: { at: Date; event: string; byName: string; note?: string | null }[];
  createdAt?: Date;
}

export const isSurveyStaff = (caller: Caller) => hasRole(caller, ...LIFE_STAFF);
export const today = () => localDay(now());

export function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION', message, { issues: [{ path, message }] });
}

export function mutateSurvey(id: string | Id, actor: Actor, build: (doc: SurveyLean) => Change | null) {
  return mutateRevision<SurveyLean>({ kind: 'survey', model: Survey as never, notFound: 'SURVEY.NOT_FOUND' }, id, actor, build);
}

/** The survey if the caller reaches it (staff: of the community; owner: published or closed ones — the audience is checked apart), else 404. */
export async function loadSurvey(caller: Caller, id: string | Id): Promise<SurveyLean> {
  const doc = (await Survey.findById(oid(id)).lean()) as SurveyLean | null;
  if (!doc || !inCommunity(caller, doc) || (!isSurveyStaff(caller) && doc.status === 'draft')) throw new AppError('SURVEY.NOT_FOUND');
  return doc;
}

// --- audience ---

/** The units a survey asks (community: every unit; buildings: theirs; activity: the checked-in households). */
export async function audienceUnitIds(s: SurveyLean): Promise<Id[]> {
  if (s.audience.kind === 'activity') {
    if (s.audience.unitIds?.length) return s.audience.unitIds.map(oid);
    return s.activityId ? (await activityAttendeeUnits(String(s.activityId), String(s.communityId))).map(oid) : [];
  }
  const units = await unitsOf({ communityIds: [String(s.communityId)] });
  const buildings = new Set((s.audience.buildingIds ?? []).map(String));
  return units.filter((u) => s.audience.kind === 'community' || buildings.has(String(u.buildingId))).map((u) => u._id);
}

/** The caller's units (of the survey's community) that the survey asks, with their labels and buildings. */
export async function myAudienceUnits(caller: Caller, s: SurveyLean): Promise<{ _id: Id; label: string; buildingId: Id }[]> {
  if (!caller.unitIds.length) return [];
  const mine = (await unitsByIds(caller.unitIds.map(oid))).filter((u) => String(u.communityId) === String(s.communityId));
  const buildings = new Set((s.audience.buildingIds ?? []).map(String));
  const attendees = s.audience.kind === 'activity' ? new Set((await audienceUnitIds(s)).map(String)) : undefined;
  return mine
    .filter((u) => (s.audience.kind === 'community' ? true : s.audience.kind === 'buildings' ? buildings.has(String(u.buildingId)) : attendees!.has(String(u._id))))
    .sort((a, b) => a.label.localeCompare(b.label))
    .map((u) => ({ _id: u._id, label: u.label, buildingId: u.buildingId }));
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The ballot of a slot (an owner, or a unit): `<surveyId>:<slot>`. On an anonymous survey the slot
 * is hashed with the survey, so not even the ballot's `_id` holds a user or unit id.
 */
export function ballotIdOf(s: Pick<SurveyLean, '_id' | 'anonymous'>, slot: string): string {
  return `${String(s._id)}:${s.anonymous ? sha256(`slot:${String(s._id)}:${slot}`) : slot}`;
}

/** The slots the caller answers for: the user (per owner) or each of their units in the audience (per unit). */
function slotsOf(caller: Caller, s: SurveyLean, units: { _id: Id }[]): string[] {
  return s.per === 'owner' ? [caller.userId] : units.map((u) => String(u._id));
}

async function audienceText(communityId: Id, a: SurveyLean['audience']): Promise<string> {
  if (a.kind !== 'buildings') return SURVEY_AUDIENCE_LABELS[a.kind];
  const names = new Map((await buildingsOf(communityId)).map((b) => [String(b._id), b.name]));
  return (a.buildingIds ?? []).map((id) => names.get(String(id)) ?? '').filter(Boolean).join('、') || SURVEY_AUDIENCE_LABELS.buildings;
}

// --- views ---

function surveyActions(s: SurveyLean, caller: Caller): SurveyEvent[] {
  if (!hasRole(caller, 'manager')) return [];
  return SURVEY_MACHINE.allowed(s.status) as SurveyEvent[];
}

async function mineOf(caller: Caller, s: SurveyLean, unitId?: string): Promise<SurveyMine> {
  const units = await myAudienceUnits(caller, s);
  if (!units.length) throw new AppError('SURVEY.NOT_FOUND');
  if (unitId && !units.some((u) => String(u._id) === unitId)) throw new AppError('SURVEY.NOT_FOUND');
  const slots = slotsOf(caller, s, units);
  const ballots = new Set((await SurveyBallot.find({ _id: { $in: slots.map((slot) => ballotIdOf(s, slot)) } }, { _id: 1 }).lean()).map((b) => String(b._id)));
  const answeredSlot = (slot: string) => ballots.has(ballotIdOf(s, slot));
  const unitViews = units.map((u) => ({ id: String(u._id), label: u.label, answered: s.per === 'unit' ? answeredSlot(String(u._id)) : answeredSlot(caller.userId) }));
  // The slot the page is about: the owner, or the unit chosen (else the first answered, else the first).
  const slot = s.per === 'owner' ? caller.userId : (unitId ?? unitViews.find((u) => u.answered)?.id ?? unitViews[0].id);
  const answered = answeredSlot(slot);
  const open = surveyOpenOn(s, today());
  const mine: SurveyMine = {
    answered,
    canAnswer: open && (!answered || s.repeat === 'replace'),
    canChange: open && answered && s.repeat === 'replace',
    units: s.per === 'unit' ? unitViews : [],
    ...(s.per === 'unit' ? { unitId: slot } : {}),
  };
  if (answered && !s.anonymous) {
    const a = await SurveyAnswer.findById(ballotIdOf(s, slot), { replies: 1 }).lean();
    if (a) mine.replies = (a.replies ?? []).map(replyView);
  }
  return mine;
}

export function replyView(r: { key: string; choices?: number[] | null; rating?: number | null; text?: string | null }): SurveyReply {
  return { key: r.key, ...(r.choices ? { choices: [...r.choices] } : {}), ...(typeof r.rating === 'number' ? { rating: r.rating } : {}), ...(typeof r.text === 'string' ? { text: r.text } : {}) };
}

export async function surveyView(s: SurveyLean, caller: Caller, opts: { unitId?: string } = {}): Promise<SurveyView> {
  const staff = isSurveyStaff(caller);
  const mine = staff ? undefined : await mineOf(caller, s, opts.unitId);
  return {
    id: String(s._id),
    kind: s.kind,
    ...(typeof s.year === 'number' ? { year: s.year } : {}),
    ...(s.activityId ? { activityId: String(s.activityId) } : {}),
    title: s.title,
    intro: s.intro ?? '',
    questions: s.questions.map((q) => ({ key: q.key, kind: q.kind, title: q.title, options: [...(q.options ?? [])], required: Boolean(q.required), ...(q.area ? { area: q.area } : {}) })),
    audience: { kind: s.audience.kind, buildingIds: (s.audience.buildingIds ?? []).map(String) },
    audienceText: await audienceText(s.communityId, s.audience),
    per: s.per,
    repeat: s.repeat,
    anonymous: s.anonymous,
    opensOn: s.opensOn,
    closesOn: s.closesOn,
    status: s.status,
    open: surveyOpenOn(s, today()),
    answerCount: s.answerCount ?? 0,
    ...(s.noticeId ? { noticeId: s.noticeId } : {}),
    ...(s.publishedAt ? { publishedAt: iso(s.publishedAt) } : {}),
    ...(s.closedAt ? { closedAt: iso(s.closedAt) } : {}),
    createdByName: s.createdByName,
    createdAt: iso(s.createdAt) ?? '',
    history: staff ? s.history.map((h) => ({ at: new Date(h.at).toISOString(), event: h.event, byName: h.byName, ...(h.note ? { note: h.note } : {}) })) : [],
    actions: surveyActions(s, caller),
    ...(mine ? { mine } : {}),
  };
}

// --- templates, create, update ---

/** life.surveyTemplates: the templates to start from. */
export function surveyTemplates(): SurveyTemplate[] {
  return SURVEY_TEMPLATES.map((t) => ({ ...t, questions: t.questions.map((q) => ({ ...q, options: [...q.options] })) }));
}

/** Checks a survey's fields against the community and the clock; returns the record's fields (no write). */
async function surveyFields(caller: Caller, input: SurveyInput & { kind?: SurveyKind; activityId?: string }, existing?: SurveyLean): Promise<Record<string, unknown>> {
  const day = today();
  const template = input.templateKey ? SURVEY_TEMPLATES.find((t) => t.key === input.templateKey) : undefined;
  if (input.templateKey && !template) throw invalid('templateKey', '问卷模板不存在');
  const kind: SurveyKind = existing?.kind ?? input.kind ?? (template?.kind === 'satisfaction' ? 'satisfaction' : 'general');
  if (input.opensOn < day) throw invalid('opensOn', '开始日期不能早于今天');
  if (input.closesOn < input.opensOn) throw invalid('closesOn', '截止日期不能早于开始日期');
  // Questions: keys kept (a template's) or made; a service area only on the satisfaction survey's rating questions.
  const used = new Set(input.questions.flatMap((q) => (q.key ? [q.key] : [])));
  if (used.size !== input.questions.filter((q) => q.key).length) throw invalid('questions', '题目编号重复');
  let n = 0;
  const questions = input.questions.map((q, i) => {
    let key = q.key;
    while (!key) {
      const k = `q${++n}`;
      if (!used.has(k)) {
        used.add(k);
        key = k;
      }
    }
    const choice = q.kind === 'single' || q.kind === 'multiple';
    if (choice && (q.options.length < 2 || q.options.length > 20)) throw invalid(`questions.${i}.options`, '选择题需要2–20个选项');
    if (!choice && q.options.length) throw invalid(`questions.${i}.options`, '评分题和填空题没有选项');
    if (q.area && (kind !== 'satisfaction' || q.kind !== 'rating')) throw invalid(`questions.${i}.area`, '服务领域只用于满意度调查的评分题');
    return { key, kind: q.kind, title: q.title, options: choice ? [...q.options] : [], required: Boolean(q.required), ...(q.area ? { area: q.area } : {}) };
  });
  if (!questions.length) throw invalid('questions', '请至少添加一道题目');
  // Audience: buildings of this community; activity only for an activity's feedback survey.
  const audience: Record<string, unknown> = { kind: input.audience.kind, buildingIds: [] };
  if (input.audience.kind === 'buildings') {
    const ids = [...new Set(input.audience.buildingIds)];
    if (!ids.length) throw invalid('audience.buildingIds', '请选择楼栋');
    const known = new Set((await buildingsOf(caller.communityId)).map((b) => String(b._id)));
    if (ids.some((id) => !known.has(id))) throw new AppError('BUILDING.NOT_FOUND');
    audience.buildingIds = ids.map(oid);
  }
  if (input.audience.kind === 'activity' && !input.activityId && !existing?.activityId) throw invalid('audience.kind', '活动反馈问卷需要指明活动');
  const fields: Record<string, unknown> = {
    title: input.title,
    intro: input.intro ?? '',
    questions,
    audience,
    per: input.per,
    repeat: input.repeat,
    anonymous: input.anonymous,
    opensOn: input.opensOn,
    closesOn: input.closesOn,
  };
  if (kind === 'satisfaction') {
    const year = input.year ?? existing?.year ?? Number(day.slice(0, 4));
    const yearKey = `${caller.communityId}:${year}`;
    const taken = await Survey.findOne({ yearKey }, { _id: 1 }).lean();
    if (taken && String(taken._id) !== String(existing?._id)) throw new AppError('SURVEY.YEAR_TAKEN', `${year}年度满意度调查已经建立`, { surveyId: String(taken._id) });
    Object.assign(fields, { year, yearKey });
  }
  return { ...fields, kind };
}

/**
 * Create a draft survey (one per `requestId`): blank, from a template (`templateKey`), or — from the
 * activities part — an activity's feedback survey (`kind: 'feedback'`, audience `activity`, `activityId`).
 */
export async function createSurvey(caller: Caller, input: SurveyInput & { requestId: string; kind?: SurveyKind; activityId?: string }): Promise<SurveyView> {
  const key = `survey:${caller.userId}:${input.requestId}`;
  try {
    const { doc } = await createOnce<SurveyLean>({
      model: Survey,
      key,
      build: async (_id) => ({
        _id,
        communityId: oid(caller.communityId),
        requestKey: key,
        ...(await surveyFields(caller, input)),
        ...(input.activityId ? { activityId: oid(input.activityId) } : {}),
        status: 'draft',
        rev: 0,
        answerCount: 0,
        createdById: oid(caller.userId),
        createdByName: caller.name,
        history: [{ at: now(), event: 'create', to: 'draft', byId: oid(caller.userId), byName: caller.name, note: input.templateKey ? `从模板“${SURVEY_TEMPLATES.find((t) => t.key === input.templateKey)?.title ?? input.templateKey}”新建` : '新建问卷' }],
      }),
    });
    return surveyView(doc, caller);
  } catch (err) {
    // Two satisfaction surveys of one year raced past the check: the unique yearKey let one in.
    if (isDuplicateKey(err) && String((err as Error).message).includes('yearKey')) throw new AppError('SURVEY.YEAR_TAKEN');
    throw err;
  }
}

/** life.surveyCreate. */
export const create = createSurvey;

/** life.surveyUpdate: change a draft (the fields replace the ones before). */
export async function updateSurvey(caller: Caller, input: SurveyInput & { surveyId: string }): Promise<SurveyView> {
  const before = await loadSurvey(caller, input.surveyId);
  if (before.status !== 'draft') throw new AppError('SURVEY.INVALID_TRANSITION', '问卷已发布，不能再修改题目', { from: before.status });
  const fields = await surveyFields(caller, input, before);
  delete fields.kind;
  const { doc } = await mutateSurvey(input.surveyId, actorOf(caller), (cur) => {
    if (cur.status !== 'draft') throw new AppError('SURVEY.INVALID_TRANSITION', '问卷已发布，不能再修改题目', { from: cur.status });
    return { event: 'update', note: '修改问卷', set: fields };
  });
  return surveyView(doc, caller);
}

// --- get, list ---

/** life.surveyGet. */
export async function getSurvey(caller: Caller, input: { surveyId: string; unitId?: string }): Promise<SurveyView> {
  return surveyView(await loadSurvey(caller, input.surveyId), caller, { unitId: input.unitId });
}

function summaryOf(s: SurveyLean, audience: string, extra: Partial<SurveySummary> = {}): SurveySummary {
  return {
    id: String(s._id),
    kind: s.kind,
    ...(typeof s.year === 'number' ? { year: s.year } : {}),
    title: s.title,
    status: s.status,
    open: surveyOpenOn(s, today()),
    anonymous: s.anonymous,
    per: s.per,
    audienceText: audience,
    opensOn: s.opensOn,
    closesOn: s.closesOn,
    answerCount: s.answerCount ?? 0,
    questionCount: s.questions.length,
    ...extra,
  };
}

async function summaries(docs: SurveyLean[], extra: (s: SurveyLean) => Partial<SurveySummary> = () => ({})): Promise<SurveySummary[]> {
  return Promise.all(docs.map(async (s) => summaryOf(s, await audienceText(s.communityId, s.audience), extra(s))));
}

/**
 * life.surveyList. Staff: the community's surveys (by status), newest first. Owner: the surveys of
 * my audience that have opened — open and not answered first (closing soonest first), then open and
 * answered, then closed (newest first).
 */
export async function listSurveys(caller: Caller, input: { status?: SurveyStatus; page: number; pageSize: number }): Promise<Paged<SurveySummary>> {
  const communityId = oid(caller.communityId);
  if (isSurveyStaff(caller)) {
    return paged<SurveyLean, SurveySummary>({ model: Survey, filter: { communityId, ...(input.status ? { status: input.status } : {}) }, sort: { createdAt: -1 } }, input, (docs) => summaries(docs));
  }
  const day = today();
  const units = caller.unitIds.length ? (await unitsByIds(caller.unitIds.map(oid))).filter((u) => String(u.communityId) === caller.communityId) : [];
  const mine = {
    $or: [
      { 'audience.kind': 'community' },
      { 'audience.kind': 'buildings', 'audience.buildingIds': { $in: [...new Set(units.map((u) => String(u.buildingId)))].map(oid) } },
      { 'audience.kind': 'activity', 'audience.unitIds': { $in: units.map((u) => u._id) } },
    ],
  };
  if (!units.length) return { items: [], total: 0, page: input.page, pageSize: input.pageSize };
  const openFilter = { communityId, status: 'published', opensOn: { $lte: day }, closesOn: { $gte: day }, ...mine };
  // Which open surveys I answered (few: the open ones of a community).
  const open = (await Survey.find(openFilter).lean()) as SurveyLean[];
  const answered = new Set<string>();
  for (const s of open) if (await answeredByMe(caller, s)) answered.add(String(s._id));
  const ids = (set: boolean) => open.filter((s) => answered.has(String(s._id)) === set).map((s) => s._id);
  const closedFilter = { communityId, ...mine, $and: [{ $or: [{ status: 'closed' }, { status: 'published', closesOn: { $lt: day } }] }] };
  const byId = (s: SurveyLean) => {
    const section: SurveySummary['section'] = s.status === 'closed' || s.closesOn < day ? 'closed' : answered.has(String(s._id)) ? 'answered' : 'open';
    return { section, answered: section === 'closed' ? undefined : answered.has(String(s._id)) };
  };
  return paged<SurveyLean, SurveySummary>(
    [
      { model: Survey, filter: { communityId, _id: { $in: ids(false) } }, sort: { closesOn: 1 } },
      { model: Survey, filter: { communityId, _id: { $in: ids(true) } }, sort: { closesOn: 1 } },
      { model: Survey, filter: closedFilter, sort: { closesOn: -1 } },
    ],
    input,
    async (docs) => {
      const out = await summaries(docs, byId);
      // Closed ones: whether I answered, on the page's docs only.
      for (let i = 0; i < docs.length; i++) if (out[i].section === 'closed') out[i].answered = await answeredByMe(caller, docs[i]);
      return out;
    },
  );
}

/** Whether the owner (per owner) or one of their units in the audience (per unit) answered. */
async function answeredByMe(caller: Caller, s: SurveyLean): Promise<boolean> {
  const units = s.per === 'unit' ? await myAudienceUnits(caller, s) : [];
  const slots = slotsOf(caller, s, units);
  if (!slots.length) return false;
  return (await SurveyBallot.countDocuments({ _id: { $in: slots.map((slot) => ballotIdOf(s, slot)) } })) > 0;
}

// --- publish, close ---

interface NoticeTargetOf {
  kind: 'community' | 'buildings' | 'units';
  buildingIds?: string[];
  unitIds?: string[];
}

async function noticeTarget(s: SurveyLean): Promise<NoticeTargetOf> {
  if (s.audience.kind === 'community') return { kind: 'community' };
  if (s.audience.kind === 'buildings') return { kind: 'buildings', buildingIds: (s.audience.buildingIds ?? []).map(String) };
  return { kind: 'units', unitIds: (await audienceUnitIds(s)).map(String) };
}

/** life.surveyReach: how many units the publishing notice would reach. */
export async function surveyReach(caller: Caller, input: { surveyId: string }): Promise<SurveyReach> {
  const s = await loadSurvey(caller, input.surveyId);
  const target = await noticeTarget(s);
  const text = await audienceText(s.communityId, s.audience);
  if (target.kind === 'units' && !target.unitIds?.length) return { audienceText: text, units: 0, wechat: 0 };
  const r = await reach(caller, { target, category: 'normal' });
  return { audienceText: text, units: r.units, wechat: r.wechat };
}

/**
 * Publish: draft → published (the close day must not have passed: 400 on closesOn; an activity's
 * feedback survey needs checked-in households), then the 问卷调查通知 to the audience with the
 * 去填写问卷 button — also on a replay of a publish that stopped before the notice (keyed by survey).
 */
export async function publishSurvey(caller: Caller, surveyId: string, requestId: string): Promise<SurveyView> {
  const s = await loadSurvey(caller, surveyId);
  if (s.status === 'draft') {
    transitionTo(SURVEY_MACHINE, s.status, 'publish');
    if (s.closesOn < today()) throw invalid('closesOn', '截止日期已过，请修改后再发布');
  }
  let unitIds: Id[] | undefined;
  if (s.audience.kind === 'activity' && s.status === 'draft') {
    unitIds = await audienceUnitIds({ ...s, audience: { ...s.audience, unitIds: [] } });
    if (!unitIds.length) throw invalid('audience', '活动还没有签到的住户，无法发布反馈问卷');
  }
  const { doc } = await mutateSurvey(surveyId, actorOf(caller), (cur) => {
    if (cur.status === 'published' || cur.status === 'closed') return null;
    const to = transitionTo(SURVEY_MACHINE, cur.status, 'publish');
    return { event: 'publish', to, note: `发布问卷（请求 ${requestId}）`, set: { publishedAt: now(), ...(unitIds ? { 'audience.unitIds': unitIds } : {}) } };
  });
  if (doc.status === 'published' && !doc.noticeId) {
    const notice = await publishNotice(caller, doc);
    const { doc: after } = await mutateSurvey(surveyId, actorOf(caller), (cur) => (cur.noticeId ? null : { set: { noticeId: notice } }));
    return surveyView(after, caller);
  }
  return surveyView(doc, caller);
}

/** The 问卷调查通知 (the community's own copy of the library's template when it made one) with the 去填写问卷 button. */
async function publishNotice(caller: Caller, s: SurveyLean): Promise<string> {
  const contact = await communityContact(s.communityId);
  const audience = s.audience.kind === 'community' ? '各位业主' : s.audience.kind === 'buildings' ? `${await audienceText(s.communityId, s.audience)}的业主` : '参加活动的住户';
  const rule = `${s.anonymous ? '本问卷不记名，' : ''}${s.per === 'unit' ? '每户填写一份' : '每位业主填写一份'}${s.repeat === 'replace' ? '，截止前可以修改答卷' : ''}。`;
  const values = {
    surveyTitle: s.title,
    audience,
    startDate: chineseDate(s.opensOn),
    endDate: chineseDate(s.closesOn),
    answerRule: rule,
    contactPhone: contact?.servicePhone || '物业服务中心前台',
  };
  const notice = await publishFromLibrary(caller, {
    requestId: `survey-${String(s._id)}`,
    templateKey: SURVEY_NOTICE_TEMPLATE,
    values,
    target: await noticeTarget(s),
    link: { label: SURVEY_NOTICE_LINK_LABEL, path: routes.owner.survey({ id: String(s._id) }) },
  });
  return notice.id;
}

/** life.surveyClose: published → closed by hand (closed already → as it is). */
export async function closeSurvey(caller: Caller, input: { surveyId: string }): Promise<SurveyView> {
  await loadSurvey(caller, input.surveyId);
  const { doc } = await mutateSurvey(input.surveyId, actorOf(caller), (cur) => {
    if (cur.status === 'closed') return null;
    const to = transitionTo(SURVEY_MACHINE, cur.status, 'close');
    return { event: 'close', to, note: '手动结束问卷', set: { closedAt: now() } };
  });
  return surveyView(doc, caller);
}

/** The daily job `surveyClose`: published surveys whose close day has passed are closed (once each; scoped). */
export async function runSurveyClose(run: { scope?: JobScope; signal?: AbortSignal; budget?: Budget } = {}): Promise<{ closed: number; more: boolean }> {
  const day = today();
  const budget = run.budget ?? Budget.of({ signal: run.signal });
  let closed = 0;
  // Per community (lib/slices.ts), in bounded batches; an item is a survey, closed once by its
  // revision (mutateSurvey claims it). No cursor: a closed survey is no longer found.
  const report = await runSliced('surveyClose', { communityIds: await communityIdsIn(run.scope), budget }, async (communityId, slice) => {
    while (!slice.budget.spent) {
      const limit = Math.min(JOB_BATCH, slice.budget.itemsLeft);
      const due = (await Survey.find({ communityId: new ObjectId(communityId), status: 'published', closesOn: { $lt: day } }, { _id: 1 }).limit(limit).lean()) as { _id: Id }[];
      for (const s of due) {
        const { changed } = await mutateSurvey(s._id, SYSTEM, (cur) => {
          if (cur.status !== 'published' || cur.closesOn >= day) return null;
          return { event: 'close', to: transitionTo(SURVEY_MACHINE, cur.status, 'close'), note: `截止日期 ${cur.closesOn} 已过，自动结束`, set: { closedAt: now() } };
        });
        slice.budget.spend(1);
        if (changed) closed++;
      }
      if (due.length < limit) return 'done';
    }
    return 'more';
  });
  return { closed, more: report.more };
}

/** The most records one read of a life job takes (lib/slices.ts: the budget bounds it further). */
const JOB_BATCH = 200;
