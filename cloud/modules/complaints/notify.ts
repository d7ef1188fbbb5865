import { COMPLAINT_STATUS_LABELS, type ComplaintStatus } from '@shared/domain/complaints';
import { routes } from '@shared/routes';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { activeMemberIds } from '../identity';
import { enqueueOrLog } from '../messaging';
import type { ComplaintDoc } from './complaint.model';

type Id = mongoose.Types.ObjectId;

/**
 * Every message about a complaint leaves through the outbox, keyed by the complaint's revision (or
 * the deadline it is about), so a retried job or request never sends the same news twice.
 */
const title = (c: ComplaintDoc) => c.description;
const context = (c: ComplaintDoc) => ({ complaintId: String(c._id) });

/** The owner: accepted, replied (with the answer), followed up, closed, reopened. */
export async function tellOwner(c: ComplaintDoc, reply?: string): Promise<void> {
  if (!c.ownerId) return;
  await enqueueOrLog(
    {
      communityId: c.communityId,
      eventKey: `complaint:${String(c._id)}:progress:${c.rev}`,
      recipientUserId: c.ownerId,
      templateKey: 'complaint.reply',
      values: { caseNo: c.caseNo, title: title(c), result: COMPLAINT_STATUS_LABELS[c.status as ComplaintStatus], reply: reply ?? progressText(c.status as ComplaintStatus, c.handlerName ?? undefined), time: now() },
      page: routes.owner.complaint({ id: String(c._id) }),
    },
    context(c),
  );
}

function progressText(status: ComplaintStatus, handler?: string): string {
  switch (status) {
    case 'accepted':
      return handler ? `已由${handler}负责处理` : '已安排专人处理';
    case 'investigating':
      return '正在调查核实';
    case 'followup':
      return '感谢您的确认与支持';
    case 'closed':
      return '投诉已结案，感谢您的监督';
    case 'reopened':
      return '已重新安排处理';
    default:
      return '点击查看详情';
  }
}

/** The community's agents (who give the first response). */
export function agentsOf(communityId: Id): Promise<Id[]> {
  return activeMemberIds(communityId, 'agent');
}

/**
 * A staff alert (新投诉, 即将超时, 已超时, 投诉重开…). `key` names the business event (one message
 * per recipient per key). Staff alerts ignore quiet hours: the work does not wait.
 */
export async function alertStaff(c: ComplaintDoc, recipients: readonly Id[], key: string, kind: string, remark: string): Promise<void> {
  for (const userId of new Map(recipients.map((r) => [String(r), r])).values()) {
    await enqueueOrLog(
      {
        communityId: c.communityId,
        eventKey: `complaint:${String(c._id)}:${key}`,
        recipientUserId: userId,
        templateKey: 'complaint.alert',
        values: { caseNo: c.caseNo, title: title(c), kind, time: now(), remark },
        page: routes.staff.complaint({ id: String(c._id) }),
        urgent: true,
      },
      context(c),
    );
  }
}

export async function alertManagers(c: ComplaintDoc, key: string, kind: string, remark: string): Promise<void> {
  await alertStaff(c, await activeMemberIds(c.communityId, 'manager'), key, kind, remark);
}
