import { REPAIR_STATUS_LABELS } from '@shared/domain/repairs';
import { routes } from '@shared/routes';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { activeMemberIds } from '../identity';
import { enqueueMany, enqueueOrLog, type EnqueueInput } from '../messaging';
import type { RepairDoc } from './repair.model';

type Id = mongoose.Types.ObjectId;

/**
 * Every message about a repair leaves through the outbox, keyed by the order's revision (or the
 * deadline it is about), so a retried job or request never sends the same news twice.
 */
const ownerPage = (o: RepairDoc) => routes.owner.repair({ id: String(o._id) });
const staffPage = (o: RepairDoc) => routes.staff.repair({ id: String(o._id) });
const title = (o: RepairDoc) => `${o.category}：${o.description}`;

/** Recipients' contacts a request already read (user id → name, phone, first unit's label): not read again by the outbox. */
export type Known = ReadonlyMap<string, NonNullable<EnqueueInput['recipient']>>;

const withKnown = (input: EnqueueInput, known?: Known): EnqueueInput => {
  const contact = known?.get(String(input.recipientUserId));
  return contact ? { ...input, recipient: contact } : input;
};

/**
 * Queue several messages about an order in one enqueue (one lookup of their recipients, one insert
 * of each kind): tried twice, then one by one (enqueueOrLog: three tries each, then logged). A
 * failure never undoes the change; every message is keyed, so trying again repeats nothing.
 */
export async function sendAll(o: Pick<RepairDoc, '_id'>, messages: readonly EnqueueInput[]): Promise<void> {
  if (!messages.length) return;
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      await enqueueMany([...messages]);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
  for (const m of messages) await enqueueOrLog(m, { repairId: String(o._id) });
}

/** The owner's message: the order moved (see tellOwner), or null (no owner to tell). */
export function ownerMessage(o: RepairDoc, remark?: string, event?: string, known?: Known): EnqueueInput | null {
  if (!o.ownerId) return null;
  return withKnown(
    {
      communityId: o.communityId,
      eventKey: `repair:${String(o._id)}:${event ?? `progress:${o.rev}`}`,
      recipientUserId: o.ownerId,
      templateKey: 'repair.progress',
      values: { orderNo: o.orderNo, title: title(o), status: REPAIR_STATUS_LABELS[o.status], time: now(), remark },
      page: ownerPage(o),
      urgent: o.urgency === 'emergency',
    },
    known,
  );
}

/** The technician's message: a new order for you, or null (nobody assigned). */
export function assignedMessage(o: RepairDoc, known?: Known): EnqueueInput | null {
  if (!o.assigneeId) return null;
  return withKnown(
    {
      communityId: o.communityId,
      eventKey: `repair:${String(o._id)}:assigned:${o.rev}`,
      recipientUserId: o.assigneeId,
      templateKey: 'repair.assigned',
      values: { orderNo: o.orderNo, location: o.location, title: title(o), contact: o.contactName, time: o.dispatchedAt ?? now() },
      page: staffPage(o),
      urgent: true,
    },
    known,
  );
}

const present = (list: (EnqueueInput | null)[]): EnqueueInput[] => list.filter((m): m is EnqueueInput => m !== null);

/**
 * The owner: the order moved (dispatched, accepted, arrived, completed, cancelled…). `event` names
 * news that is not about a revision (`received`: the report was accepted, whatever routing did).
 */
export async function tellOwner(o: RepairDoc, remark?: string, event?: string, known?: Known): Promise<void> {
  await sendAll(o, present([ownerMessage(o, remark, event, known)]));
}

/** A technician: a new order for you. */
export async function tellAssigned(o: RepairDoc): Promise<void> {
  await sendAll(o, present([assignedMessage(o)]));
}

/** A dispatch: the technician (a new order) and the owner (`remark`), in one enqueue (with `also`: other messages about the order). */
export async function tellDispatched(o: RepairDoc, remark: string, known?: Known, also: readonly EnqueueInput[] = []): Promise<void> {
  await sendAll(o, [...also, ...present([assignedMessage(o, known), ownerMessage(o, remark, undefined, known)])]);
}

/** The staff alerts of `alertStaff`, as messages (one per recipient). */
export function staffAlerts(o: RepairDoc, recipients: readonly Id[], key: string, kind: string, remark: string): EnqueueInput[] {
  return [...new Map(recipients.map((r) => [String(r), r])).values()].map((userId) => ({
    communityId: o.communityId,
    eventKey: `repair:${String(o._id)}:${key}`,
    recipientUserId: userId,
    templateKey: 'repair.alert',
    values: { orderNo: o.orderNo, title: title(o), kind, time: now(), remark },
    page: staffPage(o),
    urgent: true,
  }));
}

/**
 * A staff alert (催单, 即将超时, 已超时, 紧急报修, 差评, 回访不满…). `key` names the business event
 * (one message per recipient per key). Staff alerts ignore quiet hours: the work does not wait.
 */
export async function alertStaff(o: RepairDoc, recipients: readonly Id[], key: string, kind: string, remark: string): Promise<void> {
  await sendAll(o, staffAlerts(o, recipients, key, kind, remark));
}

export async function alertManagers(o: RepairDoc, key: string, kind: string, remark: string): Promise<void> {
  await sendAll(o, await managerAlerts(o, key, kind, remark));
}

/** The alerts of `alertManagers`, as messages (to send with others in one enqueue). */
export async function managerAlerts(o: RepairDoc, key: string, kind: string, remark: string): Promise<EnqueueInput[]> {
  // The managers of the order's community (home or additional community).
  return staffAlerts(o, await activeMemberIds(o.communityId as Id, 'manager'), key, kind, remark);
}
