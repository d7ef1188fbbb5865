import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Picker, Switch, Text, View } from '@tarojs/components';
import type { UnitSummary } from '@shared/contracts/community.contract';
import type { UploadedFile } from '@shared/contracts/files.contract';
import { MAX_REPAIR_PHOTOS, REPAIR_AREA_LABELS, REPAIR_CHANNEL_LABELS, type RepairArea } from '@shared/domain/repairs';
import { normalizePhone, personNameProblem, phoneProblem } from '@shared/domain/contact';
import { routes } from '@shared/routes';
import { localDay, localIso } from '@shared/domain/calendar';
import { call } from '@/services/cloud';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { PhotoPicker } from '@/components/photo-picker';
import { RepairReportFields, useReportUrgency } from '@/components/repair-report-fields';
import { ResidentChoices, UnitFinder, useUnitContact } from '../../components/unit-finder';
import { usePresetOwner } from '../../components/preset-owner';
import { newRequestId } from '@/components/repair-format';

type Channel = 'phone' | 'walk-in';
const CHANNELS = [
  { value: 'phone' as const, label: REPAIR_CHANNEL_LABELS.phone },
  { value: 'walk-in' as const, label: REPAIR_CHANNEL_LABELS['walk-in'] },
];
const AREAS = choicesOf(REPAIR_AREA_LABELS);
const FIELDS = ['area', 'unitId', 'place', 'category', 'description', 'photoIds', 'visitWindow', 'urgency', 'contactName', 'contactPhone', 'channel'] as const;

/**
 * 代客报修 (agents, managers): record a report an owner phoned in or brought to the desk (from the
 * owner view: `unitId` and `residentId` start it with the owner chosen). The
 * form keeps one request id, so a retried submit never makes a second order.
 */
