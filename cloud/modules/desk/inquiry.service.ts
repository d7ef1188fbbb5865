import type { Paged } from '@shared/contracts/contract';
import type { InquiryAction, InquiryDetail, InquirySummary } from '@shared/contracts/desk.contract';
import { DAY_MS, HOUR_MS, localDayDigits } from '@shared/domain/calendar';
import type { ComplaintCategory } from '@shared/domain/complaints';
import {
  INQUIRY_MACHINE,
  INQUIRY_STAGES_OF,
  INQUIRY_TOPIC_LABELS,
  inquiryDeadlines,
  OPEN_INQUIRY_STATUSES,
  type InquiryChannel,
  type InquiryStage,
  type InquiryStatus,
  type InquiryTopic,
} from '@shared/domain/desk';
import { maskPhone } from '@shared/domain/privacy';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { paged } from '../../lib/paging';
import { rateLimit } from '../../lib/rate-limit';
import { actorOf, mutateRevision, type Actor, type Change } from '../../lib/revision';
import { transitionTo } from '../../lib/transition';
import { boundResidentUserId, unitOf } from '../community';
import { fromInquiry } from '../complaints';
import { attachPhotos, ownPhotos, photoLinks } from '../files';
import { get as getArticle } from '../knowledge';
import { activeMember, owners, profileOf } from '../identity';
import { create as createRepair, settingsOf as repairSettingsOf } from '../repairs';
import { reachableInquiries } from './inquiry.access';
import { Inquiry, nextDue, type InquiryDoc } from './inquiry.model';
import { agentsOf, alertStaff, tellOwner } from './inquiry.notify';
import { promiseOf } from './inquiry-settings.service';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

/**
 * An owner's own questions: 10 an hour and 30 a day (each one pages the agents). Inquiries staff
 * record are not limited, as with repairs and complaints.
 */
const asks = rateLimit('desk.ask', {
  limits: [
    { max: 10, windowMs: HOUR_MS },
    { max: 30, windowMs: DAY_MS },
  ],
  says: { action: '提交咨询', unit: '次', hint: '如有急事请致电物业服务中心' },
});
const isStaff = (caller: Caller) => caller.roles.includes('agent') || caller.roles.includes('manager');

/** Apply one change through the inquiry's revision (lib/revision.ts). */
export async function mutateInquiry(id: Id | string, actor: Actor, build: (i: InquiryDoc) => Change | null): Promise<{ inquiry: InquiryDoc; changed: boolean }> {
  const { doc, changed } = await mutateRevision<InquiryDoc>({ kind: 'inquiry', model: Inquiry as never, notFound: 'INQUIRY.NOT_FOUND', conflict: 'INQUIRY.INVALID_TRANSITION' }, id, actor, build);
  return { inquiry: doc, changed };
}

export const warnKey = (stage: InquiryStage, due: Date) => `${stage}@${due.toISOString()}`;

// ---------------------------------------------------------------------------------------------
// Views

export function summarize(i: InquiryDoc): InquirySummary {
  const due = nextDue(i);
  return {
    id: String(i._id),
    inquiryNo: i.inquiryNo,
    status: i.status as InquiryStatus,
    topic: i.topic as InquiryTopic,
    channel: i.channel as InquiryChannel,
    text: i.text,
    location: i.location,
    callerName: i.callerName,
    ...(i.handlerName ? { handlerName: i.handlerName } : {}),
    createdAt: i.createdAt.toISOString(),
    ...(due ? { deadline: { stage: due.stage, at: due.at.toISOString(), warned: (i.warned ?? []).includes(warnKey(due.stage, due.at)), overdue: now().getTime() > due.at.getTime() } } : {}),
    breached: (i.breaches ?? []).length > 0,
    ...(i.answeredAt ? { answeredAt: new Date(i.answeredAt).toISOString() } : {}),
    ...(i.rating?.stars ? { stars: i.rating.stars } : {}),
  };
}

