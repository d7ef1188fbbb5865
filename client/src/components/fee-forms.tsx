import { useState } from 'react';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import type { ArrearsUnit, BillView, PaymentView, UnitAccount } from '@shared/contracts/fees.contract';
import { ARREARS_REASON_LABELS, PAYMENT_METHOD_LABELS, parseYuan, yuan, type ArrearsReason, type PaymentMethod } from '@shared/domain/fees';
import { addDays, localDay } from '@shared/domain/calendar';
import { call } from '../services/cloud';
import { confirm } from '../services/ui';
import { useSubmit, type Submit } from '../hooks/use-submit';
import { Choices, choicesOf } from './choices';
import { Field, FormError } from './form-field';
import { MONEY_INPUT_TYPE, money } from './fee-entry';

const METHODS = choicesOf(PAYMENT_METHOD_LABELS);
const REASONS = choicesOf(ARREARS_REASON_LABELS);
/** Largest amount the server accepts (fen() in the contract). */
const MAX_FEN = 100_000_000_00;

/** The problem with an amount typed in 元, or undefined when it is fine. */
function amountProblem(text: string, label: string, max = MAX_FEN): string | undefined {
  if (!text.trim()) return `请填写${label}`;
  const fen = parseYuan(text);
  if (fen === null) return `${label}格式不正确，请填写数字，最多两位小数（如 125.50）`;
  if (fen <= 0) return `${label}须大于0`;
  if (fen > max) return max === MAX_FEN ? `${label}过大` : `${label}不能超过 ${money(max)}`;
  return undefined;
}

/** A conflict the server reports about one field (409) shown under that field, not above the buttons. */
function conflictOn(submit: Submit, code: string): string | undefined {
  return submit.error?.code === code ? submit.error.message : undefined;
}

function Buttons({ name, busy, submitText, danger, onSave, onCancel }: { name: string; busy: boolean; submitText: string; danger?: boolean; onSave: () => void; onCancel: () => void }) {
  return (
    <View className="form-buttons">
      <Button className={`btn btn--ghost account__${name}-cancel`} size="mini" disabled={busy || undefined} onClick={onCancel}>
        取消
      </Button>
      <Button className={`btn ${danger ? 'btn--danger' : 'btn--primary'} account__${name}-submit`} size="mini" loading={busy} disabled={busy || undefined} onClick={onSave}>
        {submitText}
      </Button>
    </View>
  );
}

/** 登记缴费: amount in 元, method, receipt number, note; a bill (tapped 缴此账单) prefills its amount. */
export function PayForm({ unitId, bill, onDone, onCancel }: { unitId: string; bill?: BillView; onDone: (a: UnitAccount) => void; onCancel: () => void }) {
  const [amount, setAmount] = useState(bill ? yuan(bill.dueFen) : '');
  const [method, setMethod] = useState<PaymentMethod | undefined>();
  const [receiptNo, setReceiptNo] = useState('');
  const [note, setNote] = useState('');
  const submit = useSubmit();

  const save = async () => {
    const found: Record<string, string> = {};
    const amountIssue = amountProblem(amount, '缴费金额');
    if (amountIssue) found.amountFen = amountIssue;
    if (!method) found.method = '请选择缴费方式';
    const receipt = receiptNo.trim();
    if (!receipt) found.receiptNo = '请填写收据号';
    else if (!/^[\w-]{3,32}$/.test(receipt)) found.receiptNo = '收据号为3到32位字母、数字或-';
    if (Object.keys(found).length > 0) return submit.fail(found);
    const text = note.trim();
    const next = await submit.run(() =>
      call('fees', 'recordPayment', {
        unitId,
        amountFen: parseYuan(amount) as number,
        method: method as PaymentMethod,
        receiptNo: receipt,
        ...(bill ? { billId: bill.id } : {}),
        ...(text ? { note: text } : {}),
      }),
    );
    if (next) onDone(next);
  };

  const errors = submit.fieldErrors;
  const duplicate = conflictOn(submit, 'FEE.DUPLICATE_RECEIPT');
  return (
    <View className="form fee-form account__pay">
      <Text className="fee-form__title">登记缴费{bill ? `（${bill.periodLabel} · ${bill.itemName}）` : ''}</Text>
      <Field label="缴费金额（元）" name="pay-amount" required error={errors.amountFen} hint="先抵最早的欠费，多缴部分转为预存余额">
        <View className="account__pay-amount">
          <Input className="input" type={MONEY_INPUT_TYPE} value={amount} maxlength={12} placeholder="例如 268.50" onInput={(e) => submit.edited('amountFen', setAmount)(e.detail.value)} />
        </View>
      </Field>
      <Field label="缴费方式" name="pay-method" required error={errors.method}>
        <View className="account__pay-method">
          <Choices name="pay-method" options={METHODS} value={method} onChange={submit.edited('method', setMethod)} />
        </View>
      </Field>
      <Field label="收据号" name="pay-receipt" required error={errors.receiptNo ?? duplicate}>
        <View className="account__pay-receipt">
          <Input className="input" value={receiptNo} maxlength={32} placeholder="纸质收据上的编号" onInput={(e) => submit.edited('receiptNo', setReceiptNo)(e.detail.value)} />
        </View>
      </Field>
      <Field label="备注" name="pay-note" error={errors.note} hint="选填">
        <View className="account__pay-note">
          <Input className="input" value={note} maxlength={100} placeholder="如：代缴人、转账流水号" onInput={(e) => submit.edited('note', setNote)(e.detail.value)} />
        </View>
      </Field>
      <FormError error={duplicate ? undefined : submit.error} shownFields={['amountFen', 'method', 'receiptNo', 'note']} />
      <Buttons name="pay" busy={submit.busy} submitText="确认收款" onSave={save} onCancel={onCancel} />
    </View>
  );
}

