import type { BuildingResult, QuestionResult, SatisfactionTrendView, SatisfactionYear, SurveyResultsView } from '@shared/contracts/life-results.contract';
import {
  ANONYMOUS_MIN_GROUP,
  countWords,
  OTHER_BUILDINGS_LABEL,
  SERVICE_AREAS,
  SURVEY_LATEST_TEXTS,
  topWords,
  type ServiceArea,
  type SurveyKind,
  type SurveyPer,
  type SurveyQuestion,
  type SurveyStatus,
  type WordCounts,
} from '@shared/domain/life';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { buildingsOf } from '../community';
import { Survey, SurveyAnswer } from './survey.model';

/**
 * A survey's results, computed live from its answers on every call (life.md "Results and the yearly
 * satisfaction survey"). The answers are read once, as a stream (a cursor in batches: a big survey is
 * never held in memory), and tallied per building: counts per option, the 1–5 distribution, the sum
 * of ratings, and — in the shown scope only — the free texts' word counts and a few texts. FerretDB
 * v1 cannot group by a field of an unwound array (its `$group` drops dotted keys and sums them as 0),
 * so the tally is done here, in one pass. Everything else derives from the per-building tallies.
 *
 * An ANONYMOUS survey never shows a group of fewer than ANONYMOUS_MIN_GROUP answers: below it the
 * whole result (or the filtered building) shows nothing; small buildings are folded into 其他楼栋 when
 * the fold reaches the minimum, else left out with a note; a free-text question shows its words and
 * texts only from ANONYMOUS_MIN_GROUP texts on.
 */

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

/** What the results need of a survey. */
export interface SurveyForResults {
  _id: Id;
  communityId: Id;
  title: string;
  kind: SurveyKind;
  status: SurveyStatus;
  anonymous: boolean;
  per: SurveyPer;
  opensOn: string;
  closesOn: string;
  year?: number | null;
  questions: SurveyQuestion[];
}

/** Tallies of one question within a group of answers. */
interface QuestionTally {
  answered: number;
  /** Per option (choices). */
  options: number[];
  /** Per score 1–5 (ratings). */
  dist: number[];
  sum: number;
}

/** Tallies of a group of answers (a building, or every answer). */
interface GroupTally {
  answers: number;
  questions: Map<string, QuestionTally>;
}

/** The free texts of the shown scope: word counts per question, some texts, how many. */
interface TextTally {
  count: number;
  words: WordCounts;
  /** Named: the newest texts ({at, text}); anonymous: any texts (ordered by text when shown). */
  latest: { at: number; text: string }[];
}

type Reply = { key: string; choices?: number[] | null; rating?: number | null; text?: string | null };
type AnswerRow = { _id: string; buildingId?: Id | null; replies?: Reply[]; answeredAt?: Date | null };

const emptyGroup = (): GroupTally => ({ answers: 0, questions: new Map() });

function questionTally(group: GroupTally, q: SurveyQuestion): QuestionTally {
  let t = group.questions.get(q.key);
  if (!t) {
    t = { answered: 0, options: q.options.map(() => 0), dist: [0, 0, 0, 0, 0], sum: 0 };
    group.questions.set(q.key, t);
  }
  return t;
}

/** Add one answer to a group's tallies. A reply counts as answered when it holds something. */
function addAnswer(group: GroupTally, questions: readonly SurveyQuestion[], replies: readonly Reply[]): void {
  group.answers += 1;
  const byKey = new Map(replies.map((r) => [r.key, r]));
  for (const q of questions) {
    const r = byKey.get(q.key);
    const t = questionTally(group, q);
    if (!r) continue;
    if (q.kind === 'rating') {
      const v = r.rating;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 5) continue;
      t.answered += 1;
      t.dist[v - 1] = (t.dist[v - 1] ?? 0) + 1;
      t.sum += v;
    } else if (q.kind === 'single' || q.kind === 'multiple') {
      const picked = [...new Set((r.choices ?? []).filter((i) => Number.isInteger(i) && i >= 0 && i < q.options.length))];
      if (!picked.length) continue;
      t.answered += 1;
      for (const i of picked) t.options[i] = (t.options[i] ?? 0) + 1;
    } else if (typeof r.text === 'string' && r.text.trim()) {
      t.answered += 1;
    }
  }
}

