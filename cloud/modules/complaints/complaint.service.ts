import type { ComplaintAction, ComplaintDetail, ComplaintSummary } from '@shared/contracts/complaints.contract';
import type { Paged } from '@shared/contracts/contract';
import { DAY_MS, HOUR_MS, localDayDigits } from '@shared/domain/calendar';
import {
  COMPLAINT_MACHINE,
  COMPLAINT_STAGE_OF,
  complaintTermsIn,
  OPEN_COMPLAINT_STATUSES,
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintStage,
  type ComplaintStatus,
  type ComplaintValidity,
} from '@shared/domain/complaints';
import type { FollowUpOutcome } from '@shared/domain/followups';
import { maskPhone } from '@shared/domain/privacy';
import { AppError } from '../../lib/app-error';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { inScope, type JobScope } from '../../lib/job-scope';
import { paged } from '../../lib/paging';
import { rateLimit } from '../../lib/rate-limit';
import { actorOf, mutateRevision, SYSTEM, type Actor, type Change } from '../../lib/revision';
import { transitionTo } from '../../lib/transition';
import type { Caller } from '../../lib/caller';
import { boundResidentUserId, unitOf } from '../community';
import { isBillOfUnit } from '../fees';
import { attachPhotos, ownPhotos, photoLinks } from '../files';
import { createFollowUp, followUpById, recordOutcome } from '../followups';
import { activeMember, activeMembers, profileOf } from '../identity';
import { orderRef } from '../repairs';
import { reachableComplaints } from './complaints.access';
import { Complaint, type ComplaintDoc } from './complaint.model';
import { agentsOf, alertManagers, alertStaff, tellOwner } from './notify';
import { settingsOf } from './settings.service';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;



/**
 * An owner's own complaints: 5 an hour and 20 a day (a household files a few a year; each one pages
 * the agents). Complaints staff record (phone, walk-in) and those made by the system (a low rating,
 * an unhappy follow-up, a group-chat incident) are not limited, as with repairs.
 */
const submissions = rateLimit('complaints.submit', {
  limits: [
    { max: 5, windowMs: HOUR_MS },
    { max: 20, windowMs: DAY_MS },
  ],
  says: { action: '提交投诉', unit: '次', hint: '如有紧急情况请致电物业服务中心' },
});
const isStaff = (caller: Caller) => caller.roles.includes('agent') || caller.roles.includes('manager');

/** Apply one change through the complaint's revision (lib/revision.ts). */
export async function mutateComplaint(id: Id | string, actor: Actor, build: (c: ComplaintDoc) => Change | null): Promise<{ complaint: ComplaintDoc; changed: boolean }> {
  const { doc, changed } = await mutateRevision<ComplaintDoc>({ kind: 'complaint', model: Complaint as never, notFound: 'COMPLAINT.NOT_FOUND' }, id, actor, build);
  return { complaint: doc, changed };
}

/** A step of the process is missing: 409 naming it. */
function missing(step: string, message: string): never {
  throw new AppError('COMPLAINT.STEP_MISSING', message, { missing: step });
}

// ---------------------------------------------------------------------------------------------
// Views

function deadlineOf(c: ComplaintDoc): ComplaintSummary['deadline'] {
  const stage = COMPLAINT_STAGE_OF[c.status as ComplaintStatus];
  const at = stage ? c.deadlines?.[stage] : undefined;
  if (!stage || !at) return undefined;
  return { stage, at: new Date(at).toISOString(), warned: (c.warned ?? []).includes(warnKey(stage, new Date(at))), overdue: now().getTime() > new Date(at).getTime() };
}

export const warnKey = (stage: ComplaintStage, due: Date) => `${stage}@${due.toISOString()}`;

