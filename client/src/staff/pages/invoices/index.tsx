import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { InvoiceRequestView } from '@shared/contracts/fees.contract';
import { formatTime } from '@shared/domain/calendar';
import { PAYMENT_METHOD_LABELS } from '@shared/domain/fees';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { money } from '@/components/fee-entry';
import { ReasonForm } from '@/components/fee-forms';
import { InvoiceStatusTag, invoiceTitleText } from '@/components/invoice-request';
import '@/components/receipt.scss';

type Tab = 'open' | 'all';
const TABS = [
  { value: 'open' as const, label: '待开票' },
  { value: 'all' as const, label: '全部' },
];

/** The tax number to paste into the tax system. */
function copy(text: string) {
  Taro.setClipboardData({ data: text })
    .then(() => toast('税号已复制'))
    .catch(() => toast('复制失败，请长按税号手动复制'));
}

/** 已开票: the invoice number (发票号码) from the tax system. */
function IssueForm({ request, onDone, onCancel }: { request: InvoiceRequestView; onDone: (r: InvoiceRequestView) => void; onCancel: () => void }) {
  const [invoiceNo, setInvoiceNo] = useState('');
  const submit = useSubmit();
  const save = async () => {
    const no = invoiceNo.replace(/\s+/g, '');
    if (!/^[0-9A-Za-z-]{8,32}$/.test(no)) return submit.fail({ invoiceNo: '发票号码为8到32位数字或字母' });
    const done = await submit.run(() => call('fees', 'invoiceIssued', { invoiceRequestId: request.id, invoiceNo: no }));
    if (done) onDone(done);
  };
  return (
    <View className="form fee-form invoices__issue-form">
      <Text className="fee-form__title">登记已开具的发票</Text>
      <Field label="发票号码" name="invoice-no" required error={submit.fieldErrors.invoiceNo} hint="开票系统中的发票号码（全电发票为20位）">
        <Input className="input invoices__invoice-no" value={invoiceNo} maxlength={40} placeholder="如：26332000000123456789" onInput={(e) => submit.edited('invoiceNo', setInvoiceNo)(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={['invoiceNo']} />
      <View className="form-buttons">
        <Button className="btn btn--ghost invoices__issue-cancel" size="mini" disabled={submit.busy || undefined} onClick={onCancel}>
          取消
        </Button>
        <Button className="btn btn--primary invoices__issue-submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
          已开票
        </Button>
      </View>
    </View>
  );
}

function RequestCard({ request: r, onChanged }: { request: InvoiceRequestView; onChanged: (r: InvoiceRequestView, text: string) => void }) {
  const [editing, setEditing] = useState<'issue' | 'reject' | null>(null);
  return (
    <View className={`card invoice-request invoices__item invoices__item--${r.status}`} data-id={r.id}>
      <View className="unit-row__main">
        <Text className="card__title invoices__title">{invoiceTitleText(r)}</Text>
        <InvoiceStatusTag status={r.status} />
      </View>
      {r.taxNo ? (
        <View className="invoice-request__tax">
          <Text>
            税号：<Text className="invoice-request__tax-no">{r.taxNo}</Text>
          </Text>
          <Text className="link invoices__copy" onClick={() => copy(r.taxNo!)}>
            复制
          </Text>
        </View>
      ) : null}
      <Text className="invoice-request__line">
        开票金额：<Text className="invoice-request__amount">{money(r.amountFen)}</Text>
      </Text>
      <Text className="invoice-request__line">
        {r.unitLabel} · 收据 {r.receiptNo}
      </Text>
      <Text className="unit-row__meta">
        {PAYMENT_METHOD_LABELS[r.method]} · 缴费 {formatTime(r.paidAt)}
      </Text>
      {r.email ? <Text className="invoice-request__line">接收邮箱：{r.email}</Text> : null}
      {r.note ? <Text className="invoice-request__line">备注：{r.note}</Text> : null}
      <Text className="unit-row__meta">
        {r.requesterName} 于 {formatTime(r.requestedAt)} 申请
      </Text>
      {r.status === 'issued' ? (
        <>
          <Text className="invoice-request__line invoices__issued">发票号码：{r.invoiceNo}</Text>
          <Text className="unit-row__meta">
            {r.decidedByName} 于 {formatTime(r.decidedAt)} 登记
          </Text>
        </>
      ) : null}
      {r.status === 'rejected' ? (
        <>
          <Text className="invoice-request__reason invoices__rejected">退回原因：{r.rejectReason}</Text>
          <Text className="unit-row__meta">
            {r.decidedByName} 于 {formatTime(r.decidedAt)} 退回
          </Text>
        </>
      ) : null}
      {editing === 'issue' ? <IssueForm request={r} onDone={(next) => onChanged(next, '已登记发票号码，业主会收到通知')} onCancel={() => setEditing(null)} /> : null}
      {editing === 'reject' ? (
        <ReasonForm
          name="invoice-reject"
          title="退回申请"
          label="退回原因"
          placeholder="如：抬头与税号不一致，请核对后重新申请"
          submitText="退回"
          danger
          send={async (reason, submit) => {
            const next = await submit.run(() => call('fees', 'invoiceRejected', { invoiceRequestId: r.id, reason }));
            if (next) onChanged(next, '已退回，业主会收到通知');
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      <View className="row-actions">
        <Text className="link invoices__receipt" onClick={() => openPage(routes.owner.receipt, { unitId: r.unitId, paymentId: r.paymentId })}>
          查看收据
        </Text>
        {r.status === 'requested' && !editing ? (
          <>
            <Text className="danger tap invoices__reject-open" onClick={() => setEditing('reject')}>
              退回
            </Text>
            <Text className="link invoices__issue-open" onClick={() => setEditing('issue')}>
              已开票
            </Text>
          </>
        ) : null}
      </View>
    </View>
  );
}

/**
 * 发票申请 (staff/pages/invoices, cashiers and managers; from the cashier desk): owners' invoice
 * requests, open ones first (oldest first). The cashier copies the 税号 into the tax system, issues
 * the invoice, then records its number (已开票) — or sends the request back with the reason (退回).
 * Either way the owner is told.
 */
export default function InvoicesPage() {
  useSession({ required: true });
  const [tab, setTab] = useState<Tab>('open');
  const list = usePaged((page) => call('fees', 'invoiceRequests', { ...(tab === 'open' ? { status: 'open' as const } : {}), page, pageSize: 10 }), tab);
  const changed = (next: InvoiceRequestView, text: string) => {
    toast(text);
    // Decided requests leave the 待开票 list; in 全部 they change in place.
    if (tab === 'open') list.update((items) => items.filter((i) => i.id !== next.id), -1);
    else list.update((items) => items.map((i) => (i.id === next.id ? next : i)));
  };
  return (
    <View className="page invoices">
      <PageHeader title="发票申请" subtitle="业主申请的发票：按抬头和税号在开票系统开具后，登记发票号码；信息有误可退回" />
      <View className="tabs">
        <Choices name="tabs" options={TABS} value={tab} onChange={setTab} />
      </View>
      <PagedList list={list} name="invoices" emptyText={tab === 'open' ? '暂无待开具的发票申请' : '暂无发票申请'} render={(r) => <RequestCard key={r.id} request={r} onChanged={changed} />} />
    </View>
  );
}
