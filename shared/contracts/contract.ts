import { z } from 'zod';
import { isCalendarDate } from '../domain/calendar';
import type { CallerRole } from '../domain/roles';

/**
 * What an input field refers to, and so how the request pipeline checks it against the caller (through
 * the access rules of the module that owns that kind of record, `cloud/modules/<m>/<m>.access.ts`):
 * - `building`, `unit`, `resident`, `vehicle`, `parkingSpace`, `staff`, `bindingRequest`,
 *   `importBatch`, `callTask`, `followUp`: a record of the caller's (active) community;
 * - `notice`, `noticeAudience`: of the caller's community (an owner reaches only notices published to
 *   one of their units);
 * - `inquiry`: an inquiry (咨询) of the caller's community; an owner reaches only their own;
 * - `contact`: a call or visit log entry (来电 · 来访登记) of the caller's community (staff);
 * - `releasePass`: a release pass (放行条) of the caller's community; an owner reaches only the passes
 *   of their own units or that they requested;
 * - `article`: a knowledge-base article of the caller's community; an owner reaches only published
 *   ones for owners, staff every published one, a manager any;
 * - `script`: a 话术 script of the caller's community (its own, or its version of a starter one);
 * - `moveIn`: a move-in case (入住办理) of the caller's community; an owner reaches only the cases of
 *   their own units;
 * - `moveInBatch`: a move-in batch (集中入住) of the caller's community;
 * - `repair`: a repair order of the caller's community; an owner reaches only orders of their own
 *   units or that they reported;
 * - `activity`: a community activity of the caller's community; an owner reaches only published ones
 *   (and finished or cancelled ones that were published);
 * - `activitySignup`: a sign-up for an activity; an owner reaches only their own units' sign-ups;
 * - `ownUnit`: one of the caller's own units (owners);
 * - `accountUnit`: a unit whose account the caller may see — any unit of the caller's community for
 *   staff, one of their own units for an owner (receipts);
 * - `invoiceRequest`: an invoice request (发票申请) of the caller's community;
 * - `board`, `boardPosting`: a notice board (宣传栏) of the caller's community, or a posting on one (staff).
 * - `memberCommunity`: one of the communities the caller belongs to (managers may have several).
 * - `correction`: a sentiment correction (漏报/误报 mark) of the caller's community.
 * A reference outside the caller's scope answers 404, as if it did not exist.
 */
export const REF_KINDS = ['building', 'unit', 'resident', 'vehicle', 'parkingSpace', 'staff', 'bindingRequest', 'importBatch', 'callTask', 'repair', 'followUp', 'notice', 'noticeAudience', 'feeItem', 'payment', 'invoiceRequest', 'complaint', 'incident', 'correction', 'inquiry', 'contact', 'releasePass', 'article', 'script', 'moveIn', 'moveInBatch', 'moveInPaper', 'renovation', 'renovationPass', 'renovationPatrol', 'survey', 'activity', 'activitySignup', 'board', 'boardPosting', 'archiveDoc', 'equipment', 'archiveContract', 'archiveLoan', 'lesson', 'ownUnit', 'accountUnit', 'memberCommunity'] as const;
export type RefKind = (typeof REF_KINDS)[number];

/**
 * Who may call an action: anyone (`'public'`), or a session holding one of `roles`, within a scope:
 * - `self`: the action reads or changes only the caller's own records (its only references are
 *   `ownUnit` or `memberCommunity`);
 * - `community`: records of the caller's community; `refs` names the input fields that point at records.
 */
export type Access = 'public' | Policy;
export interface Policy {
  roles: readonly CallerRole[];
  scope: 'self' | 'community';
  refs?: Readonly<Record<string, RefKind>>;
}

export const self = (roles: readonly CallerRole[], refs?: Record<string, RefKind>): Policy => ({ roles, scope: 'self', ...(refs ? { refs } : {}) });
export const community = (roles: readonly CallerRole[], refs?: Record<string, RefKind>): Policy => ({ roles, scope: 'community', ...(refs ? { refs } : {}) });

export interface ActionContract<I extends z.ZodTypeAny = z.ZodTypeAny, R = unknown, A extends Access = Access> {
  input: I;
  access: A;
  /**
   * The input carries text from outside that must be kept (chat messages): characters the text rule
   * refuses (control, bidi, broken UTF-16) are removed instead of refusing the call.
   */
  externalText?: boolean;
  /** Phantom field carrying the result type to the client; never set at run time. */
  readonly __result?: R;
}

/** Declare an action: `action<Result>()(inputSchema, access, options?)`. */
export const action =
  <R>() =>
  <I extends z.ZodTypeAny, A extends Access>(input: I, access: A, options: { externalText?: boolean } = {}): ActionContract<I, R, A> => ({ input, access, ...options });

export type FunctionContract = Record<string, ActionContract>;

export type InputOf<A> = A extends ActionContract<infer I, infer _R, Access> ? z.input<I> : never;
export type ParsedInputOf<A> = A extends ActionContract<infer I, infer _R, Access> ? z.output<I> : never;
export type ResultOf<A> = A extends ActionContract<z.ZodTypeAny, infer R, Access> ? R : never;

/** Shared field schemas. */
export const objectId = z.string().regex(/^[a-f0-9]{24}$/i, '编号格式不正确');
/**
 * A calendar day `YYYY-MM-DD` that exists (days are Asia/Shanghai days kept as strings): the one day
 * schema of every contract. `label` names the field in the messages (请选择开工日期 · 开工日期不是有效日期).
 */
export const calendarDay = (label = '日期') =>
  z
    .string({ message: `请选择${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .refine((d) => isCalendarDate(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))), `${label}不是有效日期`);
export const empty = z.object({}).strict().optional().default({});
export const page = z.number().int().min(1).max(10_000).default(1);
export const pageSize = z.number().int().min(1).max(100).default(20);

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
