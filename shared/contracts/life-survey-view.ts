import type { SurveyAudienceKind, SurveyEvent, SurveyKind, SurveyPer, SurveyQuestion, SurveyQuestionKind, SurveyRepeat, SurveyStatus, ServiceArea } from '../domain/life';

/**
 * The survey views other parts of community life use (results, activities' feedback survey, the
 * hub), zod-free so any contract file may import them without a cycle (like renovation-view.ts).
 */

/** What one answer says to one question: chosen option indexes (single: one), the rating 1–5, or the text. */
export interface SurveyReply {
  key: string;
  choices?: number[];
  rating?: number;
  text?: string;
}

/** A question as the builder sends it: the key is kept when given (the template's), else made. */
export interface SurveyQuestionInput {
  key?: string;
  kind: SurveyQuestionKind;
  title: string;
  options: string[];
  required: boolean;
  area?: ServiceArea;
}

/** The fields of a survey a manager (or another part) writes. */
export interface SurveyInput {
  title: string;
  intro: string;
  questions: SurveyQuestionInput[];
  audience: { kind: SurveyAudienceKind; buildingIds: string[] };
  per: SurveyPer;
  repeat: SurveyRepeat;
  anonymous: boolean;
  /** YYYY-MM-DD (Asia/Shanghai), both days included. */
  opensOn: string;
  closesOn: string;
  /** A satisfaction survey's year (one per community and year). */
  year?: number;
  /** The template it was started from (a satisfaction survey only from SATISFACTION_TEMPLATE). */
  templateKey?: string;
}

/** What the calling owner has to do with a survey (owners only). */
export interface SurveyMine {
  answered: boolean;
  /** The owner may (still) submit: open, and not answered or answered in replace mode. */
  canAnswer: boolean;
  /** Answered and the survey lets an answer be replaced while it is open (修改答卷). */
  canChange: boolean;
  /** Per unit: the owner's units in the audience (the owner picks one), each with whether it answered. */
  units: { id: string; label: string; answered: boolean }[];
  /** Named surveys: the owner's own replies (per unit: of the first answered unit, or `unitId`'s). */
  replies?: SurveyReply[];
  unitId?: string;
}

/** A survey as pages show it (staff: everything; owner: the survey of their audience with `mine`). */
export interface SurveyView {
  id: string;
  kind: SurveyKind;
  year?: number;
  activityId?: string;
  title: string;
  intro: string;
  questions: SurveyQuestion[];
  audience: { kind: SurveyAudienceKind; buildingIds: string[] };
  /** 全体业主 / 1栋、2栋 / 活动参加者 */
  audienceText: string;
  per: SurveyPer;
  repeat: SurveyRepeat;
  anonymous: boolean;
  opensOn: string;
  closesOn: string;
  status: SurveyStatus;
  /** Published and today is within opensOn..closesOn. */
  open: boolean;
  answerCount: number;
  noticeId?: string;
  publishedAt?: string;
  closedAt?: string;
  createdByName: string;
  createdAt: string;
  /** Staff only. */
  history: { at: string; event: string; byName: string; note?: string }[];
  /** The SURVEY_MACHINE events the caller may fire now (manager: publish / close). */
  actions: SurveyEvent[];
  mine?: SurveyMine;
}

/** A survey in lists. */
export interface SurveySummary {
  id: string;
  kind: SurveyKind;
  year?: number;
  title: string;
  status: SurveyStatus;
  open: boolean;
  anonymous: boolean;
  per: SurveyPer;
  audienceText: string;
  opensOn: string;
  closesOn: string;
  answerCount: number;
  questionCount: number;
  /** Owners: answered by me (per unit: by one of my units). */
  answered?: boolean;
  /** Owners: where the survey sits in my list. */
  section?: 'open' | 'answered' | 'closed';
}
