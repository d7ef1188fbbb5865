import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { LOAN_KEEPERS, LOAN_MAX_DAYS, LOAN_PURPOSE_MAX } from '@shared/domain/archives';
import { addDays, localDay } from '@shared/domain/calendar';
import { call } from '../services/cloud';
import { toast } from '../services/ui';
import { useCloud } from '../hooks/use-cloud';
import { useSession } from '../hooks/use-session';
import { useSubmit } from '../hooks/use-submit';
import { Choices } from './choices';
import { Field, FormError } from './form-field';
import { newRequestId } from './repair-format';
import { DayField, LoanRow, returnLoan } from './ledger';
import './ledger.scss';

const OUTSIDE = 'outside';

/**
 * The borrowing block of an archived document's page (借阅): where the paper original is kept, the
 * open loan (归还), 借出 (a staff member of the community or someone from outside, purpose, due back),
 * and the document's past loans. Keepers (agents, managers) only; nothing without a paper original.
 */
export function ArchiveLoanBlock({ docId, paperLocation, onChange }: { docId: string; paperLocation?: string; onChange?: () => void }) {
  const session = useSession({ required: true });
  const keeper = (session?.me.roles ?? []).some((r) => (LOAN_KEEPERS as readonly string[]).includes(r));
  const loans = useCloud('archives', 'loanList', { state: 'all', docId, page: 1, pageSize: 5 }, { skip: !paperLocation || !keeper });
  const staff = useCloud('archives', 'loanBorrowers', {}, { skip: !paperLocation || !keeper });
  const [lending, setLending] = useState(false);
  const [requestId, setRequestId] = useState(() => newRequestId('loan'));
  const [borrower, setBorrower] = useState(OUTSIDE);
  const [outsider, setOutsider] = useState('');
  const [purpose, setPurpose] = useState('');
  const today = localDay(new Date());
  const [dueOn, setDueOn] = useState(addDays(today, 7));
  const submit = useSubmit();
  const errors = submit.fieldErrors;
  if (!paperLocation || !keeper) return null;
  const open = loans.data?.items.find((l) => l.status === 'open');
  const refresh = () => {
    loans.reload();
    onChange?.();
  };
  const lend = async () => {
    const missing: Record<string, string> = {};
    if (borrower === OUTSIDE && !outsider.trim()) missing.borrowerName = '请填写借阅人';
    if (!purpose.trim()) missing.purpose = '请填写借阅事由';
    if (Object.keys(missing).length) return submit.fail(missing);
    const done = await submit.run(() =>
      call('archives', 'loanCreate', { requestId, docId, ...(borrower === OUTSIDE ? { borrowerName: outsider.trim() } : { borrowerId: borrower }), purpose: purpose.trim(), dueOn }),
    );
    if (!done) return;
    toast('已登记借出');
    setLending(false);
    setRequestId(newRequestId('loan'));
    setPurpose('');
    setOutsider('');
    refresh();
  };
  const people = [{ value: OUTSIDE, label: '外部人员' }, ...(staff.data ?? []).map((s) => ({ value: s.id, label: s.name }))];
  return (
    <View className="card archive-loan">
      <View className="unit-row__main">
        <Text className="card__title">纸质原件借阅</Text>
        {open ? <Text className="ledger-due ledger-due--soon">借出中</Text> : <Text className="ledger-due ledger-due--done">在库</Text>}
      </View>
      <Text className="muted">存放位置：{paperLocation}</Text>
      {open ? (
        <LoanRow
          loan={open}
          onReturn={async (l) => {
            if (await returnLoan(l)) refresh();
          }}
        />
      ) : lending ? (
        <View className="archive-loan__form">
          <Field label="借阅人" name="borrower" required error={errors.borrowerName ?? errors.borrowerId}>
            <Choices name="loan-borrower" options={people} value={borrower} onChange={setBorrower} />
            {borrower === OUTSIDE ? (
              <Input className="input archive-loan__outsider" value={outsider} maxlength={20} placeholder="如：业委会 陈主任" onInput={(e) => submit.edited('borrowerName', setOutsider)(e.detail.value)} />
            ) : null}
          </Field>
          <Field label="借阅事由" name="purpose" required error={errors.purpose}>
            <Input className="input archive-loan__purpose" value={purpose} maxlength={LOAN_PURPOSE_MAX} onInput={(e) => submit.edited('purpose', setPurpose)(e.detail.value)} />
          </Field>
          <DayField label="应还日期" name="loan-due" value={dueOn} onChange={setDueOn} start={today} end={addDays(today, LOAN_MAX_DAYS)} required error={errors.dueOn} />
          <FormError error={submit.error} shownFields={['borrowerName', 'borrowerId', 'purpose', 'dueOn']} />
          <View className="form-buttons">
            <Button className="btn btn--ghost" size="mini" onClick={() => setLending(false)}>
              取消
            </Button>
            <Button className="btn btn--primary archive-loan__submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={lend}>
              登记借出
            </Button>
          </View>
        </View>
      ) : (
        <View className="form-buttons">
          <Button className="btn btn--primary archive-loan__lend" size="mini" onClick={() => setLending(true)}>
            借出
          </Button>
        </View>
      )}
      {(loans.data?.items ?? []).filter((l) => l.status === 'returned').length ? (
        <View className="archive-loan__past">
          <Text className="muted">借阅记录</Text>
          {(loans.data?.items ?? []).filter((l) => l.status === 'returned').map((l) => (
            <LoanRow key={l.id} loan={l} />
          ))}
        </View>
      ) : null}
    </View>
  );
}
