import type { Paged } from '@shared/contracts/contract';
import type { DrillAttemptView, DrillCheck, DrillList, DrillScenarioSummary, DrillScenarioView } from '@shared/contracts/growth-practice-view';
import { monthBounds } from '@shared/domain/calendar';
import { DRILL_CHECK_NOTE, DRILL_ELEMENT_LABELS, DRILL_ELEMENT_POINTS, DRILL_ELEMENTS } from '@shared/domain/growth';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { paged } from '../../lib/paging';
import { analyze } from '../sentiment';
import { DrillAttempt, type DrillAttemptDoc } from './drill.model';
import { checkReply, DRILL_SCENARIOS, rubricOf, scenarioById, type DrillScenario } from './drills';

const { ObjectId } = mongoose.Types;

/**
 * Practice drills (情景演练, 自我训练): the built-in scenarios, a reply checked at once by the rules
 * (drills/check.ts) and the sentiment engine's negative markers, each attempt kept per person.
 */

const PASS_RULE = '六个要点全部做到、没有禁用语、字数合适即为通过';

function scenarioOf(id: string): DrillScenario {
  const s = scenarioById(id);
  if (!s) throw new AppError('DRILL.NOT_FOUND');
  return s;
}

interface DrillRecord {
  attempts: number;
  best: number | null;
  passed: boolean;
}

/** The caller's attempts per scenario: how many, the best score, passed once. */
async function recordsOf(caller: Caller, scenarioIds?: string[]): Promise<Map<string, DrillRecord>> {
  const filter: { [k: string]: unknown } = { communityId: new ObjectId(caller.communityId), userId: new ObjectId(caller.userId) };
  if (scenarioIds) filter.scenarioId = { $in: scenarioIds };
  const docs = await DrillAttempt.find(filter, { scenarioId: 1, score: 1, passed: 1 }).lean();
  const out = new Map<string, DrillRecord>();
  for (const d of docs) {
    const r = out.get(d.scenarioId) ?? { attempts: 0, best: null, passed: false };
    r.attempts++;
    r.best = Math.max(r.best ?? 0, d.score);
    r.passed ||= d.passed;
    out.set(d.scenarioId, r);
  }
  return out;
}

function summaryOf(s: DrillScenario, r: DrillRecord | undefined): DrillScenarioSummary {
  return {
    id: s.id,
    title: s.title,
    channel: s.channel,
    ownerName: s.ownerName,
    preview: s.message.length > 28 ? `${s.message.slice(0, 28)}…` : s.message,
    tags: s.tags,
    attempts: r?.attempts ?? 0,
    best: r?.best ?? null,
    passed: r?.passed ?? false,
  };
}

/** The scenarios with the caller's own record of each. */
export async function drillList(caller: Caller): Promise<DrillList> {
  const records = await recordsOf(caller);
  return { scenarios: DRILL_SCENARIOS.map((s) => summaryOf(s, records.get(s.id))), note: DRILL_CHECK_NOTE };
}

/** One scenario to practise: the owner's message and what a reply is checked for (not the patterns, not the model reply). */
export async function drillGet(caller: Caller, input: { scenarioId: string }): Promise<DrillScenarioView> {
  const s = scenarioOf(input.scenarioId);
  const records = await recordsOf(caller, [s.id]);
  return {
    ...summaryOf(s, records.get(s.id)),
    message: s.message,
    situation: s.situation,
    elements: DRILL_ELEMENTS.map((element) => ({ element, label: DRILL_ELEMENT_LABELS[element], points: DRILL_ELEMENT_POINTS[element] })),
    minChars: s.minChars,
    maxChars: s.maxChars,
    passRule: PASS_RULE,
    note: DRILL_CHECK_NOTE,
  };
}

/** The rule-based check of a reply to a scenario (pure: no database). */
export function checkDrillReply(s: DrillScenario, reply: string): DrillCheck {
  return checkReply(rubricOf(s), reply, analyze(reply).evidence, s.message);
}

function viewOf(d: DrillAttemptDoc, r: DrillRecord | undefined): DrillAttemptView {
  const s = scenarioById(d.scenarioId);
  return {
    id: String(d._id),
    scenarioId: d.scenarioId,
    scenarioTitle: s?.title ?? d.scenarioId,
    reply: d.reply,
    check: d.check as DrillCheck,
    modelReply: s?.modelReply ?? '',
    at: d.createdAt.toISOString(),
    best: r?.best ?? d.score,
    attempts: r?.attempts ?? 1,
  };
}

/** Submit a reply: checked at once, kept as the caller's attempt. One attempt per `requestId`. */
export async function drillSubmit(caller: Caller, input: { scenarioId: string; reply: string; requestId: string }): Promise<DrillAttemptView> {
  const s = scenarioOf(input.scenarioId);
  const { doc } = await createOnce<DrillAttemptDoc>({
    model: DrillAttempt,
    key: `drill:${caller.userId}:${input.requestId}`,
    build: async (_id) => {
      const reply = input.reply.trim();
      const check = checkDrillReply(s, reply);
      return { _id, communityId: new ObjectId(caller.communityId), userId: new ObjectId(caller.userId), userName: caller.name, scenarioId: s.id, reply, score: check.score, passed: check.passed, check };
    },
  });
  const records = await recordsOf(caller, [doc.scenarioId]);
  return viewOf(doc, records.get(doc.scenarioId));
}

/** The caller's attempts (of one scenario, or all), newest first. */
export async function drillHistory(caller: Caller, input: { scenarioId?: string; page: number; pageSize: number }): Promise<Paged<DrillAttemptView>> {
  const filter: { [k: string]: unknown } = { communityId: new ObjectId(caller.communityId), userId: new ObjectId(caller.userId) };
  if (input.scenarioId) filter.scenarioId = scenarioOf(input.scenarioId).id;
  return paged({ model: DrillAttempt, filter, sort: { createdAt: -1, _id: -1 } }, input, async (docs: DrillAttemptDoc[]) => {
    const records = await recordsOf(caller, [...new Set(docs.map((d) => d.scenarioId))]);
    return docs.map((d) => viewOf(d, records.get(d.scenarioId)));
  });
}

/** Drills done (and passed) per person in a month of a community (YYYY-MM): the managers' figures and the training view. */
export async function drillCounts(communityId: string, month: string): Promise<Map<string, { done: number; passed: number }>> {
  const { from, to } = monthBounds(month);
  const docs = await DrillAttempt.find({ communityId: new ObjectId(communityId), createdAt: { $gte: from, $lt: to } }, { userId: 1, passed: 1 }).lean();
  const out = new Map<string, { done: number; passed: number }>();
  for (const d of docs) {
    const r = out.get(String(d.userId)) ?? { done: 0, passed: 0 };
    r.done++;
    if (d.passed) r.passed++;
    out.set(String(d.userId), r);
  }
  return out;
}
