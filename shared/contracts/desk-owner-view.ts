import { z } from 'zod';
import type { ComplaintSummary } from './complaints.contract';
import type { ParkingSpaceRecord, UnitStatus, VehicleSummary } from './community.contract';
import type { RepairSummary } from './repairs.contract';
import type { IncidentSummary } from './sentiment.contract';
import type { NoticeCategory } from '../domain/notices';
import type { ResidentRelation } from '../domain/household';
import { LOOKUP_MAX_LENGTH, OWNER_VIEW_ROLES, PHONE_REVEAL_ROLES, VIEW_AUDIT_ACTIONS, type OwnerViewSubject, type TimelineKind, type ViewAuditAction } from '../domain/owner-lookup';
import { action, community, objectId, page, pageSize, type Paged } from './contract';

/**
 * The one owner view (客户一户一档) of the desk contract: look-up, the view, revealing a phone
 * (audited) and the audit list. Spread into `deskContract` (desk.contract.ts, "owner view").
 * Phones are masked everywhere here except in `revealPhone`'s answer.
 */

/** Where the view opens: a unit, an owner's app account, or a resident record. */
export interface OwnerViewTarget {
  kind: OwnerViewSubject;
  id: string;
}

/** A person found by the look-up (one per resident record, the same phone over several units in one). */
export interface OwnerCandidate {
  name: string;
  relation: ResidentRelation;
  /** Masked: 138****1234 ('' when none is recorded). */
  phone: string;
  /** The resident records behind it (one per unit). */
  residentIds: string[];
  units: { id: string; label: string }[];
  boundToApp: boolean;
  /** Open the owner view here. */
  view: OwnerViewTarget;
}

export interface OwnerLookupResult {
  query: string;
  /** How the text was read (several at once: 1502 is a phone's last 4 digits and a room). */
  readAs: ('phone' | 'phoneTail' | 'room' | 'name')[];
  candidates: OwnerCandidate[];
  /** Units matched by the room with nobody recorded in them (新建业主 there). */
  emptyUnits: { id: string; label: string }[];
  /** More matched than shown: type more of the number or the room. */
  truncated: boolean;
  /**
   * A full phone number nobody of this community has: the page offers 登记访客 (the contact log,
   * with this phone filled in) and 新建业主 (a unit's record page). Never a guess.
   */
  unknownPhone?: string;
}

export interface OwnerViewPerson {
  residentId: string;
  name: string;
  relation: ResidentRelation;
  /** Masked ('' when none). */
  phone: string;
  hasPhone: boolean;
  boundToApp: boolean;
  /** The person the view is about (the one looked up; the unit's first owner when opened by unit). */
  isSubject: boolean;
}

export interface OwnerViewUnit {
  id: string;
  label: string;
  buildingName: string;
  areaM2: number;
  status: UnitStatus;
  household: OwnerViewPerson[];
  vehicles: VehicleSummary[];
  parkingSpaces: Pick<ParkingSpaceRecord, 'id' | 'code' | 'kind' | 'leaseEndsOn' | 'daysLeft' | 'plates'>[];
  /** Still owed (fen) and the bills not paid, oldest first. */
  owedFen: number;
  creditFen: number;
  openBills: { id: string; itemName: string; periodLabel: string; dueFen: number; dueDate: string; daysOverdue: number }[];
}

export interface OwnerInquiryItem {
  id: string;
  topic: string;
  text: string;
  status: string;
  createdAt: string;
  answeredAt?: string;
}

export interface UnreadNoticeItem {
  id: string;
  title: string;
  category: NoticeCategory;
  publishAt: string;
  /** Labels of the owner's units that have not opened it. */
  unitLabels: string[];
}

export interface TimelineEntry {
  kind: TimelineKind;
  at: string;
  title: string;
  detail: string;
  /** Who (staff name, or 系统) when known. */
  byName?: string;
  /** The record behind it, when it has a page (repair, complaint, inquiry). */
  ref?: { kind: 'repair' | 'complaint' | 'inquiry' | 'contact'; id: string };
}

export interface OwnerView {
  target: OwnerViewTarget;
  /** The owner the view is about: the person looked up, or the unit's first owner on record. */
  subject?: { name: string; residentId?: string; userId?: string; phone: string; boundToApp: boolean };
  units: OwnerViewUnit[];
  repairs: { open: RepairSummary[]; recent: RepairSummary[] };
  complaints: { open: ComplaintSummary[]; recent: ComplaintSummary[] };
  inquiries: OwnerInquiryItem[];
  unreadNotices: UnreadNoticeItem[];
  incidents: IncidentSummary[];
  /** Every contact, newest first: the newest TIMELINE_CAP (the page shows them 20 at a time, 查看更多). */
  timeline: TimelineEntry[];
  /** Older contacts exist beyond the cap. */
  timelineCapped: boolean;
  /** The caller may reveal a phone (显示号码/拨打, audited). */
  canRevealPhone: boolean;
}

export interface ViewAuditEntry {
  id: string;
  at: string;
  action: ViewAuditAction;
  staffId: string;
  staffName: string;
  role: string;
  /** The owner looked at (name) and how the view was opened. */
  ownerName: string;
  target: OwnerViewTarget;
  unitLabels: string[];
  /** revealPhone: whose phone (resident's name). */
  detail: string;
}

const viewInput = z
  .object({
    unitId: objectId.optional(),
    userId: objectId.optional(),
    residentId: objectId.optional(),
  })
  .strict()
  .refine((v) => [v.unitId, v.userId, v.residentId].filter(Boolean).length === 1, { message: '请指定一套房屋、一位业主或一位住户' });

export const ownerViewActions = {
  /** 查询业主: a full phone, its last 4 digits, a name or a room → the people it finds (phones masked). */
  lookup: action<OwnerLookupResult>()(z.object({ q: z.string().trim().min(1, '请输入电话、姓名或房号').max(LOOKUP_MAX_LENGTH) }).strict(), community(OWNER_VIEW_ROLES)),
  /** 一户一档: units, household, repairs, complaints, inquiries, bills, unread notices, incidents and the contact timeline (audited). */
  ownerView: action<OwnerView>()(viewInput, community(OWNER_VIEW_ROLES, { unitId: 'unit', residentId: 'resident' })),
  /** 显示号码/拨打: a resident's full phone number (audited). */
  revealPhone: action<{ residentId: string; name: string; phone: string }>()(z.object({ residentId: objectId }).strict(), community(PHONE_REVEAL_ROLES, { residentId: 'resident' })),
  /** Managers: who looked at which owner, when (filter by staff member, unit or resident). */
  viewAudit: action<Paged<ViewAuditEntry>>()(
    z
      .object({ staffId: objectId.optional(), unitId: objectId.optional(), residentId: objectId.optional(), action: z.enum(VIEW_AUDIT_ACTIONS).optional(), page, pageSize })
      .strict(),
    community(['manager'], { staffId: 'staff', unitId: 'unit', residentId: 'resident' }),
  ),
};
