import { z } from 'zod';
import { RESIDENT_RELATIONS, type ResidentRelation } from '../domain/household';
import { ROLES, STAFF_ROLES, type Role } from '../domain/roles';
import { UNIT_STATUSES, type UnitStatus } from '../domain/units';
import { idNumberProblem, normalizePhone, personNameProblem, phoneProblem } from '../domain/contact';
import { normalizePlate, normalizeSpaceCode, PARKING_KINDS, type ParkingKind } from '../domain/vehicles';
import { ASSIGNED_KINDS, PARKING_STATUSES, parkingReminderDaysProblem, type ParkingEvent } from '../domain/parking';
import { isCalendarDate } from '../domain/calendar';
import { action, community, empty, objectId, page, pageSize, self, type Paged } from './contract';

// Defined in shared/domain/units.ts (zod-free, so the client can show labels without bundling zod).
export { UNIT_STATUSES, UNIT_STATUS_LABELS, type UnitStatus } from '../domain/units';

export interface CommunityInfo {
  id: string;
  name: string;
  address: string;
  servicePhone: string;
  serviceHours: string;
}

export interface UnitSummary {
  id: string;
  buildingId: string;
  /** e.g. 1栋1单元1502 */
  label: string;
  floor: number;
  areaM2: number;
  status: UnitStatus;
  ownerNames: string[];
}

export interface BuildingSummary {
  id: string;
  name: string;
  floors: number;
  units: number;
  occupied: number;
  vacant: number;
  renting: number;
}

export interface CommunityOverview {
  community: CommunityInfo;
  totals: { buildings: number; units: number; occupied: number; vacant: number; renting: number; owners: number; staff: number };
  buildings: BuildingSummary[];
}

export interface StaffMember {
  id: string;
  name: string;
  phone: string;
  roles: Role[];
  skills: string[];
  onDuty: boolean;
}

export interface HouseholdMember {
  id: string;
  name: string;
  relation: ResidentRelation;
  /** Masked (138****1234). */
  phone: string;
  /** This member is the caller. */
  isMe: boolean;
}

export interface VehicleSummary {
  id: string;
  plate: string;
  /** Parking space code, e.g. B1-015. */
  parkingSpace?: string;
}

/** One of my unit's parking spaces, as its owner sees it. */
export interface MyParkingSpace {
  id: string;
  code: string;
  kind: ParkingKind;
  /** Rented / temporary: the lease's last day (YYYY-MM-DD, Asia/Shanghai). */
  leaseEndsOn?: string;
  /** Days from today to the lease end (0 on its last day, negative once it has passed). */
  daysLeft?: number;
}

export interface MyUnit extends UnitSummary {
  household: HouseholdMember[];
  vehicles: VehicleSummary[];
  parkingSpaces: MyParkingSpace[];
}

export interface MyHome {
  community: CommunityInfo;
  units: MyUnit[];
}

/** A resident as staff see it. `phone` is full for the roles that call owners, `idNumber` only for managers. */
export interface ResidentRecord {
  id: string;
  name: string;
  relation: ResidentRelation;
  phone: string;
  idNumber: string;
  /** Linked to a WeChat user of the mini-program (bound). */
  boundToApp: boolean;
}

export interface ParkingSpaceRecord {
  id: string;
  code: string;
  kind: ParkingKind;
  unitId?: string;
  unitLabel?: string;
  /** Plates of the vehicles parked on it. */
  plates: string[];
  /** Rented (always, unless imported without one) / temporary (when set): the lease's last day, YYYY-MM-DD in Asia/Shanghai. */
  leaseEndsOn?: string;
  /** Days from today to the lease end (0 on its last day, negative once it has passed). */
  daysLeft?: number;
  /** The last assignment, change or renewal: when and by whom. */
  assignedAt?: string;
  assignedByName?: string;
}

/** One entry of a space's history: who assigned, changed, renewed or released it, and when. */
export interface ParkingHistoryEntry {
  at: string;
  event: ParkingEvent | 'register';
  byName: string;
  /** What it became: '2栋1单元0801 · 租用 · 至2027年1月31日'. */
  note?: string;
}

export interface ParkingSpaceDetail extends ParkingSpaceRecord {
  /** Oldest first. */
  history: ParkingHistoryEntry[];
}

/** The community's lease-end reminder days (车位到期提醒), before the lease's last day. */
export interface ParkingLadderView {
  days: number[];
  defaultDays: number[];
  updatedBy?: string;
  updatedAt?: string;
}

/** A unit with everything the office records about it. */
export interface UnitDetail extends UnitSummary {
  buildingName: string;
  entrance: string;
  room: string;
  residents: ResidentRecord[];
  vehicles: VehicleSummary[];
  parkingSpaces: ParkingSpaceRecord[];
}

export interface MyProfile {
  community: CommunityInfo;
  staff: StaffMember;
}

