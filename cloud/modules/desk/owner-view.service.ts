import type { Paged } from '@shared/contracts/contract';
import type { UnitDetail } from '@shared/contracts/community.contract';
import type { OwnerCandidate, OwnerLookupResult, OwnerView, OwnerViewPerson, OwnerViewTarget, OwnerViewUnit, TimelineEntry, ViewAuditEntry } from '@shared/contracts/desk-owner-view';
import type { UnitAccount } from '@shared/contracts/fees.contract';
import { COMPLAINT_EVENT_LABELS } from '@shared/domain/complaints';
import { INQUIRY_EVENT_LABELS, INQUIRY_TOPIC_LABELS, type InquiryTopic } from '@shared/domain/desk';
import { CONTACT_DIRECTION_LABELS, CONTACT_KIND_LABELS, type ContactDirection, type ContactKind } from '@shared/domain/desk-log';
import { CHANNEL_LABELS } from '@shared/domain/messaging';
import { LOOKUP_MAX_RESULTS, OWNER_VIEW_ROLES, parseLookup, PHONE_REVEAL_ROLES, TIMELINE_CAP, type OwnerViewSubject, type ViewAuditAction } from '@shared/domain/owner-lookup';
import { maskPhone } from '@shared/domain/privacy';
import { REPAIR_EVENT_LABELS } from '@shared/domain/repairs';
import { AppError } from '../../lib/app-error';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { logger } from '../../lib/logger';
import { paged } from '../../lib/paging';
import type { Caller } from '../../lib/caller';
import { findResidents, findUnitsByRoom, unitDetail, unitLabels, type ResidentEntry } from '../community';
import { complaintsOfOwner } from '../complaints';
import type { OwnerRecordEvent } from '../../lib/owner-records';
import { accountOf } from '../fees';
import { ownerOf } from '../identity';
import { callTasksFor, messagesTo } from '../messaging';
import { unreadNoticesOf } from '../notices';
import { repairsOfOwner } from '../repairs';
import { incidentsOfOwner } from '../sentiment';
import { Contact, type ContactDoc } from './contact.model';
import { Inquiry, type InquiryDoc } from './inquiry.model';
import { ViewAudit, type ViewAuditDoc } from './view-audit.model';

/**
 * The one owner view (客户一户一档, docs/modules/desk.md "One owner view"): finding an owner by
 * phone, name or room, everything the office holds about them on one screen, revealing a phone
 * number, and the audit of both. Phones leave this file masked, except in revealPhone's answer.
 */
const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

const cid = (caller: Caller) => new ObjectId(caller.communityId);
const uniqueIds = (ids: readonly Id[]): Id[] => [...new Map(ids.map((id) => [String(id), id])).values()];
const byLabel = (a: { label: string }, b: { label: string }) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
const RELATION_ORDER = { owner: 0, family: 1, tenant: 2 } as const;

// ---------------------------------------------------------------------------------------------
// Look-up

