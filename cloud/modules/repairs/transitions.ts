import { ASSIGNED_STATUSES, type RepairEvent, type RepairStatus } from '@shared/domain/repairs';
import { mutateRevision, type Actor, type Change as RevisionChange } from '../../lib/revision';
import { mongoose } from '../../lib/db';
import { OpenAssignment, Repair, type RepairDoc } from './repair.model';

type Id = mongoose.Types.ObjectId;

export { actorOf, SYSTEM, type Actor } from '../../lib/revision';

/** One change to an order (see mutateRevision). */
export type Change = RevisionChange<RepairEvent | 'urge', RepairStatus>;

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
