import type { ActivityEvent, ActivityMoneyLine, ActivityProgrammeLine, ActivitySignupStatus, ActivityStaffLine, ActivityStatus } from '../domain/life';

/**
 * The activity views (社区活动) pages and other parts of community life use, zod-free so any
 * contract file may import them without a cycle (like renovation-view.ts).
 */

/** The figures of an activity (staff): sign-ups, waiting list, attendance, budget, feedback score. */
export interface ActivityFigures {
  /** Confirmed households and the places they hold. */
  households: number;
  places: number;
  /** On the waiting list: households and places. */
  waitingHouseholds: number;
  waitingPlaces: number;
  /** Confirmed households checked in at the door (attendance = checkedIn / households). */
  checkedIn: number;
  /** Persons checked in (the places of the checked-in households). */
  checkedInPlaces: number;
  /** Percent, rounded; null before anyone is confirmed. */
  attendanceRate: number | null;
  budgetFen: number;
  spentFen: number;
  /** The feedback survey's answers and average score (1–5), when it was sent. */
  feedback?: { surveyId: string; answers: number; average: number | null };
}

/** An activity in the lists. */
export interface ActivitySummary {
  id: string;
  title: string;
  status: ActivityStatus;
  day: string;
  startTime: string;
  endTime: string;
  place: string;
  capacity?: number;
  /** Places not taken (published). */
  placesLeft?: number;
  signupDeadline?: string;
  /** Today is on or before the deadline and the activity is published. */
  signupOpen: boolean;
  /** The owner's own household's sign-up (owners). */
  mine?: { status: ActivitySignupStatus; places: number };
  /** Staff: figures. */
  figures?: ActivityFigures;
}

/** A sign-up as the owner sees it (their household's) or staff list it. */
export interface ActivitySignupView {
  id: string;
  activityId: string;
  unitId: string;
  unitLabel: string;
  name: string;
  places: number;
  status: ActivitySignupStatus;
  /** Waiting: the place in the waiting list (1 = next to move up). */
  position?: number;
  /** Confirmed: the check-in code (owner: to show at the door; staff list: hidden). */
  code?: string;
  checkedInAt?: string;
  checkedInByName?: string;
  createdAt: string;
}

/** An activity: the plan (owners: its public parts), the sign-up figures, my sign-up, and for staff everything. */
export interface ActivityView extends ActivitySummary {
  templateKey?: string;
  aim?: string;
  intro: string;
  programme: ActivityProgrammeLine[];
  staff?: ActivityStaffLine[];
  budget?: ActivityMoneyLine[];
  safety: string[];
  publicity?: string[];
  placesPerHousehold?: number;
  review?: { decision: 'approve' | 'return'; note: string; byName: string; at: string };
  noticeId?: string;
  publishedAt?: string;
  cancelReason?: string;
  spent?: ActivityMoneyLine[];
  summary?: string;
  photos: { id: string; url: string }[];
  feedbackSurveyId?: string;
  /** The owner's sign-ups of this activity (one per unit of theirs that signed up, standing ones). */
  signups: ActivitySignupView[];
  /** Owner: my units that may still sign up (no standing sign-up). */
  units?: { id: string; label: string; signedUp: boolean }[];
  /** The events the caller may fire now (buttons). */
  can: { events: ActivityEvent[]; signup: boolean; checkin: boolean; wrapUp: boolean; feedback: boolean };
  history?: { at: string; event: string; to: string; byName: string; note?: string }[];
}

/** The answer of a check-in at the door. */
export interface ActivityCheckinResult {
  signup: ActivitySignupView;
  figures: ActivityFigures;
}
