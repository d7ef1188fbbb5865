import { DAY_MS, HOUR_MS, localDayDigits, localMinute, MINUTE_MS } from '@shared/domain/calendar';
import type { Paged } from '@shared/contracts/contract';
import type { RepairDetail, RepairSettingsView, RepairSummary, TechnicianQueue } from '@shared/contracts/repairs.contract';
import {
  REPAIR_CHANNEL_LABELS,
  ASSIGNED_STATUSES,
  FOLLOW_UP_WITHIN_DAYS,
  LOW_RATING,
  OPEN_STATUSES,
  REPAIR_MACHINE,
  REPAIR_STATUS_LABELS,
  REPAIR_STATUSES,
  triage,
  UNASSIGNED_STATUSES,
  categoryAccepted,
  WARRANTY_CATEGORY,
  type RepairArea,
  type RepairStatus,
  type Urgency,
} from '@shared/domain/repairs';
import { AppError } from '../../lib/app-error';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { inScope, type JobScope } from '../../lib/job-scope';
import { paged } from '../../lib/paging';
import { rateLimit } from '../../lib/rate-limit';
import { transitionTo } from '../../lib/transition';
import type { Caller } from '../../lib/caller';
import { boundResidentUserId, unitOf } from '../community';
import { attachPhotos, ownPhotos } from '../files';
import { createFollowUp } from '../followups';
import { callerProfile, profileOf } from '../identity';
import type { EnqueueInput } from '../messaging';
import { afterDispatch, alertUnassigned, dispatchChange, noteDispatchedByCreate, pickTechnician, route, technicianById, waitingFields, type Technician } from './dispatch';
import { alertManagers, alertStaff, managerAlerts, sendAll, tellOwner, type Known } from './notify';
import { Repair, type RepairDoc } from './repair.model';
import { ownerSideFilter, reachableRepairs } from './repairs.access';
import { repairHooks } from './repairs.hooks';
import { settingsOf } from './settings.service';
import { actorOf, mutate, withFlags, type Actor, type Change } from './transitions';
import { isDeskStaff, isOwnerSide, reopenableUntil, toDetail, toSummary, urgeAllowedAt } from './views';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;


/**
 * An owner's own reports: 10 an hour and 30 a day (emergencies too: the message says to phone the
 * service centre). A household reports a few a month; a burst past this is a script or a stuck
 * button, and every report pages staff. Reports staff record for owners (phone, walk-in, group
 * chat) are not limited: staff act for many owners, are accountable for what they record, and on a
 * night a main bursts the desk must never be told to wait.
 */
const reports = rateLimit('repairs.create', {
  limits: [
    { max: 10, windowMs: HOUR_MS },
    { max: 30, windowMs: DAY_MS },
  ],
  says: { action: '提交报修', unit: '次', hint: '紧急情况请直接致电物业服务中心' },
});

async function skillsOf(caller: Caller): Promise<string[]> {
  if (!caller.roles.includes('technician')) return [];
  return (await profileOf(caller.userId))?.skills ?? [];
}

async function detail(order: RepairDoc, caller: Caller): Promise<RepairDetail> {
  return toDetail(order, caller, await skillsOf(caller));
}

async function load(caller: Caller, repairId: string): Promise<RepairDoc> {
  const order = (await Repair.findOne({ _id: new ObjectId(repairId), ...reachableRepairs(caller) }).lean()) as RepairDoc | null;
  if (!order) throw new AppError('REPAIR.NOT_FOUND');
  return order;
}

/** Order number: BX + date (Asia/Shanghai) + the id's last 6 hex digits (unique with the id). */
function orderNoOf(id: Id, at: Date): string {
  return `BX${localDayDigits(at).slice(2)}${String(id).slice(-6).toUpperCase()}`;
}

export interface ReportInput {
  requestId: string;
  area: RepairArea;
  unitId?: string;
  place?: string;
  category: string;
  description: string;
  photoIds: string[];
  visitWindow?: { from: Date; to: Date };
  urgency?: Urgency;
  contactName?: string;
  contactPhone?: string;
  channel?: 'phone' | 'walk-in' | 'sentiment' | 'inquiry' | 'inspection';
  /** Staff reports: the owner's app account that follows the order (rates it), when known (else found by the contact phone). */
  ownerId?: string;
  /** Staff reports: give the order to this technician at once instead of the community's dispatch (when they still are one). */
  assigneeId?: string;
}

/**
 * A new order: triage decides the urgency (the reporter may only raise it), deadlines start, and
 * the order is routed by the community's dispatch mode. One order per request (lib/idempotent.ts):
 * the same request id twice, or twins at once → the first order (finishing what a first submit that
 * crashed halfway left undone, see settle; no quota spent).
 */
