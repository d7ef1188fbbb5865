import { useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import type { LexiconFigures, LexiconView, OverlayEntryView } from '@shared/contracts/sentiment-lexicon.contract';
import { entryProblem, type LexiconEntry } from '@shared/domain/sentiment-lexicon';
import { formatTime } from '@shared/domain/calendar';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { confirm, toast } from '@/services/ui';
import { pickTextFile, saveTextFile } from '@/services/files';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices } from '@/components/choices';
import { Stat } from '@/components/stat';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { LexiconEntryForm, entryFieldErrors, withKind } from '../../components/lexicon-entry-form';
import { ENTRY_SOURCE_LABELS, ErrorText, entryDetails } from '../../components/sentiment-lexicon-format';
import '../../components/sentiment-lexicon.scss';

/** Entries shown at first and added by each 显示更多 (an overlay may hold 2,000). */
const SHOW_STEP = 30;
type ImportMode = 'merge' | 'replace';
/** What importLexicon takes as `file` (the server checks every part of it; a parsed file is passed as it is). */
type LexiconFileInput = { format: 'wuye-sentiment-lexicon'; formatVersion: 1; entries: LexiconEntry[] };
const IMPORT_MODES: { value: ImportMode; label: string }[] = [
  { value: 'merge', label: '合并（保留现有词条）' },
  { value: 'replace', label: '替换（以文件为准）' },
];

function EntryRow({ item, manager, onRemove, busy }: { item: OverlayEntryView; manager: boolean; onRemove: () => void; busy: boolean }) {
  return (
    <View className={`lexicon-entry lexicon-entry--${item.entry.kind}`} data-id={item.id}>
      <View className="lexicon-entry__main">
        <Text className="lexicon-entry__text">{item.entry.text}</Text>
        {item.builtinCovers ? <Text className="tag lexicon-entry__covered">内置已覆盖</Text> : null}
        {manager ? (
          <Text className={`tap danger lexicon-entry__remove ${busy ? 'lexicon-entry__remove--busy' : ''}`} onClick={busy ? undefined : onRemove}>
            删除
          </Text>
        ) : null}
      </View>
      <Text className="lexicon-entry__details">{entryDetails(item.entry)}</Text>
      <Text className="muted lexicon-entry__meta">
        {ENTRY_SOURCE_LABELS[item.source]} · v{item.sinceVersion} 起 · {item.addedByName} {formatTime(item.addedAt)}
      </Text>
    </View>
  );
}

/** Corrections per week and the precision of alerts as staff judged them (12 weeks, oldest first). */
function Figures({ figures }: { figures: LexiconFigures }) {
  const most = Math.max(1, ...figures.weeks.map((w) => w.corrections));
  const judged = figures.weeks.reduce((s, w) => s + w.judgedAlerts, 0);
  const falseAlarms = figures.weeks.reduce((s, w) => s + w.falseAlarms, 0);
  return (
    <View className="card lexicon-figures">
      <Text className="card__title">纠正统计</Text>
      <View className="stats">
        <Stat label="待审核" value={figures.pending} className="lexicon-figures__pending" />
        <Stat label="已采纳" value={figures.accepted} className="lexicon-figures__accepted" />
        <Stat label="未采纳" value={figures.rejected} className="lexicon-figures__rejected" />
        <Stat label="词条" value={figures.overlayEntries} className="lexicon-figures__entries" />
      </View>
      <Text className="muted lexicon-figures__precision-total">
        近12周告警准确率：{judged ? `${Math.round(((judged - falseAlarms) / judged) * 100)}%（员工判断 ${judged} 条，误报 ${falseAlarms} 条）` : '暂无员工判断过的告警'}
      </Text>
      <View className="lexicon-weeks">
        <View className="lexicon-weeks__row lexicon-weeks__row--head">
          <Text className="lexicon-weeks__week">周</Text>
          <Text className="lexicon-weeks__bar-cell">纠正条数</Text>
          <Text className="lexicon-weeks__precision">告警准确率</Text>
        </View>
        {figures.weeks.map((w) => (
          <View key={w.week} className="lexicon-weeks__row" data-week={w.week}>
            <Text className="lexicon-weeks__week">{w.week.replace(/^\d{4}-W/, '第') + '周'}</Text>
            <View className="lexicon-weeks__bar-cell">
              {w.corrections > 0 ? <View className="lexicon-weeks__bar" style={{ width: `${Math.round((w.corrections / most) * 100)}%` }} /> : null}
              <Text className="lexicon-weeks__count">{w.corrections}</Text>
            </View>
            <Text className="lexicon-weeks__precision">{w.precision === null ? '—' : `${Math.round(w.precision * 100)}%`}</Text>
          </View>
        ))}
      </View>
      <Text className="muted">告警准确率 =（员工判断过的告警 − 标为误报的）÷ 员工判断过的告警；已响应或已解决的事件中的负面消息算作确认。</Text>
    </View>
  );
}

