import type { ParkingHistoryEntry, ParkingLadderView, ParkingSpaceDetail, ParkingSpaceRecord } from '@shared/contracts/community.contract';
import type { Paged } from '@shared/contracts/contract';
import { chineseDate, localDay } from '@shared/domain/calendar';
import {
  ASSIGNED_KINDS,
  DEFAULT_PARKING_REMINDER_DAYS,
  expiringBy,
  LEASED_KINDS,
  leaseDaysLeft,
  PARKING_MACHINE,
  PARKING_SPACE_LABELS,
  parkingReminderDaysProblem,
  parkingStatusOf,
  type AssignedKind,
  type ParkingEvent,
  type ParkingStatus,
} from '@shared/domain/parking';
import type { ParkingKind } from '@shared/domain/vehicles';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { paged } from '../../lib/paging';
import { actorOf, mutateRevision, type Actor, type Change } from '../../lib/revision';
import { transitionTo } from '../../lib/transition';
import { Unit } from './community.model';
import { literal } from './community.service';
import { ParkingSettings, ParkingSpace, Vehicle } from './household.model';

/**
 * 车位管理: the office assigns a community's parking spaces to units — sold (已售), rented with a
 * lease end date, or temporary (with an end date or none) — changes, renews and releases them. Every
 * change goes through the revision engine (one winner per revision, history of who and when); the
 * access policy has already checked that every referenced space and unit is of the caller's community.
 */
const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

/** A space as the services read it (lean). */
export interface SpaceLean {
  _id: Id;
  communityId: Id;
  code: string;
  kind?: string | null;
  unitId?: Id | null;
  status?: string | null;
  leaseEndsOn?: string | null;
  leaseId?: Id | null;
  assignedAt?: Date | null;
  assignedByName?: string | null;
  rev?: number | null;
  history?: { at: Date; event: string; byName: string; note?: string | null }[] | null;
}
type SpaceRev = SpaceLean & { status: string; rev?: number | null };

const cid = (caller: Caller) => new ObjectId(caller.communityId);
const kindOf = (s: Pick<SpaceLean, 'kind'>): ParkingKind => (s.kind ?? 'unassigned') as ParkingKind;

/** The records of spaces: unit labels and the plates parked on each (two reads), days left counted from today. */
export async function spaceRecords(communityId: Id, spaces: readonly SpaceLean[], today = localDay(now())): Promise<ParkingSpaceRecord[]> {
  const [units, vehicles] = await Promise.all([
    Unit.find({ communityId, _id: { $in: spaces.map((s) => s.unitId).filter(Boolean) } }, { label: 1 }).lean(),
    Vehicle.find({ communityId, parkingSpaceId: { $in: spaces.map((s) => s._id) } }, { plate: 1, parkingSpaceId: 1 }).sort({ plate: 1 }).lean(),
  ]);
  const labels = new Map(units.map((u) => [String(u._id), u.label]));
  return spaces.map((s) => {
    const kind = kindOf(s);
    const lease = LEASED_KINDS.includes(kind) && s.leaseEndsOn ? s.leaseEndsOn : undefined;
    return {
      id: String(s._id),
      code: s.code,
      kind,
      ...(s.unitId ? { unitId: String(s.unitId), unitLabel: labels.get(String(s.unitId)) ?? '' } : {}),
      plates: vehicles.filter((v) => String(v.parkingSpaceId) === String(s._id)).map((v) => v.plate),
      ...(lease ? { leaseEndsOn: lease, daysLeft: leaseDaysLeft(lease, today) } : {}),
      ...(s.unitId && s.assignedAt ? { assignedAt: s.assignedAt.toISOString(), assignedByName: s.assignedByName ?? '' } : {}),
    };
  });
}

async function recordOf(communityId: Id, space: SpaceLean): Promise<ParkingSpaceRecord> {
  const [record] = await spaceRecords(communityId, [space]);
  return record;
}

