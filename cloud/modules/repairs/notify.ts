import { REPAIR_STATUS_LABELS } from '@shared/domain/repairs';
import { routes } from '@shared/routes';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { activeMemberIds } from '../identity';
import { enqueueOrLog } from '../messaging';
import type { RepairDoc } from './repair.model';

type Id = mongoose.Types.ObjectId;

/**
 * Every message about a repair leaves through the outbox, keyed by the order's revision (or the
 * deadline it is about), so a retried job or request never sends the same news twice.
 */
const ownerPage = (o: RepairDoc) => routes.owner.repair({ id: String(o._id) });
const staffPage = (o: RepairDoc) => routes.staff.repair({ id: String(o._id) });
const title = (o: RepairDoc) => `${o.category}：${o.description}`;

/**
 * The owner: the order moved (dispatched, accepted, arrived, completed, cancelled…). `event` names
 * news that is not about a revision (`received`: the report was accepted, whatever routing did).
 */
export async function tellOwner(o: RepairDoc, remark?: string, event?: string): Promise<void> {
  if (!o.ownerId) return;
  await enqueueOrLog(
    {
      communityId: o.communityId,
      eventKey: `repair:${String(o._id)}:${event ?? `progress:${o.rev}`}`,
      recipientUserId: o.ownerId!,
      templateKey: 'repair.progress',
      values: { orderNo: o.orderNo, title: title(o), status: REPAIR_STATUS_LABELS[o.status], time: now(), remark },
      page: ownerPage(o),
      urgent: o.urgency === 'emergency',
    },
    { repairId: String(o._id) },
  );
}

/** A technician: a new order for you. */
export async function tellAssigned(o: RepairDoc): Promise<void> {
  if (!o.assigneeId) return;
  await enqueueOrLog(
    {
      communityId: o.communityId,
      eventKey: `repair:${String(o._id)}:assigned:${o.rev}`,
      recipientUserId: o.assigneeId!,
      templateKey: 'repair.assigned',
      values: { orderNo: o.orderNo, location: o.location, title: title(o), contact: o.contactName, time: o.dispatchedAt ?? now() },
      page: staffPage(o),
      urgent: true,
    },
    { repairId: String(o._id) },
  );
}

/**
 * A staff alert (催单, 即将超时, 已超时, 紧急报修, 差评, 回访不满…). `key` names the business event
 * (one message per recipient per key). Staff alerts ignore quiet hours: the work does not wait.
 */
export async function alertStaff(o: RepairDoc, recipients: readonly Id[], key: string, kind: string, remark: string): Promise<void> {
  for (const userId of new Map(recipients.map((r) => [String(r), r])).values()) {
    await enqueueOrLog(
      {
        communityId: o.communityId,
        eventKey: `repair:${String(o._id)}:${key}`,
        recipientUserId: userId,
        templateKey: 'repair.alert',
        values: { orderNo: o.orderNo, title: title(o), kind, time: now(), remark },
        page: staffPage(o),
        urgent: true,
      },
      { repairId: String(o._id) },
    );
  }
}

export async function alertManagers(o: RepairDoc, key: string, kind: string, remark: string): Promise<void> {
  // The managers of the order's community (home or additional community).
  await alertStaff(o, await activeMemberIds(o.communityId as Id, 'manager'), key, kind, remark);
}