const isOwnerOf = (i: InquiryDoc, caller: Caller) => !isStaff(caller) && ((Boolean(i.ownerId) && String(i.ownerId) === caller.userId) || (Boolean(i.reporterId) && String(i.reporterId) === caller.userId));

/** What this caller may do now (the client shows only these). */
function actionsFor(i: InquiryDoc, caller: Caller): InquiryAction[] {
  const status = i.status as InquiryStatus;
  if (isOwnerOf(i, caller)) return INQUIRY_MACHINE.next(status, 'rate') ? ['rate'] : [];
  if (!isStaff(caller)) return [];
  const out: InquiryAction[] = [];
  for (const e of ['acknowledge', 'answer', 'assign', 'close'] as const) if (INQUIRY_MACHINE.next(status, e)) out.push(e);
  if (INQUIRY_MACHINE.next(status, 'toRepair')) out.push('convert');
  return out;
}

async function detail(i: InquiryDoc, caller: Caller): Promise<InquiryDetail> {
  const staff = isStaff(caller);
  return {
    ...summarize(i),
    photos: await photoLinks(i.photoIds ?? []),
    // In full for the staff who call back; masked for the owner, as everywhere owners see phones.
    callerPhone: staff ? (i.callerPhone ?? '') : maskPhone(i.callerPhone ?? ''),
    ...(i.unitId ? { unitId: String(i.unitId) } : {}),
    ...(i.ownerId && staff ? { ownerId: String(i.ownerId) } : {}),
    ...(i.handlerId && staff ? { handlerId: String(i.handlerId) } : {}),
    promise: { ackMinutes: i.promise?.ackMinutes ?? 0, answerHours: i.promise?.answerHours ?? 0 },
    deadlines: { ack: new Date(i.deadlines?.ack ?? i.createdAt).toISOString(), answer: new Date(i.deadlines?.answer ?? i.createdAt).toISOString() },
    ...(i.ack?.text ? { ack: { text: i.ack.text, at: new Date(i.ack.at!).toISOString(), byName: i.ack.byName ?? '' } } : {}),
    ...(i.answer?.text
      ? {
          answer: {
            text: i.answer.text,
            at: new Date(i.answer.at!).toISOString(),
            byName: i.answer.byName ?? '',
            ...(i.answer.articleId ? { article: { id: i.answer.articleId, title: i.answer.articleTitle ?? '' } } : {}),
          },
        }
      : {}),
    ...(i.rating?.stars ? { rating: { stars: i.rating.stars, ...(i.rating.comment ? { comment: i.rating.comment } : {}), at: new Date(i.rating.at!).toISOString() } } : {}),
    ...(i.conversion?.kind ? { conversion: { kind: i.conversion.kind, id: i.conversion.id ?? '', no: i.conversion.no ?? '' } } : {}),
    ...(i.closedAt ? { closedAt: new Date(i.closedAt).toISOString() } : {}),
    history: (i.history ?? []).map((h) => ({
      at: new Date(h.at).toISOString(),
      event: h.event as InquiryDetail['history'][number]['event'],
      ...(h.from ? { from: h.from as InquiryStatus } : {}),
      to: h.to as InquiryStatus,
      byName: h.byName,
      ...(h.note ? { note: h.note } : {}),
    })),
    actions: actionsFor(i, caller),
  };
}

// ---------------------------------------------------------------------------------------------
// Receiving

/** Inquiry number: ZX + date (Asia/Shanghai) + the id's last 6 hex digits. */
const inquiryNoOf = (id: Id, at: Date) => `ZX${localDayDigits(at).slice(2)}${String(id).slice(-6).toUpperCase()}`;

interface NewInquiry {
  communityId: Id;
  requestKey: string;
  channel: InquiryChannel;
  topic: InquiryTopic;
  text: string;
  photoIds?: string[];
  unitId?: Id;
  ownerId?: Id;
  callerName: string;
  callerPhone: string;
  reporterId: Id;
  reporterName: string;
  note?: string;
  quota?: string;
}

