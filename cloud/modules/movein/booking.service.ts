import type { MyMoveInView } from '@shared/contracts/movein-batches.contract';
import { DAY_MS, localDay } from '@shared/domain/calendar';
import { MOVEIN_STEP_LABELS, openDays, slotLabel, type BatchStatus, type MoveInKind, type MoveInStatus, type MoveInStep } from '@shared/domain/movein';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { Claim, claimOnce, claimUnlessStale, releaseClaim } from '../../lib/claim';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { actorOf, mutateRevision } from '../../lib/revision';
import { items as feeItemsOf } from '../fees';
import { Booking } from './batch.model';
import { batchOf, bookedBySlot, type BatchLean } from './batch.service';
import { canReachMoveIn, reachableMoveIns } from './movein.access';
import { MoveIn } from './movein.model';
import { sleep, whenNotBusy } from '../../lib/busy-retry';

/**
 * Owners' bookings of a batch's slots (预约办理入住). Capacity is exact under concurrency: a booking
 * is the insert of seat `<batch>:<day>:<slot>:<n>` (n ≤ capacity) — a unique `_id`, which both
 * MongoDB and FerretDB enforce inside the insert (guarded updates are not atomic on FerretDB v1).
 * One booking per case: book / move / cancel of one case run one at a time (a short claim of the
 * case), and each request id is done once (a replay answers the case as it is).
 */
const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

interface CaseLean {
  _id: Id;
  communityId: Id;
  unitId: Id;
  buildingId: Id;
  unitLabel: string;
  kind: MoveInKind;
  batchId?: Id | null;
  status: MoveInStatus;
  rev?: number;
  buyer: { name: string };
  booking?: { day?: string | null; slotId?: string | null; slotLabel?: string | null } | null;
  steps: { key: MoveInStep; required: boolean; done?: boolean | null }[];
  movedInOn?: string | null;
  createdAt: Date;
}

const caseSpec = { kind: 'moveIn', model: MoveIn as never, notFound: 'MOVEIN.NOT_FOUND' as const };

async function viewOf(c: CaseLean, batches: Map<string, BatchLean | null>, feeNames: Map<string, { name: string; amountFen: number }>): Promise<MyMoveInView> {
  const today = localDay(now());
  let batch: BatchLean | null = null;
  if (c.batchId) {
    const key = String(c.batchId);
    if (!batches.has(key)) batches.set(key, await batchOf(c.communityId, c.batchId));
    batch = batches.get(key) ?? null;
  }
  const canBook = Boolean(batch && batch.status === 'published' && c.status === 'waiting');
  let days: MyMoveInView['days'] = [];
  if (batch && canBook) {
    const booked = await bookedBySlot(batch._id, today);
    days = openDays(batch)
      .filter((d) => d >= today)
      .map((day) => ({ day, slots: batch!.slots.map((s) => ({ id: s.id, label: slotLabel(s), capacity: s.capacity, free: Math.max(0, s.capacity - (booked.get(`${day}|${s.id}`) ?? 0)) })) }));
  }
  const steps = c.steps.map((s) => ({ key: s.key, label: MOVEIN_STEP_LABELS[s.key] ?? s.key, required: s.required, done: Boolean(s.done) }));
  return {
    id: String(c._id),
    unitId: String(c.unitId),
    unitLabel: c.unitLabel,
    kind: c.kind,
    status: c.status,
    buyerName: c.buyer?.name ?? '',
    ...(c.booking?.day && c.booking.slotId ? { booking: { day: c.booking.day, slotId: c.booking.slotId, slotLabel: c.booking.slotLabel ?? '' } } : {}),
    ...(batch
      ? {
          batch: {
            id: String(batch._id),
            name: batch.name,
            status: batch.status as BatchStatus,
            place: batch.place ?? '',
            startDay: batch.startDay,
            endDay: batch.endDay,
            documents: [...batch.documents],
            fees: batch.feeItemIds.flatMap((id) => feeNames.get(String(id)) ?? []),
            note: batch.note ?? '',
          },
        }
      : {}),
    days,
    steps,
    stepsDone: steps.filter((s) => s.done).length,
    stepsRequired: steps.filter((s) => s.required).length,
    requiredDone: steps.filter((s) => s.required && s.done).length,
    ...(c.movedInOn ? { movedInOn: c.movedInOn } : {}),
    canBook,
  };
}

