import type { CallTask as CallTaskView, DemoInboxMessage } from '@shared/contracts/messaging.contract';
import type { Paged } from '@shared/contracts/contract';
import type { CallTaskKind, CallTaskStatus } from '@shared/domain/messaging';
import { AppError } from '../../lib/app-error';
import { paged } from '../../lib/paging';
import { Claim, claimOnce, claimOutcome } from '../../lib/claim';
import { now } from '../../lib/clock';
import { getConfig } from '../../lib/config';
import { mongoose } from '../../lib/db';
import { templateById } from '../../lib/wechat/templates';
import { insertIgnoringDuplicates } from '../../lib/bulk';
import type { Caller } from '../../lib/caller';
import { namesByOpenid } from '../identity';
import { CallTask, linesOf, OutboxAttempt, recipientOf } from './messaging.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

type CallMessage = Record<string, unknown> & { _id: Id };

interface CallInput {
  communityId: Id;
  eventKey: string;
  recipientId: Id;
  name: string;
  phone: string;
  unitLabel?: string;
  title: string;
  lines: { label: string; value: string }[];
  reason: string;
  kind: CallTaskKind;
  /** One open task per (person, subject); default: the event key's first part (`fees`, `notice`, …). */
  subject?: string;
  outboxId?: Id;
}

const openKey = (communityId: Id, recipientId: Id, subject: string) => `calltask-open:${String(communityId)}:${String(recipientId)}:${subject}`;

/**
 * Open call tasks, merged: one open task per (person, subject) — a later one adds to its count and
 * becomes its title and reason — and an event already in a task (open or done) adds nothing. The
 * open task of a subject is held by a claim (`calltask-open:…`, its id), given back when the task is
 * done. Returns how many new tasks were opened.
 */