/** Merge group tallies (e.g. the buildings folded into 其他楼栋, or every building into the whole). */
function merge(groups: readonly GroupTally[], questions: readonly SurveyQuestion[]): GroupTally {
  const out = emptyGroup();
  for (const g of groups) {
    out.answers += g.answers;
    for (const q of questions) {
      const from = g.questions.get(q.key);
      if (!from) continue;
      const to = questionTally(out, q);
      to.answered += from.answered;
      to.sum += from.sum;
      from.options.forEach((n, i) => (to.options[i] = (to.options[i] ?? 0) + n));
      from.dist.forEach((n, i) => (to.dist[i] = (to.dist[i] ?? 0) + n));
    }
  }
  return out;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const averageOf = (t: QuestionTally | undefined): number | null => (t && t.answered ? round(t.sum / t.answered, 2) : null);

/**
 * Read a survey's answers once, in batches, and tally them per building; the free texts of the
 * answers `inScope` (all, or one building's) are counted for the word list.
 */
async function tallyAnswers(survey: SurveyForResults, inScope: (buildingKey: string) => boolean = () => true): Promise<{ byBuilding: Map<string, GroupTally>; texts: Map<string, TextTally> }> {
  const byBuilding = new Map<string, GroupTally>();
  const texts = new Map<string, TextTally>();
  const textQuestions = survey.questions.filter((q) => q.kind === 'text');
  const cursor = SurveyAnswer.find({ communityId: survey.communityId, surveyId: survey._id }, { buildingId: 1, replies: 1, answeredAt: 1 })
    .lean<AnswerRow[]>()
    .cursor({ batchSize: 500 });
  for await (const a of cursor as AsyncIterable<AnswerRow>) {
    const key = a.buildingId ? String(a.buildingId) : '';
    let group = byBuilding.get(key);
    if (!group) byBuilding.set(key, (group = emptyGroup()));
    const replies = a.replies ?? [];
    addAnswer(group, survey.questions, replies);
    if (!textQuestions.length || !inScope(key)) continue;
    for (const q of textQuestions) {
      const text = replies.find((r) => r.key === q.key)?.text?.trim();
      if (!text) continue;
      let t = texts.get(q.key);
      if (!t) texts.set(q.key, (t = { count: 0, words: new Map(), latest: [] }));
      t.count += 1;
      countWords(t.words, text);
      keepLatest(t.latest, { at: survey.anonymous ? 0 : (a.answeredAt?.getTime() ?? 0), text });
    }
  }
  return { byBuilding, texts };
}

/** Keep the newest SURVEY_LATEST_TEXTS texts (anonymous: the first ones read, all `at` 0). */
function keepLatest(list: { at: number; text: string }[], item: { at: number; text: string }): void {
  if (list.length < SURVEY_LATEST_TEXTS) {
    list.push(item);
    return;
  }
  let oldest = 0;
  for (let i = 1; i < list.length; i++) if ((list[i] as { at: number }).at < (list[oldest] as { at: number }).at) oldest = i;
  if ((list[oldest] as { at: number }).at < item.at) list[oldest] = item;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

function questionResult(q: SurveyQuestion, t: QuestionTally | undefined, text: TextTally | undefined, anonymous: boolean): QuestionResult {
  const answered = t?.answered ?? 0;
  const base: QuestionResult = { key: q.key, kind: q.kind, title: q.title, ...(q.area ? { area: q.area } : {}), answered };
  if (q.kind === 'single' || q.kind === 'multiple') {
    // Multiple choice: the share of the question's answers that picked the option (the shares add up to more than 100 %).
    return { ...base, options: q.options.map((label, i) => ({ label, count: t?.options[i] ?? 0, percent: answered ? round(((t?.options[i] ?? 0) * 100) / answered, 1) : 0 })) };
  }
  if (q.kind === 'rating') return { ...base, rating: { distribution: t ? [...t.dist] : [0, 0, 0, 0, 0], average: averageOf(t) } };
  const count = text?.count ?? 0;
  const hidden = anonymous && count < ANONYMOUS_MIN_GROUP;
  const latest = hidden ? [] : [...(text?.latest ?? [])];
  // Named: newest first. Anonymous: in the texts' own order, so the order says nothing about who or when.
  if (anonymous) latest.sort((a, b) => collator.compare(a.text, b.text));
  else latest.sort((a, b) => b.at - a.at);
  return { ...base, text: { words: hidden ? [] : topWords(text?.words ?? new Map()), latest: latest.map((l) => l.text), hidden } };
}

function buildingRow(id: string, name: string, g: GroupTally, questions: readonly SurveyQuestion[]): BuildingResult {
  const ratings: Record<string, number | null> = {};
  const choices: Record<string, number[]> = {};
  for (const q of questions) {
    const t = g.questions.get(q.key);
    if (q.kind === 'rating') ratings[q.key] = averageOf(t);
    else if (q.kind === 'single' || q.kind === 'multiple') choices[q.key] = q.options.map((_, i) => t?.options[i] ?? 0);
  }
  return { buildingId: id, name, answers: g.answers, ratings, choices };
}

/**
 * The by-building rows of a survey. Named: every building with answers. Anonymous: a building with
 * fewer than ANONYMOUS_MIN_GROUP answers (and answers without a building) go into the fold 其他楼栋.
 * A fold of 1–2 answers would still be readable as the whole minus the buildings shown, so the
 * smallest shown buildings join it until it reaches the minimum (complementary suppression); only
 * when no building is left to join is it left out, with a note.
 */
export function buildingRows(
  survey: Pick<SurveyForResults, 'anonymous' | 'questions'>,
  byBuilding: ReadonlyMap<string, GroupTally>,
  buildings: readonly { _id: Id | string; name: string }[],
): { rows: BuildingResult[]; notes: string[]; folded: Set<string> } {
  const shown: { id: string; name: string; g: GroupTally }[] = [];
  const small: GroupTally[] = [];
  const folded = new Set<string>();
  const known = new Set(buildings.map((b) => String(b._id)));
  for (const b of buildings) {
    const g = byBuilding.get(String(b._id));
    if (!g?.answers) continue;
    if (survey.anonymous && g.answers < ANONYMOUS_MIN_GROUP) {
      small.push(g);
      folded.add(String(b._id));
    } else shown.push({ id: String(b._id), name: b.name, g });
  }
  // Answers without a building (or of a building since removed).
  const loose = [...byBuilding].filter(([k]) => !known.has(k)).map(([, g]) => g);
  for (const [k] of byBuilding) if (!known.has(k)) folded.add(k);
  const notes: string[] = [];
  if (survey.anonymous) {
    const parts = [...small, ...loose];
    const count = () => parts.reduce((n, g) => n + g.answers, 0);
    // A small fold joins the smallest shown buildings until it is big enough to show itself.
    const bySize = [...shown].sort((a, b) => a.g.answers - b.g.answers);
    let joined = 0;
    while (count() > 0 && count() < ANONYMOUS_MIN_GROUP && bySize.length) {
      const b = bySize.shift() as (typeof shown)[number];
      parts.push(b.g);
      folded.add(b.id);
      shown.splice(shown.indexOf(b), 1);
      joined += 1;
    }
    const fold = merge(parts, survey.questions);
    const rows = shown.map((b) => buildingRow(b.id, b.name, b.g, survey.questions));
    if (fold.answers >= ANONYMOUS_MIN_GROUP) rows.push(buildingRow('other', OTHER_BUILDINGS_LABEL, fold, survey.questions));
    else if (fold.answers > 0) notes.push(`不记名问卷：答卷少于${ANONYMOUS_MIN_GROUP}份的楼栋（共 ${fold.answers} 份）不单独显示。`);
    if ((small.length || joined) && fold.answers >= ANONYMOUS_MIN_GROUP) notes.push(`不记名问卷：答卷少于${ANONYMOUS_MIN_GROUP}份的楼栋与其他楼栋合并为“${OTHER_BUILDINGS_LABEL}”显示，共 ${small.length + joined} 个楼栋。`);
    return { rows, notes, folded };
  }
  const rows = shown.map((b) => buildingRow(b.id, b.name, b.g, survey.questions));
  const fold = merge(loose, survey.questions);
  if (fold.answers) rows.push(buildingRow('other', '未知楼栋', fold, survey.questions));
  return { rows, notes, folded };
}

/** A survey of the caller's community (staff), or 404. */
async function surveyOf(caller: Caller, surveyId: string): Promise<SurveyForResults> {
  const s = await Survey.findById(surveyId).lean<SurveyForResults>();
  if (!s || String(s.communityId) !== caller.communityId) throw new AppError('SURVEY.NOT_FOUND');
  return s;
}

const tooFew = `不记名问卷答卷不足${ANONYMOUS_MIN_GROUP}份，为保护答卷人，暂不显示统计结果。`;

/** Staff: a survey's live results, per question and by building, optionally filtered to one building. */
export async function surveyResults(caller: Caller, input: { surveyId: string; buildingId?: string }): Promise<SurveyResultsView> {
  const survey = await surveyOf(caller, input.surveyId);
  const buildings = await buildingsOf(survey.communityId);
  const filter = input.buildingId ? buildings.find((b) => String(b._id) === input.buildingId) : undefined;
  if (input.buildingId && !filter) throw new AppError('BUILDING.NOT_FOUND');
  const { byBuilding, texts } = await tallyAnswers(survey, (key) => !filter || key === String(filter._id));
  const all = merge([...byBuilding.values()], survey.questions);
  const { rows, notes, folded } = buildingRows(survey, byBuilding, buildings);
  const scope = filter ? (byBuilding.get(String(filter._id)) ?? emptyGroup()) : all;
  const view: SurveyResultsView = {
    survey: {
      id: String(survey._id),
      title: survey.title,
      kind: survey.kind,
      status: survey.status,
      anonymous: survey.anonymous,
      per: survey.per,
      opensOn: survey.opensOn,
      closesOn: survey.closesOn,
      ...(survey.year ? { year: survey.year } : {}),
    },
    answers: scope.answers,
    totalAnswers: all.answers,
    ...(filter ? { building: { id: String(filter._id), name: filter.name } } : {}),
    hidden: false,
    questions: [],
    byBuilding: rows,
    notes,
    buildings: rows.filter((r) => r.buildingId !== 'other').map((r) => ({ id: r.buildingId, name: r.name })),
    computedAt: now().toISOString(),
  };
  if (survey.anonymous && all.answers < ANONYMOUS_MIN_GROUP) return { ...view, answers: 0, hidden: true, byBuilding: [], buildings: [], notes: [tooFew] };
  if (survey.anonymous && filter && (scope.answers < ANONYMOUS_MIN_GROUP || folded.has(String(filter._id)))) {
    return { ...view, answers: 0, hidden: true, notes: [...notes, `不记名问卷：${filter.name}答卷不足${ANONYMOUS_MIN_GROUP}份，不单独显示。`] };
  }
  view.questions = survey.questions.map((q) => questionResult(q, scope.questions.get(q.key), texts.get(q.key), survey.anonymous));
  return view;
}

/**
 * The score of a survey (an activity's feedback): how many answers and the average of every 1–5
 * rating reply. An anonymous survey with fewer than ANONYMOUS_MIN_GROUP answers has no average.
 */
export async function surveyScore(surveyId: string): Promise<{ answers: number; average: number | null }> {
  if (!ObjectId.isValid(surveyId)) return { answers: 0, average: null };
  const survey = await Survey.findById(surveyId).lean<SurveyForResults>();
  if (!survey) return { answers: 0, average: null };
  const { byBuilding } = await tallyAnswers(survey, () => false);
  const all = merge([...byBuilding.values()], survey.questions);
  let sum = 0;
  let n = 0;
  for (const q of survey.questions) {
    const t = q.kind === 'rating' ? all.questions.get(q.key) : undefined;
    if (t) (sum += t.sum), (n += t.answered);
  }
  if (survey.anonymous && all.answers < ANONYMOUS_MIN_GROUP) return { answers: all.answers, average: null };
  return { answers: all.answers, average: n ? round(sum / n, 2) : null };
}

/** The scores of one satisfaction survey: per area, overall. */
async function yearScores(survey: SurveyForResults): Promise<Omit<SatisfactionYear, 'change'>> {
  const { byBuilding } = await tallyAnswers(survey, () => false);
  const all = merge([...byBuilding.values()], survey.questions);
  const hidden = survey.anonymous && all.answers < ANONYMOUS_MIN_GROUP;
  const areas = Object.fromEntries(SERVICE_AREAS.map((a) => [a, null])) as Record<ServiceArea, number | null>;
  const pooled = (qs: SurveyQuestion[]) => {
    let sum = 0;
    let n = 0;
    for (const q of qs) {
      const t = all.questions.get(q.key);
      if (t) (sum += t.sum), (n += t.answered);
    }
    return n ? round(sum / n, 2) : null;
  };
  const ratings = survey.questions.filter((q) => q.kind === 'rating');
  if (!hidden) for (const a of SERVICE_AREAS) areas[a] = pooled(ratings.filter((q) => q.area === a));
  const general = ratings.filter((q) => !q.area);
  const overall = hidden ? null : general.length ? pooled(general) : pooled(ratings);
  return { year: survey.year ?? 0, surveyId: String(survey._id), status: survey.status, answers: all.answers, hidden, areas, overall };
}

/** Manager: the yearly satisfaction surveys (published or closed) of the community, oldest first, with the change against the year before. */
export async function satisfactionTrend(caller: Caller): Promise<SatisfactionTrendView> {
  const surveys = await Survey.find({ communityId: new ObjectId(caller.communityId), kind: 'satisfaction', status: { $in: ['published', 'closed'] } })
    .sort({ year: 1 })
    .lean<SurveyForResults[]>();
  const years: SatisfactionYear[] = [];
  for (const s of surveys.filter((x) => x.year)) {
    const scores = await yearScores(s);
    const prev = years[years.length - 1];
    const diff = (a: number | null, b: number | null | undefined) => (a === null || b === null || b === undefined ? null : round(a - b, 2));
    const change = Object.fromEntries([...SERVICE_AREAS.map((a) => [a, diff(scores.areas[a], prev?.areas[a])]), ['overall', diff(scores.overall, prev?.overall)]]) as SatisfactionYear['change'];
    years.push({ ...scores, change });
  }
  return { years };
}

// --- for the export ---
export { surveyOf, tallyAnswers, merge, questionResult, type GroupTally, type TextTally, type AnswerRow };
