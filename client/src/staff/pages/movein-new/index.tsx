import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { UnitSummary } from '@shared/contracts/community.contract';
import { idNumberProblem, normalizePhone, personNameProblem, phoneProblem } from '@shared/domain/contact';
import { UNIT_STATUS_LABELS } from '@shared/domain/units';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { Field, FormError } from '@/components/form-field';
import { newRequestId } from '@/components/repair-format';
import { UnitFinder } from '../../components/unit-finder';
import '@/components/movein.scss';

const FIELDS = ['unitId', 'buyer.name', 'buyer.phone', 'buyer.idNumber'] as const;

/**
 * 零散入住 (agents, managers): a move-in without a batch — the unit (空置, with no open case) and its
 * buyer (name, phone, ID number, as on the 购房合同). The buyer recorded for the unit fills the form.
 * One request id per form; the case's 入伙手续书 opens next.
 */
export default function MoveInNewPage() {
  useSession({ required: true });
  const [requestId] = useState(() => newRequestId('movein'));
  const [unit, setUnit] = useState<UnitSummary>();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const submit = useSubmit();
  const detail = useCloud('community', 'unit', { unitId: unit?.id ?? '' }, { skip: !unit });
  useEffect(() => {
    const owner = detail.data?.residents.find((r) => r.relation === 'owner');
    if (owner && !name) {
      setName(owner.name);
      setPhone(owner.phone);
    }
  }, [detail.data]);

  const save = async () => {
    const found: Record<string, string> = {};
    if (!unit) found.unitId = '请先查找并选择房屋';
    const n = name.trim();
    const p = normalizePhone(phone.trim());
    const id = idNumber.trim().toUpperCase();
    const nameIssue = personNameProblem(n);
    if (nameIssue) found['buyer.name'] = nameIssue;
    const phoneIssue = p ? phoneProblem(p) : '请填写手机号';
    if (phoneIssue) found['buyer.phone'] = phoneIssue;
    const idIssue = id ? idNumberProblem(id) : undefined;
    if (idIssue) found['buyer.idNumber'] = idIssue;
    if (Object.keys(found).length || !unit) return submit.fail(found);
    const created = await submit.run(() => call('movein', 'createCase', { kind: 'single', unitId: unit.id, buyer: { name: n, phone: p, ...(id ? { idNumber: id } : {}) }, requestId }));
    if (!created) return;
    toast('已建档');
    await Taro.redirectTo({ url: routes.staff.movein.url({ id: created.id }) }).catch(() => undefined);
  };

  const errors = submit.fieldErrors;
  return (
    <View className="page movein-new">
      <PageHeader title="零散入住" subtitle="为未随批次入住的业主建档，然后按入伙手续书逐项办理" />
      <View className="card movein-new__form">
        <Field label="房屋" name="unit" required error={errors.unitId} hint={unit ? `当前状态：${UNIT_STATUS_LABELS[unit.status]}` : '输入房号或住户姓名查找'}>
          <UnitFinder chosen={unit} onChoose={(u) => (submit.edited('unitId', setUnit)(u), setName(''), setPhone(''))} />
        </Field>
        <Field label="购房人姓名" name="buyer-name" required error={errors['buyer.name']}>
          <Input className="input movein-new__name" value={name} maxlength={20} placeholder="与购房合同一致" onInput={(e) => submit.edited('buyer.name', setName)(e.detail.value)} />
        </Field>
        <Field label="手机号" name="buyer-phone" required error={errors['buyer.phone']}>
          <Input className="input movein-new__phone" type="number" value={phone} maxlength={13} placeholder="购房人手机号" onInput={(e) => submit.edited('buyer.phone', setPhone)(e.detail.value)} />
        </Field>
        <Field label="身份证号" name="buyer-id" error={errors['buyer.idNumber']} hint="办理时与业主出示的身份证核对；列表和记录中只显示部分号码">
          <Input className="input movein-new__id" type="idcard" value={idNumber} maxlength={18} placeholder="18位身份证号" onInput={(e) => submit.edited('buyer.idNumber', setIdNumber)(e.detail.value)} />
        </Field>
        <FormError error={submit.error} shownFields={FIELDS} />
        <Button className="btn btn--primary movein-new__submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
          建档并开始办理
        </Button>
        <Text className="muted movein-new__note">已入住（自住、出租）或已有办理中手续的房屋不能重复建档。</Text>
      </View>
    </View>
  );
}