/**
 * A new inquiry: its two promises start (acknowledgement, answer), the agents are told. One inquiry
 * per request key (lib/idempotent.ts): a second submit finds the first one and, while it is still
 * waiting, alerts whoever a first submit that crashed halfway did not reach (keyed: nobody hears twice).
 */
async function receive(input: NewInquiry): Promise<InquiryDoc> {
  const quota = input.quota;
  const { doc } = await createOnce<InquiryDoc>({
    model: Inquiry,
    key: input.requestKey,
    build: (_id) => newInquiry(input, _id),
    ...(quota ? { quota: () => asks.take(quota) } : {}),
    beforeInsert: (i) => attachPhotos(i.photoIds as string[], `inquiry:${String(i._id)}`),
  });
  if (doc.status === 'received') await alertStaff(doc, await agentsOf(doc.communityId as Id), 'new', '新咨询', `${INQUIRY_TOPIC_LABELS[doc.topic as InquiryTopic]}，${doc.location}，${doc.callerName}`);
  return doc;
}

async function newInquiry(input: NewInquiry, _id: Id): Promise<Record<string, unknown>> {
  const unit = input.unitId ? await unitOf(input.communityId, input.unitId) : null;
  if (input.unitId && !unit) throw new AppError('UNIT.NOT_FOUND');
  const promise = await promiseOf(String(input.communityId), input.topic);
  const at = now();
  return {
    _id,
    communityId: input.communityId,
    inquiryNo: inquiryNoOf(_id, at),
    requestKey: input.requestKey,
    channel: input.channel,
    topic: input.topic,
    text: input.text,
    photoIds: input.photoIds ?? [],
    ...(unit ? { unitId: unit._id } : {}),
    location: unit?.label ?? '未关联房屋',
    ...(input.ownerId ? { ownerId: input.ownerId } : {}),
    callerName: input.callerName,
    callerPhone: input.callerPhone,
    reporterId: input.reporterId,
    reporterName: input.reporterName,
    status: 'received',
    rev: 0,
    promise,
    deadlines: inquiryDeadlines(at, promise),
    history: [{ at, event: 'create', to: 'received', byId: input.reporterId, byName: input.reporterName, ...(input.note ? { note: input.note } : {}) }],
  };
}

/** Owner: a question about one of my units (the only one, when I have one), with photos. */
export async function ask(caller: Caller, input: { requestId: string; topic: InquiryTopic; text: string; unitId?: string; photoIds: string[] }): Promise<InquiryDetail> {
  const unitId = input.unitId ?? (caller.unitIds.length === 1 ? caller.unitIds[0] : undefined);
  const [me, photoIds] = await Promise.all([profileOf(caller.userId), ownPhotos(caller, input.photoIds)]);
  const doc = await receive({
    communityId: new ObjectId(caller.communityId),
    requestKey: `${caller.userId}:${input.requestId}`,
    channel: 'miniprogram',
    topic: input.topic,
    text: input.text,
    photoIds,
    ...(unitId ? { unitId: new ObjectId(unitId) } : {}),
    ownerId: new ObjectId(caller.userId),
    callerName: me?.name ?? caller.name,
    callerPhone: me?.phone ?? '',
    reporterId: new ObjectId(caller.userId),
    reporterName: me?.name ?? caller.name,
    quota: caller.userId,
  });
  return detail(doc, caller);
}

/**
 * Agent: a question by phone, at the desk or by WeChat. The owner is the one named (an owner of the
 * community; of the unit, when both are given), or a bound resident of the unit with the caller's
 * phone; otherwise an unknown caller by name and phone — never a guess.
 */
