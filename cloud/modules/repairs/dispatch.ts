import type { RepairSettingsView } from '@shared/contracts/repairs.contract';
import { MINUTE_MS } from '@shared/domain/calendar';
import { REPAIR_MACHINE, UNASSIGNED_STATUSES, type RepairStatus, type Urgency } from '@shared/domain/repairs';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { transitionTo } from '../../lib/transition';
import { technician, technicians } from '../identity';
import type { EnqueueInput } from '../messaging';
import { alertManagers, alertStaff, tellDispatched, type Known } from './notify';
import { DispatchCursor, OpenAssignment, Repair, type RepairDoc } from './repair.model';
import { settingsOf } from './settings.service';
import { mutate, withFlags, type Actor, type Change } from './transitions';

type Id = mongoose.Types.ObjectId;

export interface Technician {
  id: Id;
  name: string;
  phone: string;
  skills: string[];
  onDuty: boolean;
}

export function technicianById(communityId: Id | string, userId: string): Promise<Technician | null> {
  return technician(String(communityId), userId);
}

/** On-duty technicians with the skill (not excluded). */
export async function skilledOnDuty(communityId: Id, category: string, exclude: readonly string[] = []): Promise<Technician[]> {
  return (await technicians(communityId, { onDuty: true })).filter((t) => t.skills.includes(category) && !exclude.includes(String(t.id)));
}

/**
 * Automatic dispatch: among on-duty technicians with the skill (and who did not return the order),
 * the one with the fewest open orders; among equals, the one given an order longest ago (round-robin).
 */
export async function pickTechnician(order: Pick<RepairDoc, 'communityId' | 'category' | 'excludedIds'>, exclude: readonly string[] = []): Promise<Technician | null> {
  const candidates = await skilledOnDuty(order.communityId as Id, order.category, [...exclude, ...(order.excludedIds ?? []).map(String)]);
  if (!candidates.length) return null;
  // One read for both: the open assignments (load) and the round-robin cursors (the documents with `at`).
  // (Small documents: all in the first batch, no getMore round trips as the open orders grow.)
  const docs = await OpenAssignment.collection.find<{ userId: Id; at?: Date }>({ communityId: order.communityId }, { projection: { userId: 1, at: 1 }, batchSize: 10_000 }).toArray();
  const load = new Map<string, number>();
  const last = new Map<string, number>();
  for (const d of docs) {
    if (d.at) last.set(String(d.userId), d.at.getTime());
    else load.set(String(d.userId), (load.get(String(d.userId)) ?? 0) + 1);
  }
  candidates.sort(
    (a, b) =>
      (load.get(String(a.id)) ?? 0) - (load.get(String(b.id)) ?? 0) ||
      (last.get(String(a.id)) ?? 0) - (last.get(String(b.id)) ?? 0) ||
      String(a.id).localeCompare(String(b.id)),
  );
  return candidates[0];
}

const cursorOf = (communityId: Id, userId: Id, at: Date) => ({
  filter: { _id: `${String(communityId)}:${String(userId)}` },
  update: { $set: { communityId, userId }, $max: { at } },
});

/** The technician was given an order at `at` (the order's dispatch time: noting it twice changes nothing). */
async function noteAssigned(communityId: Id, userId: Id, at: Date): Promise<void> {
  const { filter, update } = cursorOf(communityId, userId, at);
  try {
    await DispatchCursor.updateOne(filter, update, { upsert: true });
  } catch (err) {
    // Two orders given to the same technician at once: both upserts insert, one loses on the unique
    // _id (FerretDB, and MongoDB too in some cases). The cursor exists now: update it.
    if (!isDuplicateKey(err)) throw err;
    await DispatchCursor.updateOne(filter, update);
  }
}

/**
 * An order the create itself inserted dispatched (no revision change, so transitions.ts did not
 * track it): its open assignment and the technician's cursor, in one command (one collection).
 * Only by the request that inserted the order — a replay must not bring back an assignment that
 * was closed meanwhile.
 */
export async function noteDispatchedByCreate(order: RepairDoc): Promise<void> {
  if (!order.assigneeId) return;
  const communityId = order.communityId as Id;
  const userId = order.assigneeId as Id;
  const cursor = cursorOf(communityId, userId, order.dispatchedAt ?? now());
  const ops = [
    { updateOne: { filter: { _id: order._id }, update: { $set: { communityId, userId } }, upsert: true } },
    { updateOne: { filter: cursor.filter, update: cursor.update, upsert: true } },
  ];
  try {
    await OpenAssignment.collection.bulkWrite(ops as never, { ordered: false });
  } catch (err) {
    // A racing upsert of the same _id lost on the unique key (see noteAssigned): the document
    // exists now; write it again without the upsert.
    const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
    const failed = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as { index: number; code: number }[];
    if (!failed.length || failed.some((e) => e.code !== 11000)) throw err;
    for (const { index } of failed) await OpenAssignment.collection.updateOne(ops[index].updateOne.filter as never, ops[index].updateOne.update);
  }
}