/** 退款 of one payment: amount (at most what is left of it) and reason. */
export function RefundForm({ payment, onDone, onCancel }: { payment: PaymentView; onDone: (a: UnitAccount) => void; onCancel: () => void }) {
  // Refunds still at WeChat Pay (退款中, 退款异常) hold their amount too.
  const left = payment.amountFen - payment.refundedFen - (payment.pendingRefunds ?? []).reduce((sum, r) => sum + r.amountFen, 0);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const submit = useSubmit();

  const save = async () => {
    const found: Record<string, string> = {};
    const amountIssue = amountProblem(amount, '退款金额', left);
    if (amountIssue) found.amountFen = amountIssue;
    if (reason.trim().length < 2) found.reason = '请填写退款原因（至少2个字）';
    if (Object.keys(found).length > 0) return submit.fail(found);
    const next = await submit.run(() => call('fees', 'refund', { paymentId: payment.id, amountFen: parseYuan(amount) as number, reason: reason.trim() }));
    if (next) onDone(next);
  };

  const errors = submit.fieldErrors;
  const tooLarge = conflictOn(submit, 'FEE.REFUND_TOO_LARGE');
  return (
    <View className="form fee-form account__refund">
      <Text className="fee-form__title">退款（可退 {money(left)}）</Text>
      {payment.online ? <Text className="muted account__refund-online">微信支付的款项原路退回业主微信，微信确认退款成功后记入账户</Text> : null}
      <Field label="退款金额（元）" name="refund-amount" required error={errors.amountFen ?? tooLarge}>
        <View className="account__refund-amount">
          <Input className="input" type={MONEY_INPUT_TYPE} value={amount} maxlength={12} placeholder={`最多 ${yuan(left)}`} onInput={(e) => submit.edited('amountFen', setAmount)(e.detail.value)} />
        </View>
      </Field>
      <Field label="退款原因" name="refund-reason" required error={errors.reason}>
        <View className="account__refund-reason">
          <Input className="input" value={reason} maxlength={100} placeholder="如：多缴、收据开错" onInput={(e) => submit.edited('reason', setReason)(e.detail.value)} />
        </View>
      </Field>
      <FormError error={tooLarge ? undefined : submit.error} shownFields={['amountFen', 'reason']} />
      <Buttons name="refund" busy={submit.busy} submitText="确认退款" danger onSave={save} onCancel={onCancel} />
    </View>
  );
}

