import type { FollowUpStats, FollowUpTask } from '@shared/contracts/followups.contract';
import type { Paged } from '@shared/contracts/contract';
import { DAY_MS, monthBounds } from '@shared/domain/calendar';
import { FOLLOW_UP_OUTCOMES, type FollowUpMethod, type FollowUpOutcome, type FollowUpSource, type FollowUpStatus } from '@shared/domain/followups';
import { AppError } from '../../lib/app-error';
import { paged } from '../../lib/paging';
import { claimOnce, releaseClaim } from '../../lib/claim';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import type { Caller } from '../../lib/caller';
import { followupHooks } from './followup.hooks';
import { FollowUp } from './followup.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

function toTask(d: {
  _id: unknown;
  source: string;
  sourceId: unknown;
  title: string;
  ownerName: string;
  phone: string;
  location: string;
  dueAt: Date;
  status?: string | null;
  method?: string | null;
  outcome?: string | null;
  note?: string | null;
  doneAt?: Date | null;
  doneByName?: string | null;
  createdAt: Date;
}): FollowUpTask {
  const status = (d.status ?? 'open') as FollowUpStatus;
  return {
    id: String(d._id),
    source: d.source as FollowUpSource,
    sourceId: String(d.sourceId),
    title: d.title,
    ownerName: d.ownerName,
    phone: d.phone,
    location: d.location,
    dueAt: d.dueAt.toISOString(),
    overdue: status === 'open' && d.dueAt.getTime() < now().getTime(),
    status,
    ...(d.method ? { method: d.method as FollowUpMethod } : {}),
    ...(d.outcome ? { outcome: d.outcome as FollowUpOutcome } : {}),
    ...(d.note ? { note: d.note } : {}),
    ...(d.doneAt ? { doneAt: d.doneAt.toISOString() } : {}),
    ...(d.doneByName ? { doneByName: d.doneByName } : {}),
    createdAt: d.createdAt.toISOString(),
  };
}

export interface NewFollowUp {
  communityId: Id;
  source: FollowUpSource;
  sourceId: Id;
  round: number;
  title: string;
  ownerId?: Id;
  ownerName: string;
  phone: string;
  location: string;
  dueAt: Date;
}

/** `<source>:<sourceId>:<round>`: one task per completion (a reopened and again completed repair gets a new one). */
const keyOf = (source: FollowUpSource, sourceId: Id, round: number) => `${source}:${String(sourceId)}:${round}`;

