import { useState } from 'react';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import type { PassView } from '@shared/contracts/desk-log.contract';
import { addDays, localDay } from '@shared/domain/calendar';
import { normalizePhone, personNameProblem, phoneProblem } from '@shared/domain/contact';
import { PASS_DAYS_AHEAD, PASS_ITEMS_MAX } from '@shared/domain/desk-log';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { PassCard } from '@/components/pass-card';
import { newRequestId } from '@/components/repair-format';
import '@/components/desk-log.scss';

const FIELDS = ['unitId', 'items', 'quantity', 'carrierName', 'carrierPhone', 'plate', 'date'] as const;

/** 申请放行条: unit, items, quantity, carrier, plate, date. An owner's own pass is approved at once; a tenant's waits for the owner. */
function PassForm({ onDone, onCancel }: { onDone: (p: PassView) => void; onCancel: () => void }) {
  const home = useCloud('community', 'myHome');
  const units = home.data?.units ?? [];
  const today = localDay(Date.now());
  const [requestId] = useState(() => newRequestId('pass'));
  const [unitId, setUnitId] = useState<string>();
  const [items, setItems] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [carrierName, setCarrierName] = useState('');
  const [carrierPhone, setCarrierPhone] = useState('');
  const [plate, setPlate] = useState('');
  const [date, setDate] = useState(today);
  const submit = useSubmit();
  const chosenUnit = unitId ?? (units.length === 1 ? units[0].id : undefined);

  const save = async () => {
    const found: Record<string, string> = {};
    if (!chosenUnit) found.unitId = '请选择房屋';
    if (!items.trim()) found.items = '请填写物品清单';
    const n = Number(quantity);
    if (!Number.isInteger(n) || n < 1) found.quantity = '件数至少为1';
    const nameIssue = carrierName.trim() ? personNameProblem(carrierName.trim()) : '请填写搬运人姓名';
    if (nameIssue) found.carrierName = nameIssue;
    const phone = normalizePhone(carrierPhone.trim());
    const phoneIssue = phone ? phoneProblem(phone) : '请填写搬运人电话';
    if (phoneIssue) found.carrierPhone = phoneIssue;
    if (Object.keys(found).length || !chosenUnit) return submit.fail(found);
    const created = await submit.run(() =>
      call('desk', 'requestPass', { requestId, unitId: chosenUnit, items: items.trim(), quantity: n, carrierName: carrierName.trim(), carrierPhone: phone, ...(plate.trim() ? { plate: plate.trim() } : {}), date }),
    );
    if (created) onDone(created);
  };

  const errors = submit.fieldErrors;
  return (
    <View className="card passes__form">
      <Text className="card__title">申请放行条</Text>
      {units.length > 1 ? (
        <Field label="房屋" name="unit" required error={errors.unitId}>
          <Choices name="pass-unit" options={units.map((u) => ({ value: u.id, label: u.label }))} value={unitId} onChange={submit.edited('unitId', setUnitId)} />
        </Field>
      ) : units[0] ? (
        <Text className="muted passes__unit">房屋：{units[0].label}</Text>
      ) : null}
      <Field label="物品清单" name="items" required error={errors.items}>
        <Textarea className="textarea passes__items" value={items} maxlength={PASS_ITEMS_MAX} placeholder="如：旧沙发一张、纸箱三个" onInput={(e) => submit.edited('items', setItems)(e.detail.value)} />
      </Field>
      <Field label="件数" name="quantity" required error={errors.quantity}>
        <Input className="input passes__quantity" type="number" value={quantity} maxlength={3} onInput={(e) => submit.edited('quantity', setQuantity)(e.detail.value)} />
      </Field>
      <Field label="搬运人" name="carrier-name" required error={errors.carrierName}>
        <Input className="input passes__carrier-name" value={carrierName} maxlength={20} placeholder="搬运人姓名" onInput={(e) => submit.edited('carrierName', setCarrierName)(e.detail.value)} />
      </Field>
      <Field label="搬运人电话" name="carrier-phone" required error={errors.carrierPhone}>
        <Input className="input passes__carrier-phone" type="number" value={carrierPhone} maxlength={13} placeholder="手机号" onInput={(e) => submit.edited('carrierPhone', setCarrierPhone)(e.detail.value)} />
      </Field>
      <Field label="车牌号" name="plate" error={errors.plate}>
        <Input className="input passes__plate" value={plate} maxlength={12} placeholder="用车搬运时填写（可不填）" onInput={(e) => submit.edited('plate', setPlate)(e.detail.value)} />
      </Field>
      <Field label="放行日期" name="date" required error={errors.date}>
        <Picker mode="date" value={date} start={today} end={addDays(today, PASS_DAYS_AHEAD)} onChange={(e) => submit.edited('date', setDate)(String(e.detail.value))}>
          <Text className="link passes__date">{date}</Text>
        </Picker>
      </Field>
      <FormError error={submit.error} shownFields={FIELDS} />
      <View className="row-actions">
        <Text className="link passes__cancel" onClick={onCancel}>
          取消
        </Text>
      </View>
      <Button className="btn btn--primary passes__submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
        提交申请
      </Button>
    </View>
  );
}