export function summarize(c: ComplaintDoc): ComplaintSummary {
  const deadline = deadlineOf(c);
  return {
    id: String(c._id),
    caseNo: c.caseNo,
    status: c.status as ComplaintStatus,
    category: c.category as ComplaintCategory,
    channel: c.channel as ComplaintChannel,
    urgent: Boolean(c.urgent),
    location: c.location,
    description: c.description,
    ownerName: c.contactName,
    ...(c.handlerName ? { handlerName: c.handlerName } : {}),
    createdAt: c.createdAt.toISOString(),
    ...(deadline ? { deadline } : {}),
    breached: (c.breaches ?? []).length > 0,
    reopenCount: c.reopenCount ?? 0,
    ...(c.validity ? { validity: c.validity as ComplaintValidity } : {}),
    ...(c.aboutUnitId ? { aboutUnit: { id: String(c.aboutUnitId), label: c.aboutUnitLabel ?? '' } } : {}),
  };
}

/** What this caller may do now (the client shows only these). */
function actionsFor(c: ComplaintDoc, caller: Caller, followUpOpen: boolean): ComplaintAction[] {
  const status = c.status as ComplaintStatus;
  const out: ComplaintAction[] = [];
  if (isOwnerOf(c, caller)) {
    if (status === 'replied' && followUpOpen) out.push('confirm');
    if (status === 'replied' || status === 'followup') out.push('unhappy');
  }
  if (isStaff(caller)) {
    for (const e of ['accept', 'investigate', 'reply', 'close', 'assign'] as const) if (COMPLAINT_MACHINE.next(status, e)) out.push(e);
    if (status === 'replied' && followUpOpen) out.push('followup');
  }
  return out;
}

const isOwnerOf = (c: ComplaintDoc, caller: Caller): boolean => (Boolean(c.ownerId) && String(c.ownerId) === caller.userId) || (Boolean(c.reporterId) && String(c.reporterId) === caller.userId && !isStaff(caller));

async function detail(c: ComplaintDoc, caller: Caller): Promise<ComplaintDetail> {
  const task = c.followUpId ? await followUpById(c.followUpId) : null;
  const staff = isStaff(caller);
  return {
    ...summarize(c),
    photos: await photoLinks(c.photoIds ?? []),
    contactName: c.contactName,
    // In full for the staff who call back; masked for the owner, as everywhere owners see phones.
    contactPhone: staff ? c.contactPhone : maskPhone(c.contactPhone),
    ...(c.relatedRepairId ? { relatedRepair: { id: String(c.relatedRepairId), orderNo: c.relatedRepairNo ?? '' } } : {}),
    ...(c.relatedBillId ? { relatedBill: { id: c.relatedBillId, label: c.relatedBillId.split(':').slice(-1)[0] } } : {}),
    ...(c.handlerId ? { handlerId: String(c.handlerId) } : {}),
    ...(c.reply?.content ? { reply: { content: c.reply.content, at: new Date(c.reply.at!).toISOString(), byName: c.reply.byName ?? '' } } : {}),
    ...(task
      ? {
          followUp: {
            id: String(task.id),
            dueAt: task.dueAt.toISOString(),
            status: task.status,
            ...(task.method ? { method: task.method } : {}),
            ...(task.outcome ? { outcome: task.outcome } : {}),
            ...(task.note ? { note: task.note } : {}),
            ...(task.doneAt ? { doneAt: task.doneAt.toISOString() } : {}),
            ...(task.doneByName ? { doneByName: task.doneByName } : {}),
          },
        }
      : {}),
    ...(c.closedAt ? { closedAt: new Date(c.closedAt).toISOString() } : {}),
    history: (c.history ?? []).map((h) => ({
      at: new Date(h.at).toISOString(),
      event: h.event as ComplaintDetail['history'][number]['event'],
      ...(h.from ? { from: h.from as ComplaintStatus } : {}),
      to: h.to as ComplaintStatus,
      byName: h.byName,
      ...(h.note ? { note: h.note } : {}),
    })),
    actions: actionsFor(c, caller, task?.status === 'open'),
  };
}

// ---------------------------------------------------------------------------------------------
// Receiving

/** Case number: TS + date (Asia/Shanghai) + the id's last 6 hex digits. */
const caseNoOf = (id: Id, at: Date) => `TS${localDayDigits(at).slice(2)}${String(id).slice(-6).toUpperCase()}`;