export async function create(caller: Caller, input: ReportInput): Promise<RepairDetail> {
  const requestKey = `${caller.userId}:${input.requestId}`;
  const { doc, created } = await createOnce<RepairDoc>({
    model: Repair,
    key: requestKey,
    build: (_id) => newOrder(caller, input, requestKey, _id),
    // The owner's own reports spend the quota; staff recording for owners do not.
    ...(input.channel ? {} : { quota: () => reports.take(caller.userId) }),
    beforeInsert: (order) => attachPhotos(order.photoIds as string[], `repair:${String(order._id)}`),
  });
  const preferred = input.channel && input.assigneeId ? await technicianById(caller.communityId, input.assigneeId) : null;
  return detail(await settle(doc, actorOf(caller), preferred, created ? { created, known: await knownContacts(caller, doc) } : {}), caller);
}

/**
 * The contacts of a new order's recipients this request has read already (no reads here): the
 * technician it was given to (the order's assignee fields, read with the technicians), and the
 * reporting owner (authentication's read of the caller; their first unit's label when that is the
 * order's unit, which the access check read).
 */
async function knownContacts(caller: Caller, order: RepairDoc): Promise<Known> {
  const known = new Map<string, NonNullable<EnqueueInput['recipient']>>();
  if (order.assigneeId && order.assigneeName) known.set(String(order.assigneeId), { name: order.assigneeName, phone: order.assigneePhone ?? '' });
  if (order.ownerId && String(order.ownerId) === caller.userId) {
    const me = await callerProfile(caller);
    const firstUnit = me?.unitIds[0];
    const label = firstUnit && order.unitId && String(firstUnit) === String(order.unitId) ? (await unitOf(order.communityId as Id, firstUnit, caller))?.label : undefined;
    if (me && (!firstUnit || label)) known.set(caller.userId, { name: me.name, phone: me.phone, ...(label ? { unitLabel: label } : {}) });
  }
  return known;
}

/**
 * The order a report makes, checked (nothing written). In automatic dispatch the technician is
 * chosen here too and the order is inserted dispatched (its history: create, then dispatch): one
 * keyed insert instead of an insert and a revision-claimed dispatch (settle then tells the
 * technician and the owner, on a replay too). A staff report naming a technician goes the usual
 * way (dispatchTo).
 */
async function newOrder(caller: Caller, input: ReportInput, requestKey: string, _id: Id): Promise<Record<string, unknown>> {
  const communityId = new ObjectId(caller.communityId);
  const settings = await settingsOf(communityId);
  if (!categoryAccepted(input.category, settings.categories, input.channel)) {
    throw new AppError('REPAIR.BAD_CATEGORY', `本小区没有“${input.category}”这个报修类别，可选：${settings.categories.join('、')}`, { categories: settings.categories });
  }
  if (input.visitWindow && input.visitWindow.to.getTime() <= now().getTime()) {
    throw new AppError('VALIDATION', '上门时间段已过去，请重新选择', { issues: [{ path: 'visitWindow.to', message: '上门时间段已过去，请重新选择' }] });
  }
  const photoIds = await ownPhotos(caller, input.photoIds);
  const byStaff = Boolean(input.channel);
  let location = input.place ?? '';
  let unitId: Id | undefined;
  if (input.area === 'home' || input.unitId) {
    const unit = await unitOf(communityId, new ObjectId(input.unitId), caller);
    if (!unit) throw new AppError('UNIT.NOT_FOUND');
    unitId = unit._id;
    location = input.area === 'home' ? unit.label : `${input.place ?? ''}（${unit.label}业主报）`;
  }
  // Whom progress messages go to: the reporting owner, or (phoned in) a bound resident of the unit with that phone.
  let ownerId: Id | undefined = byStaff ? undefined : new ObjectId(caller.userId);
  let contactName = input.contactName;
  let contactPhone = input.contactPhone;
  if (byStaff && input.ownerId) ownerId = new ObjectId(input.ownerId);
  else if (byStaff && unitId) {
    const residentUserId = await boundResidentUserId(communityId, unitId, input.contactPhone);
    if (residentUserId) ownerId = residentUserId;
  }
  if (!byStaff && (!contactName || !contactPhone)) {
    const me = await callerProfile(caller);
    contactName ??= me?.name ?? caller.name;
    contactPhone ??= me?.phone ?? '';
  }
  if (!contactPhone) throw new AppError('VALIDATION', '请填写联系电话', { issues: [{ path: 'contactPhone', message: '请填写联系电话' }] });

  const t = triage({ category: input.category, description: input.description, requested: input.urgency });
  const at = now();
  const sla = settings.sla[t.urgency];
  const flags = [...(t.urgency === 'emergency' ? ['emergency'] : []), ...(t.angry ? ['angry'] : [])];
  const waiting = await waitingFields(communityId, settings);
  const order = {
    _id,
    communityId,
    orderNo: orderNoOf(_id, at),
    requestKey,
    channel: input.channel ?? 'miniprogram',
    area: input.area,
    ...(unitId ? { unitId } : {}),
    ...(input.place ? { place: input.place } : {}),
    location,
    category: input.category,
    description: input.description,
    urgency: t.urgency,
    triageTerms: t.matched,
    photoIds,
    ...(input.visitWindow ? { visitWindow: input.visitWindow } : {}),
    reporterId: new ObjectId(caller.userId),
    reporterName: caller.name,
    ...(ownerId ? { ownerId } : {}),
    contactName: contactName ?? caller.name,
    contactPhone,
    status: 'submitted',
    rev: 0,
    ...waiting,
    roundFrom: at,
    deadlines: { accept: new Date(at.getTime() + sla.accept * MINUTE_MS), arrive: new Date(at.getTime() + sla.arrive * MINUTE_MS), complete: new Date(at.getTime() + sla.complete * MINUTE_MS) },
    flags,
    history: [{ at, event: 'create', to: 'submitted', byId: new ObjectId(caller.userId), byName: caller.name, note: byStaff ? `${REPAIR_CHANNEL_LABELS[input.channel ?? 'phone']}报修，${caller.name}代录` : undefined }],
  };
  if (waiting.mode !== 'auto' || (byStaff && input.assigneeId)) return order;
  const tech = await pickTechnician({ communityId, category: input.category, excludedIds: [] });
  // Nobody available: inserted waiting; settle routes it (flags it, alerts the managers).
  return tech ? dispatchedAtCreate(order, tech, settings, actorOf(caller)) : order;
}

