import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import type { ScriptView } from '@shared/contracts/knowledge.contract';
import { COMPLAINT_CATEGORY_LABELS, COMPLAINT_STAGE_LABELS, type ComplaintCategory, type ComplaintStage } from '@shared/domain/complaints';
import { INQUIRY_TOPIC_LABELS, type InquiryTopic } from '@shared/domain/desk';
import { LADDER_STAGES } from '@shared/domain/fees';
import { SCRIPT_CONTEXT_LABELS, SCRIPT_CONTEXTS, SCRIPT_PLACEHOLDERS, SCRIPT_TEXT_MAX, SCRIPT_TITLE_MAX, scriptContextLabel, type ScriptContext, type ScriptContextKind } from '@shared/domain/knowledge';
import { TOPIC_LABELS } from '@shared/domain/sentiment';
import { GENERAL_TOPIC, type IncidentTopic } from '@shared/domain/sentiment-incidents';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { confirm, toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices, choicesOf, type Choice } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { newRequestId } from '@/components/repair-format';
import '@/components/knowledge.scss';

const inquiryLabel = (t: string) => INQUIRY_TOPIC_LABELS[t as InquiryTopic] ?? t;
const whereText = (w: ScriptContext) => scriptContextLabel(w, inquiryLabel) || '通用';
const ANY = 'any';
const withAny = <T extends string>(choices: Choice<T>[]): Choice<T | typeof ANY>[] => [{ value: ANY, label: '通用' }, ...choices];

interface Draft {
  scriptId?: string;
  starterKey?: string;
  requestId?: string;
  where: ScriptContext;
  title: string;
  text: string;
  order: string;
}

/** The qualifier pickers of a new script of one context kind (通用 = every value). */
function WherePicker({ where, onChange }: { where: ScriptContext; onChange: (w: ScriptContext) => void }) {
  switch (where.context) {
    case 'complaint':
      return (
        <View>
          <Choices name="script-category" options={withAny(choicesOf(COMPLAINT_CATEGORY_LABELS))} value={where.category ?? ANY} onChange={(v) => onChange({ ...where, category: v === ANY ? undefined : (v as ComplaintCategory) })} />
          <Choices name="script-stage" options={withAny(choicesOf(COMPLAINT_STAGE_LABELS))} value={where.stage ?? ANY} onChange={(v) => onChange({ ...where, stage: v === ANY ? undefined : (v as ComplaintStage) })} />
        </View>
      );
    case 'arrears':
      return (
        <Choices
          name="script-ladder"
          options={withAny(LADDER_STAGES.map((s) => ({ value: String(s.stage), label: s.label })))}
          value={where.stage === undefined ? ANY : String(where.stage)}
          onChange={(v) => onChange({ context: 'arrears', ...(v === ANY ? {} : { stage: Number(v) as 0 | 1 | 2 | 3 | 4 }) })}
        />
      );
    case 'incident':
      return (
        <Choices
          name="script-topic"
          options={withAny([...choicesOf(TOPIC_LABELS), { value: GENERAL_TOPIC, label: '其他话题' }])}
          value={where.topic ?? ANY}
          onChange={(v) => onChange({ context: 'incident', ...(v === ANY ? {} : { topic: v as IncidentTopic }) })}
        />
      );
    case 'inquiry':
      return <Choices name="script-inquiry" options={withAny(choicesOf(INQUIRY_TOPIC_LABELS))} value={where.topic ?? ANY} onChange={(v) => onChange({ context: 'inquiry', ...(v === ANY ? {} : { topic: v }) })} />;
    default:
      return null;
  }
}

/**
 * 话术库维护 (manager/pages/scripts-edit/index): the 话术 of each context — the starter library (edit it:
 * the community's version replaces it; hide it; restore it as shipped) and the community's own.
 */
