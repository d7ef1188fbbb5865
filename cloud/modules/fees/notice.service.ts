import type { ReminderNoticeFile } from '@shared/contracts/fees.contract';
import { addDays, localDay } from '@shared/domain/calendar';
import { arrearsNotice, NOTICE_TITLES, type ArrearsNoticeKind } from '@shared/domain/fee-notice';
import { AppError } from '../../lib/app-error';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import type { Caller } from '../../lib/caller';
import { communityContact, spaceCodesOf } from '../community';
import { owners as ownersOf } from '../identity';
import { accountOf } from './fee.service';
import { noticePdf } from './notice-pdf';
import { payOnlineMode } from './pay-mode';

const { ObjectId } = mongoose.Types;

/** Days the owner is given to pay after the notice. */
const PAY_WITHIN_DAYS = 7;

/**
 * The formal reminder notice of a unit's overdue bills, as a PDF an agent prints or forwards:
 * 车位使用费催缴通知单 for parking bills, 费用催缴通知单 for the others. 409 when nothing is overdue.
 */
export async function reminderNotice(caller: Caller, input: { unitId: string; kind: ArrearsNoticeKind }): Promise<ReminderNoticeFile> {
  const communityId = new ObjectId(caller.communityId);
  const unitId = new ObjectId(input.unitId);
  const [account, community, owners, spaces] = await Promise.all([
    accountOf(communityId, unitId),
    communityContact(communityId),
    ownersOf({ communityId }, { unitId }),
    input.kind === 'parking' ? spaceCodesOf(communityId, unitId) : Promise.resolve([]),
  ]);
  const overdue = account.bills.filter((b) => b.status === 'open' && b.daysOverdue > 0 && (b.kind === 'parking') === (input.kind === 'parking'));
  if (!overdue.length) throw new AppError('FEE.NOTHING_OVERDUE', undefined, { kind: input.kind });
  const today = localDay(now());
  const notice = arrearsNotice({
    kind: input.kind,
    number: `CJ${today.replace(/-/g, '')}-${String(unitId).slice(-6).toUpperCase()}${input.kind === 'parking' ? '-P' : ''}`,
    communityName: community?.name ?? '',
    unitLabel: account.unitLabel,
    ...(owners[0] ? { ownerName: owners.map((o) => o.name).join('、') } : {}),
    spaces: [...spaces].sort(),
    servicePhone: community?.servicePhone ?? '',
    asOf: today,
    payBy: addDays(today, PAY_WITHIN_DAYS),
    payOnline: Boolean(payOnlineMode()),
    lines: [...overdue]
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
      .map((b) => ({ itemName: b.itemName, periodLabel: b.periodLabel, dueDay: localDay(new Date(b.dueDate)), amountFen: b.amountFen, dueFen: b.dueFen, daysOverdue: b.daysOverdue })),
  });
  const pdf = await noticePdf(notice);
  return { notice, fileName: `${NOTICE_TITLES[input.kind]}-${account.unitLabel}-${today.replace(/-/g, '')}.pdf`, mime: 'application/pdf', contentBase64: pdf.toString('base64') };
}
