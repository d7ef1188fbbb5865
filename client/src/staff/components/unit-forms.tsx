import { useState } from 'react';
import { Button, Input, View } from '@tarojs/components';
import type { ParkingSpaceRecord, ResidentRecord, UnitDetail, VehicleSummary } from '@shared/contracts/community.contract';
import { UNIT_STATUS_LABELS, type UnitStatus } from '@shared/domain/units';
import { RESIDENT_RELATION_LABELS, type ResidentRelation } from '@shared/domain/household';
import { idNumberProblem, normalizePhone, personNameProblem, phoneProblem } from '@shared/domain/contact';
import { normalizePlate, normalizeSpaceCode } from '@shared/domain/vehicles';
import { call } from '@/services/cloud';
import { useSubmit } from '@/hooks/use-submit';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';

const STATUSES = choicesOf(UNIT_STATUS_LABELS);
const RELATIONS = choicesOf(RESIDENT_RELATION_LABELS);

interface FormProps {
  unit: UnitDetail;
  /** The unit as the server returned it after the change. */
  onSaved: (unit: UnitDetail) => void;
  onCancel: () => void;
}

function FormButtons({ busy, onSave, onCancel }: { busy: boolean; onSave: () => void; onCancel: () => void }) {
  return (
    <View className="form-buttons">
      <Button className="btn btn--ghost form-buttons__cancel" size="mini" disabled={busy || undefined} onClick={onCancel}>
        取消
      </Button>
      <Button className="btn btn--primary form-buttons__save" size="mini" loading={busy} disabled={busy || undefined} onClick={onSave}>
        保存
      </Button>
    </View>
  );
}