/** The one wrapper of the revision engine for spaces; a space of another community is not found. */
async function mutateSpace(caller: Caller, spaceId: string | Id, actor: Actor, build: (cur: SpaceRev) => Change<ParkingEvent, ParkingStatus> | null): Promise<SpaceRev> {
  const { doc } = await mutateRevision<SpaceRev>({ kind: 'parkingSpace', model: ParkingSpace as never, notFound: 'PARKING.NOT_FOUND' }, spaceId, actor, (cur) => {
    if (String(cur.communityId) !== caller.communityId) throw new AppError('PARKING.NOT_FOUND');
    return build(cur);
  });
  return doc;
}

/** '2栋1单元0801 · 租用 · 至2027年1月31日' (what a history entry says the space became, or was). */
function holdingText(unitLabel: string, kind: ParkingKind, leaseEndsOn: string | null | undefined): string {
  const lease = LEASED_KINDS.includes(kind) ? (leaseEndsOn ? ` · 至${chineseDate(leaseEndsOn)}` : ' · 未定到期日') : '';
  return `${unitLabel} · ${PARKING_SPACE_LABELS[kind]}${lease}`;
}

/** A lease's last day must not have passed (the contract checks the format; the clock is here). */
function checkLeaseEnd(leaseEndsOn: string | undefined): void {
  if (leaseEndsOn && leaseEndsOn < localDay(now())) {
    throw new AppError('VALIDATION', '租期到期日不能早于今天', { issues: [{ path: 'leaseEndsOn', message: '租期到期日不能早于今天' }] });
  }
}

async function loadSpace(caller: Caller, spaceId: string | Id): Promise<SpaceLean> {
  const space = (await ParkingSpace.findOne({ _id: new ObjectId(String(spaceId)), communityId: cid(caller) }).lean()) as SpaceLean | null;
  if (!space) throw new AppError('PARKING.NOT_FOUND');
  return space;
}

async function unitLabelOf(communityId: Id, unitId: Id | string): Promise<string> {
  const unit = await Unit.findOne({ _id: new ObjectId(String(unitId)), communityId }, { label: 1 }).lean();
  if (!unit) throw new AppError('UNIT.NOT_FOUND');
  return unit.label;
}

/**
 * Assign a space to a unit, or change how the same unit holds it. A free space becomes the unit's
 * (`assign`); the unit's own space changes kind or lease end (`change`); another unit's space is
 * refused (release it first). Every assignment and every new lease end starts a new lease (its
 * reminders start again); a sold space has no lease. Cars of other units recorded on the space lose it.
 */
export async function assignParkingSpace(caller: Caller, input: { spaceId: string; unitId: string; kind: AssignedKind; leaseEndsOn?: string }): Promise<ParkingSpaceRecord> {
  const communityId = cid(caller);
  const unitId = new ObjectId(input.unitId);
  const unitLabel = await unitLabelOf(communityId, unitId);
  const leaseEndsOn = input.kind === 'owned' ? undefined : input.leaseEndsOn;
  checkLeaseEnd(leaseEndsOn);
  const at = now();
  const doc = await mutateSpace(caller, input.spaceId, actorOf(caller), (cur) => {
    const state = parkingStatusOf(cur.kind);
    if (state === 'assigned' && String(cur.unitId) !== String(unitId)) throw new AppError('PARKING.TAKEN', `车位 ${cur.code} 已分配给其他房屋，请先释放`);
    const event: ParkingEvent = state === 'free' ? 'assign' : 'change';
    const to = transitionTo(PARKING_MACHINE, state, event);
    if (event === 'change' && kindOf(cur) === input.kind && (cur.leaseEndsOn ?? undefined) === leaseEndsOn) return null;
    const newLease = leaseEndsOn !== undefined && (event === 'assign' || leaseEndsOn !== cur.leaseEndsOn || !cur.leaseId);
    return {
      event,
      to,
      note: holdingText(unitLabel, input.kind, leaseEndsOn),
      set: {
        kind: input.kind,
        unitId,
        assignedAt: at,
        assignedByName: caller.name,
        ...(leaseEndsOn ? { leaseEndsOn } : {}),
        ...(newLease ? { leaseId: new ObjectId() } : {}),
      },
      unset: leaseEndsOn ? [] : ['leaseEndsOn', 'leaseId'],
    };
  });
  await Vehicle.updateMany({ communityId, parkingSpaceId: doc._id, unitId: { $ne: unitId } }, { $unset: { parkingSpaceId: 1 } });
  return recordOf(communityId, doc);
}

