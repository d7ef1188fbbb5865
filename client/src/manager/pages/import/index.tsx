import { useState } from 'react';
import { Button, Switch, Text, View } from '@tarojs/components';
import type { ImportKind, ImportPreview, ImportResult } from '@shared/contracts/imports.contract';
import { IMPORT_KIND_LABELS } from '@shared/domain/imports';
import { formatTime } from '@shared/domain/calendar';
import { call } from '@/services/cloud';
import { pickFile, saveFile } from '@/services/files';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { Stat } from '@/components/stat';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices, choicesOf } from '@/components/choices';
import { FormError } from '@/components/form-field';
import { ImportErrors } from '../../components/import-errors';

const KINDS = choicesOf(IMPORT_KIND_LABELS);

/**
 * 资料导入 (manager): the office's lists of 房屋 / 住户 / 车辆 from CSV or Excel. Choose the
 * list, download the template (or the current list), choose a file, check the preview (counts
 * and the rows with errors), then 确认导入 — all rows, or with 跳过错误行 only the good ones.
 */
export default function ImportPage() {
  useSession({ required: true });
  const [kind, setKind] = useState<ImportKind>('units');
  const [preview, setPreview] = useState<ImportPreview>();
  const [result, setResult] = useState<ImportResult>();
  const [skipBadRows, setSkipBadRows] = useState(false);
  const template = useCloud('imports', 'template', { kind, format: 'xlsx' });
  const history = useCloud('imports', 'history');
  const download = useSubmit();
  const upload = useSubmit();
  const commit = useSubmit();

  const chooseKind = (next: ImportKind) => {
    setKind(next);
    setPreview(undefined);
    setResult(undefined);
    upload.clear();
    commit.clear();
  };

  const downloadTemplate = () => download.run(async () => template.data && saveFile(template.data.file));
  const downloadExport = () => download.run(async () => saveFile(await call('imports', 'export', { kind, format: 'xlsx' })));

  const choose = async () => {
    // Opened straight from the tap (browsers open a file chooser only then); null = cancelled.
    const picked = await pickFile(['csv', 'xlsx']).catch((e: unknown) => (e instanceof Error ? e : null));
    if (!picked) return;
    const next = await upload.run(async () => {
      if (picked instanceof Error) throw picked;
      return call('imports', 'preview', { kind, fileName: picked.name, contentBase64: picked.contentBase64 });
    });
    if (!next) return;
    setPreview(next);
    setResult(undefined);
    setSkipBadRows(false);
    commit.clear();
    history.reload();
  };

  const confirmImport = async () => {
    if (!preview) return;
    const done = await commit.run(() => call('imports', 'commit', { importId: preview.importId, skipBadRows }));
    if (!done) return;
    setResult(done);
    setPreview(undefined);
    history.reload();
  };

  const hasErrors = !!preview && preview.errors.length > 0;
  const blocked = hasErrors && !skipBadRows;

  return (
    <View className="page import">
      <PageHeader title="资料导入" subtitle="从 Excel 或 CSV 批量导入房屋、住户和车辆资料" />

      <View className="card import__kind">
        <Text className="card__title">1. 选择资料类型</Text>
        <Choices name="kind" options={KINDS} value={kind} onChange={chooseKind} />
        <StateView loading={template.loading} error={template.error} onRetry={template.reload}>
          {template.data ? (
            <View className="import__columns">
              <Text className="muted">文件的列（* 为必填）：</Text>
              {template.data.columns.map((c) => (
                <View key={c.name} className="column-row">
                  <View className="unit-row__main">
                    <Text className="column-row__name">
                      {c.name}
                      {c.required ? <Text className="field__required"> *</Text> : null}
                    </Text>
                    <Text className="muted">例：{c.example}</Text>
                  </View>
                  {c.note ? <Text className="unit-row__meta">{c.note}</Text> : null}
                </View>
              ))}
            </View>
          ) : null}
        </StateView>
        <View className="form-buttons">
          <Button className="btn btn--ghost import__template" size="mini" disabled={!template.data || download.busy || undefined} onClick={downloadTemplate}>
            下载模板
          </Button>
          <Button className="btn btn--ghost import__export" size="mini" loading={download.busy} disabled={download.busy || undefined} onClick={downloadExport}>
            导出现有{IMPORT_KIND_LABELS[kind]}资料
          </Button>
        </View>
        <FormError error={download.error} />
      </View>

      <View className="card import__upload">
        <Text className="card__title">2. 上传文件</Text>
        <Text className="muted">支持 .xlsx 和 .csv 文件，请按模板的列填写；表头为第 1 行。</Text>
        <Button className="btn btn--primary import__choose" loading={upload.busy} disabled={upload.busy || commit.busy || undefined} onClick={choose}>
          {preview ? '重新选择文件' : '选择文件'}
        </Button>
        <FormError error={upload.error} />
      </View>

      {preview ? (
        <View className="card import__preview">
          <Text className="card__title">3. 核对并导入</Text>
          <Text className="muted import__file">
            {IMPORT_KIND_LABELS[preview.kind]} · {preview.fileName}
          </Text>
          <View className="stats">
            <Stat className="import-stat import-stat--rows" label="总行数" value={preview.rows} />
            <Stat className="import-stat import-stat--valid" label="有效" value={preview.validRows} />
            <Stat className="import-stat import-stat--errors" label="错误" value={preview.rows - preview.validRows} />
          </View>
          <View className="stats">
            <Stat className="import-stat import-stat--creates" label="新增" value={preview.creates} />
            <Stat className="import-stat import-stat--updates" label="更新" value={preview.updates} />
            <Stat className="import-stat import-stat--unchanged" label="无变化" value={preview.unchanged} />
          </View>
          {hasErrors ? (
            <>
              <ImportErrors errors={preview.errors} />
              <View className="switch-row import__skip">
                <Text>跳过错误行，只导入有效的 {preview.validRows} 行</Text>
                <Switch className="import__skip-switch" checked={skipBadRows} color="#1677ff" onChange={(e) => setSkipBadRows(e.detail.value)} />
              </View>
            </>
          ) : (
            <Text className="import__ok">全部 {preview.rows} 行校验通过。</Text>
          )}
          <FormError error={commit.error} />
          <Button className="btn btn--primary import__commit" loading={commit.busy} disabled={commit.busy || blocked || undefined} onClick={confirmImport}>
            确认导入
          </Button>
          {blocked ? <Text className="muted">文件中有错误的行：请修改后重新上传，或打开“跳过错误行”。</Text> : null}
        </View>
      ) : null}

      {result ? (
        <View className="card import__result">
          <Text className="card__title">导入完成</Text>
          <Text className="import__summary">
            新增 {result.created} 条，更新 {result.updated} 条，无变化 {result.unchanged} 条{result.skipped ? `，跳过错误行 ${result.skipped} 行` : ''}。
          </Text>
        </View>
      ) : null}

      <View className="card import__history">
        <Text className="card__title">导入记录</Text>
        <StateView loading={history.loading && !history.data} error={history.error} onRetry={history.reload} empty={history.data?.length === 0} emptyText="暂无导入记录">
          {(history.data ?? []).map((h) => (
            <View key={h.importId} className="history-row">
              <View className="unit-row__main">
                <Text className="history-row__file">
                  {IMPORT_KIND_LABELS[h.kind]} · {h.fileName}
                </Text>
                <Text className={`tag ${h.status === 'committed' ? 'tag--on' : ''}`}>{h.status === 'committed' ? '已导入' : '未导入'}</Text>
              </View>
              <Text className="unit-row__meta">
                {formatTime(h.createdAt)} · {h.byName} · {h.rows} 行{h.errors ? `，${h.errors} 处错误` : ''}
                {h.result ? ` · 新增 ${h.result.created}，更新 ${h.result.updated}${h.result.skipped ? `，跳过 ${h.result.skipped}` : ''}` : ''}
              </Text>
            </View>
          ))}
        </StateView>
      </View>
    </View>
  );
}