/** Create the task for one completion; a second call for the same round changes nothing. Returns the task's id. */
export async function createFollowUp(input: NewFollowUp): Promise<Id> {
  const { round, ...rest } = input;
  const key = keyOf(input.source, input.sourceId, round);
  try {
    return (await FollowUp.create({ ...rest, key }))._id;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const existing = await FollowUp.findOne({ key }, { _id: 1 }).lean();
  if (!existing) throw new AppError('FOLLOWUP.NOT_FOUND');
  return existing._id;
}

/** What the source of a task shows of it (a complaint's detail). */
export interface FollowUpState {
  id: Id;
  dueAt: Date;
  status: FollowUpStatus;
  method?: FollowUpMethod;
  outcome?: FollowUpOutcome;
  note?: string;
  doneAt?: Date;
  doneByName?: string;
}

/** A task by id, or null. */
export async function followUpById(id: Id | string): Promise<FollowUpState | null> {
  const task = await FollowUp.findById(id).lean();
  if (!task) return null;
  return {
    id: task._id,
    dueAt: task.dueAt,
    status: (task.status ?? 'open') as FollowUpStatus,
    ...(task.method ? { method: task.method as FollowUpMethod } : {}),
    ...(task.outcome ? { outcome: task.outcome as FollowUpOutcome } : {}),
    ...(task.note ? { note: task.note } : {}),
    ...(task.doneAt ? { doneAt: task.doneAt } : {}),
    ...(task.doneByName ? { doneByName: task.doneByName } : {}),
  };
}

/** Outcomes of the done tasks of one source in a community (e.g. every complaint follow-up), by source id. */
export async function doneOutcomes(communityId: Id, source: FollowUpSource): Promise<{ sourceId: string; outcome?: FollowUpOutcome }[]> {
  const docs = await FollowUp.find({ communityId, source, status: 'done' }, { sourceId: 1, outcome: 1 }).lean();
  return docs.map((d) => ({ sourceId: String(d.sourceId), ...(d.outcome ? { outcome: d.outcome as FollowUpOutcome } : {}) }));
}

export async function list(caller: Caller, input: { status: FollowUpStatus; dueBy?: string; page: number; pageSize: number }): Promise<Paged<FollowUpTask>> {
  const filter: Record<string, unknown> = { communityId: new ObjectId(caller.communityId), status: input.status };
  if (input.dueBy) filter.dueAt = { $lte: new Date(input.dueBy) };
  const sort: Record<string, 1 | -1> = input.status === 'open' ? { dueAt: 1, _id: 1 } : { doneAt: -1, _id: -1 };
  return paged({ model: FollowUp, filter, sort }, input, (docs: Parameters<typeof toTask>[0][]) => docs.map(toTask));
}

/** The person (or the owner, in the mini-program) who recorded a follow-up. */
export interface Recorder {
  id: string;
  name: string;
}

/**
 * Record the outcome, exactly once (a claim per task: two agents saving at once, or an agent and
 * the owner confirming in the mini-program → one wins, the other gets 409 FOLLOWUP.ALREADY_DONE).
 * The source reacts (a repair is closed, a complaint followed up or reopened: the hook
 * `followups.outcomeRecorded`) before the task is marked done: if it fails, the claim is given back
 * and the task stays open to retry.
 */
export async function recordOutcome(by: Recorder, communityId: string, input: { followUpId: string; method: FollowUpMethod; outcome: FollowUpOutcome; note?: string }): Promise<FollowUpTask> {
  const _id = new ObjectId(input.followUpId);
  const existing = await FollowUp.findOne({ _id, communityId: new ObjectId(communityId) }).lean();
  if (!existing) throw new AppError('FOLLOWUP.NOT_FOUND');
  if (existing.status === 'done') throw new AppError('FOLLOWUP.ALREADY_DONE');
  const key = `followup:${input.followUpId}:done`;
  // Permanent (no ttl): a follow-up is done once, for good.
  if (!(await claimOnce(key))) throw new AppError('FOLLOWUP.ALREADY_DONE');
  try {
    await followupHooks.outcomeRecorded.run({ communityId, source: existing.source as FollowUpSource, sourceId: String(existing.sourceId), outcome: input.outcome, by, ...(input.note ? { note: input.note } : {}) });
    const updated = await FollowUp.findOneAndUpdate(
      { _id },
      { $set: { status: 'done', method: input.method, outcome: input.outcome, ...(input.note ? { note: input.note } : {}), doneById: new ObjectId(by.id), doneByName: by.name, doneAt: now() } },
      { new: true },
    ).lean();
    if (!updated) throw new AppError('FOLLOWUP.NOT_FOUND');
    return toTask(updated);
  } catch (err) {
    await releaseClaim(key);
    throw err;
  }
}

/** An agent records a follow-up of their community. */
export function record(caller: Caller, input: { followUpId: string; method: FollowUpMethod; outcome: FollowUpOutcome; note?: string }): Promise<FollowUpTask> {
  return recordOutcome({ id: caller.userId, name: caller.name }, caller.communityId, input);
}

/** Follow-ups due in the last `days` days: how many were done (on time) and how satisfied owners were. */
export async function stats(caller: Caller, days: number): Promise<FollowUpStats> {
  const to = now();
  const from = new Date(to.getTime() - days * DAY_MS);
  const docs = await FollowUp.find({ communityId: new ObjectId(caller.communityId), dueAt: { $gte: from, $lte: to } }, { status: 1, dueAt: 1, doneAt: 1, outcome: 1 }).lean();
  const done = docs.filter((d) => d.status === 'done');
  const outcomes = Object.fromEntries(FOLLOW_UP_OUTCOMES.map((o) => [o, done.filter((d) => d.outcome === o).length])) as Record<FollowUpOutcome, number>;
  return {
    due: docs.length,
    done: done.length,
    doneOnTime: done.filter((d) => d.doneAt && d.doneAt.getTime() <= d.dueAt.getTime()).length,
    completionRate: docs.length ? done.length / docs.length : null,
    outcomes,
    satisfactionRate: done.length ? outcomes.satisfied / done.length : null,
  };
}

/**
 * The latest outcome of the done follow-ups of some sources (e.g. a month's complaints), by source id:
 * bounded by the ids asked for (index communityId + source + sourceId).
 */
export async function outcomesOf(communityId: Id | string, source: FollowUpSource, sourceIds: readonly (Id | string)[]): Promise<Map<string, FollowUpOutcome>> {
  const out = new Map<string, FollowUpOutcome>();
  if (!sourceIds.length) return out;
  const docs = await FollowUp.find(
    { communityId: new ObjectId(String(communityId)), source, sourceId: { $in: sourceIds.map((id) => new ObjectId(String(id))) } },
    { sourceId: 1, status: 1, outcome: 1, doneAt: 1 },
  ).lean();
  const latest = new Map<string, Date>();
  for (const d of docs) {
    if (d.status !== 'done' || !d.outcome || !d.doneAt) continue;
    const key = String(d.sourceId);
    if ((latest.get(key)?.getTime() ?? -1) > d.doneAt.getTime()) continue;
    latest.set(key, d.doneAt);
    out.set(key, d.outcome as FollowUpOutcome);
  }
  return out;
}

/** Follow-ups each person did in a month (YYYY-MM, Asia/Shanghai) of a community, by who recorded them (doneById). */
export async function doneByPerson(communityId: Id | string, month: string): Promise<{ id: string; name: string; done: number; onTime: number }[]> {
  const { from, to } = monthBounds(month);
  const docs = await FollowUp.find({ communityId: new ObjectId(String(communityId)), status: 'done', doneAt: { $gte: from, $lt: to } }, { doneById: 1, doneByName: 1, doneAt: 1, dueAt: 1 }).lean();
  const rows = new Map<string, { id: string; name: string; done: number; onTime: number }>();
  for (const d of docs) {
    if (!d.doneById) continue;
    const id = String(d.doneById);
    const row = rows.get(id) ?? { id, name: d.doneByName ?? '', done: 0, onTime: 0 };
    row.done++;
    if (d.doneAt && d.doneAt.getTime() <= d.dueAt.getTime()) row.onTime++;
    rows.set(id, row);
  }
  return [...rows.values()];
}
