import { z } from 'zod';
import { BINDING_STATUSES, type BindingStatus } from '../domain/binding';
import { RESIDENT_RELATIONS, type ResidentRelation } from '../domain/household';
import { GUEST } from '../domain/roles';
import { action, community, empty, objectId, page, pageSize, self, type Paged } from './contract';
import { personName } from './community.contract';

/**
 * Owner binding (业主绑定房屋): a WeChat user asks to be bound to a unit with their name and the
 * last 4 digits of the phone the office has on record. A match with the records binds at once;
 * otherwise the request waits for an agent or manager (an approval task).
 */
// Defined in shared/domain/binding.ts (zod-free, so the client can show labels without bundling zod).
export { BINDING_MAX_MISSES_PER_HOUR, BINDING_MAX_TRIES_PER_UNIT_PER_HOUR, BINDING_STATUSES, BINDING_STATUS_LABELS, type BindingStatus } from '../domain/binding';

export interface BindOption {
  id: string;
  name: string;
}

/** What an owner picks from, step by step: community → building → unit. */
export interface BindOptions {
  communities: BindOption[];
  buildings: BindOption[];
  /** The units of the chosen building, by 单元, floor and room: labels only, never who lives there. */
  units: BindUnitOption[];
}

/** A unit to pick: its label (1栋1单元1502), 单元 ('1'), floor (15) and room ('1502'). */
export interface BindUnitOption extends BindOption {
  entrance: string;
  floor: number;
  room: string;
}

export interface BindingView {
  id: string;
  communityName: string;
  unitId: string;
  unitLabel: string;
  name: string;
  relation: ResidentRelation;
  status: BindingStatus;
  /** True when the records matched and the binding needed no review. */
  auto: boolean;
  /** Why staff turned it down. */
  reason?: string;
  createdAt: string;
  reviewedAt?: string;
  reviewerName?: string;
}

/** What staff see of a request: the requester's answer next to the records of that unit. */
export interface BindingTask extends BindingView {
  phoneLast4: string;
  /** The residents recorded for the unit (phones masked), to compare with. */
  recorded: { name: string; relation: ResidentRelation; phone: string; bound: boolean }[];
}

export interface BindResult {
  binding: BindingView;
  /** Chinese text for the owner: bound at once, or waiting for review. */
  message: string;
  /** Wrong tries left this hour. */
  triesLeft: number;
}

const ASKERS = ['owner', GUEST] as const;

export const bindingContract = {
  options: action<BindOptions>()(
    z.object({ communityId: objectId.optional(), buildingId: objectId.optional() }).strict().optional().default({}),
    self(ASKERS),
  ),
  request: action<BindResult>()(
    z
      .object({
        unitId: objectId,
        name: personName,
        phoneLast4: z.string({ message: '请填写手机号后4位' }).trim().regex(/^\d{4}$/, '请填写登记手机号的后4位数字'),
        relation: z.enum(RESIDENT_RELATIONS, { message: '请选择与房屋的关系' }),
      })
      .strict(),
    self(ASKERS),
  ),
  /** My binding requests, newest first. */
  mine: action<BindingView[]>()(empty, self(ASKERS)),
  /** An owner leaves one of their units (moved out, sold). */
  unbind: action<{ unitIds: string[] }>()(z.object({ unitId: objectId }).strict(), self(['owner'], { unitId: 'ownUnit' })),
  /** Agent/manager: the approval tasks of the community. */
  tasks: action<Paged<BindingTask>>()(
    z
      .object({ status: z.enum(BINDING_STATUSES).default('pending'), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community(['agent', 'manager']),
  ),
  review: action<BindingTask>()(
    z
      .object({
        bindingId: objectId,
        decision: z.enum(['approve', 'reject']),
        reason: z.string().trim().max(100, '原因最多100字').optional(),
      })
      .strict()
      .refine((v) => v.decision === 'approve' || Boolean(v.reason), { message: '请填写不通过的原因', path: ['reason'] }),
    community(['agent', 'manager'], { bindingId: 'bindingRequest' }),
  ),
};

export type BindingPage = Paged<BindingTask>;