export default function StaffRepairNewPage() {
  useSession({ required: true });
  const settings = useCloud('repairs', 'settings');
  const [requestId] = useState(() => newRequestId('desk'));
  const [channel, setChannel] = useState<Channel>('phone');
  const [area, setArea] = useState<RepairArea>('home');
  const [unit, setUnit] = useState<UnitSummary>();
  const [place, setPlace] = useState('');
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [category, setCategory] = useState<string>();
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<UploadedFile[]>([]);
  const [withVisit, setWithVisit] = useState(false);
  const [today] = useState(() => localDay(Date.now()));
  const [visitDate, setVisitDate] = useState(today);
  const [visitFrom, setVisitFrom] = useState('09:00');
  const [visitTo, setVisitTo] = useState('12:00');
  const submit = useSubmit();
  const residents = useUnitContact(unit, setContactName, setContactPhone);
  const preset = usePresetOwner(unit, setUnit, residents, setContactName, setContactPhone);

  const { computed, urgency, setRequested, input: urgencyInput } = useReportUrgency(category, description);

  const save = async () => {
    const found: Record<string, string> = {};
    if (area === 'home' && !unit) found.unitId = '请选择报修的房屋';
    if (area === 'common' && !place.trim()) found.place = '请填写报修位置，如 3栋电梯厅';
    const nameIssue = contactName.trim() ? personNameProblem(contactName.trim()) : '请填写联系人姓名';
    if (nameIssue) found.contactName = nameIssue;
    const phone = normalizePhone(contactPhone.trim());
    const phoneIssue = phone ? phoneProblem(phone) : '请填写联系电话';
    if (phoneIssue) found.contactPhone = phoneIssue;
    if (!category) found.category = '请选择报修类别';
    if (description.trim().length < 5) found.description = '请至少用5个字描述问题';
    const visit = withVisit ? { from: localIso(visitDate, visitFrom), to: localIso(visitDate, visitTo) } : undefined;
    if (visit && Date.parse(visit.to) <= Date.parse(visit.from)) found.visitWindow = '上门时间段的结束应晚于开始';
    if (Object.keys(found).length) return submit.fail(found);
    const created = await submit.run(() =>
      call('repairs', 'createForOwner', {
        requestId,
        channel,
        area,
        ...(area === 'home' && unit ? { unitId: unit.id } : { place: place.trim() }),
        contactName: contactName.trim(),
        contactPhone: phone,
        category: category ?? '',
        description: description.trim(),
        photoIds: photos.map((p) => p.id),
        ...(visit ? { visitWindow: visit } : {}),
        ...urgencyInput,
      }),
    );
    if (created) {
      Taro.showToast({ title: '已登记报修', icon: 'none' }).catch(() => undefined);
      Taro.redirectTo({ url: routes.staff.repair.url({ id: created.id }) }).catch(() => undefined);
    }
  };

  const errors = submit.fieldErrors;
  const categories = settings.data?.categories ?? [];
  return (
    <View className="page repair-new">
      <PageHeader title="代客报修" subtitle="登记业主来电或到前台反映的报修" />
      <StateView loading={settings.loading} error={settings.error} onRetry={settings.reload}>
        <View className="card repair-new__form">
          <Field label="报修渠道" name="channel" error={errors.channel}>
            <Choices name="repair-channel" options={CHANNELS} value={channel} onChange={setChannel} />
          </Field>
          <Field label="报修区域" name="area" required error={errors.area}>
            <Choices name="repair-area" options={AREAS} value={area} onChange={submit.edited('area', setArea)} />
          </Field>
          {area === 'home' ? (
            <Field label="房屋" name="unit" required error={errors.unitId ?? errors.place}>
              <UnitFinder
                chosen={unit}
                onChoose={(u) => {
                  submit.edited('unitId', setUnit)(u);
                  if (!u) {
                    setContactName('');
                    setContactPhone('');
                  }
                }}
              />
            </Field>
          ) : (
            <Field label="位置" name="place" required error={errors.place}>
              <Input className="input repair-new__place" value={place} maxlength={40} placeholder="如：3栋电梯厅、地下车库B1" onInput={(e) => submit.edited('place', setPlace)(e.detail.value)} />
            </Field>
          )}
          {unit ? (
            <ResidentChoices residents={residents} name={contactName} phone={contactPhone} prefix="repair-new" onPick={(r) => (setContactName(r.name), setContactPhone(r.phone))} />
          ) : null}
          <Field label="联系人" name="contact-name" required error={errors.contactName}>
            <Input className="input repair-new__contact-name" value={contactName} maxlength={20} placeholder="联系人姓名" onInput={(e) => submit.edited('contactName', setContactName)(e.detail.value)} />
          </Field>
          <Field label="联系电话" name="contact-phone" required error={errors.contactPhone}>
            <Input className="input repair-new__contact-phone" type="number" value={contactPhone} maxlength={13} placeholder="手机号" onInput={(e) => submit.edited('contactPhone', setContactPhone)(e.detail.value)} />
          </Field>
          <RepairReportFields
            categories={categories}
            category={category}
            onCategory={submit.edited('category', setCategory)}
            description={description}
            onDescription={submit.edited('description', setDescription)}
            computed={computed}
            urgency={urgency}
            onUrgency={submit.edited('urgency', setRequested)}
            errors={errors}
            placeholder="请记录业主描述的问题（至少5个字）"
          />
          <Field label="照片" name="photos" error={errors.photoIds} hint={`选填，最多 ${MAX_REPAIR_PHOTOS} 张`}>
            <PhotoPicker value={photos} onChange={submit.edited('photoIds', setPhotos)} max={MAX_REPAIR_PHOTOS} name="report" />
          </Field>
          <View className="switch-row">
            <Text>预约上门时间</Text>
            <Switch className="repair-new__visit-switch" checked={withVisit} color="#1677ff" onChange={(e) => setWithVisit(e.detail.value)} />
          </View>
          {withVisit ? (
            <Field label="上门时间段" name="visit" error={errors.visitWindow}>
              <View className="repair-arrive__pickers">
                <Picker mode="date" value={visitDate} start={today} onChange={(e) => submit.edited('visitWindow', setVisitDate)(e.detail.value)}>
                  <View className="input picker repair-new__visit-date">{visitDate}</View>
                </Picker>
                <Picker mode="time" value={visitFrom} onChange={(e) => submit.edited('visitWindow', setVisitFrom)(e.detail.value)}>
                  <View className="input picker repair-new__visit-from">{visitFrom}</View>
                </Picker>
                <Text className="muted">至</Text>
                <Picker mode="time" value={visitTo} onChange={(e) => submit.edited('visitWindow', setVisitTo)(e.detail.value)}>
                  <View className="input picker repair-new__visit-to">{visitTo}</View>
                </Picker>
              </View>
            </Field>
          ) : null}
          <FormError error={submit.error} shownFields={FIELDS} />
          <Button className="btn btn--primary repair-new__submit" loading={submit.busy} disabled={submit.busy || preset.pending || undefined} onClick={save}>
            提交报修
          </Button>
        </View>
      </StateView>
    </View>
  );
}
