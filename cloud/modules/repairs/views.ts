import type { RepairAction, RepairDeadline, RepairDetail, RepairSummary } from '@shared/contracts/repairs.contract';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@shared/domain/calendar';
import { maskPhone } from '@shared/domain/privacy';
import {
  OPEN_STATUSES,
  REPAIR_FLAGS,
  REPAIR_MACHINE,
  RATE_WITHIN_HOURS,
  REOPEN_WITHIN_DAYS,
  SLA_WARN_SHARE,
  UNASSIGNED_STATUSES,
  URGE_INTERVAL_MINUTES,
  type RepairArea,
  type RepairChannel,
  type RepairFlag,
  type RepairEvent,
  type RepairStatus,
  type SlaStage,
  type Urgency,
} from '@shared/domain/repairs';
import { now } from '../../lib/clock';
import type { Caller } from '../../lib/caller';
import { photoLinks } from '../files';
import { runningStage, type RepairDoc } from './repair.model';

const iso = (d?: Date | null) => (d ? new Date(d).toISOString() : undefined);

export { runningStage };

/** When the stage's clock started: accept from the last dispatch (or the round's start), the others from the round's start. */
export function stageStart(o: Pick<RepairDoc, 'roundFrom' | 'dispatchedAt'>, stage: SlaStage): Date {
  if (stage === 'accept' && o.dispatchedAt && o.dispatchedAt > o.roundFrom) return o.dispatchedAt;
  return o.roundFrom;
}

export function warnAt(o: Pick<RepairDoc, 'roundFrom' | 'dispatchedAt'>, stage: SlaStage, deadline: Date): Date {
  const start = stageStart(o, stage).getTime();
  return new Date(start + (deadline.getTime() - start) * SLA_WARN_SHARE);
}

export const deadlineKey = (stage: SlaStage, at: Date) => `${stage}@${at.getTime()}`;

function currentDeadline(o: RepairDoc, at: Date): RepairDeadline | undefined {
  const stage = runningStage(o);
  const due = stage ? o.deadlines?.[stage] : undefined;
  if (!stage || !due) return undefined;
  return { stage, at: due.toISOString(), warned: (o.warned ?? []).includes(deadlineKey(stage, due)), overdue: at.getTime() >= due.getTime() };
}

export function toSummary(o: RepairDoc): RepairSummary {
  const at = now();
  return {
    id: String(o._id),
    orderNo: o.orderNo,
    status: o.status as RepairStatus,
    urgency: o.urgency as Urgency,
    area: o.area as RepairArea,
    category: o.category,
    location: o.location,
    description: o.description,
    createdAt: o.createdAt.toISOString(),
    ...(o.assigneeName ? { assigneeName: o.assigneeName } : {}),
    ...(currentDeadline(o, at) ? { deadline: currentDeadline(o, at) } : {}),
    breached: (o.breaches ?? []).length > 0,
    inPool: Boolean(o.inPool) && UNASSIGNED_STATUSES.includes(o.status as RepairStatus),
    urgeCount: o.urgeCount ?? 0,
    flags: (o.flags ?? []).filter((f): f is RepairFlag => (REPAIR_FLAGS as readonly string[]).includes(f)),
  };
}

/** Is this person the owner side of the order (reported it, is its owner, or lives in its unit)? */
export function isOwnerSide(o: RepairDoc, caller: Caller): boolean {
  return String(o.reporterId) === caller.userId || String(o.ownerId ?? '') === caller.userId || (o.unitId ? caller.unitIds.includes(String(o.unitId)) : false);
}

export function isDeskStaff(caller: Caller): boolean {
  return caller.roles.includes('agent') || caller.roles.includes('manager');
}

export function urgeAllowedAt(o: Pick<RepairDoc, 'lastUrgedAt'>): Date {
  return new Date((o.lastUrgedAt ? new Date(o.lastUrgedAt).getTime() : 0) + URGE_INTERVAL_MINUTES * MINUTE_MS);
}

export function reopenableUntil(o: Pick<RepairDoc, 'completedAt'>): Date | null {
  return o.completedAt ? new Date(new Date(o.completedAt).getTime() + REOPEN_WITHIN_DAYS * DAY_MS) : null;
}

const TECH_EVENTS: RepairEvent[] = ['accept', 'arrive', 'pause', 'resume', 'complete', 'return'];

