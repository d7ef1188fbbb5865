import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { EQUIPMENT_CODE_MAX, EQUIPMENT_KIND_LABELS, EQUIPMENT_NAME_MAX, EQUIPMENT_TEXT_MAX, type EquipmentKind } from '@shared/domain/archives';
import { localDay } from '@shared/domain/calendar';
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

const PUBLIC = 'public';
const FIELDS = ['kind', 'name', 'code', 'location', 'buildingId', 'maker', 'modelNo', 'maintainer', 'maintainerPhone', 'installedOn', 'cycleDays', 'lastMaintainedOn', 'nextDueOn', 'docIds'];

/** 登记设备 (no id) or edit one: kind, name, code, where, maker, 维保单位, dates, cycle, the archived documents it uses. */
export default function EquipmentFormPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const equipmentId = params.id ?? '';
  const existing = useCloud('archives', 'equipmentGet', { equipmentId }, { skip: !equipmentId });
  const overview = useCloud('community', 'overview');
  const [requestId] = useState(() => newRequestId('equipment'));
  const [kind, setKind] = useState<EquipmentKind>('elevator');
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [location, setLocation] = useState('');
  const [building, setBuilding] = useState(PUBLIC);
  const [maker, setMaker] = useState('');
  const [modelNo, setModelNo] = useState('');
  const [maintainer, setMaintainer] = useState('');
  const [maintainerPhone, setMaintainerPhone] = useState('');
  const [installedOn, setInstalledOn] = useState('');
  const [cycle, setCycle] = useState('');
  const [lastMaintainedOn, setLastMaintainedOn] = useState('');
  const [nextDueOn, setNextDueOn] = useState('');
  const [docIds, setDocIds] = useState<string[]>([]);
  const submit = useSubmit();
  const errors = submit.fieldErrors;
  const today = localDay(new Date());

  useEffect(() => {
    const e = existing.data;
    if (!e) return;
    setKind(e.kind);
    setName(e.name);
    setCode(e.code);
    setLocation(e.location);
    setBuilding(e.buildingId ?? PUBLIC);
    setMaker(e.maker ?? '');
    setModelNo(e.modelNo ?? '');
    setMaintainer(e.maintainer ?? '');
    setMaintainerPhone(e.maintainerPhone ?? '');
    setInstalledOn(e.installedOn ?? '');
    setCycle(e.cycleDays ? String(e.cycleDays) : '');
    setLastMaintainedOn(e.lastMaintainedOn ?? '');
    setNextDueOn(e.nextDueOn ?? '');
    setDocIds(e.docs.map((d) => d.id));
  }, [existing.data]);

  const buildings = [{ value: PUBLIC, label: '公共区域' }, ...(overview.data?.buildings ?? []).map((b) => ({ value: b.id, label: b.name }))];
  const save = async () => {
    const missing: Record<string, string> = {};
    if (!name.trim()) missing.name = '请填写设备名称';
    if (!code.trim()) missing.code = '请填写设备编号';
    if (!location.trim()) missing.location = '请填写安装位置';
    if (cycle && !/^\d{1,4}$/.test(cycle)) missing.cycleDays = '维保周期应为天数';
    if (Object.keys(missing).length) return submit.fail(missing);
    const input = {
      kind,
      name: name.trim(),
      code: code.trim(),
      location: location.trim(),
      ...(building !== PUBLIC ? { buildingId: building } : {}),
      ...(maker.trim() ? { maker: maker.trim() } : {}),
      ...(modelNo.trim() ? { modelNo: modelNo.trim() } : {}),
      ...(maintainer.trim() ? { maintainer: maintainer.trim() } : {}),
      ...(maintainerPhone.trim() ? { maintainerPhone: maintainerPhone.trim() } : {}),
      ...(installedOn ? { installedOn } : {}),
      ...(cycle ? { cycleDays: Number(cycle) } : {}),
      ...(lastMaintainedOn ? { lastMaintainedOn } : {}),
      ...(nextDueOn ? { nextDueOn } : {}),
      docIds,
    };
    const saved = await submit.run(() => (equipmentId ? call('archives', 'equipmentUpdate', { equipmentId, ...input }) : call('archives', 'equipmentCreate', { requestId, ...input })));
    if (!saved) return;
    toast('已保存');
    if (equipmentId) Taro.navigateBack();
    else Taro.redirectTo({ url: routes.staff.equipment.url({ id: saved.id }) }).catch(() => undefined);
  };

  return (
    <View className="page equipment-form">
      <PageHeader title={equipmentId ? '编辑设备' : '登记设备'} subtitle="设备设施台账" />
      <View className="card">
        <Field label="设备类别" name="kind" required error={errors.kind}>
          <Choices name="equipment-kind" options={choicesOf(EQUIPMENT_KIND_LABELS)} value={kind} onChange={setKind} />
        </Field>
        <Field label="设备名称" name="name" required error={errors.name}>
          <Input className="input equipment-form__name" value={name} maxlength={EQUIPMENT_NAME_MAX} placeholder="如：1号楼1号客梯" onInput={(e) => submit.edited('name', setName)(e.detail.value)} />
        </Field>
        <Field label="设备编号" name="code" required error={errors.code}>
          <Input className="input equipment-form__code" value={code} maxlength={EQUIPMENT_CODE_MAX} placeholder="如：DT-01（小区内唯一）" onInput={(e) => submit.edited('code', setCode)(e.detail.value)} />
        </Field>
        <Field label="所在楼栋" name="building" error={errors.buildingId}>
          <Choices name="equipment-building" options={buildings} value={building} onChange={setBuilding} />
        </Field>
        <Field label="安装位置" name="location" required error={errors.location}>
          <Input className="input equipment-form__location" value={location} maxlength={EQUIPMENT_TEXT_MAX} placeholder="如：1号楼大堂、地下泵房" onInput={(e) => submit.edited('location', setLocation)(e.detail.value)} />
        </Field>
        <Field label="生产厂家" name="maker" error={errors.maker}>
          <Input className="input" value={maker} maxlength={EQUIPMENT_TEXT_MAX} onInput={(e) => setMaker(e.detail.value)} />
        </Field>
        <Field label="型号" name="modelNo" error={errors.modelNo}>
          <Input className="input" value={modelNo} maxlength={EQUIPMENT_TEXT_MAX} onInput={(e) => setModelNo(e.detail.value)} />
        </Field>
      </View>
      <View className="card">
        <Text className="card__title">维保与检验</Text>
        <Field label="维保单位" name="maintainer" error={errors.maintainer}>
          <Input className="input equipment-form__maintainer" value={maintainer} maxlength={EQUIPMENT_TEXT_MAX} onInput={(e) => setMaintainer(e.detail.value)} />
        </Field>
        <Field label="维保电话" name="maintainerPhone" error={errors.maintainerPhone}>
          <Input className="input" type="number" value={maintainerPhone} maxlength={20} onInput={(e) => submit.edited('maintainerPhone', setMaintainerPhone)(e.detail.value)} />
        </Field>
        <DayField label="安装日期" name="installed-on" value={installedOn} onChange={setInstalledOn} end={today} error={errors.installedOn} />
        <Field label="维保周期（天）" name="cycleDays" hint="如每半月保养填 15，年检填 365" error={errors.cycleDays}>
          <Input className="input equipment-form__cycle" type="number" value={cycle} maxlength={4} onInput={(e) => submit.edited('cycleDays', setCycle)(e.detail.value)} />
        </Field>
        <DayField label="上次维保日期" name="last-maintained" value={lastMaintainedOn} onChange={setLastMaintainedOn} end={today} error={errors.lastMaintainedOn} />
        <DayField label="下次检验日期" name="next-due" value={nextDueOn} onChange={setNextDueOn} error={errors.nextDueOn} />
        <Text className="muted">下次检验日期不填时，按上次维保日期加维保周期推算；到期前30天、7天、1天提醒主管。</Text>
      </View>
      <View className="card">
        <Text className="card__title">关联档案（设备设施台账类）</Text>
        <DocsField category="equipment" value={docIds} onChange={setDocIds} />
      </View>
      <FormError error={submit.error} shownFields={FIELDS} />
      <Button className="btn btn--primary equipment-form__submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
        保存
      </Button>
    </View>
  );
}
