import { INQUIRY_STATUS_LABELS, type InquiryStatus } from '@shared/domain/desk';
import { routes } from '@shared/routes';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { activeMemberIds } from '../identity';
import { enqueueOrLog } from '../messaging';
import type { InquiryDoc } from './inquiry.model';

type Id = mongoose.Types.ObjectId;

/**
 * Every message about an inquiry leaves through the outbox, keyed by the inquiry's revision (or the
 * deadline it is about), so a retried job or request never sends the same news twice.
 */
const context = (i: InquiryDoc) => ({ inquiryId: String(i._id) });

/** The owner: acknowledged (the quick feedback), answered (the answer), converted, closed. */
export async function tellOwner(i: InquiryDoc, reply: string): Promise<void> {
  if (!i.ownerId) return;
  await enqueueOrLog(
    {
      communityId: i.communityId,
      eventKey: `inquiry:${String(i._id)}:progress:${i.rev}`,
      recipientUserId: i.ownerId,
      templateKey: 'inquiry.reply',
      values: { inquiryNo: i.inquiryNo, title: i.text, result: INQUIRY_STATUS_LABELS[i.status as InquiryStatus], reply, time: now() },
      page: routes.owner.inquiry({ id: String(i._id) }),
    },
    context(i),
  );
}

/** The community's agents (who acknowledge new inquiries). */
export function agentsOf(communityId: Id): Promise<Id[]> {
  return activeMemberIds(communityId, 'agent');
}

/**
 * A staff alert (新咨询, 即将超时, 已超时, 咨询转交). `key` names the business event (one message per
 * recipient per key). Staff alerts ignore quiet hours: the work does not wait.
 */
export async function alertStaff(i: InquiryDoc, recipients: readonly Id[], key: string, kind: string, remark: string): Promise<void> {
  for (const userId of new Map(recipients.map((r) => [String(r), r])).values()) {
    await enqueueOrLog(
      {
        communityId: i.communityId,
        eventKey: `inquiry:${String(i._id)}:${key}`,
        recipientUserId: userId,
        templateKey: 'inquiry.alert',
        values: { inquiryNo: i.inquiryNo, title: i.text, kind, time: now(), remark },
        page: routes.staff.inquiry({ id: String(i._id) }),
        urgent: true,
      },
      context(i),
    );
  }
}

export async function alertManagers(i: InquiryDoc, key: string, kind: string, remark: string): Promise<void> {
  await alertStaff(i, await activeMemberIds(i.communityId, 'manager'), key, kind, remark);
}
