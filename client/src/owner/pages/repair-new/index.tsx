import { useEffect, useMemo, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { UploadedFile } from '@shared/contracts/files.contract';
import type { RepairCreateInput } from '@shared/contracts/repairs.contract';
import { REPAIR_AREA_LABELS, type RepairArea } from '@shared/domain/repairs';
import { normalizePhone, personNameProblem, phoneProblem } from '@shared/domain/contact';
import { maskPhone } from '@shared/domain/privacy';
import { routes } from '@shared/routes';
import { addDays, dayChoiceLabel, localDay, localIso } from '@shared/domain/calendar';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { askable, askSubscriptions } from '@/services/subscribe';
import { dial, toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { PhotoPicker } from '@/components/photo-picker';
import { RepairReportFields, useReportUrgency } from '@/components/repair-report-fields';
import { newRequestId } from '@/components/repair-format';

const AREAS = choicesOf(REPAIR_AREA_LABELS);
const FIELDS = ['area', 'unitId', 'place', 'category', 'description', 'photoIds', 'visitWindow', 'urgency', 'contactName', 'contactPhone'] as const;

/** Visit time slots (Asia/Shanghai). */
const SLOTS = [
  { value: 'morning', label: '上午 09:00–12:00', from: '09:00', to: '12:00' },
  { value: 'afternoon', label: '下午 13:00–18:00', from: '13:00', to: '18:00' },
  { value: 'evening', label: '晚上 18:00–20:00', from: '18:00', to: '20:00' },
] as const;
type Slot = (typeof SLOTS)[number]['value'];
const ANY_DAY = 'any';
const DAYS_AHEAD = 7;

/** 今天 / 明天 / 后天 / 12-01 周二 … for the next week. */
function dayChoices(): { value: string; label: string }[] {
  const today = localDay(Date.now());
  const days = Array.from({ length: DAYS_AHEAD }, (_, i) => {
    const day = addDays(today, i);
    return { value: day, label: dayChoiceLabel(day, today) };
  });
  return [{ value: ANY_DAY, label: '尽快上门' }, ...days];
}

/** Slots still ahead on `day` (today's morning is gone in the afternoon). */
function slotsOn(day: string): { value: Slot; label: string }[] {
  const now = Date.now();
  return SLOTS.filter((s) => Date.parse(localIso(day, s.to)) > now).map((s) => ({ value: s.value, label: s.label }));
}

interface Form {
  area?: RepairArea;
  unitId?: string;
  place: string;
  category?: string;
  description: string;
  day: string;
  slot?: Slot;
  editingContact: boolean;
  contactName: string;
  contactPhone: string;
}

/** What the owner filled in, checked before sending (the same rules as repairs.contract.ts). */
function problems(form: Form): Record<string, string> {
  const out: Record<string, string> = {};
  if (!form.area) out.area = '请选择户内或公共区域';
  else if (form.area === 'home' && !form.unitId) out.unitId = '请选择报修的房屋';
  else if (form.area === 'common' && !form.place.trim()) out.place = '请填写报修位置，例如 3栋电梯厅';
  if (!form.category) out.category = '请选择报修类别';
  const description = form.description.trim();
  if (description.length < 5) out.description = '请至少用5个字描述问题';
  else if (description.length > 500) out.description = '问题描述最多500字';
  if (form.day !== ANY_DAY && !form.slot) out.visitWindow = '请选择上门时间段';
  if (form.editingContact) {
    const nameProblem = form.contactName.trim() ? personNameProblem(form.contactName.trim()) : '请填写联系人姓名';
    if (nameProblem) out.contactName = nameProblem;
    const phone = normalizePhone(form.contactPhone.trim());
    if (phone) {
      const phoneIssue = phoneProblem(phone);
      if (phoneIssue) out.contactPhone = phoneIssue;
    }
  }
  return out;
}

/**
 * 我要报修 (owner/pages/repair-new/index): where (one of my units, or a common area), what
 * (category, description, photos), how urgent (triage from the words; the owner may only ask for
 * more), when to visit, and who to call. Submitting opens the new order.
 */
export default function RepairNewPage() {
  const session = useSession({ required: true });
  const home = useCloud('community', 'myHome');
  const settings = useCloud('repairs', 'settings');
  const subs = useCloud('messaging', 'subscriptions');
  const submit = useSubmit();
  // One id per form: a double tap or a retry returns the same order.
  const [requestId] = useState(() => newRequestId('r'));

  const [area, setArea] = useState<RepairArea>('home');
  const [unitId, setUnitId] = useState<string>();
  const [place, setPlace] = useState('');
  const [category, setCategory] = useState<string>();
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<UploadedFile[]>([]);
  const [day, setDay] = useState(ANY_DAY);
  const [slot, setSlot] = useState<Slot>();
  const [editingContact, setEditingContact] = useState(false);
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');

  const myName = session?.me.name ?? '';
  const units = home.data?.units ?? [];
  // One unit (the usual case): choose it.
  useEffect(() => {
    if (!unitId && units.length === 1) setUnitId(units[0].id);
  }, [unitId, units]);
  // My phone as the office recorded it (already masked by the server).
  const myPhone = useMemo(() => {
    for (const u of units) {
      const me = u.household.find((m) => m.isMe);
      if (me?.phone) return maskPhone(me.phone);
    }
    return '';
  }, [units]);

  const days = useMemo(dayChoices, []);
  const slots = day === ANY_DAY ? [] : slotsOn(day);
  const chooseDay = (value: string) => {
    setDay(value);
    if (value === ANY_DAY || !slotsOn(value).some((s) => s.value === slot)) setSlot(undefined);
  };

  const { computed, urgency, setRequested, input: urgencyInput } = useReportUrgency(category, description);

  const startEditingContact = () => {
    setContactName(myName);
    setContactPhone('');
    setEditingContact(true);
  };
  const stopEditingContact = () => {
    setEditingContact(false);
    setContactName('');
    setContactPhone('');
  };

  const send = async () => {
    const form: Form = { area, unitId, place, category, description, day, slot, editingContact, contactName, contactPhone };
    const found = problems(form);
    if (Object.keys(found).length > 0) return submit.fail(found);

    const chosenSlot = SLOTS.find((s) => s.value === slot);
    const name = contactName.trim();
    const phone = normalizePhone(contactPhone.trim());
    const input: RepairCreateInput = {
      requestId,
      area,
      ...(area === 'home' ? { unitId } : { place: place.trim() }),
      category: category as string,
      description: description.trim(),
      photoIds: photos.map((p) => p.id),
      ...(day !== ANY_DAY && chosenSlot ? { visitWindow: { from: localIso(day, chosenSlot.from), to: localIso(day, chosenSlot.to) } } : {}),
      ...urgencyInput,
      ...(editingContact && name && name !== myName ? { contactName: name } : {}),
      ...(editingContact && phone ? { contactPhone: phone } : {}),
    };
    // In WeChat, ask for progress notices within this tap (WeChat only prompts on a tap). The H5
    // demo skips its stand-in modal here (a modal in the way of every report); the order page offers it.
    const progress = (subs.data ?? []).filter((t) => t.key === 'repair.progress' && askable(t));
    const created = await submit.run(async () => {
      if (process.env.TARO_ENV !== 'h5' && progress.length > 0) await askSubscriptions(progress).catch(() => undefined);
      return call('repairs', 'create', input);
    });
    if (!created) return;
    toast('报修已提交');
    await Taro.redirectTo({ url: routes.owner.repair.url({ id: created.id }) }).catch(() => undefined);
  };

  const errors = submit.fieldErrors;
  const categories = settings.data?.categories ?? [];
  const servicePhone = home.data?.community.servicePhone ?? '';

  return (
    <View className="page repair-new">
      <PageHeader title="我要报修" subtitle="描述问题并上传照片，物业会尽快安排师傅上门" />
      <StateView
        loading={(home.loading && !home.data) || (settings.loading && !settings.data)}
        error={home.error ?? settings.error}
        onRetry={() => {
          home.reload();
          settings.reload();
        }}
      >
        <View className="card repair-new__form">
          <Text className="card__title">报修位置</Text>
          <Field label="报修区域" name="area" required error={errors.area}>
            <Choices name="repair-area" options={AREAS} value={area} onChange={submit.edited('area', setArea)} />
          </Field>
          {area === 'home' ? (
            <Field label="房屋" name="unit" required error={errors.unitId ?? errors.place}>
              {units.length === 0 ? <Text className="muted">您名下暂无房屋，户内报修请先绑定房屋</Text> : null}
              <Choices name="repair-unit" options={units.map((u) => ({ value: u.id, label: u.label }))} value={unitId} onChange={submit.edited('unitId', setUnitId)} />
            </Field>
          ) : (
            <Field label="具体位置" name="place" required error={errors.place} hint="例如 3栋电梯厅、地下车库B区">
              <Input className="input repair-new__place" value={place} maxlength={40} placeholder="请填写公共区域的具体位置" onInput={(e) => submit.edited('place', setPlace)(e.detail.value)} />
            </Field>
          )}

          <Text className="card__title repair-new__section">报修内容</Text>
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
            placeholder="请描述问题的位置和现象，例如：厨房水槽下水管漏水，地面有积水"
          />
          {urgency === 'emergency' ? (
            <View className="repair-new__emergency">
              <Text>如有燃气泄漏、起火、触电等危险，请先远离现场并拨打 119/110。</Text>
              {servicePhone ? (
                <Text className="link repair-new__call" onClick={() => dial(servicePhone)}>
                  立即致电物业：{servicePhone}
                </Text>
              ) : null}
            </View>
          ) : null}
          <Field label="现场照片" name="photos" error={errors.photoIds} hint="最多9张，可拍照或从相册选择">
            <PhotoPicker name="repair" value={photos} onChange={submit.edited('photoIds', setPhotos)} />
          </Field>

          <Text className="card__title repair-new__section">上门时间</Text>
          <Field label="日期" name="visit-day">
            <Choices name="visit-day" options={days} value={day} onChange={submit.edited('visitWindow', chooseDay)} />
          </Field>
          {day !== ANY_DAY ? (
            <Field label="时间段" name="visit-slot" required error={errors.visitWindow}>
              {slots.length === 0 ? <Text className="muted">今天已没有可选时间段，请选择其他日期</Text> : null}
              <Choices name="visit-slot" options={slots} value={slot} onChange={submit.edited('visitWindow', setSlot)} />
            </Field>
          ) : null}

          <Text className="card__title repair-new__section">联系方式</Text>
          {editingContact ? (
            <>
              <Field label="联系人" name="contactName" required error={errors.contactName}>
                <Input className="input repair-new__contact-name" value={contactName} maxlength={20} placeholder="请输入联系人姓名" onInput={(e) => submit.edited('contactName', setContactName)(e.detail.value)} />
              </Field>
              <Field label="联系电话" name="contactPhone" error={errors.contactPhone} hint={`不填则使用登记的手机号${myPhone ? ` ${myPhone}` : ''}`}>
                <Input
                  className="input repair-new__contact-phone"
                  type="number"
                  value={contactPhone}
                  maxlength={13}
                  placeholder="请输入联系电话"
                  onInput={(e) => submit.edited('contactPhone', setContactPhone)(e.detail.value)}
                />
              </Field>
              <View className="row-actions">
                <Text className="link repair-new__contact-reset" onClick={stopEditingContact}>
                  使用登记的联系方式
                </Text>
              </View>
            </>
          ) : (
            <View className="unit-row__main repair-new__contact">
              <Text className="repair-new__contact-text">
                {myName}
                {myPhone ? ` ${myPhone}` : '（登记的手机号）'}
              </Text>
              <Text className="link repair-new__contact-edit" onClick={startEditingContact}>
                修改
              </Text>
            </View>
          )}

          <FormError error={submit.error} shownFields={FIELDS} />
          <Button className="btn btn--primary repair-new__submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
            提交报修
          </Button>
        </View>
      </StateView>
    </View>
  );
}