/** Field schemas shared with the binding and import contracts. */
export const personName = z
  .string({ message: '请填写姓名' })
  .trim()
  .superRefine((v, ctx) => {
    const problem = personNameProblem(v);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });
export const phoneField = z
  .string({ message: '请填写手机号' })
  .transform(normalizePhone)
  .superRefine((v, ctx) => {
    const problem = phoneProblem(v);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });
export const idNumberField = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .superRefine((v, ctx) => {
    const problem = v ? idNumberProblem(v) : undefined;
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });
export const plateField = z.string({ message: '请填写车牌号' }).transform((v, ctx) => {
  const plate = normalizePlate(v);
  if (!plate) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: '车牌号格式不正确（如 浙A·12345）' });
    return z.NEVER;
  }
  return plate;
});
/** A lease's last day: YYYY-MM-DD (Asia/Shanghai); not before today is checked by the service (it knows the clock). */
export const leaseEndField = z
  .string({ message: '请选择租期到期日' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((v) => isCalendarDate(Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))), '日期不存在');

/** Rented spaces need a lease end; sold ones have none; temporary ones may have one. */
const leaseRule = <T extends { kind: string; leaseEndsOn?: string }>(v: T, ctx: z.RefinementCtx) => {
  if (v.kind === 'rented' && !v.leaseEndsOn) ctx.addIssue({ code: z.ZodIssueCode.custom, message: '租用车位须填写租期到期日', path: ['leaseEndsOn'] });
  if ((v.kind === 'owned' || v.kind === 'unassigned') && v.leaseEndsOn) ctx.addIssue({ code: z.ZodIssueCode.custom, message: '已售或空闲车位没有租期', path: ['leaseEndsOn'] });
};

export const spaceCodeField = z.string({ message: '请填写车位号' }).transform((v, ctx) => {
  const code = normalizeSpaceCode(v);
  if (!code) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: '车位号格式不正确（如 B1-015）' });
    return z.NEVER;
  }
  return code;
});