async function openCallTasks(items: CallInput[]): Promise<number> {
  if (!items.length) return 0;
  const at = now();
  const known = await CallTask.find({ recipientId: { $in: [...new Set(items.map((i) => String(i.recipientId)))].map((r) => new ObjectId(r)) } }, { eventKey: 1, eventKeys: 1, recipientId: 1 }).lean();
  const seen = new Set(known.flatMap((t) => [t.eventKey, ...(t.eventKeys ?? [])].map((k) => `${String(t.recipientId)}|${k}`)));
  // Group by (person, subject), in order: the first of a group opens or joins the open task, the rest join it.
  const groups = new Map<string, CallInput[]>();
  for (const i of items) {
    const k = `${String(i.recipientId)}|${i.eventKey}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const key = openKey(i.communityId, i.recipientId, i.subject ?? i.eventKey.split(':')[0]);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  // All groups at once (a push to many people must not cost commands per person): claim each
  // (person, subject) for a new task in one insert, and open the tasks of the claims that are new in
  // one more. The groups whose subject has an open task already (or lost a race) join it one by one.
  const all = [...groups];
  const ids = all.map(() => new ObjectId());
  const held = await insertIgnoringDuplicates(Claim.collection, all.map(([key], k) => ({ _id: key, at, run: String(ids[k]) })));
  const fresh = all.map(([key, group], k) => ({ key, group, id: ids[k] })).filter((_, k) => !held.has(k));
  const dup = await insertIgnoringDuplicates(CallTask.collection, fresh.map(({ key, group, id }) => newTask(key, group, id, at)));
  // An event already in a task (a concurrent opener): nothing new, the claim goes back.
  for (const k of dup) await Claim.collection.deleteOne({ _id: fresh[k].key, run: String(fresh[k].id) } as never);
  let created = fresh.length - dup.size;
  for (const [k, [key, group]] of all.entries()) if (held.has(k) && (await openOne(key, group, at))) created++;
  return created;
}

function latestOf(group: CallInput[], at: Date) {
  const last = group[group.length - 1];
  return { title: last.title, lines: last.lines, reason: last.reason, kind: last.kind, name: last.name, phone: last.phone, ...(last.unitLabel ? { unitLabel: last.unitLabel } : {}), lastAt: at };
}

/** A new open task for a group of one (person, subject), held by the claim `key`. */
function newTask(key: string, group: CallInput[], id: Id, at: Date): Record<string, unknown> {
  const first = group[0];
  return {
    _id: id,
    communityId: first.communityId,
    eventKey: first.eventKey,
    recipientId: first.recipientId,
    ...(first.outboxId ? { outboxId: first.outboxId } : {}),
    subject: key.slice(key.lastIndexOf(':') + 1),
    eventKeys: group.map((g) => g.eventKey),
    count: group.length,
    ...latestOf(group, at),
    status: 'open',
    createdAt: at,
  };
}

/** One group: join the open task of its (person, subject), or open one. True when a task was opened. */
async function openOne(key: string, group: CallInput[], at: Date): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const id = new ObjectId();
    const holder = await claimOutcome(key, String(id));
    if (holder === String(id)) {
      const dup = await insertIgnoringDuplicates(CallTask.collection, [newTask(key, group, id, at)]);
      if (dup.size) await Claim.collection.deleteOne({ _id: key, run: String(id) } as never);
      return dup.size === 0;
    }
    const res = await CallTask.updateOne(
      { _id: new ObjectId(holder), status: 'open' },
      { $set: latestOf(group, at), $addToSet: { eventKeys: { $each: group.map((g) => g.eventKey) } }, $inc: { count: group.length } },
    );
    if (res.matchedCount) return false;
    // The claim outlived its task (done or gone): give it back and open a new one.
    await Claim.collection.deleteOne({ _id: key, run: holder } as never);
  }
  return false;
}

/** The last fallback: a call task for the messages WeChat could not deliver, and the 'call' message marked handed over. Returns how many tasks are new. */
export async function toCallTasks(items: { message: CallMessage; reason: string }[]): Promise<number> {
  const at = now();
  const made = await openCallTasks(
    items.map(({ message: m, reason }) => {
      const r = recipientOf(m.recipient);
      return {
        communityId: m.communityId as Id,
        eventKey: m.eventKey as string,
        recipientId: m.recipientId as Id,
        outboxId: m._id,
        name: r.name,
        phone: r.phone,
        ...(r.unitLabel ? { unitLabel: r.unitLabel } : {}),
        title: m.title as string,
        lines: linesOf(m.lines),
        reason,
        kind: 'undelivered' as const,
        subject: m.templateKey as string,
      };
    }),
  );
  await insertIgnoringDuplicates(
    OutboxAttempt.collection,
    items.map(({ message: m, reason }) => ({ _id: `${String(m._id)}:1`, outboxId: m._id, communityId: m.communityId, n: 1, at, channel: 'call', ok: true, errmsg: `已转为电话通知任务：${reason}`.slice(0, 200), final: 'sent' })),
  );
  return made;
}

/**
 * Call tasks staff create on purpose (not a WeChat fallback): e.g. the owners of units that have not
 * read an important notice, a ladder's call stage. Merged per (person, subject); returns how many are new.
 */
export async function addCallTasks(items: { communityId: Id; eventKey: string; recipientId: Id; name: string; phone: string; unitLabel?: string; title: string; lines: { label: string; value: string }[]; reason: string; subject?: string }[]): Promise<number> {
  return openCallTasks(items.map((i) => ({ ...i, kind: 'planned' as const })));
}

function view(t: InstanceType<typeof CallTask> | Record<string, unknown>): CallTaskView {
  const d = t as unknown as { _id: Id; name: string; phone: string; unitLabel?: string; title: string; lines: { label: string; value: string }[]; reason: string; kind?: CallTaskKind; count?: number; lastAt?: Date; status: CallTaskStatus; createdAt: Date; doneAt?: Date; doneByName?: string; note?: string };
  return {
    id: String(d._id),
    name: d.name,
    phone: d.phone,
    ...(d.unitLabel ? { unitLabel: d.unitLabel } : {}),
    title: d.title,
    lines: (d.lines ?? []).map((l) => ({ label: l.label, value: l.value })),
    reason: d.reason,
    kind: d.kind ?? 'undelivered',
    count: d.count ?? 1,
    status: d.status,
    ...(d.lastAt ? { lastAt: d.lastAt.toISOString() } : {}),
    createdAt: d.createdAt.toISOString(),
    ...(d.doneAt ? { doneAt: d.doneAt.toISOString() } : {}),
    ...(d.doneByName ? { doneByName: d.doneByName } : {}),
    ...(d.note ? { note: d.note } : {}),
  };
}

export async function callTasks(caller: Caller, input: { status: CallTaskStatus; page: number; pageSize: number }): Promise<Paged<CallTaskView>> {
  const filter = { communityId: new ObjectId(caller.communityId), status: input.status };
  // Open calls oldest first (first come, first served); done ones newest first.
  return paged({ model: CallTask, filter, sort: input.status === 'open' ? { createdAt: 1, _id: 1 } : { createdAt: -1, _id: -1 } }, input, (docs: Record<string, unknown>[]) => docs.map((d) => view(d)));
}

/** Mark a call done, exactly once (two staff members at the same moment: one wins, the other gets 409). */
export async function completeCallTask(caller: Caller, input: { callTaskId: string; note?: string }): Promise<CallTaskView> {
  const _id = new ObjectId(input.callTaskId);
  const task = await CallTask.findOne({ _id, communityId: new ObjectId(caller.communityId) }).lean();
  if (!task) throw new AppError('CALLTASK.NOT_FOUND');
  // Permanent claim (no ttl): a call is completed once, for good.
  if (task.status === 'done' || !(await claimOnce(`calltask-done:${input.callTaskId}`))) throw new AppError('CALLTASK.ALREADY_DONE');
  const set = { status: 'done', doneAt: now(), doneBy: new ObjectId(caller.userId), doneByName: caller.name, ...(input.note ? { note: input.note } : {}) };
  await CallTask.updateOne({ _id }, { $set: set });
  // The next message on this subject opens a new task.
  if (task.subject) await Claim.collection.deleteOne({ _id: openKey(task.communityId, task.recipientId, task.subject), run: input.callTaskId } as never);
  return view({ ...task, ...set } as never);
}

/** Demo mode only: what the fake WeChat server accepted, for people of the caller's community. */
export async function demoInbox(caller: Caller): Promise<DemoInboxMessage[]> {
  const { demoMode, wechat } = getConfig();
  if (!demoMode) throw new AppError('DEMO.ONLY');
  const res = await fetch(`${wechat.apiBase}/__fake/messages`, { signal: AbortSignal.timeout(wechat.timeoutMs) });
  if (!res.ok) throw new AppError('WECHAT.UNAVAILABLE');
  const accepted = (await res.json()) as { at: string; api: 'subscribe' | 'oa-template'; touser: string; templateId: string; page?: string; miniprogram?: { pagepath: string }; data: Record<string, string> }[];
  const recent = accepted.slice(-200);
  const openids = [...new Set(recent.map((m) => m.touser))];
  if (!openids.length) return [];
  const who = await namesByOpenid(caller.communityId, openids);
  return recent
    .filter((m) => who.has(m.touser))
    .reverse()
    .map((m) => {
      const t = templateById(m.templateId);
      return {
        at: new Date(m.at).toISOString(),
        api: m.api,
        touser: m.touser,
        recipientName: who.get(m.touser),
        templateId: m.templateId,
        ...(t ? { title: t.title } : {}),
        ...(m.page ?? m.miniprogram?.pagepath ? { page: m.page ?? m.miniprogram?.pagepath } : {}),
        data: m.data,
      };
    });
}
