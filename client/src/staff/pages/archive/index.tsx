import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { ArchiveDocView } from '@shared/contracts/archives.contract';
import { ARCHIVE_CATEGORY_LABELS, ARCHIVE_DOC_EVENT_LABELS, ARCHIVE_NOTE_MAX, ARCHIVE_PAPER_LOCATION_MAX, ARCHIVE_TITLE_MAX, ARCHIVE_VERSION_NOTE_MAX, formatBytes } from '@shared/domain/archives';
import { formatTime } from '@shared/domain/calendar';
import { routes } from '@shared/routes';
import { call, toCloudError } from '@/services/cloud';
import { openArchiveLink, type UploadedDocument } from '@/services/documents';
import { backTo } from '@/services/navigation';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { InfoRow } from '@/components/info-row';
import { Field, FormError } from '@/components/form-field';
import { DocumentPicker } from '@/components/document-picker';
import { ArchiveLoanBlock } from '@/components/archive-loan-block';
import { newRequestId } from '@/components/repair-format';
import '@/components/archives.scss';

const splitTags = (text: string) => text.split(/[,，、\s]+/).map((t) => t.trim()).filter(Boolean);

/**
 * 档案详情 (archives.md "Documents"): the document's data, the paper original and its loan, the
 * versions newest first with 查看 (a fresh short-lived link each time), 上传新版本, 编辑, 删除 (managers).
 */
export default function ArchivePage() {
  useSession({ required: true });
  const { params } = useRouter();
  const id = params.id ?? '';
  const doc = useCloud('archives', 'get', { docId: id }, { skip: !id });
  const d = doc.data;
  return (
    <View className="page archive">
      <PageHeader title={d?.title ?? '档案详情'} subtitle={d ? ARCHIVE_CATEGORY_LABELS[d.category] : undefined} />
      <StateView loading={doc.loading} error={doc.error} onRetry={doc.reload}>
        {d ? <ArchiveBody doc={d} onChange={(v) => (v ? doc.set(v) : doc.reload())} /> : null}
      </StateView>
    </View>
  );
}

function ArchiveBody({ doc, onChange }: { doc: ArchiveDocView; onChange: (v?: ArchiveDocView) => void }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'version'>('view');
  const opening = useSubmit();
  const open = async (no: number) => {
    const link = await opening.run(() => call('archives', 'link', { docId: doc.id, version: no }));
    if (link) await openArchiveLink(link).catch((e) => toast(toCloudError(e).message));
  };
  const removing = useSubmit();
  const remove = async () => {
    const { confirm } = await Taro.showModal({ title: '删除档案', content: `确定删除“${doc.title}”吗？删除后不再出现在档案中。` });
    if (!confirm) return;
    if (await removing.run(() => call('archives', 'remove', { docId: doc.id }))) {
      toast('已删除');
      backTo(routes.staff.archives);
    }
  };
  return (
    <>
      <View className="card archive__info">
        <InfoRow label="类别">{ARCHIVE_CATEGORY_LABELS[doc.category]}</InfoRow>
        {doc.unitLabel ? <InfoRow label="房屋">{doc.unitLabel}</InfoRow> : null}
        <InfoRow label="标签">
          {doc.tags.length ? (
            <View className="archive-tags">
              {doc.tags.map((t) => (
                <Text key={t} className="archive-tag">
                  {t}
                </Text>
              ))}
            </View>
          ) : (
            '无'
          )}
        </InfoRow>
        {doc.note ? <InfoRow label="备注">{doc.note}</InfoRow> : null}
        <InfoRow label="纸质原件">{doc.paper ? doc.paper.location : '无'}</InfoRow>
        {doc.onLoan ? (
          <InfoRow label="借阅状态">
            <Text className="archive-loan">
              已借出：{doc.onLoan.borrowerName}，应于{doc.onLoan.dueOn}归还
            </Text>
          </InfoRow>
        ) : doc.paper ? (
          <InfoRow label="借阅状态">在档</InfoRow>
        ) : null}
        <InfoRow label="建档">{doc.byName}</InfoRow>
      </View>

      {/* --- ledger: loan --- */}
      <ArchiveLoanBlock docId={doc.id} paperLocation={doc.paper?.location} onChange={() => onChange()} />

      <View className="card archive__versions">
        <Text className="card__title">文件版本（{doc.versionCount}）</Text>
        {doc.versions.map((v) => (
          <View key={v.no} className="archive-version">
            <View className="archive-version__main">
              <Text className="archive-version__name">
                第{v.no}版{v.no === doc.current?.no ? '（当前）' : ''} · {v.fileName}
              </Text>
              <Text className="muted">
                {formatBytes(v.size)} · {v.byName} · {formatTime(v.at)}
                {v.note ? ` · ${v.note}` : ''}
              </Text>
            </View>
            <Button className="btn archive-version__open" size="mini" disabled={opening.busy || undefined} onClick={() => open(v.no)}>
              查看
            </Button>
          </View>
        ))}
        <FormError error={opening.error} />
      </View>

      {mode === 'version' ? <VersionForm doc={doc} onClose={() => setMode('view')} onDone={(v) => (setMode('view'), onChange(v))} /> : null}
      {mode === 'edit' ? <EditForm doc={doc} onClose={() => setMode('view')} onDone={(v) => (setMode('view'), onChange(v))} /> : null}
      {mode === 'view' ? (
        <View className="archive-actions">
          {doc.can.addVersion ? (
            <Button className="btn btn--primary archive__add-version" onClick={() => setMode('version')}>
              上传新版本
            </Button>
          ) : null}
          {doc.can.edit ? (
            <Button className="btn archive__edit" onClick={() => setMode('edit')}>
              编辑信息
            </Button>
          ) : null}
          {doc.can.remove ? (
            <Button className="btn btn--danger archive__remove" loading={removing.busy} onClick={remove}>
              删除
            </Button>
          ) : null}
        </View>
      ) : null}
      <FormError error={removing.error} />

      {doc.history.length ? (
        <View className="card archive__history">
          <Text className="card__title">记录</Text>
          {[...doc.history].reverse().map((h, i) => (
            <Text key={i} className="muted archive__history-item">
              {formatTime(h.at)} {h.byName} {ARCHIVE_DOC_EVENT_LABELS[h.event] ?? h.event}
              {h.note ? `：${h.note}` : ''}
            </Text>
          ))}
        </View>
      ) : null}
    </>
  );
}