interface NewComplaint {
  communityId: Id;
  requestKey: string;
  channel: ComplaintChannel;
  category: ComplaintCategory;
  description: string;
  photoIds?: string[];
  unitId?: Id;
  /** The unit complained about (被投诉房屋). */
  aboutUnitId?: Id;
  ownerId?: Id;
  contactName: string;
  contactPhone: string;
  reporterId?: Id;
  reporterName: string;
  urgent: boolean;
  relatedRepair?: { id: Id; orderNo: string };
  relatedBillId?: string;
  sourceRef?: string;
  note?: string;
  /** The quota the create spends (an owner's own submit), given back when nothing is written. */
  quota?: { of: typeof submissions; subject: string };
}

/**
 * A new complaint: deadlines start (first response, reply), agents and managers are told. One
 * complaint per request key (lib/idempotent.ts), so a second submit (or a retried source) finds the
 * first one — and, while it is still `received`, alerts again whoever a first submit that crashed
 * halfway did not reach (the alerts are keyed: nobody hears twice; see alertNew).
 */
async function receive(input: NewComplaint): Promise<{ complaint: ComplaintDoc; created: boolean }> {
  const quota = input.quota;
  const { doc, created } = await createOnce<ComplaintDoc>({
    model: Complaint,
    key: input.requestKey,
    build: (_id) => newComplaint(input, _id),
    ...(quota ? { quota: () => quota.of.take(quota.subject) } : {}),
    beforeInsert: (c) => attachPhotos(c.photoIds as string[], `complaint:${String(c._id)}`),
  });
  return { complaint: await alertNew(doc), created };
}

/** The complaint a request makes, checked (nothing written). */
async function newComplaint(input: NewComplaint, _id: Id): Promise<Record<string, unknown>> {
  const settings = await settingsOf(String(input.communityId));
  const unit = input.unitId ? await unitOf(input.communityId, input.unitId) : null;
  if (input.unitId && !unit) throw new AppError('UNIT.NOT_FOUND');
  const about = input.aboutUnitId ? await unitOf(input.communityId, input.aboutUnitId) : null;
  if (input.aboutUnitId && !about) throw new AppError('UNIT.NOT_FOUND');
  const at = now();
  const urgent = input.urgent || complaintTermsIn(input.description).length > 0;
  return {
    _id,
    communityId: input.communityId,
    caseNo: caseNoOf(_id, at),
    requestKey: input.requestKey,
    channel: input.channel,
    category: input.category,
    description: input.description,
    photoIds: input.photoIds ?? [],
    ...(unit ? { unitId: unit._id } : {}),
    location: unit?.label ?? '公共',
    ...(about ? { aboutUnitId: about._id, aboutUnitLabel: about.label } : {}),
    ...(input.ownerId ? { ownerId: input.ownerId } : {}),
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    ...(input.reporterId ? { reporterId: input.reporterId } : {}),
    reporterName: input.reporterName,
    urgent,
    ...(input.relatedRepair ? { relatedRepairId: input.relatedRepair.id, relatedRepairNo: input.relatedRepair.orderNo } : {}),
    ...(input.relatedBillId ? { relatedBillId: input.relatedBillId } : {}),
    ...(input.sourceRef ? { sourceRef: input.sourceRef } : {}),
    status: 'received',
    rev: 0,
    deadlines: { respond: new Date(at.getTime() + (urgent ? settings.urgentFirstResponseHours : settings.firstResponseHours) * HOUR_MS), reply: new Date(at.getTime() + settings.replyDays * DAY_MS) },
    roundFrom: at,
    history: [{ at, event: 'create', to: 'received', ...(input.reporterId ? { byId: input.reporterId } : {}), byName: input.reporterName, ...(input.note ? { note: input.note } : {}) }],
  };
}

/**
 * The agents (and, urgent, the managers) hear of a new complaint — while it is new: a replay of the
 * create finishes the alerts a crash cut short, but once someone acted on the complaint it is news
 * no more. Keyed `complaint:<id>:new` per recipient, so nobody hears twice.
 */
async function alertNew(c: ComplaintDoc): Promise<ComplaintDoc> {
  if (c.status !== 'received') return c;
  const remark = `${c.urgent ? '【紧急】' : ''}${c.location}，${c.contactName}`;
  await alertStaff(c, await agentsOf(c.communityId as Id), 'new', '新投诉', remark);
  if (c.urgent) await alertManagers(c, 'new', '紧急投诉', remark);
  return c;
}

