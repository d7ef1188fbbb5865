import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { ArchiveCategory } from '@shared/domain/archives';
import { formatBytes } from '@shared/domain/archives';
import { chooseDocument, documentProblem, uploadDocument, type UploadedDocument } from '../services/documents';
import { toCloudError } from '../services/cloud';

/**
 * 选择文件 for an archived document (PDF, photos, Office; at most 20 MB): chooses one file and
 * uploads it at once for `category` (the archive's ticket, then the gateway), showing its name and
 * size, or why it was refused (wrong type, too large, the content not matching its name). The
 * uploaded file's id goes to `onUploaded`; archives.create / addVersion (and the ledger's documents)
 * use it. Reused by the ledger's equipment and contract forms.
 */
export function DocumentPicker({ category, value, onUploaded, label = '选择文件' }: { category: ArchiveCategory; value?: UploadedDocument; onUploaded: (doc: UploadedDocument | undefined) => void; label?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const pick = async () => {
    setError('');
    const doc = await chooseDocument();
    if (!doc) return;
    const problem = documentProblem(doc.name, doc.size);
    if (problem) return setError(problem);
    setBusy(true);
    try {
      onUploaded(await uploadDocument(doc, category));
    } catch (e) {
      onUploaded(undefined);
      setError(toCloudError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="document-picker">
      {value ? (
        <View className="document-picker__chosen">
          <Text className="document-picker__name">{value.fileName}</Text>
          <Text className="muted">{formatBytes(value.size)} · 已上传</Text>
        </View>
      ) : null}
      <Button className="btn document-picker__button" size="mini" loading={busy} disabled={busy || undefined} onClick={pick}>
        {busy ? '上传中…' : value ? '重新选择' : label}
      </Button>
      <Text className="muted document-picker__hint">支持 PDF、图片、Word、Excel、PPT，不超过 20 MB</Text>
      {error ? <Text className="field__error document-picker__error">{error}</Text> : null}
    </View>
  );
}
