import { useState } from 'react';
import { Button, Input, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { UnitSummary } from '@shared/contracts/community.contract';
import { ARCHIVE_CATEGORY_HINTS, ARCHIVE_CATEGORY_LABELS, ARCHIVE_NOTE_MAX, ARCHIVE_PAPER_LOCATION_MAX, ARCHIVE_TITLE_MAX, canWriteCategory, readableCategories, type ArchiveCategory } from '@shared/domain/archives';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { type UploadedDocument } from '@/services/documents';
import { openPage } from '@/services/navigation';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { Choices } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { DocumentPicker } from '@/components/document-picker';
import { newRequestId } from '@/components/repair-format';
import { UnitFinder } from '../../components/unit-finder';
import '@/components/archives.scss';

const splitTags = (text: string) => text.split(/[,，、\s]+/).map((t) => t.trim()).filter(Boolean);

/**
 * 新建档案 (archives.md "Documents"): the category (those the role adds to), title, tags, the unit for
 * 业主档案, where the paper original is kept, a note, and the file (uploaded when chosen).
 */
export default function ArchiveNewPage() {
  const session = useSession({ required: true });
  const roles = session?.me.roles ?? [];
  const writable = readableCategories(roles).filter((c) => canWriteCategory(roles, c));
  const { params } = useRouter();
  const [category, setCategory] = useState<ArchiveCategory | undefined>(writable.find((c) => c === params.category) ?? (params.unitId ? 'owner' : undefined));
  const given = useCloud('community', 'unit', { unitId: params.unitId ?? '' }, { skip: !params.unitId });
  const [unit, setUnit] = useState<UnitSummary>();
  const [title, setTitle] = useState('');
  const [tags, setTags] = useState('');
  const [paper, setPaper] = useState('');
  const [note, setNote] = useState('');
  const [file, setFile] = useState<UploadedDocument>();
  const [requestId] = useState(() => newRequestId('archive'));
  const submit = useSubmit();
  const e = submit.fieldErrors;
  const unitId = unit?.id ?? (given.data ? params.unitId : undefined);
  const unitLabel = unit?.label ?? given.data?.label;

  const save = async () => {
    const problems: Record<string, string> = {};
    if (!category) problems.category = '请选择档案类别';
    if (!title.trim()) problems.title = '请填写档案名称';
    if (category === 'owner' && !unitId) problems.unitId = '业主档案请选择房屋';
    if (!file) problems.fileId = '请先选择文件';
    if (Object.keys(problems).length) return submit.fail(problems);
    const doc = await submit.run(() =>
      call('archives', 'create', {
        requestId,
        category: category as ArchiveCategory,
        title: title.trim(),
        tags: splitTags(tags),
        ...(category === 'owner' && unitId ? { unitId } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(paper.trim() ? { paperLocation: paper.trim() } : {}),
        fileId: file?.id ?? '',
      }),
    );
    if (doc) {
      toast('已建档');
      openPage(routes.staff.archive, { id: doc.id });
    }
  };

  return (
    <View className="page archive-new">
      <PageHeader title="新建档案" subtitle={category ? ARCHIVE_CATEGORY_HINTS[category] : '选择类别，填写名称并上传文件'} />
      <View className="card">
        <Field label="类别" required error={e.category} name="category">
          <Choices
            name="archive-category"
            options={writable.map((c) => ({ value: c, label: ARCHIVE_CATEGORY_LABELS[c] }))}
            value={category}
            onChange={(c) => {
              setCategory(c);
              setFile(undefined);
            }}
          />
        </Field>
        {category === 'owner' ? (
          <Field label="房屋" required error={e.unitId} name="unit">
            {unitId && !unit && unitLabel ? (
              <View className="repair-new__unit-chosen">{unitLabel}</View>
            ) : (
              <UnitFinder chosen={unit} onChoose={submit.edited('unitId', setUnit)} />
            )}
          </Field>
        ) : null}
        <Field label="名称" required error={e.title} name="title">
          <Input className="input" value={title} maxlength={ARCHIVE_TITLE_MAX} placeholder="如：2号楼竣工图、电梯维保合同" onInput={(ev) => submit.edited('title', setTitle)(ev.detail.value)} />
        </Field>
        <Field label="标签" error={e.tags} hint="用逗号或空格分隔，如：消防，年检" name="tags">
          <Input className="input" value={tags} onInput={(ev) => setTags(ev.detail.value)} />
        </Field>
        <Field label="文件" required error={e.fileId} name="file">
          {category ? <DocumentPicker category={category} value={file} onUploaded={submit.edited('fileId', setFile)} /> : <View className="muted">请先选择类别</View>}
        </Field>
        <Field label="纸质原件存放位置" error={e.paperLocation} hint="有纸质原件时填写，如：档案室A柜3层" name="paper">
          <Input className="input" value={paper} maxlength={ARCHIVE_PAPER_LOCATION_MAX} onInput={(ev) => setPaper(ev.detail.value)} />
        </Field>
        <Field label="备注" error={e.note} name="note">
          <Textarea className="textarea" value={note} maxlength={ARCHIVE_NOTE_MAX} onInput={(ev) => setNote(ev.detail.value)} />
        </Field>
        <FormError error={submit.error} shownFields={['category', 'unitId', 'title', 'tags', 'fileId', 'paperLocation', 'note']} />
        <Button className="btn btn--primary archive-new__save" loading={submit.busy} onClick={save}>
          建档
        </Button>
      </View>
    </View>
  );
}