/**
 * The space is free again. Vehicles registered on it stay registered to their unit but lose the
 * space (a car cannot use a space its unit no longer holds); the history names them.
 */
export async function releaseParkingSpace(caller: Caller, spaceId: string): Promise<ParkingSpaceRecord> {
  const communityId = cid(caller);
  const before = await loadSpace(caller, spaceId);
  const [unitLabel, parked] = await Promise.all([
    before.unitId ? unitLabelOf(communityId, before.unitId).catch(() => '') : Promise.resolve(''),
    Vehicle.find({ communityId, parkingSpaceId: before._id }, { plate: 1 }).lean(),
  ]);
  const doc = await mutateSpace(caller, spaceId, actorOf(caller), (cur) => ({
    event: 'release',
    to: transitionTo(PARKING_MACHINE, parkingStatusOf(cur.kind), 'release'),
    note: `原为 ${holdingText(unitLabel, kindOf(cur), cur.leaseEndsOn)}${parked.length ? `；解除车辆 ${parked.map((v) => v.plate).join('、')}` : ''}`,
    set: { kind: 'unassigned' },
    unset: ['unitId', 'leaseEndsOn', 'leaseId', 'assignedAt', 'assignedByName'],
  }));
  await Vehicle.updateMany({ communityId, parkingSpaceId: doc._id }, { $unset: { parkingSpaceId: 1 } });
  return recordOf(communityId, doc);
}

/** A rented or temporary space's new lease end (a renewal, or a correction): a new lease, whose reminders start again. */
export async function renewParkingLease(caller: Caller, input: { spaceId: string; leaseEndsOn: string }): Promise<ParkingSpaceRecord> {
  const communityId = cid(caller);
  checkLeaseEnd(input.leaseEndsOn);
  const at = now();
  const doc = await mutateSpace(caller, input.spaceId, actorOf(caller), (cur) => {
    const to = transitionTo(PARKING_MACHINE, parkingStatusOf(cur.kind), 'renew');
    if (!LEASED_KINDS.includes(kindOf(cur))) throw new AppError('PARKING.NOT_LEASED', `车位 ${cur.code} 为已售车位，没有租期`);
    if (cur.leaseEndsOn === input.leaseEndsOn) return null;
    return {
      event: 'renew',
      to,
      note: `至${chineseDate(input.leaseEndsOn)}（原${cur.leaseEndsOn ? `至${chineseDate(cur.leaseEndsOn)}` : '未定到期日'}）`,
      set: { leaseEndsOn: input.leaseEndsOn, leaseId: new ObjectId(), assignedAt: at, assignedByName: caller.name },
    };
  });
  return recordOf(communityId, doc);
}

/**
 * Register a space by its code (created free when new), then hold it as `kind` says: unassigned →
 * released (if it was assigned), otherwise assigned to `unitId` by the rules of assignParkingSpace.
 */
export async function saveParkingSpace(caller: Caller, input: { code: string; kind: ParkingKind; unitId?: string; leaseEndsOn?: string }): Promise<ParkingSpaceRecord> {
  const communityId = cid(caller);
  let space = (await ParkingSpace.findOne({ communityId, code: input.code }).lean()) as SpaceLean | null;
  if (!space) {
    const at = now();
    try {
      const created = await ParkingSpace.create({
        communityId,
        code: input.code,
        kind: 'unassigned',
        status: 'free',
        history: [{ at, event: 'register', to: 'free', byId: new ObjectId(caller.userId), byName: caller.name }],
      });
      space = created.toObject() as SpaceLean;
    } catch (err) {
      // Registered by someone else at the same moment: go on with theirs.
      if (!isDuplicateKey(err)) throw err;
      space = (await ParkingSpace.findOne({ communityId, code: input.code }).lean()) as SpaceLean | null;
      if (!space) throw err;
    }
  }
  if (input.kind === 'unassigned') {
    return parkingStatusOf(space.kind) === 'free' ? recordOf(communityId, space) : releaseParkingSpace(caller, String(space._id));
  }
  if (!input.unitId) throw new AppError('VALIDATION', '已售或出租的车位须指定房屋', { issues: [{ path: 'unitId', message: '已售或出租的车位须指定房屋' }] });
  return assignParkingSpace(caller, { spaceId: String(space._id), unitId: input.unitId, kind: input.kind as AssignedKind, ...(input.leaseEndsOn ? { leaseEndsOn: input.leaseEndsOn } : {}) });
}

