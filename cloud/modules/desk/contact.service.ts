import type { ContactView } from '@shared/contracts/desk-log.contract';
import type { Paged } from '@shared/contracts/contract';
import { localDay } from '@shared/domain/calendar';
import type { ContactDirection, ContactKind, VisitorPurpose } from '@shared/domain/desk-log';
import { maskPhone } from '@shared/domain/privacy';
import { AppError } from '../../lib/app-error';
import { hasRole, type Caller } from '../../lib/caller';
import { claimOnce } from '../../lib/claim';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { paged } from '../../lib/paging';
import { unitOf } from '../community';
import { activeMember } from '../identity';
import { Contact, type ContactDoc } from './contact.model';

const { ObjectId } = mongoose.Types;

/** The staff who log contacts and may be given a follow-up. */
const DESK_STAFF = ['agent', 'cashier', 'manager'] as const;

export interface LogContactInput {
  requestId: string;
  kind: ContactKind;
  direction: ContactDirection;
  unitId?: string;
  ownerId?: string;
  phone?: string;
  visitor?: { name: string; company?: string; purpose: VisitorPurpose };
  purpose: string;
  result?: string;
  followUp?: { dueAt: string; assigneeId?: string; note?: string };
}

export function contactView(c: ContactDoc, caller: Pick<Caller, 'roles'>): ContactView {
  // Agents and managers call back: the phone in full; a cashier sees it masked.
  const fullPhone = hasRole(caller, 'agent', 'manager');
  const f = c.followUp;
  return {
    id: String(c._id),
    kind: c.kind as ContactKind,
    direction: c.direction as ContactDirection,
    ...(c.unitId ? { unitId: String(c.unitId), unitLabel: c.unitLabel ?? '' } : {}),
    ...(c.ownerId ? { ownerId: String(c.ownerId), ownerName: c.ownerName ?? '' } : {}),
    ...(c.phone ? { phone: fullPhone ? c.phone : maskPhone(c.phone) } : {}),
    ...(c.visitor ? { visitor: { name: c.visitor.name, ...(c.visitor.company ? { company: c.visitor.company } : {}), purpose: c.visitor.purpose as VisitorPurpose } } : {}),
    purpose: c.purpose,
    ...(c.result ? { result: c.result } : {}),
    ...(f
      ? {
          followUp: {
            dueAt: new Date(f.dueAt).toISOString(),
            ...(f.assigneeId ? { assigneeId: String(f.assigneeId) } : {}),
            assigneeName: f.assigneeName,
            open: !f.doneAt,
            overdue: !f.doneAt && new Date(f.dueAt).getTime() < now().getTime(),
            ...(f.doneAt ? { doneAt: new Date(f.doneAt).toISOString() } : {}),
            ...(f.doneByName ? { doneByName: f.doneByName } : {}),
            ...(f.note ? { note: f.note } : {}),
          },
        }
      : {}),
    at: new Date(c.at).toISOString(),
    byName: c.byName,
  };
}

/**
 * Log a call, a visit or a WeChat message. One entry per request id (a retry or a double tap finds
 * the first). The owner, when named, must be an owner of the caller's community; a follow-up goes to
 * the staff member named, or to the caller.
 */
