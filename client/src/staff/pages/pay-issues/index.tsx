import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { PayIssueView } from '@shared/contracts/fees.contract';
import { PAY_ISSUE_TEXT, type PayIssueStatus } from '@shared/domain/pay-issues';
import { formatTime } from '@shared/domain/calendar';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { money } from '@/components/fee-entry';
import './index.scss';

const TABS = [
  { value: 'open' as const, label: '待处理' },
  { value: 'resolved' as const, label: '已处理' },
];

/** The amounts of an issue: what is recorded here and what WeChat Pay says (refund issues say 退款). */
function Amounts({ issue }: { issue: PayIssueView }) {
  const refund = issue.kind.startsWith('refund-');
  const ours = refund ? '系统退款' : '系统金额';
  const theirs = refund ? '微信退款' : '微信金额';
  if (issue.orderFen === undefined && issue.paidFen === undefined) return null;
  return (
    <View className="pay-issue__amounts">
      {issue.orderFen !== undefined ? (
        <Text className="pay-issue__amount pay-issue__ours">
          {ours} {money(issue.orderFen)}
        </Text>
      ) : null}
      {issue.paidFen !== undefined ? (
        <Text className={`pay-issue__amount pay-issue__theirs ${issue.orderFen !== undefined && issue.orderFen !== issue.paidFen ? 'danger' : ''}`}>
          {theirs} {money(issue.paidFen)}
        </Text>
      ) : null}
    </View>
  );
}

function PayIssueCard({ issue, onResolved }: { issue: PayIssueView; onResolved: (i: PayIssueView) => void }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const submit = useSubmit();
  const text = PAY_ISSUE_TEXT[issue.kind];
  const refs: [string, string][] = [
    ...(issue.transactionId ? [['微信支付单号', issue.transactionId] as [string, string]] : []),
    ...(issue.outRefundNo ? [['退款单号', issue.outRefundNo] as [string, string]] : []),
    ...(issue.orderId ? [['商户订单号', issue.orderId] as [string, string]] : []),
  ];
  const resolve = async () => {
    if (note.trim().length < 2) return submit.fail({ note: '请填写处理说明（至少2个字）' });
    const done = await submit.run(() => call('fees', 'resolvePayIssue', { issueId: issue.id, note: note.trim() }));
    if (done) onResolved(done);
  };
  return (
    <View className={`card pay-issue pay-issue--${issue.kind}`} data-id={issue.id}>
      <View className="unit-row__main">
        <Text className="card__title pay-issue__title">{text.title}</Text>
        <Text className={`tag ${issue.status === 'open' ? 'tag--rejected' : 'tag--approved'} pay-issue__status`}>{issue.status === 'open' ? '待处理' : '已处理'}</Text>
      </View>
      <Text className="muted pay-issue__meaning">{text.meaning}</Text>
      <Amounts issue={issue} />
      <View className="pay-issue__unit-row">
        <Text className="link pay-issue__unit" onClick={() => openPage(routes.staff.account, { unitId: issue.unitId })}>
          {issue.unitLabel || '房屋'} · 查看缴费账户 ›
        </Text>
      </View>
      <Text className="unit-row__meta pay-issue__at">{issue.billDate ? `${issue.billDate} 的微信对账单 · 发现于 ${formatTime(issue.at)}` : `发现于 ${formatTime(issue.at)}`}</Text>
      {refs.map(([label, value]) => (
        <Text key={label} className="unit-row__meta pay-issue__ref">
          {label}：{value}
        </Text>
      ))}
      {issue.resolved ? (
        <Text className="pay-issue__resolved">
          {issue.resolved.byName} 于 {formatTime(issue.resolved.at)} 处理：{issue.resolved.note}
        </Text>
      ) : open ? (
        <View className="form pay-issue__form">
          <Field label="处理说明" name="pay-issue-note" required error={submit.fieldErrors.note}>
            <View className="pay-issue__note">
              <Input className="input" value={note} maxlength={200} placeholder="如：已核实，为业主补登缴费" onInput={(e) => submit.edited('note', setNote)(e.detail.value)} />
            </View>
          </Field>
          <FormError error={submit.error} shownFields={['note']} />
          <View className="form-buttons">
            <Button className="btn btn--ghost pay-issue__cancel" size="mini" disabled={submit.busy || undefined} onClick={() => setOpen(false)}>
              取消
            </Button>
            <Button className="btn btn--primary pay-issue__confirm" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={resolve}>
              确认已处理
            </Button>
          </View>
        </View>
      ) : (
        <View className="pay-issue__actions">
          <Button className="btn btn--primary pay-issue__resolve" size="mini" onClick={() => setOpen(true)}>
            处理
          </Button>
        </View>
      )}
    </View>
  );
}

/**
 * 线上支付异常 (staff/pages/pay-issues; cashiers and managers): what the WeChat Pay notifications,
 * refunds and the daily reconciliation could not settle by themselves — each with what it means in
 * plain words, the amounts, the unit and when — and 处理 with a note (who and when are kept).
 */
export default function PayIssuesPage() {
  useSession({ required: true });
  const [status, setStatus] = useState<PayIssueStatus>('open');
  const list = usePaged((page) => call('fees', 'payIssues', { status, page, pageSize: 10 }), status);
  const resolved = (done: PayIssueView) => {
    toast('已处理');
    list.update((items) => items.filter((i) => i.id !== done.id), -1);
  };
  return (
    <View className="page pay-issues">
      <PageHeader title="线上支付异常" subtitle="微信支付中系统未能自动入账的款项、退款异常，以及每日对账发现的差异" />
      <View className="tabs">
        <Choices name="tabs" options={TABS} value={status} onChange={setStatus} />
      </View>
      <PagedList list={list} name="pay-issues" emptyText={status === 'open' ? '暂无待处理的异常，线上收款与对账一致' : '暂无处理记录'} render={(i) => <PayIssueCard key={i.id} issue={i} onResolved={resolved} />} />
    </View>
  );
}
