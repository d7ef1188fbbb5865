import { ASSIGNED_STATUSES, nextStatus, REPAIR_EVENT_LABELS, REPAIR_STATUS_LABELS, REPAIR_TRANSITIONS, type RepairEvent, type RepairStatus } from '@shared/domain/repairs';
import { AppError } from '../../lib/app-error';
import { claimUnlessStale, releaseClaim } from '../../lib/claim';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { OpenAssignment, Repair, type RepairDoc } from './repair.model';

type Id = mongoose.Types.ObjectId;

/** Who made a change: a person, or the system (deadline job, automatic dispatch). */
export interface Actor {
  id?: string;
  name: string;
}
export const SYSTEM: Actor = { name: '系统' };

/** One change to an order, decided from its current state by a `build` function. */
export interface Change {
  /** The history entry's event; omitted for silent bookkeeping (warnings, flags). */
  event?: RepairEvent | 'urge';
  /** New status (a transition). */
  to?: RepairStatus;
  note?: string;
  set?: Record<string, unknown>;
  unset?: string[];
  inc?: Record<string, number>;
}

/** The status an event leads to, or 409 REPAIR.INVALID_TRANSITION naming both states. */
export function transitionTo(order: Pick<RepairDoc, 'status'>, event: RepairEvent): RepairStatus {
  const from = order.status as RepairStatus;
  const to = nextStatus(from, event);
  if (to) return to;
  const target = REPAIR_TRANSITIONS[event].to;
  const allowed = (REPAIR_TRANSITIONS[event].from as readonly RepairStatus[]).map((s) => `“${REPAIR_STATUS_LABELS[s]}”`).join('、');
  throw new AppError('REPAIR.INVALID_TRANSITION', `工单当前为“${REPAIR_STATUS_LABELS[from]}”，不能${REPAIR_EVENT_LABELS[event]}（变为“${REPAIR_STATUS_LABELS[target]}”需工单处于${allowed}）`, {
    from,
    to: target,
    event,
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How old an unfinished revision claim must be before it is taken over (its holder died). */
const STALE_CLAIM_MS = 30_000;

/**
 * Apply one change to an order: read it, let `build` decide (it throws when the change is not
 * allowed, or returns null when there is nothing to do), claim `repair:<id>:rev:<rev>`, write with
 * the guard `{_id, rev}` (bumping rev and appending history). Exactly one change per revision wins;
 * a loser reads the order again and lets `build` decide again (so a pool claim that lost to another
 * technician sees the order taken; `onConflict: 'taken'` answers 409 REPAIR.ALREADY_TAKEN when the
 * order is still being changed by someone else after every attempt).
 */
export async function mutate(
  id: Id | string,
  actor: Actor,
  build: (order: RepairDoc) => Change | null,
  opts: { onConflict?: 'retry' | 'taken' } = {},
): Promise<{ order: RepairDoc; changed: boolean }> {
  const _id = new mongoose.Types.ObjectId(String(id));
  for (let attempt = 1; attempt <= 8; attempt++) {
    const order = (await Repair.findById(_id).lean()) as RepairDoc | null;
    if (!order) throw new AppError('REPAIR.NOT_FOUND');
    const change = build(order);
    if (!change) return { order, changed: false };
    const key = `repair:${String(_id)}:rev:${order.rev}`;
    if (!(await claimUnlessStale(key, STALE_CLAIM_MS))) {
      await sleep(10 + Math.random() * 40 * attempt);
      continue;
    }
    try {
      const at = now();
      const update: Record<string, unknown> = {
        $set: { ...(change.set ?? {}), ...(change.to ? { status: change.to } : {}) },
        $inc: { ...(change.inc ?? {}), rev: 1 },
      };
      if (change.unset?.length) update.$unset = Object.fromEntries(change.unset.map((f) => [f, '']));
      if (change.event) {
        update.$push = {
          history: { at, event: change.event, from: order.status, to: change.to ?? order.status, ...(actor.id ? { byId: new mongoose.Types.ObjectId(actor.id) } : {}), byName: actor.name, ...(change.note ? { note: change.note } : {}) },
        };
      }
      // The claim on this revision is the guard (FerretDB would scan for `{_id, rev}`; `_id` alone uses its index).
      const written = (await Repair.findOneAndUpdate({ _id }, update, { new: true }).lean()) as RepairDoc | null;
      if (!written) throw new AppError('REPAIR.NOT_FOUND');
      if (written.rev !== order.rev + 1) {
        // Only after a stale takeover raced a late writer: the order moved on; decide again on the newest.
        await releaseClaim(key);
        continue;
      }
      await trackAssignment(order, written);
      return { order: written, changed: true };
    } catch (err) {
      await releaseClaim(key);
      throw err;
    }
  }
  throw new AppError(opts.onConflict === 'taken' ? 'REPAIR.ALREADY_TAKEN' : 'STATE.CONFLICT');
}

const heldBy = (o: RepairDoc) => (ASSIGNED_STATUSES.includes(o.status as RepairStatus) && o.assigneeId ? String(o.assigneeId) : null);

/** Keep the technicians' open assignments (their load) in step with the order. */
async function trackAssignment(before: RepairDoc, after: RepairDoc): Promise<void> {
  const was = heldBy(before);
  const is = heldBy(after);
  if (was === is) return;
  if (is) await OpenAssignment.updateOne({ _id: after._id }, { $set: { communityId: after.communityId, userId: after.assigneeId } }, { upsert: true });
  else await OpenAssignment.deleteOne({ _id: after._id });
}

/** Flags with `add` added and `remove` removed (kept in a stable order). */
export function withFlags(order: Pick<RepairDoc, 'flags'>, add: string[] = [], remove: string[] = []): string[] {
  const out = (order.flags ?? []).filter((f) => !remove.includes(f));
  for (const f of add) if (!out.includes(f)) out.push(f);
  return out;
}