/**
 * 我的放行条 (owners, tenants, family): the passes of my units — those waiting for my approval first
 * (同意 / 不同意), each with its code once approved, 撤销 before it is used — and 申请放行条.
 */
export default function OwnerPassesPage() {
  useSession({ required: true });
  const list = useCloud('desk', 'myPasses');
  const [adding, setAdding] = useState(false);
  const submit = useSubmit();
  const [busyId, setBusyId] = useState('');

  const replace = (p: PassView) => list.set([p, ...(list.data ?? []).filter((x) => x.id !== p.id)]);
  const act = async (p: PassView, work: () => Promise<PassView>, done: string) => {
    setBusyId(p.id);
    const after = await submit.run(work);
    setBusyId('');
    if (!after) return;
    replace(after);
    toast(done);
  };

  return (
    <View className="page passes">
      <PageHeader title="我的放行条" subtitle="搬出大件物品时，凭放行条编码在门岗核验放行" />
      {adding ? (
        <PassForm
          onCancel={() => setAdding(false)}
          onDone={(p) => {
            setAdding(false);
            replace(p);
            toast(p.status === 'approved' ? '已生成放行条' : '已提交，等待业主确认');
          }}
        />
      ) : (
        <Button className="btn btn--primary passes__new" onClick={() => setAdding(true)}>
          申请放行条
        </Button>
      )}
      <FormError error={submit.error} />
      <StateView loading={list.loading} error={list.error} onRetry={list.reload} empty={list.data?.length === 0} emptyText="还没有放行条">
        {(list.data ?? []).map((p) => (
          <PassCard key={p.id} pass={p}>
            {p.status === 'pending' && !p.actions.includes('approve') ? <Text className="muted passes__waiting">等待业主在小程序中确认</Text> : null}
            {p.actions.length ? (
              <View className="row-actions passes__actions">
                {p.actions.includes('approve') ? (
                  <Button className="btn btn--primary passes__approve" size="mini" loading={busyId === p.id} onClick={() => act(p, () => call('desk', 'approvePass', { passId: p.id, approve: true }), '已同意')}>
                    同意放行
                  </Button>
                ) : null}
                {p.actions.includes('reject') ? (
                  <Button className="btn btn--ghost passes__reject" size="mini" onClick={() => act(p, () => call('desk', 'approvePass', { passId: p.id, approve: false }), '已拒绝')}>
                    不同意
                  </Button>
                ) : null}
                {p.actions.includes('revoke') ? (
                  <Text className="link danger passes__revoke" onClick={() => act(p, () => call('desk', 'revokePass', { passId: p.id }), '已撤销')}>
                    撤销
                  </Text>
                ) : null}
              </View>
            ) : null}
          </PassCard>
        ))}
      </StateView>
    </View>
  );
}
