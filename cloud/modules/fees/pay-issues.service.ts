import type { Paged } from '@shared/contracts/contract';
import type { PayIssueView } from '@shared/contracts/fees.contract';
import type { PayIssueKind, PayIssueStatus } from '@shared/domain/pay-issues';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { claimOnce } from '../../lib/claim';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { paged } from '../../lib/paging';
import { unitLabels } from '../community';
import { PayIssue } from './pay.model';

/**
 * The cashier's list of online-payment issues (线上支付异常, docs/modules/payments.md): what the
 * notification, the refunds and the daily reconciliation could not settle by themselves. Open until a
 * cashier or manager resolves one, with a note (who and when are recorded).
 */

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

type IssueDoc = {
  _id: string;
  communityId: Id;
  unitId: Id;
  orderId?: Id | null;
  paymentId?: Id | null;
  kind: string;
  transactionId?: string | null;
  outRefundNo?: string | null;
  refundId?: string | null;
  orderFen?: number | null;
  paidFen?: number | null;
  billDate?: string | null;
  at: Date;
  status?: string | null;
  resolvedAt?: Date | null;
  resolvedByName?: string | null;
  resolution?: string | null;
};

async function views(docs: IssueDoc[]): Promise<PayIssueView[]> {
  const labels = await unitLabels([...new Map(docs.map((d) => [String(d.unitId), d.unitId])).values()]);
  return docs.map((d) => ({
    id: d._id,
    kind: d.kind as PayIssueKind,
    status: d.status === 'resolved' ? 'resolved' : 'open',
    unitId: String(d.unitId),
    unitLabel: labels.get(String(d.unitId)) ?? '',
    ...(d.orderId ? { orderId: String(d.orderId) } : {}),
    ...(d.paymentId ? { paymentId: String(d.paymentId) } : {}),
    ...(d.transactionId ? { transactionId: d.transactionId } : {}),
    ...(d.outRefundNo ? { outRefundNo: d.outRefundNo } : {}),
    ...(typeof d.orderFen === 'number' ? { orderFen: d.orderFen } : {}),
    ...(typeof d.paidFen === 'number' ? { paidFen: d.paidFen } : {}),
    ...(d.billDate ? { billDate: d.billDate } : {}),
    at: d.at.toISOString(),
    ...(d.status === 'resolved' && d.resolvedAt ? { resolved: { byName: d.resolvedByName ?? '', at: d.resolvedAt.toISOString(), note: d.resolution ?? '' } } : {}),
  }));
}

/** fees.payIssues (cashier, manager): the community's open (default) or resolved issues, newest first. */
export async function payIssues(caller: Caller, input: { status: PayIssueStatus; page: number; pageSize: number }): Promise<Paged<PayIssueView>> {
  const communityId = new ObjectId(caller.communityId);
  // Issues listed before they had a status are open.
  const filter = input.status === 'resolved' ? { communityId, status: 'resolved' } : { communityId, status: { $ne: 'resolved' } };
  return paged({ model: PayIssue, filter, sort: { at: -1 } }, input, (docs: IssueDoc[]) => views(docs));
}

/**
 * fees.resolvePayIssue (cashier, manager): the issue handled (补登、退款、核实无误…), with a note; who and
 * when are recorded. Once: resolving it again → 409 PAY.ISSUE_RESOLVED. Another community's → 404.
 */
export async function resolvePayIssue(caller: Caller, input: { issueId: string; note: string }): Promise<PayIssueView> {
  const communityId = new ObjectId(caller.communityId);
  const issue = (await PayIssue.findOne({ _id: input.issueId, communityId }).lean()) as IssueDoc | null;
  if (!issue) throw new AppError('PAY.ISSUE_NOT_FOUND');
  if (issue.status === 'resolved' || !(await claimOnce(`pay-issue-resolved:${issue._id}`))) throw new AppError('PAY.ISSUE_RESOLVED');
  const resolved = { status: 'resolved', resolvedAt: now(), resolvedById: new ObjectId(caller.userId), resolvedByName: caller.name, resolution: input.note };
  await PayIssue.updateOne({ _id: issue._id }, { $set: resolved });
  return (await views([{ ...issue, ...resolved }]))[0];
}