function VersionForm({ doc, onClose, onDone }: { doc: ArchiveDocView; onClose: () => void; onDone: (v: ArchiveDocView) => void }) {
  const [file, setFile] = useState<UploadedDocument>();
  const [note, setNote] = useState('');
  const [requestId] = useState(() => newRequestId('version'));
  const submit = useSubmit();
  const save = async () => {
    if (!file) return submit.fail({ fileId: '请先选择文件' });
    const v = await submit.run(() => call('archives', 'addVersion', { requestId, docId: doc.id, fileId: file.id, ...(note.trim() ? { note: note.trim() } : {}) }));
    if (v) {
      toast('新版本已上传');
      onDone(v);
    }
  };
  return (
    <View className="card archive__version-form">
      <Text className="card__title">上传新版本</Text>
      <Field label="文件" required error={submit.fieldErrors.fileId} name="file">
        <DocumentPicker category={doc.category} value={file} onUploaded={setFile} />
      </Field>
      <Field label="版本说明" error={submit.fieldErrors.note} name="note">
        <Input className="input" value={note} maxlength={ARCHIVE_VERSION_NOTE_MAX} placeholder="如：2026年复检报告" onInput={(e) => setNote(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={['fileId', 'note']} />
      <View className="archive-actions">
        <Button className="btn btn--primary" loading={submit.busy} onClick={save}>
          保存
        </Button>
        <Button className="btn" onClick={onClose}>
          取消
        </Button>
      </View>
    </View>
  );
}

function EditForm({ doc, onClose, onDone }: { doc: ArchiveDocView; onClose: () => void; onDone: (v: ArchiveDocView) => void }) {
  const [title, setTitle] = useState(doc.title);
  const [tags, setTags] = useState(doc.tags.join('，'));
  const [note, setNote] = useState(doc.note ?? '');
  const [paper, setPaper] = useState(doc.paper?.location ?? '');
  const submit = useSubmit();
  const e = submit.fieldErrors;
  const save = async () => {
    const v = await submit.run(() =>
      call('archives', 'update', { docId: doc.id, title: title.trim(), tags: splitTags(tags), ...(note.trim() ? { note: note.trim() } : {}), ...(paper.trim() ? { paperLocation: paper.trim() } : {}) }),
    );
    if (v) {
      toast('已保存');
      onDone(v);
    }
  };
  return (
    <View className="card archive__edit-form">
      <Text className="card__title">编辑信息</Text>
      <Field label="名称" required error={e.title} name="title">
        <Input className="input" value={title} maxlength={ARCHIVE_TITLE_MAX} onInput={(ev) => setTitle(ev.detail.value)} />
      </Field>
      <Field label="标签" error={e.tags} hint="用逗号或空格分隔" name="tags">
        <Input className="input" value={tags} onInput={(ev) => setTags(ev.detail.value)} />
      </Field>
      <Field label="纸质原件存放位置" error={e.paperLocation} hint="没有纸质原件请留空" name="paper">
        <Input className="input" value={paper} maxlength={ARCHIVE_PAPER_LOCATION_MAX} onInput={(ev) => setPaper(ev.detail.value)} />
      </Field>
      <Field label="备注" error={e.note} name="note">
        <Textarea className="textarea" value={note} maxlength={ARCHIVE_NOTE_MAX} onInput={(ev) => setNote(ev.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={['title', 'tags', 'paperLocation', 'note']} />
      <View className="archive-actions">
        <Button className="btn btn--primary" loading={submit.busy} onClick={save}>
          保存
        </Button>
        <Button className="btn" onClick={onClose}>
          取消
        </Button>
      </View>
    </View>
  );
}