/** 房屋信息: status (自住/空置/出租) and area. */
export function UnitForm({ unit, onSaved, onCancel }: FormProps) {
  const [status, setStatus] = useState<UnitStatus>(unit.status);
  const [area, setArea] = useState(String(unit.areaM2));
  const submit = useSubmit();

  const save = async () => {
    const areaM2 = Number(area);
    if (!area.trim() || !Number.isFinite(areaM2) || areaM2 <= 0) return submit.fail({ areaM2: '建筑面积应为大于0的数字' });
    const saved = await submit.run(() => call('community', 'saveUnit', { unitId: unit.id, status, areaM2 }));
    if (saved) onSaved(saved);
  };

  return (
    <View className="form unit-form">
      <Field label="房屋状态" name="status" error={submit.fieldErrors.status}>
        <Choices name="status" options={STATUSES} value={status} onChange={submit.edited('status', setStatus)} />
      </Field>
      <Field label="建筑面积（m²）" name="areaM2" error={submit.fieldErrors.areaM2}>
        <Input className="input unit-form__area" type="digit" value={area} maxlength={8} onInput={(e) => submit.edited('areaM2', setArea)(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={['status', 'areaM2']} />
      <FormButtons busy={submit.busy} onSave={save} onCancel={onCancel} />
    </View>
  );
}

const RESIDENT_FIELDS = ['name', 'relation', 'phone', 'idNumber'] as const;

/** 添加住户 / 修改住户: name, relation, phone, ID number (optional; blank keeps the recorded one). */
export function ResidentForm({ unit, resident, onSaved, onCancel }: FormProps & { resident?: ResidentRecord }) {
  const [name, setName] = useState(resident?.name ?? '');
  const [relation, setRelation] = useState<ResidentRelation | undefined>(resident?.relation);
  // A masked number (for roles that do not see it in full) cannot be sent back: ask for it again.
  const [phone, setPhone] = useState(resident && !resident.phone.includes('*') ? resident.phone : '');
  const [idNumber, setIdNumber] = useState('');
  const submit = useSubmit();

  const save = async () => {
    const found: Record<string, string> = {};
    const nameProblem = name.trim() ? personNameProblem(name) : '请填写姓名';
    if (nameProblem) found.name = nameProblem;
    if (!relation) found.relation = '请选择与房屋的关系';
    const phoneText = normalizePhone(phone.trim());
    const phoneIssue = phoneText ? phoneProblem(phoneText) : '请填写手机号';
    if (phoneIssue) found.phone = phoneIssue;
    const id = idNumber.trim().toUpperCase();
    const idIssue = id ? idNumberProblem(id) : undefined;
    if (idIssue) found.idNumber = idIssue;
    if (Object.keys(found).length > 0) return submit.fail(found);
    const saved = await submit.run(() =>
      call('community', 'saveResident', {
        unitId: unit.id,
        ...(resident ? { residentId: resident.id } : {}),
        name: name.trim(),
        relation: relation as ResidentRelation,
        phone: phoneText,
        ...(id ? { idNumber: id } : {}),
      }),
    );
    if (saved) onSaved(saved);
  };

  const errors = submit.fieldErrors;
  return (
    <View className="form resident-form">
      <Field label="姓名" name="name" required error={errors.name}>
        <Input className="input resident-form__name" value={name} maxlength={20} placeholder="请输入姓名" onInput={(e) => submit.edited('name', setName)(e.detail.value)} />
      </Field>
      <Field label="与房屋的关系" name="relation" required error={errors.relation}>
        <Choices name="relation" options={RELATIONS} value={relation} onChange={submit.edited('relation', setRelation)} />
      </Field>
      <Field label="联系电话" name="phone" required error={errors.phone} hint="11位手机号或带区号的固定电话">
        <Input className="input resident-form__phone" type="text" value={phone} maxlength={20} placeholder="例如 13812345678" onInput={(e) => submit.edited('phone', setPhone)(e.detail.value)} />
      </Field>
      <Field label="身份证号" name="idNumber" error={errors.idNumber} hint={resident ? '选填；留空则保持原登记' : '选填'}>
        <Input className="input resident-form__id" type="idcard" value={idNumber} maxlength={18} placeholder="18位身份证号" onInput={(e) => submit.edited('idNumber', setIdNumber)(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={RESIDENT_FIELDS} />
      <FormButtons busy={submit.busy} onSave={save} onCancel={onCancel} />
    </View>
  );
}

/** 登记车辆 / 修改车辆: plate and (optional) parking space code; the unit's own spaces are one tap away. */
export function VehicleForm({ unit, vehicle, onSaved, onCancel }: FormProps & { vehicle?: VehicleSummary }) {
  const [plate, setPlate] = useState(vehicle?.plate ?? '');
  const [space, setSpace] = useState(vehicle?.parkingSpace ?? '');
  const submit = useSubmit();
  const spaces: ParkingSpaceRecord[] = unit.parkingSpaces;

  const save = async () => {
    const found: Record<string, string> = {};
    const normalized = normalizePlate(plate);
    if (!normalized) found.plate = plate.trim() ? '车牌号格式不正确（如 浙A·12345）' : '请填写车牌号';
    const code = space.trim() ? normalizeSpaceCode(space) : '';
    if (code === undefined) found.parkingSpace = '车位号格式不正确（如 B1-015）';
    if (Object.keys(found).length > 0) return submit.fail(found);
    const saved = await submit.run(() =>
      call('community', 'saveVehicle', {
        unitId: unit.id,
        ...(vehicle ? { vehicleId: vehicle.id } : {}),
        plate: normalized as string,
        parkingSpace: code ?? '',
      }),
    );
    if (saved) onSaved(saved);
  };

  return (
    <View className="form vehicle-form">
      <Field label="车牌号" name="plate" required error={submit.fieldErrors.plate}>
        <Input className="input vehicle-form__plate" value={plate} maxlength={12} placeholder="例如 浙A·12345" onInput={(e) => submit.edited('plate', setPlate)(e.detail.value)} />
      </Field>
      <Field label="车位号" name="parkingSpace" error={submit.fieldErrors.parkingSpace} hint="选填；留空表示无固定车位">
        <Input className="input vehicle-form__space" value={space} maxlength={20} placeholder="例如 B1-015" onInput={(e) => submit.edited('parkingSpace', setSpace)(e.detail.value)} />
        {spaces.length > 0 ? (
          <Choices name="space" options={spaces.map((s) => ({ value: s.code, label: s.code }))} value={space} onChange={submit.edited('parkingSpace', setSpace)} />
        ) : null}
      </Field>
      <FormError error={submit.error} shownFields={['plate', 'parkingSpace']} />
      <FormButtons busy={submit.busy} onSave={save} onCancel={onCancel} />
    </View>
  );
}
