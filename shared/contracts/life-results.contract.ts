import { z } from 'zod';
import type { ServiceArea, SurveyKind, SurveyPer, SurveyQuestionKind, SurveyStatus, WordCount } from '../domain/life';
import { action, community, objectId } from './contract';

/**
 * Results of a survey and the yearly satisfaction trend (life.md "Results and the yearly
 * satisfaction survey"): computed live from the answers on every call; an anonymous survey never
 * shows a group of fewer than ANONYMOUS_MIN_GROUP answers.
 */

/** One option of a choice question: how many answers picked it and the share of the question's answers (%, one decimal). */
export interface OptionResult {
  label: string;
  count: number;
  percent: number;
}

/** A rating question: how many gave 1, 2, 3, 4, 5 and the average (one decimal place is for the page). */
export interface RatingResult {
  /** Counts of the scores 1–5 (index 0 = 1 分). */
  distribution: number[];
  average: number | null;
}

/** A free-text question: the frequent words and phrases, and the latest texts. */
export interface TextResult {
  words: WordCount[];
  latest: string[];
  /** An anonymous survey with fewer than ANONYMOUS_MIN_GROUP texts (in the shown scope): nothing shown. */
  hidden: boolean;
}

export interface QuestionResult {
  key: string;
  kind: SurveyQuestionKind;
  title: string;
  area?: ServiceArea;
  /** Answers that replied to this question. */
  answered: number;
  options?: OptionResult[];
  rating?: RatingResult;
  text?: TextResult;
}

/** One row of the by-building table (or the fold 其他楼栋 of an anonymous survey's small buildings). */
export interface BuildingResult {
  /** The building; 'other' for the fold of buildings with fewer than ANONYMOUS_MIN_GROUP answers. */
  buildingId: string;
  name: string;
  answers: number;
  /** Per rating question (by key): the average, null when nobody rated it. */
  ratings: Record<string, number | null>;
  /** Per choice question (by key): the count of each option. */
  choices: Record<string, number[]>;
}

export interface SurveyResultsView {
  survey: { id: string; title: string; kind: SurveyKind; status: SurveyStatus; anonymous: boolean; per: SurveyPer; opensOn: string; closesOn: string; year?: number };
  /** Answers counted in the shown scope (the whole survey, or the filtered building). */
  answers: number;
  /** All answers of the survey. */
  totalAnswers: number;
  /** The building the figures are filtered to, if any. */
  building?: { id: string; name: string };
  /** An anonymous survey (or building) with fewer than ANONYMOUS_MIN_GROUP answers: no figures at all. */
  hidden: boolean;
  questions: QuestionResult[];
  byBuilding: BuildingResult[];
  /** What was left out and why (anonymous groups too small to show). */
  notes: string[];
  /** The buildings one may filter by (those shown in the table, never the fold). */
  buildings: { id: string; name: string }[];
  /** When the figures were computed (ISO). */
  computedAt: string;
}

/** One year of the satisfaction trend. */
export interface SatisfactionYear {
  year: number;
  surveyId: string;
  status: SurveyStatus;
  answers: number;
  /** Fewer than ANONYMOUS_MIN_GROUP answers: no scores shown. */
  hidden: boolean;
  /** Average 1–5 per service area (null: no rating). */
  areas: Record<ServiceArea, number | null>;
  /** The overall question's average (the survey's rating questions without an area; else all area ratings). */
  overall: number | null;
  /** Change against the previous year shown (null: no previous year or no figure). */
  change: Record<ServiceArea | 'overall', number | null>;
}

export interface SatisfactionTrendView {
  /** Oldest first. */
  years: SatisfactionYear[];
}

/** The XLSX export of a survey's results. */
export interface SurveyExportFile {
  fileName: string;
  format: 'xlsx';
  contentBase64: string;
  rows: number;
}

const STAFF = ['agent', 'manager'] as const;
const MANAGERS = ['manager'] as const;

export const lifeResultActions = {
  /** Staff: a survey's live results — per question, by building (optionally filtered to one building). */
  surveyResults: action<SurveyResultsView>()(
    z.object({ surveyId: objectId, buildingId: objectId.optional() }).strict(),
    community([...STAFF], { surveyId: 'survey', buildingId: 'building' }),
  ),
  /** Manager: the results as an XLSX workbook (summary per question, the answers, by building). */
  surveyExport: action<SurveyExportFile>()(z.object({ surveyId: objectId }).strict(), community([...MANAGERS], { surveyId: 'survey' })),
  /** Manager: the yearly satisfaction scores per service area, year over year. */
  satisfactionTrend: action<SatisfactionTrendView>()(z.object({}).strict().optional().default({}), community([...MANAGERS])),
};