/** What this caller may do with the order now. `skills`: the caller's, when a technician. */
export function allowedActions(o: RepairDoc, caller: Caller, skills: readonly string[]): RepairAction[] {
  const status = o.status as RepairStatus;
  const at = now();
  const can = new Set<RepairAction>();
  // The events the table allows now; who may do them and the other conditions are decided here.
  const next = new Set<RepairEvent>(REPAIR_MACHINE.allowed(status));
  const reopenable = (reopenableUntil(o)?.getTime() ?? 0) > at.getTime() && next.has('reopen');
  if (caller.roles.includes('owner') && isOwnerSide(o, caller)) {
    if (OPEN_STATUSES.includes(status) && urgeAllowedAt(o) <= at) can.add('urge');
    if (next.has('cancel')) can.add('cancel');
    if (next.has('rate')) can.add('rate');
    if (reopenable) can.add('reopen');
  }
  if (caller.roles.includes('technician')) {
    if (String(o.assigneeId ?? '') === caller.userId) for (const e of TECH_EVENTS) if (next.has(e)) can.add(e);
    const excluded = (o.excludedIds ?? []).some((x) => String(x) === caller.userId);
    if (o.inPool && next.has('claim') && skills.includes(o.category) && !excluded) can.add('claim');
  }
  if (isDeskStaff(caller)) {
    if (next.has('dispatch')) can.add('dispatch');
    if (next.has('cancel')) can.add('cancel');
    if (reopenable) can.add('reopen');
  }
  return [...can];
}

export async function toDetail(o: RepairDoc, caller: Caller, skills: readonly string[]): Promise<RepairDetail> {
  // The contact's phone in full only to those who call the owner about this order: desk staff and
  // its assigned technician (another technician browsing the pool sees it masked).
  const fullPhone = isDeskStaff(caller) || (caller.roles.includes('technician') && String(o.assigneeId ?? '') === caller.userId);
  const completedAt = o.completedAt ? new Date(o.completedAt) : null;
  // Photo links only here, after the caller's access to the order was checked (repair.service.ts `load`); one call for both sets.
  const [before, after] = [o.photoIds ?? [], o.afterPhotoIds ?? []];
  const links = await photoLinks([...new Set([...before, ...after])]);
  return {
    ...toSummary(o),
    channel: o.channel as RepairChannel,
    reporterName: o.reporterName,
    contactName: o.contactName,
    contactPhone: fullPhone ? o.contactPhone : maskPhone(o.contactPhone),
    ...(o.visitWindow?.from && o.visitWindow.to ? { visitWindow: { from: iso(o.visitWindow.from)!, to: iso(o.visitWindow.to)! } } : {}),
    photos: links.filter((l) => before.includes(l.id)),
    afterPhotos: links.filter((l) => after.includes(l.id)),
    materials: (o.materials ?? []).map((m) => ({ name: m.name ?? '', quantity: m.quantity ?? 0, unit: m.unit ?? '' })),
    ...(o.assigneePhone && o.assigneeId ? { assigneePhone: o.assigneePhone } : {}),
    ...(o.completionNote ? { completionNote: o.completionNote } : {}),
    ...(o.status === 'paused' && o.pauseReason ? { pauseReason: o.pauseReason } : {}),
    deadlines: { accept: iso(o.deadlines?.accept), arrive: iso(o.deadlines?.arrive), complete: iso(o.deadlines?.complete) },
    ...(o.rating?.overall ? { rating: { overall: o.rating.overall, speed: o.rating.speed ?? 0, attitude: o.rating.attitude ?? 0, ...(o.rating.comment ? { comment: o.rating.comment } : {}), at: iso(o.rating.at)! } } : {}),
    unrated: !o.rating?.overall && completedAt !== null && now().getTime() - completedAt.getTime() > RATE_WITHIN_HOURS * HOUR_MS,
    history: (o.history ?? []).map((h) => ({
      at: h.at.toISOString(),
      event: h.event as RepairDetail['history'][number]['event'],
      ...(h.from ? { from: h.from as RepairStatus } : {}),
      to: h.to as RepairStatus,
      byName: h.byName,
      ...(h.note ? { note: h.note } : {}),
    })),
    can: allowedActions(o, caller, skills),
  };
}
