import type { DrillChannel, DrillElement, ServiceFigure, ServiceFigureValues } from '../domain/growth';

/**
 * The practice drills' and service figures' views (zod-free: the client imports these types only).
 * Actions in growth-practice.contract.ts; the rules in docs/modules/growth.md "Practice drills".
 */

/** A scenario in the list, with the caller's own record of it. */
export interface DrillScenarioSummary {
  id: string;
  title: string;
  channel: DrillChannel;
  /** Who writes (王先生, 业主群里的周先生). */
  ownerName: string;
  /** The first words of the owner's message. */
  preview: string;
  tags: string[];
  attempts: number;
  /** The caller's best score, null before a first attempt. */
  best: number | null;
  passed: boolean;
}

/** A scenario to practise: the owner's message and what the reply is checked for (the rubric's patterns and the model reply stay on the server until an attempt). */
export interface DrillScenarioView extends DrillScenarioSummary {
  message: string;
  situation: string;
  elements: { element: DrillElement; label: string; points: number }[];
  minChars: number;
  maxChars: number;
  /** When a reply passes, in words. */
  passRule: string;
  note: string;
}

export interface DrillElementResult {
  element: DrillElement;
  label: string;
  met: boolean;
  points: number;
  /** What to add (missing) or what counted (met). */
  hint: string;
  /** The words of the reply that counted. */
  matched: string[];
}

/** A forbidden phrase found in the reply: `reply.slice(start, end)` is `text`. */
export interface DrillForbiddenHit {
  text: string;
  start: number;
  end: number;
  hint: string;
}

/** A word the sentiment engine reads as negative or sarcastic (the owner would read it so). */
export interface DrillMarker {
  text: string;
  kind: 'negative' | 'sarcasm';
  start: number;
  end: number;
}

/** The rule-based check of one reply. */
export interface DrillCheck {
  elements: DrillElementResult[];
  forbidden: DrillForbiddenHit[];
  markers: DrillMarker[];
  length: { chars: number; min: number; max: number; ok: boolean };
  score: number;
  passed: boolean;
}

/** An attempt as answered by drillSubmit and listed by drillHistory. */
export interface DrillAttemptView {
  id: string;
  scenarioId: string;
  scenarioTitle: string;
  reply: string;
  check: DrillCheck;
  /** The scenario's model reply (shown after an attempt). */
  modelReply: string;
  at: string;
  /** The caller's best score and attempts of this scenario, this attempt included. */
  best: number;
  attempts: number;
}

export interface DrillList {
  scenarios: DrillScenarioSummary[];
  note: string;
}

/** One month of one person's figures against the team's median. */
export interface FiguresMonth {
  month: string;
  figures: ServiceFigureValues;
  teamMedian: ServiceFigureValues;
}

/** myFigures: the caller's own figures by month; never another person's name or id. */
export interface MyFigures {
  months: FiguresMonth[];
  /** Drills the caller did in the last month of the range. */
  drills: { done: number; passed: number };
  order: ServiceFigure[];
}

export interface TeamFiguresRow {
  userId: string;
  name: string;
  figures: ServiceFigureValues;
  drills: { done: number; passed: number };
}

/** teamFigures (managers): every agent's figures of a month with the team's median, and the team's trend. */
export interface TeamFigures {
  month: string;
  agents: TeamFiguresRow[];
  teamMedian: ServiceFigureValues;
  trend: { month: string; teamMedian: ServiceFigureValues; totals: { inquiriesHandled: number; complaintsHandled: number; followUpsDone: number } }[];
  order: ServiceFigure[];
}