async function feeNamesOf(caller: Caller): Promise<Map<string, { name: string; amountFen: number }>> {
  return new Map((await feeItemsOf(caller)).map((i) => [i.id, { name: i.name, amountFen: i.rateFen }]));
}

/** The owner's move-ins: per unit, the open case, else the latest done one; open ones first. */
export async function myMoveIn(caller: Caller): Promise<MyMoveInView[]> {
  if (!caller.unitIds.length) return [];
  const cases = await MoveIn.find({ ...reachableMoveIns(caller), status: { $ne: 'cancelled' } })
    .sort({ createdAt: -1 })
    .limit(50)
    .lean<CaseLean[]>();
  const byUnit = new Map<string, CaseLean>();
  for (const c of cases) {
    const have = byUnit.get(String(c.unitId));
    const open = (x: CaseLean) => x.status === 'waiting' || x.status === 'in_progress';
    if (!have || (open(c) && !open(have))) byUnit.set(String(c.unitId), c);
  }
  const chosen = [...byUnit.values()].sort((a, b) => Number(b.status !== 'done') - Number(a.status !== 'done') || a.unitLabel.localeCompare(b.unitLabel, 'zh-CN', { numeric: true }));
  const batches = new Map<string, BatchLean | null>();
  const fees = await feeNamesOf(caller);
  return Promise.all(chosen.map((c) => viewOf(c, batches, fees)));
}

async function oneView(caller: Caller, id: Id): Promise<MyMoveInView> {
  const c = await MoveIn.findById(id).lean<CaseLean>();
  if (!c) throw new AppError('MOVEIN.NOT_FOUND');
  return viewOf(c, new Map(), await feeNamesOf(caller));
}

const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 15_000;

/** Book, move and cancel of one case, one at a time. */
async function underCaseLock<T>(moveInId: Id, work: () => Promise<T>): Promise<T> {
  const key = `movein-booking:${String(moveInId)}`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  while (!(await claimUnlessStale(key, LOCK_STALE_MS, { ttlMs: DAY_MS }))) {
    if (Date.now() > deadline) throw new AppError('STATE.CONFLICT');
    await sleep(10 + Math.random() * 20);
  }
  try {
    return await work();
  } finally {
    await releaseClaim(key);
  }
}

const requestClaim = (moveInId: Id, requestId: string) => `movein-booking-request:${String(moveInId)}:${requestId}`;
const REQUEST_TTL_MS = 30 * DAY_MS;

/** The case (reachable by the caller) and its batch, open for booking changes. */
async function openCase(caller: Caller, moveInId: Id): Promise<{ c: CaseLean; batch: BatchLean }> {
  // By id, then the access rule on it: with the rule's fields in the filter FerretDB v1 reads every case of the database.
  const c = await MoveIn.findById(moveInId).lean<CaseLean>();
  if (!c || !canReachMoveIn(caller, c)) throw new AppError('MOVEIN.NOT_FOUND');
  if (!c.batchId) throw new AppError('MOVEIN.NO_BATCH');
  if (c.status !== 'waiting') throw new AppError('MOVEIN.BOOKING_CLOSED');
  const batch = await batchOf(c.communityId, c.batchId);
  if (!batch) throw new AppError('MOVEIN.BATCH_NOT_FOUND');
  if (batch.status !== 'published') throw new AppError('MOVEIN.BATCH_NOT_OPEN');
  return { c, batch };
}

/** Seats tried between two reads of the slot: a racing owner learns soon that the others took the rest. */
const SEATS_PER_READ = 3;

/**
 * Take a free seat of the slot: the first insert of a free seat's `_id` that succeeds; null when all
 * are taken. Reads the slot's taken seats, tries a few free ones from a random start (racing owners
 * mostly try different seats), and reads again after that many lost races — so an owner of a slot
 * that filled meanwhile stops after a read instead of trying every seat. Every round either takes a
 * seat or sees at least SEATS_PER_READ more taken, so it ends.
 */
