import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { ARCHIVE_NOTE_MAX, ARCHIVE_TITLE_MAX, CONTRACT_KIND_LABELS, EQUIPMENT_TEXT_MAX, type ContractKind } from '@shared/domain/archives';
import { parseYuan, yuan } from '@shared/domain/fees';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { newRequestId } from '@/components/repair-format';
import { DayField, DocsField } from '@/components/ledger';

const FIELDS = ['title', 'party', 'kind', 'startOn', 'endOn', 'amountFen', 'note', 'docIds'];

/** 新建合同 (no id) or edit one (an extension: a later end day): title, party, kind, term, amount in 元 (stored in 分), note, the contract's documents. */
export default function ContractFormPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const contractId = params.id ?? '';
  const existing = useCloud('archives', 'contractGet', { contractId }, { skip: !contractId });
  const [requestId] = useState(() => newRequestId('contract'));
  const [title, setTitle] = useState('');
  const [party, setParty] = useState('');
  const [kind, setKind] = useState<ContractKind>('cleaning');
  const [startOn, setStartOn] = useState('');
  const [endOn, setEndOn] = useState('');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [docIds, setDocIds] = useState<string[]>([]);
  const submit = useSubmit();
  const errors = submit.fieldErrors;

  useEffect(() => {
    const c = existing.data;
    if (!c) return;
    setTitle(c.title);
    setParty(c.party);
    setKind(c.kind);
    setStartOn(c.startOn);
    setEndOn(c.endOn);
    setAmount(yuan(c.amountFen));
    setNote(c.note ?? '');
    setDocIds(c.docs.map((d) => d.id));
  }, [existing.data]);

  const save = async () => {
    const missing: Record<string, string> = {};
    if (!title.trim()) missing.title = '请填写合同名称';
    if (!party.trim()) missing.party = '请填写对方单位';
    if (!startOn) missing.startOn = '请选择开始日期';
    if (!endOn) missing.endOn = '请选择结束日期';
    const amountFen = parseYuan(amount);
    if (amountFen === null) missing.amountFen = '请填写金额（元，最多两位小数）';
    if (Object.keys(missing).length || amountFen === null) return submit.fail(missing);
    const input = { title: title.trim(), party: party.trim(), kind, startOn, endOn, amountFen, ...(note.trim() ? { note: note.trim() } : {}), docIds };
    const saved = await submit.run(() => (contractId ? call('archives', 'contractUpdate', { contractId, ...input }) : call('archives', 'contractCreate', { requestId, ...input })));
    if (!saved) return;
    toast('已保存');
    if (contractId) Taro.navigateBack();
    else Taro.redirectTo({ url: routes.manager.contract.url({ id: saved.id }) }).catch(() => undefined);
  };

  return (
    <View className="page contract-form">
      <PageHeader title={contractId ? '编辑合同' : '新建合同'} subtitle="合同仅主管可见；到期前30天、7天、1天提醒" />
      <View className="card">
        <Field label="合同名称" name="title" required error={errors.title}>
          <Input className="input contract-form__title" value={title} maxlength={ARCHIVE_TITLE_MAX} placeholder="如：2026年度保洁服务合同" onInput={(e) => submit.edited('title', setTitle)(e.detail.value)} />
        </Field>
        <Field label="对方单位" name="party" required error={errors.party}>
          <Input className="input contract-form__party" value={party} maxlength={EQUIPMENT_TEXT_MAX} onInput={(e) => submit.edited('party', setParty)(e.detail.value)} />
        </Field>
        <Field label="合同类别" name="kind" required error={errors.kind}>
          <Choices name="contract-kind" options={choicesOf(CONTRACT_KIND_LABELS)} value={kind} onChange={setKind} />
        </Field>
        <DayField label="开始日期" name="start-on" value={startOn} onChange={submit.edited('startOn', setStartOn)} required error={errors.startOn} />
        <DayField label="结束日期" name="end-on" value={endOn} onChange={submit.edited('endOn', setEndOn)} start={startOn || undefined} required error={errors.endOn} />
        <Field label="合同金额（元）" name="amountFen" required error={errors.amountFen}>
          <Input className="input contract-form__amount" type="digit" value={amount} placeholder="如：360000" onInput={(e) => submit.edited('amountFen', setAmount)(e.detail.value)} />
        </Field>
        <Field label="备注" name="note" error={errors.note}>
          <Textarea className="textarea" value={note} maxlength={ARCHIVE_NOTE_MAX} onInput={(e) => setNote(e.detail.value)} />
        </Field>
      </View>
      <View className="card">
        <Text className="card__title">合同文件（合同类档案）</Text>
        <DocsField category="contract" value={docIds} onChange={setDocIds} />
      </View>
      <FormError error={submit.error} shownFields={FIELDS} />
      <Button className="btn btn--primary contract-form__submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
        保存
      </Button>
    </View>
  );
}
