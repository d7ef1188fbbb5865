import { ASSIGNED_STATUSES, nextStatus, REPAIR_EVENT_LABELS, REPAIR_STATUS_LABELS, REPAIR_TRANSITIONS, type RepairEvent, type RepairStatus } from '@shared/domain/repairs';
import { AppError } from '../../lib/app-error';
import { mutateRevision, type Actor, type Change as RevisionChange } from '../../lib/revision';
import { mongoose } from '../../lib/db';
import { OpenAssignment, Repair, type RepairDoc } from './repair.model';

type Id = mongoose.Types.ObjectId;

export { SYSTEM, type Actor } from '../../lib/revision';

/** One change to an order (see mutateRevision). */
export type Change = RevisionChange<RepairEvent | 'urge', RepairStatus>;

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

/**
 * Apply one change to an order through its revision (see mutateRevision), keeping the technicians'
 * open assignments in step. `onConflict: 'taken'` answers 409 REPAIR.ALREADY_TAKEN when the order
 * is still being changed by someone else after every attempt (a lost pool claim).
 */
export async function mutate(id: Id | string, actor: Actor, build: (order: RepairDoc) => Change | null, opts: { onConflict?: 'retry' | 'taken' } = {}): Promise<{ order: RepairDoc; changed: boolean }> {
  const { doc, changed } = await mutateRevision<RepairDoc>(
    { kind: 'repair', model: Repair as never, notFound: 'REPAIR.NOT_FOUND', conflict: opts.onConflict === 'taken' ? 'REPAIR.ALREADY_TAKEN' : 'STATE.CONFLICT', afterWrite: trackAssignment },
    id,
    actor,
    build,
  );
  return { order: doc, changed };
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
