import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import type { UnitSummary } from '@shared/contracts/community.contract';
import type { OneOffChargeReport } from '@shared/contracts/fees.contract';
import { addDays, localDay } from '@shared/domain/calendar';
import { MAX_CHARGE_UNITS, parseYuan, yuan } from '@shared/domain/fees';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { money, MONEY_INPUT_TYPE } from '@/components/fee-entry';
import { newRequestId } from '@/components/repair-format';
import { UnitFinder } from '../../components/unit-finder';
import './index.scss';

type Target = 'units' | 'building';
const TARGETS = [
  { value: 'units' as const, label: '选择房屋' },
  { value: 'building' as const, label: '整栋楼' },
];
const FIELDS = ['itemId', 'unitIds', 'buildingId', 'dueDate', 'amountFen', 'note'] as const;

/**
 * 一次性收费 (staff/pages/fee-charge/index; cashiers and managers): charge a one-off item (装修押金,
 * 门禁卡工本费…) to chosen units or a whole building, due on a day, at the item's price or another
 * amount, with a note. The bills then go through the ledger, the reminders and payment like any
 * bill. The form keeps one request id until a charge succeeds: a retried tap never charges twice;
 * the next charge is a new request.
 */
export default function FeeChargePage() {
  useSession({ required: true });
  const items = useCloud('fees', 'items');
  const overview = useCloud('community', 'overview');
  const [requestId, setRequestId] = useState(() => newRequestId('charge'));
  const [itemId, setItemId] = useState<string>();
  const [target, setTarget] = useState<Target>('units');
  const [units, setUnits] = useState<UnitSummary[]>([]);
  const [buildingId, setBuildingId] = useState<string>();
  const [today] = useState(() => localDay(Date.now()));
  const [dueDate, setDueDate] = useState(() => addDays(localDay(Date.now()), 7));
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [result, setResult] = useState<OneOffChargeReport>();
  const submit = useSubmit();

  const oneOff = (items.data ?? []).filter((i) => i.kind === 'one-off' && i.active);
  const item = oneOff.find((i) => i.id === itemId);
  const buildings = overview.data?.buildings ?? [];
  const building = buildings.find((b) => b.id === buildingId);
  const count = target === 'units' ? units.length : (building?.units ?? 0);
  const typedFen = amount.trim() ? parseYuan(amount) : undefined;
  const eachFen = typedFen ?? item?.rateFen;

  const addUnit = (u: UnitSummary | undefined) => {
    if (!u || units.some((x) => x.id === u.id)) return;
    submit.edited('unitIds', setUnits)([...units, u]);
  };

  const charge = async () => {
    const found: Record<string, string> = {};
    if (!item) found.itemId = '请选择收费项目';
    if (target === 'units' && units.length === 0) found.unitIds = '请选择房屋';
    if (target === 'units' && units.length > MAX_CHARGE_UNITS) found.unitIds = `一次最多选择${MAX_CHARGE_UNITS}户，整栋收取请选“整栋楼”`;
    if (target === 'building' && !building) found.buildingId = '请选择楼栋';
    if (typedFen === null) found.amountFen = '金额格式不正确，请填写数字，最多两位小数（如 20.00）';
    else if (typedFen !== undefined && typedFen <= 0) found.amountFen = '金额须大于0';
    if (dueDate < today) found.dueDate = '缴费截止日期不能早于今天';
    if (Object.keys(found).length) return submit.fail(found);
    const report = await submit.run(() =>
      call('fees', 'chargeOneOff', {
        requestId,
        itemId: item!.id,
        ...(target === 'units' ? { unitIds: units.map((u) => u.id) } : { buildingId: building!.id }),
        dueDate,
        ...(typedFen ? { amountFen: typedFen } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    );
    if (!report) return;
    setResult(report);
    // The result is shown above the form.
    Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
    toast(report.created > 0 ? `已生成 ${report.created} 张账单` : '此前已收取，未重复生成');
    // The next charge is a new request (charging the same units again is then on purpose).
    setRequestId(newRequestId('charge'));
    setUnits([]);
    setBuildingId(undefined);
    setNote('');
  };

  const errors = submit.fieldErrors;
  return (
    <View className="page fee-charge">
      <PageHeader title="一次性收费" subtitle="向选定房屋或整栋楼收取装修押金、门禁卡工本费等，生成账单后按账单缴费、催缴" />
      <StateView loading={(items.loading && !items.data) || (overview.loading && !overview.data)} error={items.error ?? overview.error} onRetry={() => (items.reload(), overview.reload())}>
        {result ? (
          <View className="card fee-charge__result">
            <Text className="card__title">收取结果</Text>
            <Text className="fee-charge__result-item">
              {result.itemName} · {money(result.amountFen)}/户 · 截止 {localDay(result.dueDate)}
              {result.note ? ` · ${result.note}` : ''}
            </Text>
            <Text className="fee-charge__result-counts">
              共 {result.units} 户：新生成 <Text className="fee-charge__created">{result.created}</Text> 张账单，跳过 <Text className="fee-charge__skipped">{result.skipped}</Text> 张（已存在）
            </Text>
            {result.replayed ? <Text className="muted fee-charge__replayed">这次收费此前已提交过，没有重复生成账单。</Text> : null}
            <Text className="link fee-charge__to-arrears" onClick={() => openPage(routes.staff.arrears)}>
              查看欠费管理 ›
            </Text>
          </View>
        ) : null}
        <View className="card fee-charge__form">
          <Field label="收费项目" name="charge-item" required error={errors.itemId}>
            {oneOff.length ? (
              <Choices name="charge-item" options={oneOff.map((i) => ({ value: i.id, label: `${i.name} ${yuan(i.rateFen)}元` }))} value={itemId} onChange={submit.edited('itemId', setItemId)} />
            ) : (
              <Text className="muted fee-charge__no-items">还没有一次性收费项目：请主管在“收费管理 › 收费项目”中新增，类型选“一次性收费”。</Text>
            )}
          </Field>

          <Field label="收费对象" name="charge-target" required error={target === 'units' ? errors.unitIds : errors.buildingId}>
            <Choices name="charge-target" options={TARGETS} value={target} onChange={setTarget} />
            {target === 'units' ? (
              <View className="fee-charge__units">
                {units.length ? (
                  <View className="fee-charge__chosen">
                    <Text className="fee-charge__chosen-title">已选 {units.length} 户</Text>
                    {units.map((u) => (
                      <View key={u.id} className="fee-charge__unit" data-id={u.id}>
                        <Text className="fee-charge__unit-label">{u.label}</Text>
                        <Text className="muted fee-charge__unit-owner">{u.ownerNames.length ? u.ownerNames.join('、') : '业主未登记'}</Text>
                        <Text className="link fee-charge__unit-remove" onClick={() => setUnits(units.filter((x) => x.id !== u.id))}>
                          移除
                        </Text>
                      </View>
                    ))}
                  </View>
                ) : (
                  <Text className="muted fee-charge__hint">查找并点选房屋，可选多户</Text>
                )}
                <UnitFinder key={requestId} onChoose={addUnit} picked={units.map((u) => u.id)} />
              </View>
            ) : (
              <View className="fee-charge__buildings">
                <Choices name="charge-building" options={buildings.map((b) => ({ value: b.id, label: `${b.name}（${b.units}户）` }))} value={buildingId} onChange={submit.edited('buildingId', setBuildingId)} />
              </View>
            )}
          </Field>

          <Field label="缴费截止日期" name="charge-due" required error={errors.dueDate}>
            <Picker mode="date" value={dueDate} start={today} end={addDays(today, 366)} onChange={(e) => submit.edited('dueDate', setDueDate)(e.detail.value)}>
              <View className="input picker fee-charge__due">{dueDate}</View>
            </Picker>
          </Field>

          <Field label="金额（元/户）" name="charge-amount" error={errors.amountFen} hint={item ? `不填按项目单价 ${yuan(item.rateFen)} 元` : '不填按项目单价'}>
            <Input className="input fee-charge__amount" type={MONEY_INPUT_TYPE} value={amount} maxlength={12} placeholder={item ? yuan(item.rateFen) : '如 20.00'} onInput={(e) => submit.edited('amountFen', setAmount)(e.detail.value)} />
          </Field>

          <Field label="备注" name="charge-note" error={errors.note} hint="选填，显示在账单上，如 0502室装修 2026年12月">
            <Input className="input fee-charge__note" value={note} maxlength={50} placeholder="选填" onInput={(e) => submit.edited('note', setNote)(e.detail.value)} />
          </Field>

          {item && count > 0 && typeof eachFen === 'number' ? (
            <Text className="fee-charge__total">
              共 {count} 户 × {money(eachFen)} = {money(count * eachFen)}
            </Text>
          ) : null}
          <FormError error={submit.error} shownFields={FIELDS} />
          <Button className="btn btn--primary fee-charge__submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={charge}>
            {count > 0 ? `收取（${count} 户）` : '收取'}
          </Button>
        </View>

      </StateView>
    </View>
  );
}
