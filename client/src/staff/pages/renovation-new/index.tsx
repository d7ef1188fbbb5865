import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { UnitSummary } from '@shared/contracts/community.contract';
import { normalizePhone, personNameProblem, phoneProblem } from '@shared/domain/contact';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Field } from '@/components/form-field';
import { newRequestId } from '@/components/repair-format';
import { RenovationForm, type RenovationFields } from '@/components/renovation-form';
import { UnitFinder } from '../../components/unit-finder';

/**
 * 代业主申请装修 (staff/pages/renovation-new/index[?id=…]): an agent fills the application for an
 * owner at the desk — the unit, the owner's name and phone (the recorded owner fills them), then the
 * same form owners use; or changes a draft / returned application. The renovation opens next, where
 * the owner and the contractor sign on the agent's device and the agent submits.
 */
export default function RenovationNewPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  useSession({ required: true });
  const settings = useCloud('renovation', 'settings', {});
  const existing = useCloud('renovation', 'detail', { renovationId: id }, { skip: !id });
  const submit = useSubmit();
  const [requestId] = useState(() => newRequestId('reno'));
  const [unit, setUnit] = useState<UnitSummary>();
  const [ownerName, setOwnerName] = useState('');
  const [ownerPhone, setOwnerPhone] = useState('');
  const unitDetail = useCloud('community', 'unit', { unitId: unit?.id ?? '' }, { skip: !unit });
  useEffect(() => {
    const owner = unitDetail.data?.residents.find((r) => r.relation === 'owner');
    if (owner && !ownerName) {
      setOwnerName(owner.name);
      setOwnerPhone(owner.phone);
    }
  }, [unitDetail.data]);

  const topProblems = (): Record<string, string> => {
    if (id) return {};
    const out: Record<string, string> = {};
    if (!unit) out.unitId = '请先查找并选择房屋';
    const name = ownerName.trim() ? personNameProblem(ownerName.trim()) : '请填写业主姓名';
    if (name) out['owner.name'] = name;
    const phone = ownerPhone.trim() ? phoneProblem(normalizePhone(ownerPhone.trim())) : '请填写业主手机号';
    if (phone) out['owner.phone'] = phone;
    return out;
  };

  const save = async (fields: RenovationFields) => {
    const saved = await submit.run(() =>
      id
        ? call('renovation', 'update', { renovationId: id, ...fields })
        : call('renovation', 'create', { requestId, unitId: unit!.id, owner: { name: ownerName.trim(), phone: normalizePhone(ownerPhone.trim()) }, ...fields }),
    );
    if (!saved) return;
    toast(id ? '已保存修改' : '已保存，请业主和施工单位签署文书');
    await Taro.redirectTo({ url: routes.staff.renovation.url({ id: saved.id }) }).catch(() => undefined);
  };

  const errors = submit.fieldErrors;
  return (
    <View className="page renovation-new">
      <PageHeader title={id ? '修改装修申请' : '代业主申请装修'} subtitle="业主到物业服务中心办理时，由客服代为填写" />
      <StateView loading={(settings.loading && !settings.data) || (Boolean(id) && existing.loading && !existing.data)} error={settings.error ?? existing.error} onRetry={() => (settings.reload(), id && existing.reload())}>
        {settings.data && (!id || existing.data) ? (
          <RenovationForm
            settings={settings.data}
            initial={existing.data}
            submit={submit}
            saveText={id ? '保存修改' : '保存并签署'}
            onSave={save}
            topProblems={topProblems}
            top={
              id ? (
                <Text className="card__title">
                  {existing.data?.unitLabel} · 业主 {existing.data?.ownerName}
                </Text>
              ) : (
                <>
                  <Field label="房屋" name="unit" required error={errors.unitId} hint="输入房号或住户姓名查找">
                    <UnitFinder
                      chosen={unit}
                      onChoose={(u) => {
                        submit.edited('unitId', setUnit)(u);
                        setOwnerName('');
                        setOwnerPhone('');
                      }}
                    />
                  </Field>
                  <Field label="业主姓名" name="owner-name" required error={errors['owner.name'] ?? errors.owner}>
                    <Input className="input renovation-new__owner-name" value={ownerName} maxlength={20} placeholder="业主姓名" onInput={(e) => submit.edited('owner.name', setOwnerName)(e.detail.value)} />
                  </Field>
                  <Field label="业主手机号" name="owner-phone" required error={errors['owner.phone']}>
                    <Input className="input renovation-new__owner-phone" type="number" value={ownerPhone} maxlength={13} placeholder="业主手机号" onInput={(e) => submit.edited('owner.phone', setOwnerPhone)(e.detail.value)} />
                  </Field>
                </>
              )
            }
          />
        ) : (
          <View />
        )}
      </StateView>
    </View>
  );
}
