import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import type { RepairDetail } from '@shared/contracts/repairs.contract';
import type { UploadedFile } from '@shared/contracts/files.contract';
import { MAX_REPAIR_PHOTOS } from '@shared/domain/repairs';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { Field, FormError } from '@/components/form-field';
import { PhotoPicker } from '@/components/photo-picker';

interface MaterialRow {
  key: number;
  name: string;
  quantity: string;
  unit: string;
}

const FIELDS = ['afterPhotoIds', 'materials', 'note'] as const;
let rowKey = 0;

/** 完工: after-photos, the materials used (name, quantity, unit) and a note. */
export function RepairComplete({ order, onDone, onCancel }: { order: RepairDetail; onDone: (next: RepairDetail) => void; onCancel: () => void }) {
  const [photos, setPhotos] = useState<UploadedFile[]>([]);
  const [rows, setRows] = useState<MaterialRow[]>([]);
  const [note, setNote] = useState('');
  /** The checked materials, shown as a summary to confirm before 确认完工. */
  const [review, setReview] = useState<{ name: string; quantity: number; unit: string }[] | null>(null);
  const submit = useSubmit();

  const change = (key: number, patch: Partial<MaterialRow>) => submit.edited('materials', setRows)(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const add = () => setRows((rs) => [...rs, { key: ++rowKey, name: '', quantity: '', unit: '' }]);
  const remove = (key: number) => submit.edited('materials', setRows)(rows.filter((r) => r.key !== key));

  const check = () => {
    const materials = rows.map((r) => ({ name: r.name.trim(), quantity: r.quantity.trim() ? Number(r.quantity) : NaN, unit: r.unit.trim() || '个' }));
    const found: Record<string, string> = {};
    const bad = materials.findIndex((m) => !m.name || !Number.isFinite(m.quantity) || m.quantity <= 0);
    if (bad >= 0) found.materials = !materials[bad].name ? `第 ${bad + 1} 项：请填写材料名称` : `第 ${bad + 1} 项：请填写数量（大于0）`;
    if (note.trim().length > 200) found.note = '完工说明最多200字';
    if (Object.keys(found).length) return submit.fail(found);
    setReview(materials);
  };

  const save = async () => {
    const materials = review ?? [];
    const next = await submit.run(() =>
      call('repairs', 'complete', {
        repairId: order.id,
        afterPhotoIds: photos.map((p) => p.id),
        materials,
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    );
    if (next) onDone(next);
  };

  const errors = submit.fieldErrors;
  if (review) {
    return (
      <View className="form repair-complete repair-complete--review">
        <Text className="repair-action__title">请核对完工信息</Text>
        <View className="info-row">
          <Text className="muted">完工照片</Text>
          <Text>{photos.length ? `${photos.length} 张` : '未上传'}</Text>
        </View>
        <View className="info-row">
          <Text className="muted">使用材料</Text>
          <Text className="repair-complete__summary-materials">{review.length ? review.map((m) => `${m.name} ${m.quantity} ${m.unit}`).join('；') : '未使用材料'}</Text>
        </View>
        <View className="info-row">
          <Text className="muted">完工说明</Text>
          <Text>{note.trim() || '无'}</Text>
        </View>
        <FormError error={submit.error} />
        <View className="form-buttons">
          <Button className="btn btn--ghost repair-complete__back" size="mini" onClick={() => setReview(null)}>
            返回修改
          </Button>
          <Button className="btn btn--primary repair-complete__submit repair-staff__complete-submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
            确认完工
          </Button>
        </View>
      </View>
    );
  }
  return (
    <View className="form repair-complete">
      <Text className="repair-action__title">完工登记</Text>
      <Field label="完工照片" name="after-photos" error={errors.afterPhotoIds} hint={`最多 ${MAX_REPAIR_PHOTOS} 张`}>
        <PhotoPicker value={photos} onChange={submit.edited('afterPhotoIds', setPhotos)} max={MAX_REPAIR_PHOTOS} label="添加完工照片" name="after" />
      </Field>
      <Field label="使用材料" name="materials" error={errors.materials}>
        <View className="repair-materials">
          {rows.map((r, i) => (
            <View key={r.key} className="repair-materials__row">
              <Input className="input repair-materials__name" value={r.name} maxlength={20} placeholder={`材料 ${i + 1} 名称`} onInput={(e) => change(r.key, { name: e.detail.value })} />
              <Input className="input repair-materials__quantity" type="digit" value={r.quantity} placeholder="数量，如 1" onInput={(e) => change(r.key, { quantity: e.detail.value })} />
              <Input className="input repair-materials__unit" value={r.unit} maxlength={4} placeholder="单位，如 个" onInput={(e) => change(r.key, { unit: e.detail.value })} />
              <Text className="link danger repair-materials__remove" onClick={() => remove(r.key)}>
                删除
              </Text>
            </View>
          ))}
          <Text className="link repair-materials__add" onClick={add}>
            + 添加材料
          </Text>
        </View>
      </Field>
      <Field label="完工说明" name="complete-note" error={errors.note}>
        <Textarea className="textarea repair-complete__note" value={note} maxlength={200} placeholder="维修情况说明（选填）" onInput={(e) => submit.edited('note', setNote)(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={FIELDS} />
      <View className="form-buttons">
        <Button className="btn btn--ghost repair-complete__cancel" size="mini" onClick={onCancel}>
          取消
        </Button>
        <Button className="btn btn--primary repair-complete__review" size="mini" onClick={check}>
          下一步：核对
        </Button>
      </View>
    </View>
  );
}