export async function submit(
  caller: Caller,
  input: { requestId: string; category: ComplaintCategory; description: string; unitId?: string; photoIds: string[]; repairId?: string; billId?: string },
): Promise<ComplaintDetail> {
  const communityId = new ObjectId(caller.communityId);
  const requestKey = `${caller.userId}:${input.requestId}`;
  const unitId = input.unitId ?? (caller.unitIds.length === 1 ? caller.unitIds[0] : undefined);
  const [me, photoIds, repair] = await Promise.all([
    profileOf(caller.userId),
    ownPhotos(caller, input.photoIds),
    input.repairId ? orderRef(communityId, input.repairId) : Promise.resolve(null),
  ]);
  // A related bill must be one of the complaint's unit.
  if (input.billId && !(unitId && (await isBillOfUnit(communityId, input.billId, unitId)))) throw new AppError('BILL.NOT_FOUND');
  const { complaint } = await receive({
    communityId,
    requestKey,
    channel: 'miniprogram',
    category: input.category,
    description: input.description,
    photoIds,
    ...(unitId ? { unitId: new ObjectId(unitId) } : {}),
    ownerId: new ObjectId(caller.userId),
    contactName: me?.name ?? caller.name,
    contactPhone: me?.phone ?? '',
    reporterId: new ObjectId(caller.userId),
    reporterName: me?.name ?? caller.name,
    urgent: false,
    ...(repair ? { relatedRepair: { id: repair._id, orderNo: repair.orderNo } } : {}),
    ...(input.billId ? { relatedBillId: input.billId } : {}),
    quota: { of: submissions, subject: caller.userId },
  });
  return detail(complaint, caller);
}

/** An agent records a phoned-in or walk-in complaint; a bound resident with that phone gets the messages. */
export async function record(
  caller: Caller,
  input: { requestId: string; channel: 'phone' | 'walk-in'; unitId?: string; aboutUnitId?: string; contactName: string; contactPhone: string; category: ComplaintCategory; description: string; urgent: boolean; repairId?: string },
): Promise<ComplaintDetail> {
  const communityId = new ObjectId(caller.communityId);
  const unitId = input.unitId ? new ObjectId(input.unitId) : undefined;
  const aboutUnitId = input.aboutUnitId ? new ObjectId(input.aboutUnitId) : undefined;
  const [residentUserId, repair] = await Promise.all([
    unitId ? boundResidentUserId(communityId, unitId, input.contactPhone) : Promise.resolve(undefined),
    input.repairId ? orderRef(communityId, input.repairId) : Promise.resolve(null),
  ]);
  const { complaint } = await receive({
    communityId,
    requestKey: `${caller.userId}:${input.requestId}`,
    channel: input.channel,
    category: input.category,
    description: input.description,
    ...(unitId ? { unitId } : {}),
    ...(aboutUnitId ? { aboutUnitId } : {}),
    ...(residentUserId ? { ownerId: residentUserId } : {}),
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    reporterId: new ObjectId(caller.userId),
    reporterName: caller.name,
    urgent: input.urgent,
    ...(repair ? { relatedRepair: { id: repair._id, orderNo: repair.orderNo } } : {}),
    note: `${input.channel === 'walk-in' ? '来访' : '电话'}投诉，${caller.name}代录`,
  });
  return detail(complaint, caller);
}

/** A repair rated low, or a repair follow-up where the owner was unhappy: a complaint about repair quality. */
export async function fromRepair(order: { _id: Id; communityId: Id; orderNo: string; unitId?: Id | null; ownerId?: Id | null; contactName: string; contactPhone: string; reopenCount?: number | null }, why: 'low-rating' | 'unhappy', text: string): Promise<void> {
  await receive({
    communityId: order.communityId,
    requestKey: `repair:${String(order._id)}:${why}:${order.reopenCount ?? 0}`,
    channel: 'rating',
    category: 'repair',
    description: text,
    ...(order.unitId ? { unitId: order.unitId } : {}),
    ...(order.ownerId ? { ownerId: order.ownerId } : {}),
    contactName: order.contactName,
    contactPhone: order.contactPhone,
    reporterName: SYSTEM.name,
    urgent: false,
    relatedRepair: { id: order._id, orderNo: order.orderNo },
    note: why === 'low-rating' ? `报修${order.orderNo}评价过低，自动转为投诉` : `报修${order.orderNo}回访不满意，自动转为投诉`,
  });
}

