import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { UnitSummary } from '@shared/contracts/community.contract';
import { UNIT_STATUS_LABELS } from '@shared/domain/units';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { Field, FormError } from '@/components/form-field';
import { BuyerFields, checkBuyer, EMPTY_BUYER, type BuyerDraft, type BuyerField } from '@/components/buyer-fields';
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
  const [buyer, setBuyer] = useState<BuyerDraft>(EMPTY_BUYER);
  const edit = (field: BuyerField, v: string) => submit.edited(`buyer.${field}`, (x: string) => setBuyer((b) => ({ ...b, [field]: x })))(v);
  const submit = useSubmit();
  const detail = useCloud('community', 'unit', { unitId: unit?.id ?? '' }, { skip: !unit });
  useEffect(() => {
    const owner = detail.data?.residents.find((r) => r.relation === 'owner');
    if (owner && !buyer.name) setBuyer((b) => ({ ...b, name: owner.name, phone: owner.phone }));
  }, [detail.data]);

  const save = async () => {
    const found: Record<string, string> = {};
    if (!unit) found.unitId = '请先查找并选择房屋';
    const { problems, buyer: checked } = checkBuyer(buyer);
    Object.assign(found, problems);
    if (Object.keys(found).length || !unit) return submit.fail(found);
    const created = await submit.run(() => call('movein', 'createCase', { kind: 'single', unitId: unit.id, buyer: checked, requestId }));
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
          <UnitFinder chosen={unit} onChoose={(u) => (submit.edited('unitId', setUnit)(u), setBuyer(EMPTY_BUYER))} />
        </Field>
        <BuyerFields
          value={buyer}
          onEdit={edit}
          errors={errors}
          block="movein-new"
          texts={{ nameLabel: '购房人姓名', namePlaceholder: '与购房合同一致', phonePlaceholder: '购房人手机号', idPlaceholder: '18位身份证号', idHint: '办理时与业主出示的身份证核对；列表和记录中只显示部分号码' }}
        />
        <FormError error={submit.error} shownFields={FIELDS} />
        <Button className="btn btn--primary movein-new__submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
          建档并开始办理
        </Button>
        <Text className="muted movein-new__note">已入住（自住、出租）或已有办理中手续的房屋不能重复建档。</Text>
      </View>
    </View>
  );
}
