import type { CallerRole } from './roles';
import { isLandline, isMobile } from './contact';
import { normalizeBuildingName, normalizeEntrance, parseUnitCode } from './units';

/**
 * The one owner view (客户一户一档): what an agent's search text means, who may see a full phone
 * number, and the words of the view's timeline. Shared by the desk module and the staff pages.
 */

/** Roles that open the owner view and may reveal a phone number (显示号码/拨打, audited). Never technicians. */
export const OWNER_VIEW_ROLES: readonly CallerRole[] = ['agent', 'manager', 'cashier'];
export const PHONE_REVEAL_ROLES: readonly CallerRole[] = ['agent', 'manager', 'cashier'];

/** Longest search text (a phone, a name, a room). */
export const LOOKUP_MAX_LENGTH = 30;
/** Most people a look-up answers with (more: 结果较多，请输入更完整的号码或房号). */
export const LOOKUP_MAX_RESULTS = 20;
/** Timeline entries the owner page shows at a time (查看更多 shows the next). */
export const TIMELINE_PAGE_SIZE = 20;
/** The newest contacts the owner view answers with, from each source and in all. */
export const TIMELINE_CAP = 200;

/** A room as typed: any of building, entrance; the room number always. */
export interface RoomQuery {
  building?: string;
  entrance?: string;
  room: string;
}

/**
 * What the search text is. Several readings may apply at once: '1502' is both the last four
 * digits of a phone and a room number, so the look-up tries both.
 * - `phone`: a full mobile or landline number (digits, spaces and dashes allowed);
 * - `phoneTail`: exactly 4 digits (尾号);
 * - `room`: 1-1-1502, 1栋1单元1502, 1栋1502, 1#1502, 15楼02, 1502;
 * - `name`: anything else with a letter or a Chinese character.
 */
export interface LookupQuery {
  phone?: string;
  phoneTail?: string;
  room?: RoomQuery;
  name?: string;
}

export function parseLookup(text: string): LookupQuery {
  const t = text.trim().replace(/\s+/g, '');
  const out: LookupQuery = {};
  if (!t) return out;
  const digits = t.replace(/[-－]/g, '');
  if (/^\d+$/.test(digits) && (isMobile(digits) || isLandline(t) || isLandline(digits))) {
    out.phone = digits;
    return out;
  }
  if (/^\d{4}$/.test(t)) out.phoneTail = t;
  const room = parseRoom(t);
  if (room) out.room = room;
  if (!out.phoneTail && !out.room && /[\p{L}]/u.test(t)) out.name = t;
  return out;
}

/** A room number, with the building and entrance when typed. */
export function parseRoom(text: string): RoomQuery | undefined {
  const t = text.trim().replace(/\s+/g, '').replace(/[室号]$/, '');
  const full = parseUnitCode(t);
  if (full) return { building: full.building, entrance: full.entrance, room: full.room };
  // 1栋1502, 1#1502, 1号楼1502, 1-1502
  let m = /^(\d+)(?:栋|号楼|幢|#|-)(\d{3,5}[A-Za-z]?)$/.exec(t);
  if (m) return { building: normalizeBuildingName(m[1]), room: m[2].toUpperCase() };
  // 1栋1单元 alone is no room; 15楼02 → 1502 (any building)
  m = /^(\d{1,2})楼(\d{1,2})$/.exec(t);
  if (m) return { room: `${m[1]}${m[2].padStart(2, '0')}` };
  // 1单元1502
  m = /^(\d+)单元(\d{3,5}[A-Za-z]?)$/.exec(t);
  if (m) return { entrance: normalizeEntrance(m[1]), room: m[2].toUpperCase() };
  m = /^(\d{3,5}[A-Za-z]?)$/.exec(t);
  if (m) return { room: m[1].toUpperCase() };
  return undefined;
}

/** The room numbers a typed room may be stored as: '801' ↔ '0801'. */
export function roomVariants(room: string): string[] {
  const bare = room.replace(/^0+(?=\d)/, '');
  return [...new Set([room, bare, bare.padStart(4, '0')])];
}

/** Kinds of entries in the owner view's contact timeline. */
export const TIMELINE_KINDS = ['call', 'visit', 'wechat', 'message', 'callTask', 'repair', 'complaint', 'inquiry'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
export const TIMELINE_KIND_LABELS: Record<TimelineKind, string> = {
  call: '来电/去电',
  visit: '来访',
  wechat: '微信沟通',
  message: '消息推送',
  callTask: '电话通知',
  repair: '报修',
  complaint: '投诉',
  inquiry: '咨询',
};

/** What the owner view was opened by (its page parameter `kind`). */
export const OWNER_VIEW_SUBJECTS = ['unit', 'user', 'resident'] as const;
export type OwnerViewSubject = (typeof OWNER_VIEW_SUBJECTS)[number];

/** What an audit entry records (view-audit.model.ts). */
export const VIEW_AUDIT_ACTIONS = ['view', 'revealPhone'] as const;
export type ViewAuditAction = (typeof VIEW_AUDIT_ACTIONS)[number];
export const VIEW_AUDIT_ACTION_LABELS: Record<ViewAuditAction, string> = { view: '查看一户一档', revealPhone: '显示号码' };