/** 记录催缴结果: why it is unpaid, a promised date (the reminders wait until then), a note. */
export function OutcomeForm({ unitId, onDone, onCancel }: { unitId: string; onDone: (u: ArrearsUnit) => void; onCancel: () => void }) {
  const [reason, setReason] = useState<ArrearsReason | undefined>();
  const [promiseDate, setPromiseDate] = useState('');
  const [note, setNote] = useState('');
  const submit = useSubmit();
  const tomorrow = addDays(localDay(Date.now()), 1);

  const save = async () => {
    const found: Record<string, string> = {};
    if (!reason) found.reason = '请选择欠费原因';
    if (promiseDate && promiseDate < tomorrow) found.promiseDate = '承诺缴费日期应晚于今天';
    if (!reason || Object.keys(found).length > 0) return submit.fail(found);
    const text = note.trim();
    const next = await submit.run(() => call('fees', 'recordOutcome', { unitId, reason, ...(promiseDate ? { promiseDate } : {}), ...(text ? { note: text } : {}) }));
    if (next) onDone(next);
  };

  const errors = submit.fieldErrors;
  return (
    <View className="form fee-form account__outcome">
      <Text className="fee-form__title">记录催缴结果</Text>
      <Field label="欠费原因" name="outcome-reason" required error={errors.reason}>
        <View className="account__outcome-reason">
          <Choices name="outcome-reason" options={REASONS} value={reason} onChange={submit.edited('reason', setReason)} />
        </View>
      </Field>
      <Field label="承诺缴费日期" name="outcome-promise" error={errors.promiseDate} hint="选填；到期前不再自动催缴">
        <View className="account__outcome-promise">
          <Picker mode="date" value={promiseDate || tomorrow} start={tomorrow} onChange={(e) => submit.edited('promiseDate', setPromiseDate)(String(e.detail.value))}>
            <View className={`input picker account__outcome-date ${promiseDate ? '' : 'muted'}`}>{promiseDate || '选择日期'}</View>
          </Picker>
          {promiseDate ? (
            <Text className="link account__outcome-date-clear" onClick={() => submit.edited('promiseDate', setPromiseDate)('')}>
              清除
            </Text>
          ) : null}
        </View>
      </Field>
      <Field label="备注" name="outcome-note" error={errors.note} hint="选填">
        <View className="account__outcome-note">
          <Input className="input" value={note} maxlength={200} placeholder="通话或上门情况" onInput={(e) => submit.edited('note', setNote)(e.detail.value)} />
        </View>
      </Field>
      <FormError error={submit.error} shownFields={['reason', 'promiseDate', 'note']} />
      <Buttons name="outcome" busy={submit.busy} submitText="保存" onSave={save} onCancel={onCancel} />
    </View>
  );
}

/** A reason and a confirm button: 暂停催缴 / 恢复催缴 (name 'pause') and 作废 (name 'cancel'). */
export function ReasonForm({
  name,
  title,
  label,
  placeholder,
  submitText,
  danger,
  send,
  onCancel,
}: {
  name: string;
  title: string;
  label: string;
  placeholder: string;
  submitText: string;
  danger?: boolean;
  /** Runs once the reason is checked: asks if needed, then calls the server through `submit`. */
  send: (reason: string, submit: Submit) => Promise<void>;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const submit = useSubmit();
  const save = async () => {
    if (reason.trim().length < 2) return submit.fail({ reason: `请填写${label}（至少2个字）` });
    await send(reason.trim(), submit);
  };
  return (
    <View className={`form fee-form account__${name}-form`}>
      <Text className="fee-form__title">{title}</Text>
      <Field label={label} name={`${name}-reason`} required error={submit.fieldErrors.reason}>
        <View className={`account__${name}-reason`}>
          <Input className="input" value={reason} maxlength={100} placeholder={placeholder} onInput={(e) => submit.edited('reason', setReason)(e.detail.value)} />
        </View>
      </Field>
      <FormError error={submit.error} shownFields={['reason']} />
      <Buttons name={name} busy={submit.busy} submitText={submitText} danger={danger} onSave={save} onCancel={onCancel} />
    </View>
  );
}

/** Ask before 作废 (cannot be undone). */
export function confirmCancelBill(bill: BillView): Promise<boolean> {
  return confirm({ title: '作废账单', content: `确定作废“${bill.periodLabel} ${bill.itemName}”（${money(bill.amountFen)}）吗？作废后不可恢复。`, confirmText: '作废', danger: true });
}