export async function logContact(caller: Caller, input: LogContactInput): Promise<ContactView> {
  const { doc } = await createOnce<ContactDoc>({
    model: Contact,
    key: `${caller.userId}:${input.requestId}`,
    build: async (_id) => {
      const at = now();
      const unit = input.unitId ? await unitOf(caller.communityId, input.unitId) : null;
      const owner = input.ownerId ? await activeMember(caller.communityId, input.ownerId, ['owner']) : null;
      if (input.ownerId && !owner) throw new AppError('CONTACT.OWNER_NOT_FOUND');
      let followUp: Record<string, unknown> | undefined;
      if (input.followUp) {
        const assignee = input.followUp.assigneeId ? await activeMember(caller.communityId, input.followUp.assigneeId, DESK_STAFF) : { id: new ObjectId(caller.userId), name: caller.name };
        if (!assignee) throw new AppError('STAFF.NOT_FOUND');
        followUp = { dueAt: new Date(input.followUp.dueAt), assigneeId: assignee.id, assigneeName: assignee.name, ...(input.followUp.note ? { note: input.followUp.note } : {}) };
      }
      return {
        _id,
        communityId: new ObjectId(caller.communityId),
        requestKey: `${caller.userId}:${input.requestId}`,
        kind: input.kind,
        direction: input.direction,
        ...(unit ? { unitId: unit._id, unitLabel: unit.label } : {}),
        ...(owner ? { ownerId: owner.id, ownerName: owner.name } : {}),
        ...(input.phone ? { phone: input.phone } : {}),
        ...(input.visitor ? { visitor: input.visitor } : {}),
        purpose: input.purpose,
        ...(input.result ? { result: input.result } : {}),
        ...(followUp ? { followUp } : {}),
        followUpOpen: Boolean(followUp),
        at,
        day: localDay(at),
        byId: new ObjectId(caller.userId),
        byName: caller.name,
      };
    },
  });
  return contactView(doc, caller);
}

export interface ContactListInput {
  day?: string;
  kind?: ContactKind;
  followUp: boolean;
  unitId?: string;
  ownerId?: string;
  page: number;
  pageSize: number;
}

/** The log: open follow-ups first (soonest due first), then the rest newest first; `followUp` → only open follow-ups. */
export async function contacts(caller: Caller, input: ContactListInput): Promise<Paged<ContactView>> {
  const filter: Record<string, unknown> = {
    communityId: new ObjectId(caller.communityId),
    ...(input.day ? { day: input.day } : {}),
    ...(input.kind ? { kind: input.kind } : {}),
    ...(input.unitId ? { unitId: new ObjectId(input.unitId) } : {}),
    ...(input.ownerId ? { ownerId: new ObjectId(input.ownerId) } : {}),
  };
  const open = { model: Contact, filter: { ...filter, followUpOpen: true }, sort: { 'followUp.dueAt': 1 as const } };
  const rest = { model: Contact, filter: { ...filter, followUpOpen: false }, sort: { at: -1 as const } };
  return paged(input.followUp ? open : [open, rest], input, (docs: ContactDoc[]) => docs.map((d) => contactView(d, caller)));
}

/** The follow-up is done: recorded once (a second close, or a racing one, changes nothing). */
export async function closeFollowUp(caller: Caller, input: { contactId: string; note?: string }): Promise<ContactView> {
  const filter = { _id: new ObjectId(input.contactId), communityId: new ObjectId(caller.communityId) };
  const c = await Contact.findOne(filter).lean<ContactDoc>();
  if (!c) throw new AppError('CONTACT.NOT_FOUND');
  if (!c.followUp) throw new AppError('CONTACT.NO_FOLLOW_UP');
  if (!c.followUp.doneAt && (await claimOnce(`contact:${input.contactId}:followup-done`))) {
    await Contact.updateOne(filter, {
      $set: { followUpOpen: false, 'followUp.doneAt': now(), 'followUp.doneByName': caller.name, ...(input.note ? { 'followUp.doneNote': input.note } : {}) },
    });
  }
  const after = await Contact.findOne(filter).lean<ContactDoc>();
  return contactView(after!, caller);
}

/** The contacts of an owner (by unit or owner user id), newest first: the owner view's timeline reads it. */
export async function contactsOf(communityId: string, who: { unitIds?: string[]; ownerId?: string }, limit = 50): Promise<ContactDoc[]> {
  const or: Record<string, unknown>[] = [];
  if (who.unitIds?.length) or.push({ unitId: { $in: who.unitIds.map((id) => new ObjectId(id)) } });
  if (who.ownerId) or.push({ ownerId: new ObjectId(who.ownerId) });
  if (!or.length) return [];
  return Contact.find({ communityId: new ObjectId(communityId), $or: or }).sort({ at: -1, _id: -1 }).limit(limit).lean<ContactDoc[]>();
}