/** What an agent converts into a complaint from another module's record: its facts, as the agent confirmed them. */
interface ConvertedInput {
  category: ComplaintCategory;
  description: string;
  unitId?: Id;
  ownerId?: Id;
  contactName: string;
  contactPhone: string;
  urgent: boolean;
}

/** A complaint made from another module's record (`<channel>:<id>`): one per record (its request key), linked back by `sourceRef`. */
async function converted(caller: Caller, channel: 'sentiment' | 'inquiry', sourceId: string, note: string, input: ConvertedInput): Promise<ComplaintDetail> {
  const { complaint } = await receive({
    communityId: new ObjectId(caller.communityId),
    requestKey: `${channel}:${sourceId}`,
    channel,
    category: input.category,
    description: input.description,
    ...(input.unitId ? { unitId: input.unitId } : {}),
    ...(input.ownerId ? { ownerId: input.ownerId } : {}),
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    reporterId: new ObjectId(caller.userId),
    reporterName: caller.name,
    urgent: input.urgent,
    sourceRef: `${channel}:${sourceId}`,
    note,
  });
  return detail(complaint, caller);
}

/** A sentiment incident turned into a complaint by an agent (see the sentiment module). */
export function fromIncident(caller: Caller, input: ConvertedInput & { incidentId: string }): Promise<ComplaintDetail> {
  return converted(caller, 'sentiment', input.incidentId, `由业主群舆情事件转为投诉（${caller.name}）`, input);
}