/** A new order (rev 0) as the dispatch to `tech` leaves it (rev 1): what mutate would write, applied before the insert. */
function dispatchedAtCreate(order: Record<string, unknown> & { history: object[] }, tech: Technician, settings: RepairSettingsView, actor: Actor): Record<string, unknown> {
  const change = dispatchChange(order as unknown as RepairDoc, tech, settings);
  const out: Record<string, unknown> = { ...order, status: change.to, rev: 1 };
  for (const [path, value] of Object.entries(change.set ?? {})) {
    const [head, key] = path.split('.');
    if (key === undefined) out[head] = value;
    else out[head] = { ...((out[head] as Record<string, unknown> | undefined) ?? {}), [key]: value };
  }
  const entry = { at: now(), event: change.event, from: order.status, to: change.to, byId: new ObjectId(actor.id), byName: actor.name, note: change.note };
  out.history = [...order.history, entry];
  return out;
}

/** A new order given straight to the technician the reporter named (null: taken meanwhile, route it as usual). */
async function dispatchTo(order: RepairDoc, tech: Technician, actor: Actor): Promise<RepairDoc | null> {
  const settings = await settingsOf(order.communityId as Id);
  const { order: written, changed } = await mutate(order._id, actor, (cur) => (cur.rev === 0 && cur.status === 'submitted' ? dispatchChange(cur, tech, settings) : null));
  if (!changed) return null;
  await afterDispatch(written);
  return written;
}

/**
 * What a create does after writing the order: alerts (emergency, angry owner), routing (automatic
 * dispatch, the pool's alert, "nobody available"), then the owner's 受理 message — or, dispatched at
 * once, the technician's and the owner's dispatch messages (one message to the owner, not two).
 *
 * Run again by a replay of the same request: a first submit that crashed halfway left some undone,
 * and every message is keyed by its event (the outbox writes a key once), so running them again
 * finishes what is missing and repeats nothing. Only while the order is where the create itself
 * leaves it — untouched (rev 0), dispatched by the create (rev 1, the reporter's dispatch) or
 * flagged "nobody available" (rev 1, no history entry) — never for what happened later.
 */
