import type { CallTask as CallTaskView, DemoInboxMessage } from '@shared/contracts/messaging.contract';
import type { Paged } from '@shared/contracts/contract';
import type { CallTaskStatus } from '@shared/domain/messaging';
import { AppError } from '../../lib/app-error';
import { paged } from '../../lib/paging';
import { claimOnce } from '../../lib/claim';
import { now } from '../../lib/clock';
import { getConfig } from '../../lib/config';
import { mongoose } from '../../lib/db';
import { templateById } from '../../lib/wechat/templates';
import { insertIgnoringDuplicates } from '../../lib/bulk';
import type { Caller } from '../../lib/caller';
import { namesByOpenid } from '../identity';
import { CallTask, OutboxAttempt } from './messaging.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

type CallMessage = Record<string, unknown> & { _id: Id };

/** The last fallback: one call task per (event, person), and the 'call' message marked handed over. Returns how many were new. */
export async function toCallTasks(items: { message: CallMessage; reason: string }[]): Promise<number> {
  const at = now();
  const tasks = items.map(({ message: m, reason }) => {
    const r = m.recipient as { name: string; phone?: string; unitLabel?: string };
    return {
      _id: new ObjectId(),
      communityId: m.communityId,
      eventKey: m.eventKey,
      recipientId: m.recipientId,
      outboxId: m._id,
      name: r.name,
      phone: r.phone ?? '',
      ...(r.unitLabel ? { unitLabel: r.unitLabel } : {}),
      title: m.title,
      lines: m.lines,
      reason,
      status: 'open',
      createdAt: at,
    };
  });
  const dup = await insertIgnoringDuplicates(CallTask.collection, tasks);
  await insertIgnoringDuplicates(
    OutboxAttempt.collection,
    items.map(({ message: m, reason }) => ({ _id: `${String(m._id)}:1`, outboxId: m._id, communityId: m.communityId, n: 1, at, channel: 'call', ok: true, errmsg: `已转为电话通知任务：${reason}`.slice(0, 200), final: 'sent' })),
  );
  return tasks.length - dup.size;
}

/**
 * Call tasks staff create on purpose (not a WeChat fallback): e.g. the owners of units that have not
 * read an important notice. One per (event, person); returns how many were new.
 */
export async function addCallTasks(items: { communityId: Id; eventKey: string; recipientId: Id; name: string; phone: string; unitLabel?: string; title: string; lines: { label: string; value: string }[]; reason: string }[]): Promise<number> {
  if (!items.length) return 0;
  const at = now();
  const dup = await insertIgnoringDuplicates(
    CallTask.collection,
    items.map((i) => ({ _id: new ObjectId(), ...i, status: 'open', createdAt: at })),
  );
  return items.length - dup.size;
}

function view(t: InstanceType<typeof CallTask> | Record<string, unknown>): CallTaskView {
  const d = t as unknown as { _id: Id; name: string; phone: string; unitLabel?: string; title: string; lines: { label: string; value: string }[]; reason: string; status: CallTaskStatus; createdAt: Date; doneAt?: Date; doneByName?: string; note?: string };
  return {
    id: String(d._id),
    name: d.name,
    phone: d.phone,
    ...(d.unitLabel ? { unitLabel: d.unitLabel } : {}),
    title: d.title,
    lines: (d.lines ?? []).map((l) => ({ label: l.label, value: l.value })),
    reason: d.reason,
    status: d.status,
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