async function takeSeat(c: CaseLean, batch: BatchLean, day: string, slot: { id: string; capacity: number }, by: Caller): Promise<string | null> {
  for (let round = 0; round <= Math.ceil(slot.capacity / SEATS_PER_READ); round++) {
    const taken = new Set((await Booking.find({ batchId: batch._id, day, slotId: slot.id }, { seat: 1 }).lean()).map((b) => b.seat));
    const free: number[] = [];
    for (let seat = 1; seat <= slot.capacity; seat++) if (!taken.has(seat)) free.push(seat);
    if (!free.length) return null;
    const start = Math.floor(Math.random() * free.length);
    for (let i = 0; i < Math.min(SEATS_PER_READ, free.length); i++) {
      const seat = free[(start + i) % free.length];
      const _id = `${String(batch._id)}:${day}:${slot.id}:${seat}`;
      try {
        await whenNotBusy(() => Booking.collection.insertOne({
          _id,
          communityId: c.communityId,
          batchId: batch._id,
          moveInId: c._id,
          unitId: c.unitId,
          buildingId: c.buildingId,
          day,
          slotId: slot.id,
          seat,
          byId: new ObjectId(by.userId),
          byName: by.name,
          createdAt: now(),
          updatedAt: now(),
        } as never));
        return _id;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }
  return null;
}

/**
 * Book a slot, or move the booking to another one. Outside the batch's days or slots → 404
 * MOVEIN.SLOT_NOT_FOUND; a past day → 409 MOVEIN.SLOT_PAST; full → 409 MOVEIN.SLOT_FULL; the case
 * started or done → 409 MOVEIN.BOOKING_CLOSED. The same request id again answers the case as it is.
 */
export async function book(caller: Caller, input: { moveInId: string; day: string; slotId: string; requestId: string }): Promise<MyMoveInView> {
  const moveInId = new ObjectId(input.moveInId);
  return underCaseLock(moveInId, async () => {
    const claim = requestClaim(moveInId, input.requestId);
    if (await Claim.exists({ _id: claim })) return oneView(caller, moveInId);
    const { c, batch } = await openCase(caller, moveInId);
    const slot = batch.slots.find((s) => s.id === input.slotId);
    if (!slot || !openDays(batch).includes(input.day)) throw new AppError('MOVEIN.SLOT_NOT_FOUND');
    if (input.day < localDay(now())) throw new AppError('MOVEIN.SLOT_PAST');
    const held = await Booking.find({ batchId: batch._id, moveInId }, { day: 1, slotId: 1 }).lean();
    const same = held.find((b) => b.day === input.day && b.slotId === input.slotId);
    let seatId = same ? String(same._id) : null;
    if (!seatId) {
      seatId = await takeSeat(c, batch, input.day, slot, caller);
      if (!seatId) throw new AppError('MOVEIN.SLOT_FULL');
      try {
        await whenNotBusy(() =>
          mutateRevision<CaseLean & { rev?: number }>(caseSpec, moveInId, actorOf(caller), (cur) => {
            if (cur.status !== 'waiting') throw new AppError('MOVEIN.BOOKING_CLOSED');
            return { event: cur.booking?.day ? 'rebook' : 'book', note: `${input.day} ${slotLabel(slot)}`, set: { booking: { day: input.day, slotId: slot.id, slotLabel: slotLabel(slot), bookedAt: now() } } };
          }),
        );
      } catch (err) {
        await whenNotBusy(() => Booking.deleteOne({ _id: seatId }));
        throw err;
      }
    }
    // The previous place (a move) is free again; also any left by a move that stopped halfway.
    const stale = held.filter((b) => String(b._id) !== seatId).map((b) => String(b._id));
    if (stale.length) await whenNotBusy(() => Booking.deleteMany({ _id: { $in: stale } }));
    await whenNotBusy(() => claimOnce(claim, { ttlMs: REQUEST_TTL_MS }));
    return oneView(caller, moveInId);
  });
}

/** Cancel the booking: the place is free again. Idempotent; the same request id again answers the case as it is. */
export async function cancelBooking(caller: Caller, input: { moveInId: string; requestId: string }): Promise<MyMoveInView> {
  const moveInId = new ObjectId(input.moveInId);
  return underCaseLock(moveInId, async () => {
    const claim = requestClaim(moveInId, input.requestId);
    if (await Claim.exists({ _id: claim })) return oneView(caller, moveInId);
    const { batch } = await openCase(caller, moveInId);
    await mutateRevision<CaseLean & { rev?: number }>(caseSpec, moveInId, actorOf(caller), (cur) => {
      if (cur.status !== 'waiting') throw new AppError('MOVEIN.BOOKING_CLOSED');
      return cur.booking?.day ? { event: 'unbook', note: `${cur.booking.day} ${cur.booking.slotLabel ?? ''}`.trim(), unset: ['booking'] } : null;
    });
    await Booking.deleteMany({ batchId: batch._id, moveInId });
    await claimOnce(claim, { ttlMs: REQUEST_TTL_MS });
    return oneView(caller, moveInId);
  });
}