export async function record(
  caller: Caller,
  input: { requestId: string; channel: 'phone' | 'visit' | 'wechat'; topic: InquiryTopic; text: string; unitId?: string; ownerId?: string; callerName?: string; callerPhone?: string },
): Promise<InquiryDetail> {
  const communityId = new ObjectId(caller.communityId);
  let unitId = input.unitId ? new ObjectId(input.unitId) : undefined;
  let ownerId: Id | undefined;
  let callerName = input.callerName;
  let callerPhone = input.callerPhone;
  if (input.ownerId) {
    const candidates = await owners({ communityId }, unitId ? { unitId } : {});
    const owner = candidates.find((o) => String(o.id) === input.ownerId);
    if (!owner) throw new AppError('RESIDENT.NOT_FOUND', unitId ? '该业主不是所选房屋的业主' : '该业主不存在');
    ownerId = owner.id;
    callerName ??= owner.name;
    callerPhone ??= owner.phone;
    if (!unitId && owner.unitIds.length === 1) unitId = owner.unitIds[0];
  } else if (unitId && callerPhone) {
    ownerId = await boundResidentUserId(communityId, unitId, callerPhone);
  }
  if (!callerName) throw new AppError('VALIDATION', '请填写来电/来访人姓名', { issues: [{ path: 'callerName', message: '请填写来电/来访人姓名' }] });
  const doc = await receive({
    communityId,
    requestKey: `${caller.userId}:${input.requestId}`,
    channel: input.channel,
    topic: input.topic,
    text: input.text,
    ...(unitId ? { unitId } : {}),
    ...(ownerId ? { ownerId } : {}),
    callerName,
    callerPhone: callerPhone ?? '',
    reporterId: new ObjectId(caller.userId),
    reporterName: caller.name,
    note: `${{ phone: '电话', visit: '来访', wechat: '微信' }[input.channel]}咨询，${caller.name}代录`,
  });
  return detail(doc, caller);
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function mine(caller: Caller, input: { page: number; pageSize: number }): Promise<Paged<InquirySummary>> {
  const filter = { communityId: new ObjectId(caller.communityId), $or: [{ ownerId: new ObjectId(caller.userId) }, { reporterId: new ObjectId(caller.userId) }] };
  return paged({ model: Inquiry, filter, sort: { createdAt: -1, _id: -1 }, projection: { history: 0 } }, input, (docs: InquiryDoc[]) => docs.map(summarize));
}

export async function list(
  caller: Caller,
  input: { status: InquiryStatus | 'open' | 'all'; topic?: InquiryTopic; overdue: boolean; mine: boolean; page: number; pageSize: number },
): Promise<Paged<InquirySummary>> {
  const filter: Record<string, unknown> = { communityId: new ObjectId(caller.communityId) };
  if (input.status === 'open') filter.status = { $in: OPEN_INQUIRY_STATUSES };
  else if (input.status !== 'all') filter.status = input.status;
  if (input.topic) filter.topic = input.topic;
  if (input.mine) filter.handlerId = new ObjectId(caller.userId);
  // Overdue: the promise due next has passed.
  if (input.overdue) filter.listDue = { $lt: now() };
  return paged({ model: Inquiry, filter, sort: { listDue: 1, createdAt: -1, _id: -1 }, projection: { history: 0 } }, input, (docs: InquiryDoc[]) => docs.map(summarize));
}

/** An inquiry the caller may reach (desk.access.ts), or 404. */
async function load(caller: Caller, id: string): Promise<InquiryDoc> {
  const i = (await Inquiry.findOne({ _id: new ObjectId(id), ...reachableInquiries(caller) }).lean()) as InquiryDoc | null;
  if (!i) throw new AppError('INQUIRY.NOT_FOUND');
  return i;
}

export async function get(caller: Caller, id: string): Promise<InquiryDetail> {
  return detail(await load(caller, id), caller);
}

// ---------------------------------------------------------------------------------------------
// Handling

/** The caller takes it if nobody handles it yet. */
const takeIfFree = (i: InquiryDoc, caller: Caller) => (i.handlerId ? {} : { handlerId: new ObjectId(caller.userId), handlerName: caller.name });

/** 快速反馈: the owner sees the acknowledgement at once (and is told). */
export async function acknowledge(caller: Caller, input: { inquiryId: string; text: string }): Promise<InquiryDetail> {
  await load(caller, input.inquiryId);
  const { inquiry, changed } = await mutateInquiry(input.inquiryId, actorOf(caller), (i) => ({
    event: 'acknowledge',
    to: transitionTo(INQUIRY_MACHINE, i.status, 'acknowledge'),
    note: input.text,
    set: { ack: { text: input.text, at: now(), byName: caller.name }, acknowledgedAt: now(), ...takeIfFree(i, caller) },
  }));
  if (changed) await tellOwner(inquiry, input.text);
  return detail(inquiry, caller);
}

/** The written answer, citing a knowledge-base article when the agent picked one. */
export async function answer(caller: Caller, input: { inquiryId: string; text: string; articleId?: string }): Promise<InquiryDetail> {
  await load(caller, input.inquiryId);
  // The article's title as the knowledge base has it now (404 ARTICLE.NOT_FOUND if the caller cannot read it).
  const cited = input.articleId ? await getArticle(caller, input.articleId) : null;
  const at = now();
  const article = cited ? { articleId: cited.id, articleTitle: cited.title } : {};
  const { inquiry, changed } = await mutateInquiry(input.inquiryId, actorOf(caller), (i) => ({
    event: 'answer',
    to: transitionTo(INQUIRY_MACHINE, i.status, 'answer'),
    note: input.text,
    set: { answer: { text: input.text, at, byName: caller.name, ...article }, answeredAt: at, ...(i.acknowledgedAt ? {} : { acknowledgedAt: at }), ...takeIfFree(i, caller) },
  }));
  if (changed) await tellOwner(inquiry, input.text);
  return detail(inquiry, caller);
}

export async function assign(caller: Caller, input: { inquiryId: string; handlerId: string }): Promise<InquiryDetail> {
  await load(caller, input.inquiryId);
  const handler = await activeMember(caller.communityId, input.handlerId, ['agent', 'manager']);
  if (!handler) throw new AppError('STAFF.NOT_FOUND');
  const { inquiry, changed } = await mutateInquiry(input.inquiryId, actorOf(caller), (i) => {
    transitionTo(INQUIRY_MACHINE, i.status, 'assign');
    if (String(i.handlerId) === String(handler.id)) return null;
    return { event: 'assign', note: `${i.handlerName ?? '未分配'} → ${handler.name}`, set: { handlerId: handler.id, handlerName: handler.name } };
  });
  if (changed && String(handler.id) !== caller.userId) await alertStaff(inquiry, [handler.id], `handler:${inquiry.rev}`, '咨询转交', `${caller.name}将咨询交给您处理`);
  return detail(inquiry, caller);
}

/** Owner: 1–5 stars after the answer, once (a second rating is a 409 naming the state). */
export async function rate(caller: Caller, input: { inquiryId: string; stars: number; comment?: string }): Promise<InquiryDetail> {
  const current = await load(caller, input.inquiryId);
  if (!isOwnerOf(current, caller)) throw new AppError('INQUIRY.NOT_FOUND');
  const { inquiry } = await mutateInquiry(input.inquiryId, actorOf(caller), (i) => ({
    event: 'rate',
    to: transitionTo(INQUIRY_MACHINE, i.status, 'rate'),
    note: `${input.stars}星${input.comment ? `：${input.comment}` : ''}`,
    set: { rating: { stars: input.stars, ...(input.comment ? { comment: input.comment } : {}), at: now() } },
  }));
  return detail(inquiry, caller);
}

export async function close(caller: Caller, input: { inquiryId: string; note: string }): Promise<InquiryDetail> {
  await load(caller, input.inquiryId);
  const { inquiry, changed } = await mutateInquiry(input.inquiryId, actorOf(caller), (i) => ({ event: 'close', to: transitionTo(INQUIRY_MACHINE, i.status, 'close'), note: input.note, set: { closedAt: now() } }));
  if (changed) await tellOwner(inquiry, `咨询已关闭：${input.note}`);
  return detail(inquiry, caller);
}

/** The complaint category an inquiry's topic suggests. */
const COMPLAINT_CATEGORY_OF: Record<InquiryTopic, ComplaintCategory> = {
  fees: 'fees',
  parking: 'parking',
  renovation: 'renovation',
  movein: 'other',
  documents: 'other',
  facilities: 'facilities',
  order: 'security',
  activities: 'other',
  other: 'other',
};

/**
 * Turn the inquiry into a repair order or a complaint through their modules' public APIs (as the
 * sentiment module's incidents do): the question, the photos' owner, the unit and the caller carry
 * over — nobody retypes. One of each per inquiry (the repair's request id and the complaint's request
 * key are the inquiry's); the inquiry records the link (the owner follows it), the complaint names
 * the inquiry as its source, the repair's channel says 咨询转入.
 */
export async function convert(
  caller: Caller,
  input: { inquiryId: string; to: 'repair' | 'complaint'; category?: string; area?: 'home' | 'common'; place?: string; description?: string; urgent: boolean },
): Promise<InquiryDetail> {
  const i = await load(caller, input.inquiryId);
  // Converted already (a retry): the same answer; into the other kind: refused by the table.
  if (i.conversion?.kind === input.to) return detail(i, caller);
  const event = input.to === 'repair' ? 'toRepair' : 'toComplaint';
  transitionTo(INQUIRY_MACHINE, i.status, event);
  const description = input.description ?? i.text;
  const area = input.to === 'repair' ? (input.area ?? (i.unitId ? 'home' : 'common')) : 'home';
  const missing = [...(!i.unitId && area === 'home' ? ['unitId'] : []), ...(!i.callerPhone ? ['callerPhone'] : [])];
  if (missing.length) throw new AppError('INQUIRY.OWNER_UNKNOWN', undefined, { missing });
  let made: { id: string; no: string };
  if (input.to === 'repair') {
    if (area === 'common' && !input.place?.trim()) throw new AppError('VALIDATION', '请填写报修位置，如 1栋电梯', { issues: [{ path: 'place', message: '请填写报修位置，如 1栋电梯' }] });
    const settings = await repairSettingsOf(new ObjectId(caller.communityId));
    const repair = await createRepair(caller, {
      requestId: `inquiry-${String(i._id)}-repair`,
      area,
      ...(i.unitId ? { unitId: String(i.unitId) } : {}),
      ...(area === 'common' ? { place: input.place!.trim() } : {}),
      category: input.category ?? settings.categories[settings.categories.length - 1],
      description,
      photoIds: [],
      contactName: i.callerName,
      contactPhone: i.callerPhone,
      channel: 'inquiry',
    });
    made = { id: repair.id, no: repair.orderNo };
  } else {
    const complaint = await fromInquiry(caller, {
      inquiryId: String(i._id),
      inquiryNo: i.inquiryNo,
      category: (input.category as ComplaintCategory | undefined) ?? COMPLAINT_CATEGORY_OF[i.topic as InquiryTopic],
      description,
      ...(i.unitId ? { unitId: i.unitId } : {}),
      ...(i.ownerId ? { ownerId: i.ownerId } : {}),
      contactName: i.callerName,
      contactPhone: i.callerPhone,
      urgent: input.urgent,
    });
    made = { id: complaint.id, no: complaint.caseNo };
  }
  const label = input.to === 'repair' ? '报修' : '投诉';
  const { inquiry, changed } = await mutateInquiry(i._id, actorOf(caller), (cur) => {
    if (cur.conversion?.kind) return null;
    return { event, to: transitionTo(INQUIRY_MACHINE, cur.status, event), note: `转为${label} ${made.no}`, set: { conversion: { kind: input.to, ...made }, ...takeIfFree(cur, caller) } };
  });
  if (changed) await tellOwner(inquiry, `已转为${label}处理，单号${made.no}`);
  return detail(inquiry, caller);
}

/** The stages still open on an inquiry (for the deadline job). */
export function runningStages(i: InquiryDoc): readonly InquiryStage[] {
  return INQUIRY_STAGES_OF[i.status as InquiryStatus] ?? [];
}