async function settle(order: RepairDoc, actor: Actor, preferred: Technician | null = null, fresh: { created?: boolean; known?: Known } = {}): Promise<RepairDoc> {
  const later = (order.history ?? []).slice(1);
  const dispatchedByCreate = order.rev === 1 && order.status === 'dispatched' && later.length === 1 && later[0].event === 'dispatch' && String(later[0].byId ?? '') === String(order.reporterId);
  const flaggedByCreate = order.rev === 1 && order.status === 'submitted' && later.length === 0 && (order.flags ?? []).includes('unassigned');
  if (order.rev !== 0 && !dispatchedByCreate && !flaggedByCreate) return order;
  const flags = order.flags ?? [];
  const alerts: EnqueueInput[] = [];
  if (flags.includes('emergency')) alerts.push(...(await managerAlerts(order, 'emergency', '紧急报修', `${order.location}：${(order.triageTerms ?? []).join('、')}`)));
  if (flags.includes('angry')) {
    const { angryTerms } = triage({ category: order.category, description: order.description });
    alerts.push(...(await managerAlerts(order, 'angry', '业主不满', `报修内容含“${angryTerms.join('、')}”，请关注`)));
  }
  let routed = order;
  if (dispatchedByCreate) {
    // Inserted dispatched by this request (newOrder): its open assignment and the technician's
    // cursor in one write; on a replay only the cursor (the assignment may have closed since).
    if (fresh.created) await noteDispatchedByCreate(order);
    await afterDispatch(order, { known: fresh.known, tracked: fresh.created, also: alerts });
  } else {
    await sendAll(order, alerts);
    if (order.rev === 0) routed = (preferred && (await dispatchTo(order, preferred, actor))) || (await route(order, actor));
    else await alertUnassigned(order, 0);
  }
  if (routed.status === 'submitted') await tellOwner(routed, routed.inPool ? '报修已受理，正在为您安排师傅' : '报修已受理，我们会尽快安排师傅', 'received');
  return routed;
}

export async function get(caller: Caller, repairId: string): Promise<RepairDetail> {
  return detail(await load(caller, repairId), caller);
}

const STATE_FILTER: Record<'open' | 'done', readonly RepairStatus[]> = {
  open: OPEN_STATUSES,
  done: REPAIR_STATUSES.filter((s) => !OPEN_STATUSES.includes(s)),
};

/** Owner: orders of my units or that I reported. */
export async function mine(caller: Caller, input: { state: 'open' | 'done' | 'all'; page: number; pageSize: number }): Promise<Paged<RepairSummary>> {
  const filter: Record<string, unknown> = { communityId: new ObjectId(caller.communityId), ...ownerSideFilter(caller) };
  if (input.state !== 'all') filter.status = { $in: STATE_FILTER[input.state] };
  return paged({ model: Repair, filter, sort: { createdAt: -1, _id: -1 }, projection: { history: 0 } }, input, (docs: RepairDoc[]) => docs.map(toSummary));
}

/**
 * Staff: the community's orders, filtered; open orders by urgency then the deadline running now,
 * others newest first — the order's stored sort keys (repairListKeys in repair.model.ts), paged in
 * the database.
 */
