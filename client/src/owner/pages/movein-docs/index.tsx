import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { UploadedFile } from '@shared/contracts/files.contract';
import type { MoveInPaperMine } from '@shared/contracts/movein-inspection.contract';
import { formatTime } from '@shared/domain/calendar';
import { MAX_PAPER_PHOTOS, MOVEIN_STATUS_LABELS, PAPER_KIND_HINTS, PAPER_KIND_LABELS, PAPER_KINDS, type PaperKind } from '@shared/domain/movein';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { confirm, toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { FormError } from '@/components/form-field';
import { PhotoPicker } from '@/components/photo-picker';
import { newRequestId } from '@/components/repair-format';
import '@/components/movein-inspection.scss';

interface PaperProps {
  moveInId: string;
  kind: PaperKind;
  paper?: MoveInPaperMine;
  canChange: boolean;
  onChanged: () => void;
}

/** One paper: uploaded (count and time; 重新上传 / 删除) or not yet (photos, then 提交). */
function PaperBlock({ moveInId, kind, paper, canChange, onChanged }: PaperProps) {
  const [editing, setEditing] = useState(false);
  const [photos, setPhotos] = useState<UploadedFile[]>([]);
  const [requestId, setRequestId] = useState(() => newRequestId('paper'));
  const submit = useSubmit();
  const showForm = canChange && (!paper || editing);

  const save = async () => {
    if (!photos.length) return submit.fail({ fileIds: '请先拍照或从相册选择照片' });
    const done = await submit.run(() => call('movein', 'uploadPaper', { moveInId, requestId, kind, fileIds: photos.map((p) => p.id) }));
    if (!done) return;
    toast('已提交');
    setPhotos([]);
    setEditing(false);
    setRequestId(newRequestId('paper'));
    onChanged();
  };
  const remove = async () => {
    if (!paper) return;
    if (!(await confirm({ title: `删除${PAPER_KIND_LABELS[kind]}`, content: '删除后工作人员将无法查看，确定删除吗？', confirmText: '删除', danger: true }))) return;
    const done = await submit.run(() => call('movein', 'deletePaper', { paperId: paper.id }));
    if (done) {
      toast('已删除');
      onChanged();
    }
  };

  return (
    <View className={`movein-paper movein-paper--${kind}`} data-kind={kind}>
      <View className="movein-paper__head">
        <Text className="movein-paper__kind">{PAPER_KIND_LABELS[kind]}</Text>
        {paper ? <Text className="tag tag--occupied">已上传</Text> : <Text className="tag">未上传</Text>}
      </View>
      {paper ? (
        <Text className="muted movein-paper__when">
          {paper.photoCount} 张照片 · {formatTime(paper.uploadedAt)}
        </Text>
      ) : (
        <Text className="muted">请拍摄{PAPER_KIND_HINTS[kind]}</Text>
      )}
      {paper && canChange && !editing ? (
        <View className="movein-paper__actions">
          <Button className="btn btn--ghost movein-paper__replace" size="mini" onClick={() => setEditing(true)}>
            重新上传
          </Button>
          <Button className="btn btn--danger movein-paper__delete" size="mini" disabled={submit.busy || undefined} onClick={remove}>
            删除
          </Button>
        </View>
      ) : null}
      {showForm ? (
        <View className="movein-paper__form">
          <PhotoPicker value={photos} onChange={setPhotos} max={MAX_PAPER_PHOTOS} purpose="paper" name={`paper-${kind}`} />
          {submit.fieldErrors.fileIds ? <Text className="field__error">{submit.fieldErrors.fileIds}</Text> : null}
          <FormError error={submit.error} shownFields={['fileIds']} />
          <Button className="btn btn--primary movein-paper__submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
            {paper ? '替换' : '提交'}
            {PAPER_KIND_LABELS[kind]}
          </Button>
          {editing ? (
            <Button className="btn btn--ghost" onClick={() => setEditing(false)}>
              取消
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}

/**
 * 入住资料 (owner/pages/movein-docs/index): the owner photographs their 购房合同 and 身份证 before
 * the move-in day. Only property staff handling the move-in see the photos; the owner sees what they
 * uploaded and when, and may replace or delete it until the move-in is done. Deleted automatically
 * after the retention.
 */
export default function MoveInDocsPage() {
  useSession({ required: true });
  const res = useCloud('movein', 'myPapers', {});
  const cases = res.data?.cases ?? [];

  return (
    <View className="page movein-docs">
      <PageHeader title="入住资料" subtitle="提前上传，办理入住时更快捷" />
      <View className="movein-note movein-docs__privacy">
        <Text>
          照片仅供物业工作人员办理入住时核对，不会向其他人展示。入住办结 {res.data?.retentionDays ?? 180} 天后自动删除。办理当天仍请携带原件。
        </Text>
      </View>
      <StateView loading={res.loading && !res.data} error={res.error} onRetry={res.reload} empty={cases.length === 0} emptyText="您暂无入住办理记录">
        {cases.map((c) => (
          <View key={c.moveInId} className="card movein-docs__case" data-id={c.moveInId}>
            <View className="movein-paper__head">
              <Text className="card__title">{c.unitLabel}</Text>
              <Text className="tag">{MOVEIN_STATUS_LABELS[c.status]}</Text>
            </View>
            {!c.canChange ? <Text className="muted">入住手续已办结，资料不能再修改。</Text> : null}
            {PAPER_KINDS.map((kind) => (
              <PaperBlock key={kind} moveInId={c.moveInId} kind={kind} paper={c.papers.find((p) => p.kind === kind)} canChange={c.canChange} onChanged={res.reload} />
            ))}
          </View>
        ))}
      </StateView>
    </View>
  );
}