/**
 * The community's spaces by code: by kind, by status (free/assigned), with a lease (rented or
 * temporary) ending within N days — passed ones included, then ordered by lease end — and by a
 * search of code, unit label or plate.
 */
export async function parkingSpaces(
  caller: Caller,
  query: { q?: string; kind?: ParkingKind; status?: ParkingStatus; expiringWithinDays?: number; page: number; pageSize: number },
): Promise<Paged<ParkingSpaceRecord>> {
  const communityId = cid(caller);
  const today = localDay(now());
  const and: Record<string, unknown>[] = [];
  if (query.kind) and.push({ kind: query.kind });
  if (query.status) and.push({ kind: query.status === 'free' ? 'unassigned' : { $in: ASSIGNED_KINDS } });
  const expiring = query.expiringWithinDays !== undefined;
  if (expiring) and.push({ kind: { $in: LEASED_KINDS } }, { leaseEndsOn: { $lte: expiringBy(today, query.expiringWithinDays as number) } });
  if (query.q) {
    const pattern = literal(query.q);
    const [units, vehicles] = await Promise.all([Unit.find({ communityId, label: pattern }, { _id: 1 }).lean(), Vehicle.find({ communityId, plate: pattern }, { parkingSpaceId: 1 }).lean()]);
    and.push({ $or: [{ code: pattern }, { unitId: { $in: units.map((u) => u._id) } }, { _id: { $in: vehicles.map((v) => v.parkingSpaceId).filter(Boolean) } }] });
  }
  const filter = { communityId, ...(and.length ? { $and: and } : {}) };
  return paged({ model: ParkingSpace, filter, sort: expiring ? { leaseEndsOn: 1, code: 1 } : { code: 1 }, projection: { history: 0 } }, query, (spaces: SpaceLean[]) =>
    spaceRecords(communityId, spaces, today),
  );
}

/** One space with its history (oldest first). */
export async function parkingSpace(caller: Caller, spaceId: string): Promise<ParkingSpaceDetail> {
  const communityId = cid(caller);
  const space = await loadSpace(caller, spaceId);
  const history: ParkingHistoryEntry[] = (space.history ?? []).map((h) => ({ at: h.at.toISOString(), event: h.event as ParkingHistoryEntry['event'], byName: h.byName, ...(h.note ? { note: h.note } : {}) }));
  return { ...(await recordOf(communityId, space)), history };
}

/** The lease-end reminder days of a community: its own, or the defaults. */
export async function reminderDaysOf(communityId: string): Promise<number[]> {
  const saved = await ParkingSettings.findById(communityId, { reminderDays: 1 }).lean();
  return saved && !parkingReminderDaysProblem(saved.reminderDays) ? [...saved.reminderDays] : [...DEFAULT_PARKING_REMINDER_DAYS];
}

async function ladderView(communityId: string): Promise<ParkingLadderView> {
  const saved = await ParkingSettings.findById(communityId).lean();
  const own = saved && !parkingReminderDaysProblem(saved.reminderDays);
  return {
    days: own ? [...saved.reminderDays] : [...DEFAULT_PARKING_REMINDER_DAYS],
    defaultDays: [...DEFAULT_PARKING_REMINDER_DAYS],
    ...(saved ? { updatedBy: saved.byName, updatedAt: saved.at.toISOString() } : {}),
  };
}

export function parkingLadder(caller: Caller): Promise<ParkingLadderView> {
  return ladderView(caller.communityId);
}

/** Manager: the community's own reminder days (checked by the contract), from the next reminder run. */
export async function saveParkingLadder(caller: Caller, days: number[]): Promise<ParkingLadderView> {
  await ParkingSettings.updateOne({ _id: caller.communityId }, { $set: { communityId: cid(caller), reminderDays: days, byName: caller.name, at: now() } }, { upsert: true });
  return ladderView(caller.communityId);
}
