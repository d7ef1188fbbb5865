import { z } from 'zod';
import type { ResidentRelation } from '../domain/household';
import { STAFF_ROLES, type Role } from '../domain/roles';
import type { UnitStatus } from '../domain/units';
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

export interface MyUnit extends UnitSummary {
  household: HouseholdMember[];
  vehicles: VehicleSummary[];
}

export interface MyHome {
  community: CommunityInfo;
  units: MyUnit[];
}

export interface MyProfile {
  community: CommunityInfo;
  staff: StaffMember;
}

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
};