/** An inquiry (咨询) that turned out to be a complaint, converted by an agent (see the desk module). One per inquiry. */
export function fromInquiry(caller: Caller, input: ConvertedInput & { inquiryId: string; inquiryNo: string; photoIds?: string[] }): Promise<ComplaintDetail> {
  return converted(caller, 'inquiry', input.inquiryId, `由咨询 ${input.inquiryNo} 转为投诉（${caller.name}）`, input);
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function mine(caller: Caller): Promise<ComplaintSummary[]> {
  const docs = (await Complaint.find({ communityId: new ObjectId(caller.communityId), $or: [{ ownerId: new ObjectId(caller.userId) }, { reporterId: new ObjectId(caller.userId) }] })
    .sort({ createdAt: -1 })
    .lean()) as ComplaintDoc[];
  return docs.map(summarize);
}

export async function list(
  caller: Caller,
  input: { status: ComplaintStatus | 'open' | 'all'; category?: ComplaintCategory; mine: boolean; overdue: boolean; page: number; pageSize: number },
): Promise<Paged<ComplaintSummary>> {
  const filter: Record<string, unknown> = { communityId: new ObjectId(caller.communityId) };
  if (input.status === 'open') filter.status = { $in: OPEN_COMPLAINT_STATUSES };
  else if (input.status !== 'all') filter.status = input.status;
  if (input.category) filter.category = input.category;
  if (input.mine) filter.handlerId = new ObjectId(caller.userId);
  // Overdue: the deadline running now has passed.
  if (input.overdue) filter.listDue = { $lt: now() };
  // Open work by its running deadline (the most urgent first); the rest newest first: the stored
  // sort key (complaintListKeys in complaint.model.ts), paged in the database.
  return paged({ model: Complaint, filter, sort: { listDue: 1, createdAt: -1, _id: -1 }, projection: { history: 0 } }, input, (docs: ComplaintDoc[]) => docs.map(summarize));
}

/** A complaint the caller may reach (complaints.access.ts), or 404. */
async function load(caller: Caller, id: string): Promise<ComplaintDoc> {
  const c = (await Complaint.findOne({ _id: new ObjectId(id), ...reachableComplaints(caller) }).lean()) as ComplaintDoc | null;
  if (!c) throw new AppError('COMPLAINT.NOT_FOUND');
  return c;
}

export async function get(caller: Caller, id: string): Promise<ComplaintDetail> {
  return detail(await load(caller, id), caller);
}

// ---------------------------------------------------------------------------------------------
// Handling

/** In this community, someone who may handle complaints. */
async function handlerOf(caller: Caller, handlerId?: string): Promise<{ id: Id; name: string }> {
  if (!handlerId) return { id: new ObjectId(caller.userId), name: caller.name };
  const handler = await activeMember(caller.communityId, handlerId, ['agent', 'manager']);
  if (!handler) throw new AppError('STAFF.NOT_FOUND');
  return handler;
}

export async function accept(caller: Caller, input: { complaintId: string; handlerId?: string; note?: string }): Promise<ComplaintDetail> {
  await load(caller, input.complaintId);
  const handler = await handlerOf(caller, input.handlerId);
  const { complaint } = await mutateComplaint(input.complaintId, actorOf(caller), (c) => ({
    event: 'accept',
    to: transitionTo(COMPLAINT_MACHINE, c.status, 'accept'),
    note: `负责人：${handler.name}${input.note ? `；${input.note}` : ''}`,
    set: { handlerId: handler.id, handlerName: handler.name, ...(c.firstResponseAt ? {} : { firstResponseAt: now() }) },
  }));
  await tellOwner(complaint);
  if (String(handler.id) !== caller.userId) await alertStaff(complaint, [handler.id], `handler:${complaint.rev}`, '投诉指派', `${caller.name}将投诉交给您处理`);
  return detail(complaint, caller);
}

export async function assign(caller: Caller, input: { complaintId: string; handlerId: string; note?: string }): Promise<ComplaintDetail> {
  await load(caller, input.complaintId);
  const handler = await handlerOf(caller, input.handlerId);
  const { complaint } = await mutateComplaint(input.complaintId, actorOf(caller), (c) => {
    transitionTo(COMPLAINT_MACHINE, c.status, 'assign');
    if (String(c.handlerId) === String(handler.id)) return null;
    return { event: 'assign', note: `${c.handlerName ?? ''} → ${handler.name}${input.note ? `；${input.note}` : ''}`, set: { handlerId: handler.id, handlerName: handler.name } };
  });
  await alertStaff(complaint, [handler.id], `handler:${complaint.rev}`, '投诉指派', `${caller.name}将投诉交给您处理`);
  return detail(complaint, caller);
}

/**
 * Agent: name the unit the complaint is about (被投诉房屋), or clear it — a neighbour's noise, the
 * corridor, rubbish: the renovation of that unit shows it on its patrols. No state change.
 */
export async function setAboutUnit(caller: Caller, input: { complaintId: string; aboutUnitId?: string }): Promise<ComplaintDetail> {
  await load(caller, input.complaintId);
  const about = input.aboutUnitId ? await unitOf(new ObjectId(caller.communityId), new ObjectId(input.aboutUnitId)) : null;
  if (input.aboutUnitId && !about) throw new AppError('UNIT.NOT_FOUND');
  const { complaint } = await mutateComplaint(input.complaintId, actorOf(caller), (c) => {
    if (String(c.aboutUnitId ?? '') === String(about?._id ?? '')) return null;
    return about ? { set: { aboutUnitId: about._id, aboutUnitLabel: about.label } } : { unset: ['aboutUnitId', 'aboutUnitLabel'] };
  });
  return detail(complaint, caller);
}

/** The complaints about a unit (被投诉房屋) received since `since`, newest first (a renovation's patrols show them). */
export async function complaintsAbout(communityId: Id | string, unitId: Id | string, since: Date): Promise<ComplaintSummary[]> {
  const docs = (await Complaint.find({ communityId: new ObjectId(String(communityId)), aboutUnitId: new ObjectId(String(unitId)), createdAt: { $gte: since } })
    .sort({ createdAt: -1 })
    .limit(50)
    .lean()) as ComplaintDoc[];
  return docs.map(summarize);
}

export async function investigate(caller: Caller, input: { complaintId: string; note: string }): Promise<ComplaintDetail> {
  await load(caller, input.complaintId);
  const { complaint } = await mutateComplaint(input.complaintId, actorOf(caller), (c) => ({ event: 'investigate', to: transitionTo(COMPLAINT_MACHINE, c.status, 'investigate'), note: input.note }));
  await tellOwner(complaint);
  return detail(complaint, caller);
}

/** The written answer with the judgement; a follow-up task is due within the community's follow-up days. */
export async function reply(caller: Caller, input: { complaintId: string; content?: string; validity?: ComplaintValidity }): Promise<ComplaintDetail> {
  const current = await load(caller, input.complaintId);
  transitionTo(COMPLAINT_MACHINE, current.status, 'reply');
  if (!input.content || input.content.length < 5) missing('reply', '请填写给业主的书面答复（至少5个字），答复后才能进入回访');
  if (!input.validity) missing('validity', '请先判定投诉是否有效（有效/无效投诉）');
  const settings = await settingsOf(caller.communityId);
  const at = now();
  const followupDue = new Date(at.getTime() + settings.followUpDays * DAY_MS);
  const { complaint } = await mutateComplaint(input.complaintId, actorOf(caller), (c) => ({
    event: 'reply',
    to: transitionTo(COMPLAINT_MACHINE, c.status, 'reply'),
    note: input.content,
    set: { reply: { content: input.content, at, byName: caller.name }, validity: input.validity, 'deadlines.followup': followupDue, ...(c.firstResponseAt ? {} : { firstResponseAt: at }) },
  }));
  // The follow-up task of this round (one per round; a retried reply finds it).
  const taskId = await createFollowUp({
    communityId: complaint.communityId,
    source: 'complaint',
    sourceId: complaint._id,
    round: complaint.reopenCount ?? 0,
    title: `${complaint.caseNo} 投诉回访：${complaint.description.slice(0, 30)}`,
    ...(complaint.ownerId ? { ownerId: complaint.ownerId } : {}),
    ownerName: complaint.contactName,
    phone: complaint.contactPhone,
    location: complaint.location,
    dueAt: followupDue,
  });
  const { complaint: linked } = await mutateComplaint(complaint._id, SYSTEM, (c) => (String(c.followUpId) !== String(taskId) ? { set: { followUpId: taskId } } : null));
  await tellOwner(linked, input.content);
  return detail(linked, caller);
}

/**
 * After a follow-up (the agent's 回访, or the owner's own answer in the mini-program): content →
 * followed up (ready to close); unhappy → reopened for a new round with fresh deadlines.
 */
export async function afterFollowUp(communityId: string, complaintId: string, outcome: FollowUpOutcome, by: Actor, note?: string): Promise<void> {
  const settings = await settingsOf(communityId);
  const label = { satisfied: '满意', neutral: '一般', unsatisfied: '不满意' }[outcome];
  const { complaint, changed } = await mutateComplaint(complaintId, by, (c) => {
    if (String(c.communityId) !== communityId) throw new AppError('COMPLAINT.NOT_FOUND');
    if (c.status !== 'replied') return null;
    const at = now();
    if (outcome !== 'unsatisfied') return { event: 'followup', to: transitionTo(COMPLAINT_MACHINE, c.status, 'followup'), note: `回访：${label}${note ? `，${note}` : ''}`, set: { followedUpAt: at } };
    return reopenChange(c, `回访不满意${note ? `：${note}` : ''}`, settings, at);
  });
  if (!changed) return;
  await tellOwner(complaint);
  if (complaint.status === 'reopened') await tellReopened(complaint, note ?? '业主回访不满意');
}

function reopenChange(c: ComplaintDoc, note: string, settings: Awaited<ReturnType<typeof settingsOf>>, at: Date): Change {
  return {
    event: 'reopen',
    to: transitionTo(COMPLAINT_MACHINE, c.status, 'reopen'),
    note,
    set: {
      roundFrom: at,
      deadlines: { respond: new Date(at.getTime() + (c.urgent ? settings.urgentFirstResponseHours : settings.firstResponseHours) * HOUR_MS), reply: new Date(at.getTime() + settings.replyDays * DAY_MS) },
      warned: [],
    },
    unset: ['reply', 'followUpId', 'followedUpAt', 'closedAt'],
    inc: { reopenCount: 1 },
  };
}

async function tellReopened(c: ComplaintDoc, reason: string): Promise<void> {
  await alertStaff(c, [...(c.handlerId ? [c.handlerId] : []), ...(await agentsOf(c.communityId))], `reopen:${c.reopenCount}`, '投诉重开', reason);
  await alertManagers(c, `reopen:${c.reopenCount}`, '投诉重开', reason);
}

/** The owner is content with the reply: their answer is the follow-up (by WeChat, satisfied). */
export async function confirm(caller: Caller, input: { complaintId: string; note?: string }): Promise<ComplaintDetail> {
  const c = await load(caller, input.complaintId);
  transitionTo(COMPLAINT_MACHINE, c.status, 'followup');
  if (!c.followUpId) missing('followup', '该投诉还没有回访任务');
  // The follow-up's hook (followups.outcomeRecorded, wired by the runtime) applies it here: afterFollowUp.
  await recordOutcome({ id: caller.userId, name: caller.name }, caller.communityId, { followUpId: String(c.followUpId), method: 'wechat', outcome: 'satisfied', note: input.note ?? '业主在小程序确认满意' });
  return get(caller, input.complaintId);
}

/** The owner is still unhappy (after the reply or the follow-up): handled again. */
export async function unhappy(caller: Caller, input: { complaintId: string; reason: string }): Promise<ComplaintDetail> {
  const c = await load(caller, input.complaintId);
  transitionTo(COMPLAINT_MACHINE, c.status, 'reopen');
  const task = c.followUpId ? await followUpById(c.followUpId) : null;
  if (c.status === 'replied' && task?.status === 'open') {
    // The owner's answer is the follow-up: unsatisfied, which reopens the complaint (afterFollowUp, through the follow-up's hook).
    await recordOutcome({ id: caller.userId, name: caller.name }, caller.communityId, { followUpId: String(c.followUpId), method: 'wechat', outcome: 'unsatisfied', note: input.reason });
  } else {
    const settings = await settingsOf(caller.communityId);
    const { complaint, changed } = await mutateComplaint(input.complaintId, actorOf(caller), (cur) => reopenChange(cur, `业主仍不满意：${input.reason}`, settings, now()));
    if (changed) {
      await tellOwner(complaint);
      await tellReopened(complaint, input.reason);
    }
  }
  return get(caller, input.complaintId);
}

/** Closing needs the follow-up first (409 naming it). */
export async function close(caller: Caller, input: { complaintId: string; note?: string }): Promise<ComplaintDetail> {
  const current = await load(caller, input.complaintId);
  if (current.status === 'replied') missing('followup', '尚未回访业主，不能结案（缺少：回访）');
  const { complaint } = await mutateComplaint(input.complaintId, actorOf(caller), (c) => {
    if (c.status === 'replied') missing('followup', '尚未回访业主，不能结案（缺少：回访）');
    return { event: 'close', to: transitionTo(COMPLAINT_MACHINE, c.status, 'close'), ...(input.note ? { note: input.note } : {}), set: { closedAt: now() } };
  });
  await tellOwner(complaint);
  return detail(complaint, caller);
}

export async function handlers(caller: Caller): Promise<{ id: string; name: string; roles: string[] }[]> {
  const users = await activeMembers(caller.communityId, ['agent', 'manager']);
  return users.map((u) => ({ id: String(u.id), name: u.name, roles: u.roles.filter((r) => r === 'agent' || r === 'manager') })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

/**
 * Units with an open complaint that disputes something the owner pays for (every community, or those
 * in `scope`): the reminder ladder waits for them until the complaint is closed.
 * - a fee complaint (category 费用);
 * - a complaint about a repair order: opened by a low rating or an unhappy follow-up (fromRepair), or
 *   filed by the owner or staff naming the order. The order itself is closed or rated by then, so
 *   the complaint is what says the repair is still disputed.
 */
export async function unitsWithOpenDisputes(scope?: JobScope): Promise<string[]> {
  const docs = await Complaint.find(
    { $or: [{ category: 'fees' }, { relatedRepairId: { $exists: true } }], status: { $in: OPEN_COMPLAINT_STATUSES }, unitId: { $exists: true }, ...inScope(scope) },
    { unitId: 1 },
  ).lean();
  return docs.map((d) => String(d.unitId));
}