/** 添加词条 (managers): an entry written by hand. */
function AddEntry({ onAdded }: { onAdded: (view: LexiconView) => void }) {
  const [entry, setEntry] = useState<LexiconEntry>({ kind: 'phrase', text: '', level: 'medium', topics: [] });
  const submit = useSubmit();
  const add = async () => {
    const problem = entryProblem(entry);
    if (problem) return submit.fail(entryFieldErrors(problem));
    const next = await submit.run(() => call('sentiment', 'addLexiconEntry', { entry }));
    if (next) {
      toast('已添加，下一条消息即生效');
      setEntry(withKind({ kind: 'benign', text: '' }, entry.kind));
      onAdded(next);
    }
  };
  return (
    <View className="card form lexicon-add">
      <Text className="card__title">添加词条</Text>
      <LexiconEntryForm
        name="add"
        value={entry}
        onChange={(e) => {
          setEntry(e);
          submit.clear();
        }}
        errors={submit.fieldErrors}
      />
      <ErrorText error={submit.error} />
      <View className="form-buttons">
        <Button className="btn btn--primary lexicon-add__submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={add}>
          添加
        </Button>
      </View>
    </View>
  );
}

/** 导入 (managers): a file exported from another community (chosen or pasted), merged or replacing. */
function ImportLexicon({ onImported }: { onImported: (view: LexiconView) => void }) {
  const [content, setContent] = useState('');
  const [fileName, setFileName] = useState('');
  const [mode, setMode] = useState<ImportMode>('merge');
  const reading = useSubmit();
  const submit = useSubmit();

  const choose = async () => {
    await reading.run(async () => {
      const picked = await pickTextFile(['json']);
      if (!picked) return;
      setContent(picked.text);
      setFileName(picked.name);
      submit.clear();
    });
  };
  const send = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      return submit.fail({ content: content.trim() ? '不是有效的词库文件（JSON 格式有误）' : '请选择或粘贴词库文件' });
    }
    if (mode === 'replace' && !(await confirm({ title: '替换本小区词库', content: '现有词条将被文件中的词条替换，确定吗？', confirmText: '替换', danger: true }))) return;
    const next = await submit.run(() => call('sentiment', 'importLexicon', { mode, file: parsed as LexiconFileInput }));
    if (next) {
      toast(`已导入，词库 ${next.label}`);
      setContent('');
      setFileName('');
      onImported(next);
    }
  };
  return (
    <View className="card form lexicon-import">
      <Text className="card__title">导入词库</Text>
      <Text className="muted">选择从其他小区导出的 .json 文件，或粘贴文件内容。任何一条有误都不会导入，并指出是第几条、什么原因。</Text>
      <Choices name="import-mode" options={IMPORT_MODES} value={mode} onChange={setMode} />
      <Textarea
        className="textarea lexicon-import__content"
        value={content.length > 20_000 ? `${content.slice(0, 20_000)}\n…（共 ${content.length} 字，已全部读取）` : content}
        maxlength={-1}
        disabled={content.length > 20_000 || undefined}
        placeholder="粘贴词库文件内容"
        onInput={(e) => {
          setFileName('');
          submit.edited('content', setContent)(e.detail.value);
        }}
      />
      {fileName ? <Text className="muted">已读取文件：{fileName}</Text> : null}
      {submit.fieldErrors.content ? <Text className="field__error lexicon-import__problem">{submit.fieldErrors.content}</Text> : null}
      <ErrorText error={reading.error} />
      <ErrorText error={submit.error} className="lexicon-import__error" />
      <View className="form-buttons">
        <Button className="btn btn--ghost lexicon-import__file" size="mini" loading={reading.busy} disabled={reading.busy || undefined} onClick={choose}>
          选择文件
        </Button>
        <Button className="btn btn--primary lexicon-import__submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
          导入
        </Button>
      </View>
    </View>
  );
}

/**
 * 本小区词库 (managers edit; agents read): the community's overlay on the built-in lexicon — its
 * version label, the entries (kind, wording, level/topics, where each came from and since which
 * version, 内置已覆盖 when the built-in lexicon alone now says the same), 删除, 添加词条, 导出 (a JSON
 * file) and 导入, and the figures of the correction loop.
 */
