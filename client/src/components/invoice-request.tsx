import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import type { InvoiceRequestView } from '@shared/contracts/fees.contract';
import { INVOICE_STATUS_LABELS, INVOICE_TITLE_TYPE_LABELS, taxNumberProblem, type InvoiceStatus, type InvoiceTitleType } from '@shared/domain/receipts';
import { routes } from '@shared/routes';
import { useCloud } from '../hooks/use-cloud';
import { useSubmit } from '../hooks/use-submit';
import { call } from '../services/cloud';
import { Choices, choicesOf } from './choices';
import { Field, FormError } from './form-field';
import { money } from './fee-entry';
import { newRequestId } from './repair-format';
import { TaskEntry } from './task-entry';
import './receipt.scss';

const TITLE_TYPES = choicesOf(INVOICE_TITLE_TYPE_LABELS);
const FIELDS = ['titleType', 'title', 'taxNo', 'email', 'note'] as const;
const STATUS_TAG: Record<InvoiceStatus, string> = { requested: 'tag--pending', issued: 'tag--approved', rejected: 'tag--rejected' };

/** 已申请 / 已开具 / 已退回. */
export function InvoiceStatusTag({ status }: { status: InvoiceStatus }) {
  return <Text className={`tag ${STATUS_TAG[status]} invoice-status invoice-status--${status}`}>{INVOICE_STATUS_LABELS[status]}</Text>;
}

/** The 抬头 of a request: type, title, and the 税号 when there is one. */
export function invoiceTitleText(r: Pick<InvoiceRequestView, 'titleType' | 'title'>): string {
  return `${INVOICE_TITLE_TYPE_LABELS[r.titleType]}：${r.title}`;
}

/**
 * 申请发票 (owner, on a payment's receipt): 抬头类型 个人/单位, 抬头, 税号 (单位: a 统一社会信用代码 or an
 * older tax number, checked here as the server checks it), email for the electronic invoice, 备注.
 * One request id per form: a double tap makes one request.
 */
export function InvoiceRequestForm({ unitId, paymentId, amountFen, onDone, onCancel }: { unitId: string; paymentId: string; amountFen: number; onDone: (r: InvoiceRequestView) => void; onCancel: () => void }) {
  const [requestId] = useState(() => newRequestId('inv'));
  const [titleType, setTitleType] = useState<InvoiceTitleType>('personal');
  const [title, setTitle] = useState('');
  const [taxNo, setTaxNo] = useState('');
  const [email, setEmail] = useState('');
  const [note, setNote] = useState('');
  const submit = useSubmit();
  const company = titleType === 'company';

  const send = async () => {
    const found: Record<string, string> = {};
    const tax = taxNo.replace(/\s+/g, '').toUpperCase();
    if (title.trim().length < 2) found.title = company ? '请填写单位名称（至少2个字）' : '请填写个人姓名（至少2个字）';
    if (company && !tax) found.taxNo = '单位抬头须填写税号';
    const taxIssue = tax ? taxNumberProblem(tax) : null;
    if (taxIssue) found.taxNo = taxIssue;
    if (email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) found.email = '邮箱格式不正确';
    if (Object.keys(found).length) return submit.fail(found);
    const made = await submit.run(() =>
      call('fees', 'requestInvoice', {
        unitId,
        paymentId,
        requestId,
        titleType,
        title: title.trim(),
        ...(company && tax ? { taxNo: tax } : {}),
        ...(email.trim() ? { email: email.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    );
    if (made) onDone(made);
  };

  const errors = submit.fieldErrors;
  return (
    <View className="form invoice-form">
      <Text className="fee-form__title">申请发票 · 开票金额 {money(amountFen)}</Text>
      <Field label="抬头类型" name="invoice-title-type" required error={errors.titleType}>
        <Choices name="invoice-title-type" options={TITLE_TYPES} value={titleType} onChange={submit.edited('titleType', setTitleType)} />
      </Field>
      <Field label={company ? '单位名称（抬头）' : '个人姓名（抬头）'} name="invoice-title" required error={errors.title}>
        <Input className="input invoice-form__title" value={title} maxlength={100} placeholder={company ? '与税务登记一致的单位全称' : '如：张伟'} onInput={(e) => submit.edited('title', setTitle)(e.detail.value)} />
      </Field>
      {company ? (
        <Field label="税号" name="invoice-tax-no" required error={errors.taxNo} hint="18位统一社会信用代码（或15、20位旧税号）">
          <Input className="input invoice-form__tax-no" value={taxNo} maxlength={24} placeholder="如：91440300708461136T" onInput={(e) => submit.edited('taxNo', setTaxNo)(e.detail.value)} />
        </Field>
      ) : null}
      <Field label="接收邮箱" name="invoice-email" error={errors.email} hint="选填：电子发票开具后发送到此邮箱">
        <Input className="input invoice-form__email" type="text" value={email} maxlength={100} placeholder="name@example.com" onInput={(e) => submit.edited('email', setEmail)(e.detail.value)} />
      </Field>
      <Field label="备注" name="invoice-note" error={errors.note} hint="选填">
        <Textarea className="textarea invoice-form__note" value={note} maxlength={200} placeholder="如：开票内容写物业服务费" onInput={(e) => submit.edited('note', setNote)(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={FIELDS} />
      <View className="form-buttons">
        <Button className="btn btn--ghost invoice-form__cancel" size="mini" disabled={submit.busy || undefined} onClick={onCancel}>
          取消
        </Button>
        <Button className="btn btn--primary invoice-form__submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
          提交申请
        </Button>
      </View>
    </View>
  );
}

/** Cashier desk: the way to 发票申请, with the number of requests waiting for an invoice. */
export function InvoicesEntry() {
  const open = useCloud('fees', 'invoiceRequests', { status: 'open', page: 1, pageSize: 1 });
  return (
    <TaskEntry name="invoices-entry" title="发票申请" page={routes.staff.invoices} waiting={open} countText={(n) => `有 ${n} 条发票申请待开具`} emptyText="暂无待开具的发票申请" actionText="去开票" />
  );
}