export const communityContract = {
  /** Owner: my community and the units I am bound to. */
  myHome: action<MyHome>()(empty, self(['owner'])),
  /** Staff: my community and my own staff record. */
  myProfile: action<MyProfile>()(empty, self(STAFF_ROLES)),
  /** Staff: the community at a glance, building by building. */
  overview: action<CommunityOverview>()(empty, community(['agent', 'cashier', 'manager'])),
  /** Staff: the directory of units and their owners, by building, searchable by room or name. */
  units: action<Paged<UnitSummary>>()(
    z
      .object({
        buildingId: objectId.optional(),
        /** Part of a unit label (1栋1单元1502, 1502) or of a resident's name. */
        q: z.string().trim().max(30, '搜索内容过长').optional(),
        page,
        pageSize,
      })
      .strict()
      .optional()
      .default({}),
    community(['agent', 'cashier', 'manager'], { buildingId: 'building' }),
  ),
  /** Manager: the team. */
  staff: action<StaffMember[]>()(empty, community(['manager'])),

  /** Staff: one unit's full record (residents, vehicles, parking spaces). */
  unit: action<UnitDetail>()(z.object({ unitId: objectId }).strict(), community(['agent', 'cashier', 'manager'], { unitId: 'unit' })),
  /** Agent/manager: correct a unit's status or area. */
  saveUnit: action<UnitDetail>()(
    z
      .object({
        unitId: objectId,
        status: z.enum(UNIT_STATUSES, { message: '房屋状态不正确' }).optional(),
        areaM2: z.number({ message: '建筑面积应为数字' }).positive('建筑面积应大于0').max(10_000, '建筑面积过大').optional(),
      })
      .strict(),
    community(['agent', 'manager'], { unitId: 'unit' }),
  ),
  /** Agent/manager: add a resident to a unit, or correct one (`residentId`). */
  saveResident: action<UnitDetail>()(
    z
      .object({
        unitId: objectId,
        residentId: objectId.optional(),
        name: personName,
        relation: z.enum(RESIDENT_RELATIONS, { message: '请选择与房屋的关系' }),
        phone: phoneField,
        idNumber: idNumberField.optional(),
      })
      .strict(),
    community(['agent', 'manager'], { unitId: 'unit', residentId: 'resident' }),
  ),
  /** Agent/manager: remove a resident (moved out); a bound WeChat user loses that unit. */
  removeResident: action<UnitDetail>()(z.object({ residentId: objectId }).strict(), community(['agent', 'manager'], { residentId: 'resident' })),
  /** Agent/manager: register a vehicle to a unit, or correct one (`vehicleId`). */
  saveVehicle: action<UnitDetail>()(
    z
      .object({
        unitId: objectId,
        vehicleId: objectId.optional(),
        plate: plateField,
        /** Parking space code (B1-015); empty to clear. */
        parkingSpace: z.string().trim().max(20, '车位号过长').optional(),
      })
      .strict(),
    community(['agent', 'manager'], { unitId: 'unit', vehicleId: 'vehicle' }),
  ),
  removeVehicle: action<UnitDetail>()(z.object({ vehicleId: objectId }).strict(), community(['agent', 'manager'], { vehicleId: 'vehicle' })),
  /**
   * Staff: the community's parking spaces, by code; filtered by kind, by status (free/assigned), by a
   * lease ending within N days (passed ones included; then ordered by lease end), searchable by code, unit or plate.
   */
  parkingSpaces: action<Paged<ParkingSpaceRecord>>()(
    z
      .object({
        q: z.string().trim().max(30, '搜索内容过长').optional(),
        kind: z.enum(PARKING_KINDS).optional(),
        status: z.enum(PARKING_STATUSES).optional(),
        expiringWithinDays: z.number().int().min(0).max(366, '最多查询一年内到期的车位').optional(),
        page,
        pageSize,
      })
      .strict()
      .optional()
      .default({}),
    community(['agent', 'cashier', 'manager']),
  ),
  /** Staff: one space with its history (assigned, changed, renewed, released: who and when). */
  parkingSpace: action<ParkingSpaceDetail>()(z.object({ spaceId: objectId }).strict(), community(['agent', 'cashier', 'manager'], { spaceId: 'parkingSpace' })),
  /**
   * Agent/manager: register a space by its code (created when new), or set how it is held: sold,
   * rented (with its lease end), temporary, or unassigned (released) — the same rules as
   * assignParkingSpace / releaseParkingSpace.
   */
  saveParkingSpace: action<ParkingSpaceRecord>()(
    z
      .object({
        code: spaceCodeField,
        kind: z.enum(PARKING_KINDS, { message: '车位类型不正确' }),
        unitId: objectId.optional(),
        leaseEndsOn: leaseEndField.optional(),
      })
      .strict()
      .refine((v) => (v.kind === 'unassigned') === (v.unitId === undefined), { message: '已售或出租的车位须指定房屋，未售车位不能指定房屋', path: ['unitId'] })
      .superRefine(leaseRule),
    community(['agent', 'manager'], { unitId: 'unit' }),
  ),
  /**
   * Agent/manager: assign a free space to a unit — sold (已售), rented with its lease end (required),
   * or temporary (lease end optional) — or change how the same unit holds it. Another unit's space:
   * 409 PARKING.TAKEN (release it first).
   */
  assignParkingSpace: action<ParkingSpaceRecord>()(
    z
      .object({ spaceId: objectId, unitId: objectId, kind: z.enum(ASSIGNED_KINDS, { message: '请选择已售、租用或临时' }), leaseEndsOn: leaseEndField.optional() })
      .strict()
      .superRefine(leaseRule),
    community(['agent', 'manager'], { spaceId: 'parkingSpace', unitId: 'unit' }),
  ),
  /** Agent/manager: the space is free again; vehicles registered on it keep their unit but lose the space. */
  releaseParkingSpace: action<ParkingSpaceRecord>()(z.object({ spaceId: objectId }).strict(), community(['agent', 'manager'], { spaceId: 'parkingSpace' })),
  /** Agent/manager: a rented or temporary space's new lease end (renewal or correction): the reminders start again for it. */
  renewParkingLease: action<ParkingSpaceRecord>()(
    z.object({ spaceId: objectId, leaseEndsOn: leaseEndField }).strict(),
    community(['agent', 'manager'], { spaceId: 'parkingSpace' }),
  ),
  /** Staff: the community's lease-end reminder days. */
  parkingLadder: action<ParkingLadderView>()(z.object({}).strict().optional().default({}), community(['agent', 'cashier', 'manager'])),
  /** Manager: the community's own reminder days before a lease ends (from the next reminder run). */
  saveParkingLadder: action<ParkingLadderView>()(
    z
      .object({
        days: z
          .array(z.number({ message: '请填写天数' }).int('天数须为整数'))
          .superRefine((days, ctx) => {
            const problem = parkingReminderDaysProblem(days);
            if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
          }),
      })
      .strict(),
    community(['manager']),
  ),
  /** Manager: add a staff member or change one (`staffId`); an empty phone keeps the current one. */
  saveStaff: action<StaffMember>()(
    z
      .object({
        staffId: objectId.optional(),
        name: personName,
        phone: phoneField.optional(),
        roles: z
          .array(z.enum(ROLES))
          .min(1, '请至少选择一个岗位')
          .refine((roles) => roles.every((r) => STAFF_ROLES.includes(r)), { message: '员工岗位只能是客服、维修、收费或主管' }),
        skills: z.array(z.string().trim().min(1).max(10, '技能名称过长')).max(10, '技能最多10项').default([]),
        onDuty: z.boolean().default(false),
      })
      .strict(),
    community(['manager'], { staffId: 'staff' }),
  ),
  /** Staff: go on or off duty (technicians on duty receive dispatches). */
  setOnDuty: action<StaffMember>()(z.object({ onDuty: z.boolean() }).strict(), self(STAFF_ROLES)),
};
