import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices } from '@/components/choices';
import { Field } from '@/components/form-field';
import { newRequestId } from '@/components/repair-format';
import { RenovationForm, type RenovationFields } from '@/components/renovation-form';

/**
 * 申请装修 / 修改申请 (owner/pages/renovation-apply/index[?id=…]): the application form for one of
 * my units (a new draft), or a draft / returned application changed. Saving opens the renovation,
 * where the papers are signed and the application submitted.
 */
export default function RenovationApplyPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  useSession({ required: true });
  const home = useCloud('community', 'myHome');
  const settings = useCloud('renovation', 'settings', {});
  const existing = useCloud('renovation', 'detail', { renovationId: id }, { skip: !id });
  const submit = useSubmit();
  const [requestId] = useState(() => newRequestId('reno'));
  const [unitId, setUnitId] = useState<string>();
  const units = home.data?.units ?? [];
  useEffect(() => {
    if (!unitId && units.length === 1) setUnitId(units[0].id);
  }, [unitId, units]);

  const save = async (fields: RenovationFields) => {
    const saved = await submit.run(() => (id ? call('renovation', 'update', { renovationId: id, ...fields }) : call('renovation', 'create', { requestId, unitId: unitId!, ...fields })));
    if (!saved) return;
    toast(id ? '已保存修改' : '已保存草稿');
    await Taro.redirectTo({ url: routes.owner.renovation.url({ id: saved.id }) }).catch(() => undefined);
  };

  const loading = (home.loading && !home.data) || (settings.loading && !settings.data) || (Boolean(id) && existing.loading && !existing.data);
  return (
    <View className="page renovation-apply">
      <PageHeader title={id ? '修改装修申请' : '申请装修'} subtitle="如实填写装修内容和施工人员，涉及禁止行为的请勾选并说明" />
      <StateView loading={loading} error={home.error ?? settings.error ?? existing.error} onRetry={() => (home.reload(), settings.reload(), id && existing.reload())}>
        {settings.data && (!id || existing.data) ? (
          <RenovationForm
            settings={settings.data}
            initial={existing.data}
            submit={submit}
            saveText={id ? '保存修改' : '保存并继续'}
            onSave={save}
            topProblems={(): Record<string, string> => (id || unitId ? {} : { unitId: '请选择装修的房屋' })}
            top={
              id ? (
                <Text className="card__title renovation-apply__unit">{existing.data?.unitLabel}</Text>
              ) : (
                <Field label="房屋" name="unit" required error={submit.fieldErrors.unitId}>
                  {units.length === 0 ? <Text className="muted">您名下暂无房屋，请先绑定房屋</Text> : null}
                  <Choices name="renovation-unit" options={units.map((u) => ({ value: u.id, label: u.label }))} value={unitId} onChange={submit.edited('unitId', setUnitId)} />
                </Field>
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
