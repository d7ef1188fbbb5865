import type { MyFigures, TeamFigures, TeamFiguresRow } from '@shared/contracts/growth-practice-view';
import { addMonths, localMonth } from '@shared/domain/calendar';
import { FIGURES_MONTHS_DEFAULT, SERVICE_FIGURE_META, SERVICE_FIGURES, type ServiceFigure, type ServiceFigureValues } from '@shared/domain/growth';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { median } from '../../lib/stats';
import { complaintFiguresByAgent } from '../complaints';
import { inquiryFiguresByAgent } from '../desk';
import { doneByPerson } from '../followups';
import { activeMembers } from '../identity';
import { drillCounts } from './drill.service';

/**
 * Service figures (服务数据) per person per month, from the real work: the desk's inquiries, the
 * complaints and the follow-ups, each read through its module's per-agent read (one month at a time,
 * on indexed fields). The team: the community's active agents, and managers with work that month.
 * An agent sees their own figures against the team's median (myFigures: no other name or id); a
 * manager sees everyone (teamFigures).
 */

const ORDER: ServiceFigure[] = [...SERVICE_FIGURES];

const round = (v: number | null, digits = 0): number | null => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);
const mean = (values: number[]): number | null => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

const emptyFigures = (): ServiceFigureValues => ({
  inquiriesHandled: 0,
  inquiryAckMinutes: null,
  inquiryAnswerMinutes: null,
  inquiryRating: null,
  complaintsHandled: 0,
  complaintResponseMinutes: null,
  complaintsReopened: 0,
  complaintSatisfaction: null,
  followUpsDone: 0,
});

interface Person {
  id: string;
  name: string;
  /** An agent is listed every month; anyone else only in a month with work. */
  agent: boolean;
}

interface MonthFigures {
  month: string;
  rows: { person: Person; figures: ServiceFigureValues; worked: boolean }[];
  teamMedian: ServiceFigureValues;
}

/** The team's median of each figure (over those who have a value). */
function teamMedianOf(rows: readonly { figures: ServiceFigureValues }[]): ServiceFigureValues {
  const out = emptyFigures();
  for (const f of SERVICE_FIGURES) {
    const values = rows.map((r) => r.figures[f]).filter((v): v is number => v !== null);
    const unit = SERVICE_FIGURE_META[f].unit;
    const digits = unit === 'minutes' ? 0 : unit === 'share' ? 3 : 1;
    out[f] = round(median(values), digits);
  }
  return out;
}

/** The community's staff who make up the team (active agents and managers). */
async function teamOf(communityId: string): Promise<Map<string, Person>> {
  const members = await activeMembers(communityId, ['agent', 'manager']);
  return new Map(members.map((m) => [String(m.id), { id: String(m.id), name: m.name, agent: m.roles.includes('agent') }]));
}

/** One month's figures of every person of the team. */
async function monthFigures(communityId: string, month: string, team: Map<string, Person>): Promise<MonthFigures> {
  const [inquiries, complaints, followUps] = await Promise.all([inquiryFiguresByAgent(communityId, month), complaintFiguresByAgent(communityId, month), doneByPerson(communityId, month)]);
  const rows = new Map<string, { person: Person; figures: ServiceFigureValues; worked: boolean }>();
  const rowOf = (id: string) => {
    const person = team.get(id);
    // Work recorded by someone outside the team (an owner confirming a follow-up in the mini-program, a former agent) is not a row.
    if (!person) return null;
    let row = rows.get(id);
    if (!row) rows.set(id, (row = { person, figures: emptyFigures(), worked: false }));
    return row;
  };
  for (const person of team.values()) if (person.agent) rowOf(person.id);
  for (const i of inquiries) {
    const row = rowOf(i.id);
    if (!row) continue;
    row.worked ||= i.handled > 0 || i.ackMinutes.length > 0;
    row.figures.inquiriesHandled = i.handled;
    row.figures.inquiryAckMinutes = round(median(i.ackMinutes));
    row.figures.inquiryAnswerMinutes = round(median(i.answerMinutes));
    row.figures.inquiryRating = round(mean(i.ratings), 1);
  }
  for (const c of complaints) {
    const row = rowOf(c.id);
    if (!row) continue;
    row.worked = true;
    row.figures.complaintsHandled = c.handled;
    row.figures.complaintsReopened = c.reopened;
    row.figures.complaintResponseMinutes = round(median(c.responseMinutes));
    row.figures.complaintSatisfaction = c.judged ? round(c.satisfied / c.judged, 3) : null;
  }
  for (const f of followUps) {
    const row = rowOf(f.id);
    if (!row) continue;
    row.worked = true;
    row.figures.followUpsDone = f.done;
  }
  const listed = [...rows.values()].filter((r) => r.person.agent || r.worked);
  return { month, rows: listed, teamMedian: teamMedianOf(listed) };
}

/** The months of a range ending with `last` (oldest first). */
const monthsEnding = (last: string, count: number): string[] => Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));

/** The caller's own figures by month (the last `months`, this one included) against the team's median. */
export async function myFigures(caller: Caller, input: { months?: number }): Promise<MyFigures> {
  const months = monthsEnding(localMonth(now()), input.months ?? FIGURES_MONTHS_DEFAULT);
  const team = await teamOf(caller.communityId);
  const figures = await Promise.all(months.map((m) => monthFigures(caller.communityId, m, team)));
  const drills = (await drillCounts(caller.communityId, months[months.length - 1])).get(caller.userId) ?? { done: 0, passed: 0 };
  return {
    months: figures.map((m) => ({ month: m.month, figures: m.rows.find((r) => r.person.id === caller.userId)?.figures ?? emptyFigures(), teamMedian: m.teamMedian })),
    drills,
    order: ORDER,
  };
}

/** Managers: every person's figures of a month (default this one) with the team's median, drills done, and the team's trend over the six months to it. */
export async function teamFigures(caller: Caller, input: { month?: string }): Promise<TeamFigures> {
  const month = input.month ?? localMonth(now());
  const months = monthsEnding(month, FIGURES_MONTHS_DEFAULT);
  const team = await teamOf(caller.communityId);
  const [figures, drills] = await Promise.all([Promise.all(months.map((m) => monthFigures(caller.communityId, m, team))), drillCounts(caller.communityId, month)]);
  const current = figures[figures.length - 1];
  const work = (r: TeamFiguresRow) => (r.figures.inquiriesHandled ?? 0) + (r.figures.complaintsHandled ?? 0) + (r.figures.followUpsDone ?? 0);
  const agents: TeamFiguresRow[] = current.rows
    .map((r) => ({ userId: r.person.id, name: r.person.name, figures: r.figures, drills: drills.get(r.person.id) ?? { done: 0, passed: 0 } }))
    .sort((a, b) => work(b) - work(a) || a.name.localeCompare(b.name, 'zh'));
  const total = (m: MonthFigures, f: 'inquiriesHandled' | 'complaintsHandled' | 'followUpsDone') => m.rows.reduce((sum, r) => sum + (r.figures[f] ?? 0), 0);
  return {
    month,
    agents,
    teamMedian: current.teamMedian,
    trend: figures.map((m) => ({ month: m.month, teamMedian: m.teamMedian, totals: { inquiriesHandled: total(m, 'inquiriesHandled'), complaintsHandled: total(m, 'complaintsHandled'), followUpsDone: total(m, 'followUpsDone') } })),
    order: ORDER,
  };
}