/** The change that gives the order to `tech` (a dispatch or reassignment); the accept clock restarts. */
export function dispatchChange(order: RepairDoc, tech: Technician, settings: RepairSettingsView, note?: string): Change {
  const to = transitionTo(REPAIR_MACHINE, order.status, 'dispatch');
  const at = now();
  return {
    event: 'dispatch',
    to,
    note: note ?? `派给 ${tech.name}`,
    set: {
      assigneeId: tech.id,
      assigneeName: tech.name,
      assigneePhone: tech.phone,
      inPool: false,
      dispatchedAt: at,
      'deadlines.accept': new Date(at.getTime() + settings.sla[order.urgency as Urgency].accept * MINUTE_MS),
      ...(order.firsts?.dispatchedAt ? {} : { 'firsts.dispatchedAt': at }),
      flags: withFlags(order, [], ['unassigned']),
    },
  };
}

/**
 * After a dispatch was written: the technician and the owner hear of it (one enqueue for both).
 * `known`: the recipients' contacts the request already read (no reads of them again).
 */
export async function afterDispatch(order: RepairDoc, opts: { known?: Known; tracked?: boolean; also?: readonly EnqueueInput[] } = {}): Promise<void> {
  if (order.assigneeId && !opts.tracked) await noteAssigned(order.communityId as Id, order.assigneeId as Id, order.dispatchedAt ?? now());
  await tellDispatched(order, `已安排维修师傅${order.assigneeName ?? ''}`, opts.known, opts.also);
}

/**
 * Give a waiting order to the best technician (or, `reassignFrom`, take a dispatched one away from
 * that assignee: only while that technician still holds it unaccepted, so a run that read the order
 * before someone else reassigned it does not take it from the new assignee). Nobody available: the
 * order is flagged and the managers hear of it once per round.
 * Returns the order after the change, or null when nothing was dispatched.
 */
export async function autoDispatch(orderId: Id | string, actor: Actor, opts: { reassignFrom?: Id | string; note?: string } = {}): Promise<RepairDoc | null> {
  const order = (await Repair.findById(orderId).lean()) as RepairDoc | null;
  if (!order) return null;
  const from = opts.reassignFrom === undefined ? undefined : String(opts.reassignFrom);
  const heldByFrom = (o: RepairDoc) => from !== undefined && o.status === 'dispatched' && String(o.assigneeId ?? '') === from;
  const waiting = UNASSIGNED_STATUSES.includes(order.status as RepairStatus) || heldByFrom(order);
  if (!waiting) return null;
  const exclude = from !== undefined ? [from] : [];
  const tech = await pickTechnician(order, exclude);
  if (!tech) {
    await flagUnassigned(order, actor);
    return null;
  }
  const settings = await settingsOf(order.communityId as Id);
  const { order: written, changed } = await mutate(order._id, actor, (cur) => {
    // Someone else dispatched or claimed it meanwhile (or the assignee accepted before the reassignment).
    const stillWaiting = UNASSIGNED_STATUSES.includes(cur.status as RepairStatus) || heldByFrom(cur);
    if (!stillWaiting) return null;
    return dispatchChange(cur, tech, settings, opts.note);
  });
  if (!changed) return null;
  await afterDispatch(written);
  return written;
}

/** No technician can take the order: flag it and tell the managers (once per order revision). */
async function flagUnassigned(order: RepairDoc, actor: Actor): Promise<void> {
  if (!(order.flags ?? []).includes('unassigned')) {
    await mutate(order._id, actor, (cur) => ((cur.flags ?? []).includes('unassigned') ? null : { set: { flags: withFlags(cur, ['unassigned']) } }));
  }
  await alertUnassigned(order, order.rev);
}

/** The managers hear that nobody can take the order (once per order revision it was found so at). */
export async function alertUnassigned(order: RepairDoc, rev: number): Promise<void> {
  await alertManagers(order, `unassigned:${rev}`, '无人接单', `没有值班且会${order.category}的师傅，请人工派单`);
}

/**
 * Where a waiting order goes by the community's dispatch mode: auto → a technician now; pool →
 * skilled on-duty technicians are told it can be claimed (the deadline job dispatches it if nobody
 * does in time); manual → it waits on the agents' board.
 */
export async function route(order: RepairDoc, actor: Actor): Promise<RepairDoc> {
  if (order.mode === 'auto') {
    const dispatched = await autoDispatch(order._id, actor);
    if (dispatched) return dispatched;
  } else if (order.mode === 'pool') {
    const techs = await skilledOnDuty(order.communityId as Id, order.category, (order.excludedIds ?? []).map(String));
    await alertStaff(order, techs.map((t) => t.id), `pool:${order.rev}`, '可抢单', `${order.location} 的${order.category}报修，先到先得`);
    if (!techs.length) await flagUnassigned(order, actor);
  } else {
    return order;
  }
  // Nobody took it now: the order as written since (e.g. flagged unassigned), not the copy passed in.
  return ((await Repair.findById(order._id).lean()) as RepairDoc | null) ?? order;
}

/** The order waits for a technician in the community's current mode (new, returned, reopened). `settings`: already read by the caller. */
export async function waitingFields(communityId: Id, settings?: RepairSettingsView): Promise<{ mode: RepairSettingsView['dispatchMode']; inPool: boolean; poolSince?: Date }> {
  const s = settings ?? (await settingsOf(communityId));
  return s.dispatchMode === 'pool' ? { mode: 'pool', inPool: true, poolSince: now() } : { mode: s.dispatchMode, inPool: false };
}