export default function SentimentLexiconPage() {
  const session = useSession({ required: true });
  const manager = !!session?.me.roles.includes('manager');
  const lexicon = useCloud('sentiment', 'lexicon');
  const figures = useCloud('sentiment', 'lexiconFigures');
  const [shown, setShown] = useState(SHOW_STEP);
  const [panel, setPanel] = useState<'add' | 'import' | null>(null);
  const removing = useSubmit();
  const exporting = useSubmit();
  useReloadOnReturn(() => {
    lexicon.reload();
    figures.reload();
  });
  const view = lexicon.data;

  const changed = (next: LexiconView) => {
    lexicon.set(next);
    figures.reload();
  };
  const remove = async (item: OverlayEntryView) => {
    if (!(await confirm({ title: '删除词条', content: `删除「${item.entry.text}」？删除后词库版本加一，之后的消息不再按它判断。`, confirmText: '删除', danger: true }))) return;
    const next = await removing.run(() => call('sentiment', 'removeLexiconEntry', { entryId: item.id }));
    if (next) {
      toast('已删除');
      changed(next);
    }
  };
  const exportFile = () =>
    exporting.run(async () => {
      const file = await call('sentiment', 'exportLexicon', {});
      const day = file.exportedAt.slice(0, 10);
      await saveTextFile(`本小区词库-${file.communityName}-v${file.version.overlay}-${day}.json`, JSON.stringify(file, null, 2));
    });

  return (
    <View className="page sentiment-page lexicon-page sentiment-lexicon">
      <PageHeader title="本小区词库" subtitle="在内置词库之上，本小区员工纠正后补充的说法；修改后下一条消息即生效" />
      <StateView loading={lexicon.loading && !view} error={lexicon.error} onRetry={lexicon.reload}>
        {view ? (
          <View className="card lexicon-version">
            <Text className="lexicon-version__label">{view.label}</Text>
            <Text className="muted">
              {view.entries.length} 条本小区词条{view.updatedAt ? ` · ${formatTime(view.updatedAt)} 更新` : ''}
            </Text>
            <Text className="muted">内置词库随系统升级，本小区词条保留；标“内置已覆盖”的词条可删除。</Text>
            {manager ? (
              <View className="lexicon-version__buttons">
                <Button className={`btn ${panel === 'add' ? 'btn--primary' : 'btn--ghost'} lexicon-version__add`} size="mini" onClick={() => setPanel(panel === 'add' ? null : 'add')}>
                  添加词条
                </Button>
                <Button className="btn btn--ghost lexicon-version__export" size="mini" loading={exporting.busy} disabled={exporting.busy || undefined} onClick={exportFile}>
                  导出
                </Button>
                <Button className={`btn ${panel === 'import' ? 'btn--primary' : 'btn--ghost'} lexicon-version__import`} size="mini" onClick={() => setPanel(panel === 'import' ? null : 'import')}>
                  导入
                </Button>
              </View>
            ) : null}
            <ErrorText error={exporting.error} />
          </View>
        ) : null}
        {manager && panel === 'add' ? <AddEntry onAdded={changed} /> : null}
        {manager && panel === 'import' ? (
          <ImportLexicon
            onImported={(next) => {
              changed(next);
              setPanel(null);
            }}
          />
        ) : null}
        {view ? (
          <View className="card lexicon-entries">
            <Text className="card__title">词条（{view.entries.length}）</Text>
            <ErrorText error={removing.error} />
            {view.entries.length === 0 ? <Text className="muted lexicon-entries__empty">还没有本小区词条。在舆情事件或群消息上点“纠正”，经理采纳后会出现在这里。</Text> : null}
            {view.entries.slice(0, shown).map((item) => (
              <EntryRow key={item.id} item={item} manager={manager} busy={removing.busy} onRemove={() => remove(item)} />
            ))}
            {view.entries.length > shown ? (
              <Button className="btn btn--ghost lexicon-entries__more" onClick={() => setShown((n) => n + SHOW_STEP)}>
                显示更多（还有 {view.entries.length - shown} 条）
              </Button>
            ) : null}
          </View>
        ) : null}
      </StateView>
      <StateView loading={figures.loading && !figures.data} error={figures.error} onRetry={figures.reload}>
        {figures.data ? <Figures figures={figures.data} /> : null}
      </StateView>
      <View className="sentiment-toolbar">
        <Button className="btn btn--ghost sentiment-lexicon__corrections" size="mini" onClick={() => openPage(routes.staff.sentimentCorrections)}>
          词库纠正
        </Button>
        <Button className="btn btn--ghost sentiment-lexicon__incidents" size="mini" onClick={() => openPage(routes.staff.incidents)}>
          舆情事件
        </Button>
      </View>
    </View>
  );
}