export default function ScriptsEditPage() {
  useSession({ required: true });
  const [kind, setKind] = useState<ScriptContextKind>('phone');
  const [draft, setDraft] = useState<Draft | null>(null);
  const library = useCloud('knowledge', 'scriptLibrary', { context: kind });
  const save = useSubmit();

  const open = (s: ScriptView) => setDraft({ scriptId: s.starter ? undefined : s.scriptId, starterKey: s.starterKey, where: s.where, title: s.title, text: s.text, order: String(s.order) });
  const finish = (text: string) => {
    toast(text);
    setDraft(null);
    library.reload();
  };
  const submit = async () => {
    if (!draft) return;
    const key = draft.starterKey ? { starterKey: draft.starterKey } : draft.scriptId ? { scriptId: draft.scriptId } : { requestId: draft.requestId };
    const done = await save.run(() => call('knowledge', 'saveScript', { ...key, where: draft.where, title: draft.title, text: draft.text, order: Number(draft.order) || 100 }));
    if (done) finish('已保存');
  };
  const remove = async (s: { scriptId?: string; starterKey?: string }) => {
    const starter = Boolean(s.starterKey);
    if (!(await confirm({ title: starter ? '隐藏话术' : '删除话术', content: starter ? '隐藏后各页面不再显示这条预置话术，可随时恢复。' : '删除后不能恢复，确定删除吗？', confirmText: starter ? '隐藏' : '删除', danger: true }))) return;
    const done = await save.run(() => call('knowledge', 'removeScript', s.starterKey ? { starterKey: s.starterKey } : { scriptId: s.scriptId }));
    if (done) finish(starter ? '已隐藏' : '已删除');
  };
  const restore = async (starterKey: string) => {
    const done = await save.run(() => call('knowledge', 'restoreScript', { starterKey }));
    if (done) finish('已恢复为预置话术');
  };

  if (draft)
    return (
      <View className="page scripts-edit">
        <PageHeader title={draft.starterKey ? '编辑预置话术' : draft.scriptId ? '编辑话术' : '新建话术'} subtitle={`${SCRIPT_CONTEXT_LABELS[draft.where.context]} · ${whereText(draft.where)}`} />
        <View className="card form">
          {!draft.starterKey && !draft.scriptId ? (
            <Field label="适用场景" name="where" hint="“通用”表示该项的所有情况都显示">
              <WherePicker where={draft.where} onChange={(where) => setDraft({ ...draft, where })} />
            </Field>
          ) : null}
          <Field label="标题" name="title" required error={save.fieldErrors.title}>
            <Input className="input scripts-edit__title" value={draft.title} maxlength={SCRIPT_TITLE_MAX} onInput={(e) => save.edited('title', (v: string) => setDraft({ ...draft, title: v }))(e.detail.value)} />
          </Field>
          <Field label="话术内容" name="text" required hint={`可用占位：${SCRIPT_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`} error={save.fieldErrors.text}>
            <Textarea className="textarea scripts-edit__text" value={draft.text} maxlength={SCRIPT_TEXT_MAX} autoHeight onInput={(e) => save.edited('text', (v: string) => setDraft({ ...draft, text: v }))(e.detail.value)} />
          </Field>
          <Field label="排序" name="order" hint="数字小的排在前面">
            <Input className="input scripts-edit__order" type="number" value={draft.order} maxlength={3} onInput={(e) => setDraft({ ...draft, order: e.detail.value })} />
          </Field>
          <FormError error={save.error} shownFields={['title', 'text']} />
          <View className="form-buttons">
            <Button className="btn btn--primary scripts-edit__save" loading={save.busy} disabled={save.busy || undefined} onClick={submit}>
              保存
            </Button>
            <Button className="btn btn--ghost scripts-edit__cancel" onClick={() => setDraft(null)}>
              取消
            </Button>
          </View>
        </View>
      </View>
    );

  return (
    <View className="page scripts-edit">
      <PageHeader title="话术库维护" subtitle="预置话术可修改、隐藏或恢复；也可新增本小区的话术" />
      <Choices name="script-kinds" options={SCRIPT_CONTEXTS.map((k) => ({ value: k, label: SCRIPT_CONTEXT_LABELS[k] }))} value={kind} onChange={setKind} />
      <Button className="btn btn--primary scripts-edit__new" onClick={() => setDraft({ requestId: newRequestId('script'), where: { context: kind } as ScriptContext, title: '', text: '', order: '100' })}>
        新增话术
      </Button>
      <FormError error={draft ? undefined : save.error} />
      <StateView loading={library.loading && !library.data} error={library.error} onRetry={library.reload} empty={!!library.data && library.data.length === 0} emptyText="暂无话术">
        {(library.data ?? []).map((s) => (
          <View key={s.starterKey ?? s.scriptId} className={`card script-row ${s.hidden ? 'script-row--hidden' : ''}`}>
            <View className="unit-row__main">
              <Text className="card__title">{s.title}</Text>
              <Text className={`tag ${s.hidden ? 'tag--rejected' : s.edited ? 'tag--pending' : s.starter ? '' : 'tag--approved'}`}>{s.hidden ? '已隐藏' : s.edited ? '已修改' : s.starter ? '预置' : '本小区'}</Text>
            </View>
            <Text className="muted script-row__where">{whereText(s.where)}</Text>
            <Text className="script-row__text">{s.text}</Text>
            <View className="row-actions">
              {!s.hidden ? (
                <Text className="link tap scripts-edit__edit" onClick={() => open(s)}>
                  编辑
                </Text>
              ) : null}
              {s.starter && (s.edited || s.hidden) ? (
                <Text className="link tap scripts-edit__restore" onClick={() => restore(s.starterKey!)}>
                  恢复预置
                </Text>
              ) : null}
              {!s.hidden ? (
                <Text className="link tap danger scripts-edit__remove" onClick={() => remove(s.starter ? { starterKey: s.starterKey } : { scriptId: s.scriptId })}>
                  {s.starter ? '隐藏' : '删除'}
                </Text>
              ) : null}
            </View>
          </View>
        ))}
      </StateView>
    </View>
  );
}
