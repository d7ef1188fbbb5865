import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, Textarea, View } from '@tarojs/components';
import type { UploadedFile } from '@shared/contracts/files.contract';
import { COMPLAINT_CATEGORY_LABELS, COMPLAINT_TEXT_MAX, complaintTextProblem, MAX_COMPLAINT_PHOTOS, type ComplaintCategory } from '@shared/domain/complaints';
import { routes } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { PhotoPicker } from '@/components/photo-picker';
import { newRequestId } from '@/components/repair-format';
import '@/components/complaint.scss';

const CATEGORIES = choicesOf(COMPLAINT_CATEGORY_LABELS);
const FIELDS = ['category', 'description', 'unitId', 'photoIds', 'repairId'] as const;
/** The unit choice for a complaint about the community as a whole. */
const COMMON = 'common';
/** No related repair. */
const NONE = 'none';

/**
 * 我要投诉 (owner/pages/complaint-new/index): what about (category), what happened, which of my
 * units (when I have several), photos, and optionally the repair it is about. One request id per
 * form: a double tap makes one complaint.
 */
export default function ComplaintNewPage() {
  useSession({ required: true });
  const home = useCloud('community', 'myHome');
  const repairs = useCloud('repairs', 'mine', { state: 'all', page: 1, pageSize: 20 });
  const submit = useSubmit();
  const [requestId] = useState(() => newRequestId('c'));
  const [category, setCategory] = useState<ComplaintCategory>();
  const [description, setDescription] = useState('');
  const [unit, setUnit] = useState<string>();
  const [photos, setPhotos] = useState<UploadedFile[]>([]);
  const [repairId, setRepairId] = useState<string>(NONE);

  const units = home.data?.units ?? [];
  const several = units.length > 1;
  const unitChoices = [...units.map((u) => ({ value: u.id, label: u.label })), { value: COMMON, label: '小区公共事务' }];
  const repairChoices = [{ value: NONE, label: '不关联' }, ...(repairs.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.orderNo} ${r.category}` }))];

  const send = async () => {
    const found: Record<string, string> = {};
    if (!category) found.category = '请选择投诉类别';
    const textIssue = complaintTextProblem(description);
    if (textIssue) found.description = textIssue;
    if (several && !unit) found.unitId = '请选择投诉涉及的房屋，或选择“小区公共事务”';
    if (Object.keys(found).length) return submit.fail(found);
    // One unit: it is the one (the server takes it too); several: the chosen one, or none for the community.
    const unitId = several ? (unit !== COMMON ? unit : undefined) : units[0]?.id;
    const created = await submit.run(() =>
      call('complaints', 'submit', {
        requestId,
        category: category as ComplaintCategory,
        description: description.trim(),
        photoIds: photos.map((p) => p.id),
        ...(unitId ? { unitId } : {}),
        ...(repairId !== NONE ? { repairId } : {}),
      }),
    );
    if (!created) return;
    toast('投诉已提交');
    await Taro.redirectTo({ url: routes.owner.complaint.url({ id: created.id }) }).catch(() => undefined);
  };

  const errors = submit.fieldErrors;
  return (
    <View className="page complaint-page complaint-new">
      <PageHeader title="我要投诉" subtitle="物业会在时限内受理、调查并给您书面答复" />
      <StateView loading={home.loading && !home.data} error={home.error} onRetry={home.reload}>
        <View className="card complaint-new__form">
          <Field label="投诉类别" name="category" required error={errors.category}>
            <Choices name="complaint-category" options={CATEGORIES} value={category} onChange={submit.edited('category', setCategory)} />
          </Field>
          <Field label="投诉内容" name="description" required error={errors.description}>
            <Textarea
              className="textarea complaint-new__description"
              value={description}
              maxlength={COMPLAINT_TEXT_MAX}
              placeholder="请描述发生了什么、在哪里、什么时间，以及您希望物业如何处理"
              onInput={(e) => submit.edited('description', setDescription)(e.detail.value)}
            />
            <Text className="complaint-counter complaint-new__count">
              {description.trim().length}/{COMPLAINT_TEXT_MAX}
            </Text>
          </Field>
          {several ? (
            <Field label="涉及房屋" name="unit" required error={errors.unitId}>
              <Choices name="complaint-unit" options={unitChoices} value={unit} onChange={submit.edited('unitId', setUnit)} />
            </Field>
          ) : units.length === 1 ? (
            <Field label="涉及房屋" name="unit">
              <Text className="complaint-new__unit">{units[0].label}</Text>
            </Field>
          ) : null}
          <Field label="照片" name="photos" error={errors.photoIds} hint={`选填，最多${MAX_COMPLAINT_PHOTOS}张`}>
            <PhotoPicker name="complaint" value={photos} max={MAX_COMPLAINT_PHOTOS} onChange={submit.edited('photoIds', setPhotos)} />
          </Field>
          {repairChoices.length > 1 ? (
            <Field label="相关报修单" name="repair" error={errors.repairId} hint="投诉与某张报修单有关时请选择（选填）">
              <Choices name="complaint-repair" options={repairChoices} value={repairId} onChange={submit.edited('repairId', setRepairId)} />
            </Field>
          ) : null}
          <FormError error={submit.error} shownFields={FIELDS} />
          <Button className="btn btn--primary complaint-new__submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
            提交投诉
          </Button>
        </View>
      </StateView>
    </View>
  );
}