export async function list(
  caller: Caller,
  input: { status?: RepairStatus; state: 'open' | 'done' | 'all'; urgency?: Urgency; assigneeId?: string; overdue?: boolean; q?: string; page: number; pageSize: number },
): Promise<Paged<RepairSummary>> {
  const filter: Record<string, unknown> = { communityId: new ObjectId(caller.communityId) };
  if (input.status) filter.status = input.status;
  else if (input.state !== 'all') filter.status = { $in: STATE_FILTER[input.state] };
  if (input.urgency) filter.urgency = input.urgency;
  if (input.assigneeId) filter.assigneeId = new ObjectId(input.assigneeId);
  const and: Record<string, unknown>[] = [];
  if (input.q) {
    const rx = new RegExp(input.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    and.push({ $or: [{ orderNo: rx }, { location: rx }, { description: rx }, { contactName: rx }] });
  }
  // Overdue: the deadline running now has passed (listDue), or the deadline job flagged it.
  if (input.overdue) and.push({ $or: [{ listDue: { $lte: now() } }, { flags: 'overdue' }] });
  if (and.length) filter.$and = and;
  return paged({ model: Repair, filter, sort: { listRank: 1, listDue: 1, createdAt: -1, _id: -1 }, projection: { history: 0 } }, input, (docs: RepairDoc[]) => docs.map(toSummary));
}

/** How many orders each part of a technician's queue shows at most (`more` says there are others). */
export const QUEUE_LIMIT = 50;

/**
 * Technician: my open orders (next deadline first) and the pool orders I could claim (emergencies
 * first, then the oldest) — each part a bounded query filtered and sorted in the database (skills and
 * returned orders in the filter; the stored sort keys `listRank`/`listDue`, repair.model.ts), at most
 * `limit` each, `more` when there are others: the same commands at any size of the community.
 */
export async function queue(caller: Caller, input: { limit?: number } = {}): Promise<TechnicianQueue> {
  const communityId = new ObjectId(caller.communityId);
  const limit = input.limit ?? QUEUE_LIMIT;
  const userId = new ObjectId(caller.userId);
  const skills = await skillsOf(caller);
  const [mineDocs, poolDocs] = await Promise.all([
    Repair.find({ communityId, assigneeId: userId, status: { $in: ASSIGNED_STATUSES } }, { history: 0 })
      .sort({ listDue: 1, listRank: 1, _id: 1 })
      .limit(limit + 1)
      .lean(),
    skills.length
      ? Repair.find({ communityId, inPool: true, status: { $in: UNASSIGNED_STATUSES }, category: { $in: skills }, excludedIds: { $ne: userId } }, { history: 0 })
          .sort({ listRank: 1, createdAt: 1, _id: 1 })
          .limit(limit + 1)
          .lean()
      : Promise.resolve([]),
  ]);
  return {
    mine: (mineDocs as RepairDoc[]).slice(0, limit).map(toSummary),
    pool: (poolDocs as RepairDoc[]).slice(0, limit).map(toSummary),
    more: { mine: mineDocs.length > limit, pool: poolDocs.length > limit },
  };
}

// ---- owner actions ----

function requireOwnerSide(order: RepairDoc, caller: Caller): void {
  if (!isOwnerSide(order, caller) && !isDeskStaff(caller)) throw new AppError('REPAIR.NOT_FOUND');
}

/** 催单: at most once per 30 minutes; the technician hears of it, and from the second urge the managers too. */
export async function urge(caller: Caller, repairId: string): Promise<RepairDetail> {
  const { order } = await mutate(repairId, actorOf(caller), (o) => {
    requireOwnerSide(o, caller);
    if (!OPEN_STATUSES.includes(o.status as RepairStatus)) {
      throw new AppError('REPAIR.INVALID_TRANSITION', `工单当前为“${REPAIR_STATUS_LABELS[o.status as RepairStatus]}”，不能催单（只有处理中的工单可以催单）`, { from: o.status, event: 'urge' });
    }
    const next = urgeAllowedAt(o);
    if (next > now()) {
      const wait = Math.ceil((next.getTime() - now().getTime()) / MINUTE_MS);
      throw new AppError('REPAIR.URGE_TOO_SOON', `催单太频繁，请${wait}分钟后再试`, { retryAfterSeconds: Math.ceil((next.getTime() - now().getTime()) / 1000) });
    }
    return { event: 'urge', note: `第${(o.urgeCount ?? 0) + 1}次催单`, set: { lastUrgedAt: now() }, inc: { urgeCount: 1 } };
  });
  const n = order.urgeCount ?? 1;
  const remark = `业主第${n}次催单，请尽快处理`;
  if (order.assigneeId) await alertStaff(order, [order.assigneeId as Id], `urge:${n}`, '业主催单', remark);
  if (n >= 2 || !order.assigneeId) await alertManagers(order, `urge:${n}`, '业主催单', order.assigneeId ? remark : `${remark}（尚未派单）`);
  return detail(order, caller);
}

export async function cancel(caller: Caller, repairId: string, reason?: string): Promise<RepairDetail> {
  const before = await load(caller, repairId);
  const { order } = await mutate(repairId, actorOf(caller), (o) => {
    requireOwnerSide(o, caller);
    const to = transitionTo(REPAIR_MACHINE, o.status, 'cancel');
    return { event: 'cancel', to, note: reason ?? (isOwnerSide(o, caller) ? '业主取消' : '客服取消'), set: { cancelledAt: now(), inPool: false } };
  });
  if (before.assigneeId) await alertStaff(order, [before.assigneeId as Id], 'cancelled', '业主取消', reason ?? '该工单已取消，无需上门');
  await tellOwner(order, reason);
  return detail(order, caller);
}

export async function rate(caller: Caller, input: { repairId: string; overall: number; speed: number; attitude: number; comment?: string }): Promise<RepairDetail> {
  const { order } = await mutate(input.repairId, actorOf(caller), (o) => {
    if (!isOwnerSide(o, caller)) throw new AppError('REPAIR.NOT_FOUND');
    const to = transitionTo(REPAIR_MACHINE, o.status, 'rate');
    const low = input.overall <= LOW_RATING;
    return {
      event: 'rate',
      to,
      note: `总体${input.overall}星，速度${input.speed}星，态度${input.attitude}星${input.comment ? `：${input.comment}` : ''}`,
      set: { rating: { overall: input.overall, speed: input.speed, attitude: input.attitude, ...(input.comment ? { comment: input.comment } : {}), at: now() }, flags: withFlags(o, low ? ['low-rating'] : []) },
    };
  });
  if (input.overall <= LOW_RATING) {
    await alertManagers(order, 'low-rating', '差评', `业主评价${input.overall}星${input.comment ? `：${input.comment}` : ''}`);
    await repairHooks.ownerUnhappy.run(order, 'low-rating', `报修${order.orderNo}（${order.category}）业主评价${input.overall}星${input.comment ? `：${input.comment}` : ''}`);
  }
  return detail(order, caller);
}

/** The problem came back within 7 days of completion: a new service round, dispatched again. */
export async function reopen(caller: Caller, repairId: string, reason: string): Promise<RepairDetail> {
  const settings = await settingsOf(caller.communityId);
  const { order } = await mutate(repairId, actorOf(caller), (o) => {
    requireOwnerSide(o, caller);
    const to = transitionTo(REPAIR_MACHINE, o.status, 'reopen');
    if ((reopenableUntil(o)?.getTime() ?? 0) <= now().getTime()) throw new AppError('REPAIR.REOPEN_EXPIRED');
    const at = now();
    const sla = settings.sla[o.urgency as Urgency];
    const waiting = settings.dispatchMode === 'pool' ? { mode: 'pool', inPool: true, poolSince: at } : { mode: settings.dispatchMode, inPool: false };
    return {
      event: 'reopen',
      to,
      note: reason,
      set: {
        ...waiting,
        roundFrom: at,
        deadlines: { accept: new Date(at.getTime() + sla.accept * MINUTE_MS), arrive: new Date(at.getTime() + sla.arrive * MINUTE_MS), complete: new Date(at.getTime() + sla.complete * MINUTE_MS) },
        flags: withFlags(o, ['reopened'], ['overdue']),
      },
      unset: ['assigneeId', 'assigneeName', 'assigneePhone', 'dispatchedAt', 'acceptedAt', 'arrivedAt', 'completedAt', 'closedAt', 'pausedAt', 'pauseReason'],
      inc: { reopenCount: 1 },
    };
  });
  await alertManagers(order, `reopen:${order.reopenCount}`, '工单重开', reason);
  return detail(await route(order, actorOf(caller)), caller);
}

// ---- technician actions ----

function requireAssignee(o: RepairDoc, caller: Caller): void {
  if (String(o.assigneeId ?? '') !== caller.userId) throw new AppError('REPAIR.NOT_ASSIGNEE');
}

/** 抢单: the first technician with the skill wins; everyone else gets 409 REPAIR.ALREADY_TAKEN. */
export async function claim(caller: Caller, repairId: string): Promise<RepairDetail> {
  const skills = await skillsOf(caller);
  const { order } = await mutate(
    repairId,
    actorOf(caller),
    (o) => {
      if (!UNASSIGNED_STATUSES.includes(o.status as RepairStatus) && o.assigneeId) throw new AppError('REPAIR.ALREADY_TAKEN');
      const to = transitionTo(REPAIR_MACHINE, o.status, 'claim');
      if (!o.inPool) throw new AppError('REPAIR.INVALID_TRANSITION', '该工单不在抢单池中，请等待派单', { from: o.status, event: 'claim' });
      if (!skills.includes(o.category)) throw new AppError('REPAIR.NO_SKILL', `您没有“${o.category}”的维修技能，不能接这个工单`);
      if ((o.excludedIds ?? []).some((x) => String(x) === caller.userId)) throw new AppError('REPAIR.INVALID_TRANSITION', '您已退过这个工单，不能再接', { from: o.status, event: 'claim' });
      const at = now();
      return {
        event: 'claim',
        to,
        set: {
          assigneeId: new ObjectId(caller.userId),
          assigneeName: caller.name,
          inPool: false,
          dispatchedAt: at,
          acceptedAt: at,
          ...(o.firsts?.dispatchedAt ? {} : { 'firsts.dispatchedAt': at }),
          ...(o.firsts?.acceptedAt ? {} : { 'firsts.acceptedAt': at }),
          flags: withFlags(o, [], ['unassigned']),
        },
      };
    },
    { onConflict: 'taken' },
  );
  const me = await profileOf(caller.userId);
  const withPhone = me?.phone ? await setQuietly(order, { assigneePhone: me.phone }) : order;
  await afterAccept(withPhone);
  return detail(withPhone, caller);
}

/** Bookkeeping on an order just changed by this caller (no history entry). */
async function setQuietly(order: RepairDoc, set: Record<string, unknown>): Promise<RepairDoc> {
  return (await mutate(order._id, { name: '系统' }, () => ({ set }))).order;
}

async function afterAccept(order: RepairDoc): Promise<void> {
  await tellOwner(order, `师傅${order.assigneeName ?? ''}已接单，将尽快上门`);
}

function techChange(caller: Caller, event: 'accept' | 'arrive' | 'pause' | 'resume' | 'complete' | 'return', extra: (o: RepairDoc) => Omit<Change, 'event' | 'to'>) {
  return (o: RepairDoc): Change => {
    const to = transitionTo(REPAIR_MACHINE, o.status, event);
    requireAssignee(o, caller);
    return { event, to, ...extra(o) };
  };
}

export async function accept(caller: Caller, repairId: string): Promise<RepairDetail> {
  const { order } = await mutate(
    repairId,
    actorOf(caller),
    techChange(caller, 'accept', (o) => ({ set: { acceptedAt: now(), ...(o.firsts?.acceptedAt ? {} : { 'firsts.acceptedAt': now() }) } })),
  );
  await afterAccept(order);
  return detail(order, caller);
}

export async function arrive(caller: Caller, repairId: string, at?: Date): Promise<RepairDetail> {
  const when = at ?? now();
  const { order } = await mutate(
    repairId,
    actorOf(caller),
    techChange(caller, 'arrive', (o) => {
      if (when.getTime() > now().getTime() + 5 * MINUTE_MS) throw new AppError('VALIDATION', '到场时间不能晚于现在', { issues: [{ path: 'at', message: '到场时间不能晚于现在' }] });
      if (o.acceptedAt && when.getTime() < new Date(o.acceptedAt).getTime() - MINUTE_MS) throw new AppError('VALIDATION', '到场时间不能早于接单时间', { issues: [{ path: 'at', message: '到场时间不能早于接单时间' }] });
      return { note: at ? `到场时间 ${localMinute(when)}` : undefined, set: { arrivedAt: when, ...(o.firsts?.arrivedAt ? {} : { 'firsts.arrivedAt': when }) } };
    }),
  );
  await tellOwner(order, '师傅已到场维修');
  return detail(order, caller);
}

export async function pause(caller: Caller, repairId: string, reason: string): Promise<RepairDetail> {
  const { order } = await mutate(repairId, actorOf(caller), techChange(caller, 'pause', () => ({ note: reason, set: { pausedAt: now(), pauseReason: reason } })));
  await tellOwner(order, `暂停：${reason}`);
  return detail(order, caller);
}

/** Resuming moves the completion deadline by the time spent paused (waiting for parts is not the technician's delay). */
export async function resume(caller: Caller, repairId: string): Promise<RepairDetail> {
  const { order } = await mutate(
    repairId,
    actorOf(caller),
    techChange(caller, 'resume', (o) => {
      const paused = o.pausedAt ? now().getTime() - new Date(o.pausedAt).getTime() : 0;
      const due = o.deadlines?.complete ? new Date(new Date(o.deadlines.complete).getTime() + paused) : undefined;
      return { note: `暂停 ${Math.round(paused / MINUTE_MS)} 分钟`, set: due ? { 'deadlines.complete': due } : {}, unset: ['pausedAt', 'pauseReason'] };
    }),
  );
  await tellOwner(order, '师傅已继续维修');
  return detail(order, caller);
}

export async function complete(caller: Caller, input: { repairId: string; afterPhotoIds: string[]; materials: { name: string; quantity: number; unit: string }[]; note?: string }): Promise<RepairDetail> {
  const afterPhotoIds = await ownPhotos(caller, input.afterPhotoIds);
  await attachPhotos(afterPhotoIds, `repair:${input.repairId}:after`);
  const { order } = await mutate(
    input.repairId,
    actorOf(caller),
    techChange(caller, 'complete', (o) => ({
      note: input.note,
      set: { completedAt: now(), afterPhotoIds, materials: input.materials, ...(input.note ? { completionNote: input.note } : {}), ...(o.firsts?.completedAt ? {} : { 'firsts.completedAt': now() }) },
    })),
  );
  await tellOwner(order, '维修已完成，请点击评价');
  await createFollowUp({
    communityId: order.communityId as Id,
    source: 'repair',
    sourceId: order._id,
    round: order.reopenCount ?? 0,
    title: `${order.orderNo} ${order.category}：${order.description}`.slice(0, 80),
    ...(order.ownerId ? { ownerId: order.ownerId as Id } : {}),
    ownerName: order.contactName,
    phone: order.contactPhone,
    location: order.location,
    dueAt: new Date(now().getTime() + FOLLOW_UP_WITHIN_DAYS * DAY_MS),
  });
  return detail(order, caller);
}

/** 退单: the order goes back to dispatch, never to this technician again. */
export async function returnOrder(caller: Caller, repairId: string, reason: string): Promise<RepairDetail> {
  const { order } = await mutate(repairId, actorOf(caller), (o) => {
    const to = transitionTo(REPAIR_MACHINE, o.status, 'return');
    requireAssignee(o, caller);
    return {
      event: 'return',
      to,
      note: reason,
      set: { excludedIds: [...(o.excludedIds ?? []), new ObjectId(caller.userId)] },
      unset: ['assigneeId', 'assigneeName', 'assigneePhone', 'acceptedAt'],
    };
  });
  const waiting = await waitingFields(order.communityId as Id);
  const routed = await route(await setQuietly(order, { ...waiting }), { name: '系统' });
  return detail(routed, caller);
}

// ---- desk actions ----

/** Manual dispatch (or reassignment) to a technician of the community with the skill. */
export async function assign(caller: Caller, repairId: string, technicianId: string): Promise<RepairDetail> {
  const tech = await technicianById(caller.communityId, technicianId);
  if (!tech) throw new AppError('REPAIR.NO_SKILL', '该员工不是维修师傅');
  const settings = await settingsOf(caller.communityId);
  const { order } = await mutate(repairId, actorOf(caller), (o) => {
    const change = dispatchChange(o, tech, settings, `${caller.name}派给 ${tech.name}${tech.onDuty ? '' : '（休息中）'}`);
    if (!tech.skills.includes(o.category) && o.category !== WARRANTY_CATEGORY) throw new AppError('REPAIR.NO_SKILL', `${tech.name}没有“${o.category}”的维修技能`);
    if (String(o.assigneeId ?? '') === String(tech.id)) throw new AppError('REPAIR.INVALID_TRANSITION', `该工单已派给${tech.name}`, { from: o.status, event: 'dispatch' });
    return change;
  });
  await afterDispatch(order);
  return detail(order, caller);
}

/** Called when a follow-up of this order was recorded: the order is closed; an unhappy owner flags the manager. */
export async function afterFollowUp(communityId: string, repairId: string, outcome: 'satisfied' | 'neutral' | 'unsatisfied', byName: string, note?: string): Promise<void> {
  const label = { satisfied: '满意', neutral: '一般', unsatisfied: '不满意' }[outcome];
  const { order } = await mutate(repairId, { name: byName }, (o) => {
    if (String(o.communityId) !== communityId) throw new AppError('REPAIR.NOT_FOUND');
    const unhappy = outcome === 'unsatisfied';
    // A reopened order is closed by its next round's follow-up, not this one.
    if (o.status !== 'completed' && o.status !== 'rated') return unhappy ? { set: { flags: withFlags(o, ['unhappy']) } } : null;
    return { event: 'close', to: transitionTo(REPAIR_MACHINE, o.status, 'close'), note: `回访：${label}${note ? `，${note}` : ''}`, set: { closedAt: now(), flags: withFlags(o, unhappy ? ['unhappy'] : []) } };
  });
  if (outcome === 'unsatisfied') {
    await alertManagers(order, `unhappy:${order.reopenCount ?? 0}`, '回访不满', note ?? '业主对维修不满意');
    await repairHooks.ownerUnhappy.run(order, 'unhappy', `报修${order.orderNo}（${order.category}）回访时业主不满意${note ? `：${note}` : ''}`);
  }
}

/** Flags that mean the owner disputes a repair. */
const DISPUTE_FLAGS = ['angry', 'low-rating', 'unhappy'];

/**
 * Units with an open order the owner disputes (every community, or those in `scope`): the fee
 * reminders wait for them — an angry report until the work is done, an order reopened after a low
 * rating or an unhappy follow-up until it is done again. (A low rating or an unhappy follow-up also
 * opens a complaint, which holds the reminders while it is open: complaints.unitsWithOpenDisputes.)
 */
export async function unitsWithOpenDisputes(scope?: JobScope): Promise<string[]> {
  const docs = await Repair.find({ status: { $in: OPEN_STATUSES }, flags: { $in: DISPUTE_FLAGS }, ...inScope(scope) }, { unitId: 1 }).lean();
  return docs.flatMap((d) => (d.unitId ? [String(d.unitId)] : []));
}

/** An order of the community by id (its number), or null: what another record says it is about. */
export async function orderRef(communityId: Id | string, repairId: string): Promise<{ _id: Id; orderNo: string } | null> {
  const o = await Repair.findOne({ _id: new ObjectId(repairId), communityId: typeof communityId === 'string' ? new ObjectId(communityId) : communityId }, { orderNo: 1 }).lean();
  return o ? { _id: o._id, orderNo: o.orderNo } : null;
}