/** 查询业主: the people a phone, its last 4 digits, a name or a room finds. Never a guess: an unknown full phone says so. */
export async function lookup(caller: Caller, input: { q: string }): Promise<OwnerLookupResult> {
  const communityId = cid(caller);
  const q = input.q.trim();
  const parsed = parseLookup(q);
  const readAs: OwnerLookupResult['readAs'] = [];
  const limit = LOOKUP_MAX_RESULTS;
  let truncated = false;
  const found: ResidentEntry[] = [];
  const take = (list: ResidentEntry[]) => {
    if (list.length > limit) truncated = true;
    found.push(...list.slice(0, limit));
  };
  const matchedUnits: { _id: Id; label: string }[] = [];
  if (parsed.phone) {
    readAs.push('phone');
    take(await findResidents(communityId, { phone: parsed.phone }, limit));
  }
  if (parsed.phoneTail) {
    readAs.push('phoneTail');
    take(await findResidents(communityId, { phoneTail: parsed.phoneTail }, limit));
  }
  if (parsed.room) {
    readAs.push('room');
    const units = await findUnitsByRoom(communityId, parsed.room, limit);
    if (units.length > limit) truncated = true;
    matchedUnits.push(...units.slice(0, limit));
    if (matchedUnits.length) take(await findResidents(communityId, { unitIds: matchedUnits.map((u) => u._id) }, limit * 4));
  }
  if (parsed.name) {
    readAs.push('name');
    take(await findResidents(communityId, { name: parsed.name }, limit));
  }
  const unique = [...new Map(found.map((r) => [String(r._id), r])).values()];
  const labels = await unitLabels(uniqueIds([...unique.map((r) => r.unitId), ...matchedUnits.map((u) => u._id)]));
  // One candidate per person: the same name and phone over several units (an owner of two flats).
  const groups = new Map<string, ResidentEntry[]>();
  for (const r of unique) {
    const key = r.phone ? `${r.name}|${r.phone.replace(/\D/g, '')}` : String(r._id);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const candidates: OwnerCandidate[] = [...groups.values()]
    .map((rs) => {
      const first = [...rs].sort((a, b) => RELATION_ORDER[a.relation] - RELATION_ORDER[b.relation])[0];
      return {
        name: first.name,
        relation: first.relation,
        phone: first.phone ? maskPhone(first.phone) : '',
        residentIds: rs.map((r) => String(r._id)),
        units: rs.map((r) => ({ id: String(r.unitId), label: labels.get(String(r.unitId)) ?? '' })).sort(byLabel),
        boundToApp: rs.some((r) => Boolean(r.userId)),
        view: { kind: 'resident' as const, id: String(first._id) },
      };
    })
    .sort((a, b) => RELATION_ORDER[a.relation] - RELATION_ORDER[b.relation] || (a.units[0]?.label ?? '').localeCompare(b.units[0]?.label ?? '') || a.name.localeCompare(b.name));
  const occupied = new Set(unique.map((r) => String(r.unitId)));
  const emptyUnits = matchedUnits.filter((u) => !occupied.has(String(u._id))).map((u) => ({ id: String(u._id), label: u.label }));
  return {
    query: q,
    readAs,
    candidates: candidates.slice(0, limit),
    emptyUnits,
    truncated: truncated || candidates.length > limit,
    ...(parsed.phone && candidates.length === 0 ? { unknownPhone: parsed.phone } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Whom the view is about

interface Subject {
  target: OwnerViewTarget;
  /** The person looked up (absent: a unit with nobody on record). */
  person?: ResidentEntry;
  /** The owner's app account (when the person is bound, or the view was opened by it). */
  userId?: Id;
  name: string;
  unitIds: Id[];
  /** The person's resident records (one per unit). */
  residentIds: Id[];
}

async function subjectOf(caller: Caller, input: { unitId?: string; userId?: string; residentId?: string }): Promise<Subject> {
  const communityId = cid(caller);
  if (input.unitId) {
    const unitId = new ObjectId(input.unitId);
    const residents = await findResidents(communityId, { unitIds: [unitId] }, 100);
    const person = [...residents].sort((a, b) => RELATION_ORDER[a.relation] - RELATION_ORDER[b.relation])[0];
    return {
      target: { kind: 'unit', id: input.unitId },
      ...(person ? { person } : {}),
      ...(person?.userId ? { userId: person.userId } : {}),
      name: person?.name ?? '',
      unitIds: [unitId],
      residentIds: person ? [person._id] : [],
    };
  }
  if (input.userId) {
    const owner = await ownerOf(caller.communityId, input.userId);
    if (!owner) throw new AppError('OWNER.NOT_FOUND');
    const records = await findResidents(communityId, { userId: owner.id }, 100);
    return {
      target: { kind: 'user', id: input.userId },
      ...(records[0] ? { person: records[0] } : {}),
      userId: owner.id,
      name: owner.name,
      unitIds: uniqueIds(records.map((r) => r.unitId)),
      residentIds: records.map((r) => r._id),
    };
  }
  // By resident record (the policy has checked it is of this community): the same person's other
  // records — bound to the same account, or with the same name and phone — add their units.
  const [person] = await findResidents(communityId, { residentIds: [new ObjectId(input.residentId)] }, 1);
  if (!person) throw new AppError('RESIDENT.NOT_FOUND');
  const same = [
    ...(person.userId ? await findResidents(communityId, { userId: person.userId }, 100) : []),
    ...(person.phone ? (await findResidents(communityId, { phone: person.phone.replace(/\D/g, '') }, 100)).filter((r) => r.name === person.name) : []),
  ];
  const records = [...new Map([person, ...same].map((r) => [String(r._id), r])).values()];
  return {
    target: { kind: 'resident', id: String(person._id) },
    person,
    ...(person.userId ? { userId: person.userId } : {}),
    name: person.name,
    unitIds: uniqueIds(records.map((r) => r.unitId)),
    residentIds: records.map((r) => r._id),
  };
}

// ---------------------------------------------------------------------------------------------
// The view

function toPerson(r: UnitDetail['residents'][number], subject: Subject): OwnerViewPerson {
  return {
    residentId: r.id,
    name: r.name,
    relation: r.relation,
    phone: r.phone ? maskPhone(r.phone) : '',
    hasPhone: Boolean(r.phone),
    boundToApp: r.boundToApp,
    isSubject: subject.residentIds.some((id) => String(id) === r.id),
  };
}

function toUnit(d: UnitDetail, account: UnitAccount, subject: Subject): OwnerViewUnit {
  return {
    id: d.id,
    label: d.label,
    buildingName: d.buildingName,
    areaM2: d.areaM2,
    status: d.status,
    household: d.residents.map((r) => toPerson(r, subject)),
    vehicles: d.vehicles,
    parkingSpaces: d.parkingSpaces.map((p) => ({ id: p.id, code: p.code, kind: p.kind, plates: p.plates, ...(p.leaseEndsOn ? { leaseEndsOn: p.leaseEndsOn } : {}), ...(p.daysLeft !== undefined ? { daysLeft: p.daysLeft } : {}) })),
    owedFen: account.owedFen,
    creditFen: account.creditFen,
    openBills: account.bills
      .filter((b) => b.status === 'open' && b.dueFen > 0)
      .sort((a, b) => Date.parse(a.dueDate) - Date.parse(b.dueDate))
      .map((b) => ({ id: b.id, itemName: b.itemName, periodLabel: b.periodLabel, dueFen: b.dueFen, dueDate: b.dueDate, daysOverdue: b.daysOverdue })),
  };
}

const contactEntry = (c: ContactDoc): TimelineEntry => {
  const kind = c.kind as ContactKind;
  const direction = c.kind === 'call' ? `（${CONTACT_DIRECTION_LABELS[c.direction as ContactDirection]}）` : '';
  return {
    kind,
    at: c.at.toISOString(),
    title: `${CONTACT_KIND_LABELS[kind]}${direction} · ${c.purpose}`,
    detail: [c.result, c.followUp && !c.followUp.doneAt ? `待跟进：${c.followUp.note ?? ''}`.replace(/：$/, '') : ''].filter(Boolean).join('；'),
    byName: c.byName,
    ref: { kind: 'contact', id: String(c._id) },
  };
};

const recordEntries = (kind: 'repair' | 'complaint', events: OwnerRecordEvent[]): TimelineEntry[] =>
  events.map((e) => {
    const labels: Record<string, string> = kind === 'repair' ? REPAIR_EVENT_LABELS : COMPLAINT_EVENT_LABELS;
    return {
      kind,
      at: e.at.toISOString(),
      title: `${kind === 'repair' ? '报修' : '投诉'} ${e.no} · ${labels[e.event] ?? e.event}`,
      detail: e.note ?? '',
      byName: e.byName,
      ref: { kind, id: e.id },
    };
  });

const inquiryEntries = (docs: InquiryDoc[]): TimelineEntry[] =>
  docs.flatMap((i) =>
    (i.history ?? []).map((h) => ({
      kind: 'inquiry' as const,
      at: h.at.toISOString(),
      title: `咨询 ${i.inquiryNo} · ${(INQUIRY_EVENT_LABELS as Record<string, string>)[h.event] ?? h.event}`,
      detail: h.event === 'create' ? i.text.slice(0, 60) : (h.note ?? ''),
      byName: h.byName,
      ref: { kind: 'inquiry' as const, id: String(i._id) },
    })),
  );

/** 一户一档: everything of this owner (and nothing of anyone else), phones masked; audited. */
export async function ownerView(caller: Caller, input: { unitId?: string; userId?: string; residentId?: string }): Promise<OwnerView> {
  const communityId = cid(caller);
  const subject = await subjectOf(caller, input);
  const { unitIds } = subject;
  const userIds = subject.userId ? [subject.userId] : [];
  const [details, accounts] = await Promise.all([
    Promise.all(unitIds.map((u) => unitDetail(caller, String(u)))),
    Promise.all(unitIds.map((u) => accountOf(communityId, u))),
  ]);
  const units = details.map((d, k) => toUnit(d, accounts[k], subject)).sort(byLabel);
  const everyone = details.flatMap((d) => d.residents);
  const mine = everyone.filter((r) => subject.residentIds.some((id) => String(id) === r.id));
  const phones = [...new Set(mine.map((r) => r.phone).filter(Boolean))];
  const ownerOr: Record<string, unknown>[] = [...(unitIds.length ? [{ unitId: { $in: unitIds } }] : []), ...(userIds.length ? [{ ownerId: { $in: userIds } }] : [])];
  const [repairs, complaints, inquiries, notices, incidents, contacts, messages, calls] = await Promise.all([
    repairsOfOwner(communityId, { unitIds, userIds }),
    complaintsOfOwner(communityId, { unitIds, userIds }),
    ownerOr.length ? (Inquiry.find({ communityId, $or: ownerOr }, { photoIds: 0 }).sort({ createdAt: -1, _id: -1 }).limit(20).lean() as Promise<InquiryDoc[]>) : Promise.resolve([] as InquiryDoc[]),
    unreadNoticesOf(communityId, unitIds),
    incidentsOfOwner(communityId, { userIds, unitIds }),
    ownerOr.length || phones.length
      ? (Contact.find({ communityId, $or: [...ownerOr, ...(phones.length ? [{ phone: { $in: phones } }] : [])] }).sort({ at: -1, _id: -1 }).limit(TIMELINE_CAP).lean() as Promise<ContactDoc[]>)
      : Promise.resolve([] as ContactDoc[]),
    messagesTo(communityId, userIds, TIMELINE_CAP),
    callTasksFor(communityId, { recipientIds: [...userIds, ...subject.residentIds], phones }, TIMELINE_CAP),
  ]);
  const labelOf = new Map(units.map((u) => [u.id, u.label]));
  const all: TimelineEntry[] = [
    ...contacts.map(contactEntry),
    ...messages.map((m): TimelineEntry => ({ kind: 'message', at: m.at.toISOString(), title: m.title, detail: CHANNEL_LABELS[m.channel], byName: '系统' })),
    ...calls.map(
      (t): TimelineEntry => ({
        kind: 'callTask',
        at: (t.doneAt ?? t.at).toISOString(),
        title: `电话通知 · ${t.title}`,
        detail: t.status === 'done' ? `已拨打${t.note ? `：${t.note}` : ''}` : `待拨打（${t.reason}）`,
        ...(t.doneByName ? { byName: t.doneByName } : {}),
      }),
    ),
    ...recordEntries('repair', repairs.events),
    ...recordEntries('complaint', complaints.events),
    ...inquiryEntries(inquiries),
  ]
    // Newest first; steps at the same moment (a report and its dispatch) latest step first.
    .map((e, k) => ({ e, k, t: Date.parse(e.at) }))
    .sort((a, b) => b.t - a.t || b.k - a.k)
    .map((x) => x.e);
  const person = subject.person ? everyone.find((r) => r.id === String(subject.person!._id)) : undefined;
  const view: OwnerView = {
    target: subject.target,
    ...(subject.name
      ? {
          subject: {
            name: subject.name,
            ...(subject.person ? { residentId: String(subject.person._id) } : {}),
            ...(subject.userId ? { userId: String(subject.userId) } : {}),
            phone: person?.phone ? maskPhone(person.phone) : '',
            boundToApp: Boolean(subject.userId),
          },
        }
      : {}),
    units,
    repairs: { open: repairs.open, recent: repairs.recent },
    complaints: { open: complaints.open, recent: complaints.recent },
    inquiries: inquiries.map((i) => ({
      id: String(i._id),
      topic: INQUIRY_TOPIC_LABELS[i.topic as InquiryTopic] ?? i.topic,
      text: i.text,
      status: i.status,
      createdAt: i.createdAt.toISOString(),
      ...(i.answeredAt ? { answeredAt: i.answeredAt.toISOString() } : {}),
    })),
    unreadNotices: notices.map((n) => ({ id: n.id, title: n.title, category: n.category, publishAt: n.publishAt.toISOString(), unitLabels: n.unitIds.map((u) => labelOf.get(String(u)) ?? '') })),
    incidents,
    timeline: all.slice(0, TIMELINE_CAP),
    timelineCapped: all.length > TIMELINE_CAP || [contacts.length, messages.length, calls.length].some((n) => n >= TIMELINE_CAP),
    canRevealPhone: caller.roles.some((r) => PHONE_REVEAL_ROLES.includes(r)),
  };
  await audit(caller, 'view', subject, units.map((u) => u.label), `报修${repairs.open.length + repairs.recent.length} 投诉${complaints.open.length + complaints.recent.length} 咨询${inquiries.length} 往来${view.timeline.length}`, {
    strict: false,
  });
  return view;
}

// ---------------------------------------------------------------------------------------------
// Revealing a phone, and the audit

/** 显示号码/拨打: a resident's full number, only once the audit entry is written. */
export async function revealPhone(caller: Caller, input: { residentId: string }): Promise<{ residentId: string; name: string; phone: string }> {
  const [person] = await findResidents(cid(caller), { residentIds: [new ObjectId(input.residentId)] }, 1);
  if (!person) throw new AppError('RESIDENT.NOT_FOUND');
  const labels = await unitLabels([person.unitId]);
  const subject: Subject = { target: { kind: 'resident', id: input.residentId }, person, ...(person.userId ? { userId: person.userId } : {}), name: person.name, unitIds: [person.unitId], residentIds: [person._id] };
  await audit(caller, 'revealPhone', subject, [...labels.values()], `显示 ${person.name} 的号码`, { strict: true });
  return { residentId: input.residentId, name: person.name, phone: person.phone };
}

/**
 * One audit entry, awaited before the answer goes (no input or role skips it). A failed write is
 * tried once more; then `strict` (revealPhone) fails the call — no number without its entry — and
 * otherwise (the view, whose phones are masked) the entry goes to the error log as
 * `view-audit.write-failed` with every field, and the view is answered.
 */
async function audit(caller: Caller, action: ViewAuditAction, subject: Subject, labels: string[], detail: string, opts: { strict: boolean }): Promise<void> {
  const entry = {
    communityId: cid(caller),
    action,
    staffId: new ObjectId(caller.userId),
    staffName: caller.name,
    role: caller.roles.find((r) => OWNER_VIEW_ROLES.includes(r)) ?? caller.roles[0] ?? '',
    target: subject.target,
    ownerName: subject.name,
    unitIds: subject.unitIds,
    unitLabels: labels,
    residentIds: subject.residentIds,
    ...(subject.userId ? { ownerUserId: subject.userId } : {}),
    detail,
    at: now(),
  };
  for (let attempt = 1; ; attempt++) {
    try {
      await ViewAudit.create(entry);
      return;
    } catch (err) {
      if (attempt < 2) continue;
      if (opts.strict) throw new AppError('DESK.AUDIT_FAILED');
      logger.error('view-audit.write-failed', { ...entry, communityId: String(entry.communityId), staffId: String(entry.staffId), unitIds: entry.unitIds.map(String), residentIds: entry.residentIds.map(String), error: err instanceof Error ? err.message : String(err) });
      return;
    }
  }
}

/** Managers: the audit, newest first, by staff member, unit, resident or action. */
export async function viewAudit(caller: Caller, input: { staffId?: string; unitId?: string; residentId?: string; action?: ViewAuditAction; page: number; pageSize: number }): Promise<Paged<ViewAuditEntry>> {
  const filter: Record<string, unknown> = { communityId: cid(caller) };
  if (input.staffId) filter.staffId = new ObjectId(input.staffId);
  if (input.unitId) filter.unitIds = new ObjectId(input.unitId);
  if (input.residentId) filter.residentIds = new ObjectId(input.residentId);
  if (input.action) filter.action = input.action;
  return paged({ model: ViewAudit, filter, sort: { at: -1, _id: -1 } }, input, (docs: ViewAuditDoc[]) =>
    docs.map((d) => ({
      id: String(d._id),
      at: d.at.toISOString(),
      action: d.action as ViewAuditAction,
      staffId: String(d.staffId),
      staffName: d.staffName,
      role: d.role,
      ownerName: d.ownerName ?? '',
      target: { kind: (d.target?.kind ?? 'unit') as OwnerViewSubject, id: d.target?.id ?? '' },
      unitLabels: [...(d.unitLabels ?? [])],
      detail: d.detail ?? '',
    })),
  );
}
