import { useMemo, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import type { NoticeTemplateView } from '@shared/contracts/notices.contract';
import {
  NOTICE_BODY_MAX,
  NOTICE_CATEGORY_LABELS,
  NOTICE_KIND_LABELS,
  NOTICE_VALUE_MAX,
  NOTICE_VARIABLE_TYPES,
  isNoticeVariableName,
  placeholdersOf,
  type NoticeCategory,
  type NoticeKind,
  type NoticeVariable,
  type NoticeVariableType,
} from '@shared/domain/notices';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';

/** How each variable type is asked for in the compose form. */
const VARIABLE_TYPE_LABELS: Record<NoticeVariableType, string> = {
  date: '日期',
  timeRange: '时间段',
  place: '地点',
  buildings: '楼栋',
  phone: '电话',
  text: '文字',
};
const VARIABLE_TYPES = NOTICE_VARIABLE_TYPES.map((value) => ({ value, label: VARIABLE_TYPE_LABELS[value] }));
const KINDS = choicesOf(NOTICE_KIND_LABELS);
const CATEGORIES = choicesOf(NOTICE_CATEGORY_LABELS);
const TEMPLATE_TITLE_MAX = 60;
const NAME_MAX = 20;
const SIGNATURE_MAX = 30;
const VARIABLES_MAX = 20;
/** Top-level input fields (the FormError hides a VALIDATION error whose issues are all shown under these). */
const FIELDS = ['name', 'kind', 'category', 'title', 'body', 'signature', 'variables'] as const;

interface VarDraft {
  /** Local row id (React key; names can be edited). */
  row: number;
  name: string;
  label: string;
  type: NoticeVariableType;
  defaultValue: string;
  hint: string;
}

const toDraft = (v: NoticeVariable, row: number): VarDraft => ({ row, name: v.name, label: v.label, type: v.type, defaultValue: v.defaultValue ?? '', hint: v.hint ?? '' });

function toVariable(d: VarDraft): NoticeVariable {
  const defaultValue = d.defaultValue.trim();
  const hint = d.hint.trim();
  return { name: d.name.trim(), label: d.label.trim(), type: d.type, ...(defaultValue ? { defaultValue } : {}), ...(hint ? { hint } : {}) };
}

/** The form of one template (a library template is saved as this community's copy). */
function TemplateForm({ template, canSave }: { template: NoticeTemplateView; canSave: boolean }) {
  const submit = useSubmit();
  const nextRow = useRef(template.variables.length);
  const [name, setName] = useState(template.name);
  const [kind, setKind] = useState<NoticeKind>(template.kind);
  const [category, setCategory] = useState<NoticeCategory>(template.category);
  const [title, setTitle] = useState(template.title);
  const [body, setBody] = useState(template.body);
  const [signature, setSignature] = useState(template.signature);
  const [vars, setVars] = useState<VarDraft[]>(() => template.variables.map(toDraft));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());

  const touch = (...keys: string[]) => setTouched((prev) => new Set([...prev, ...keys]));
  /** A setter that also hides the errors of these fields (the person is fixing them). */
  const edit =
    <T,>(set: (value: T) => void, ...keys: string[]) =>
    (value: T) => {
      touch(...keys);
      set(value);
    };
  const used = useMemo(() => placeholdersOf(`${title}\n${body}`), [title, body]);
  const declared = vars.map((v) => v.name.trim());
  const undeclared = used.filter((p) => !declared.includes(p));

  // Field errors: checked here (full paths such as `variables.2.label`) or the server's issues (`body`, `variables`).
  const errors = useMemo(() => {
    const all: Record<string, string> = { ...submit.fieldErrors };
    for (const issue of submit.error?.details?.issues ?? []) if (!(issue.path in all)) all[issue.path] = issue.message;
    return Object.fromEntries(Object.entries(all).filter(([k]) => !touched.has(k)));
  }, [submit.fieldErrors, submit.error, touched]);

  const setVar = (index: number, patch: Partial<Omit<VarDraft, 'row'>>) => {
    touch('variables', 'body', ...Object.keys(patch).map((k) => `variables.${index}.${k}`));
    setVars((list) => list.map((v, i) => (i === index ? { ...v, ...patch } : v)));
  };
  const addVar = (preset: Partial<Omit<VarDraft, 'row'>> = {}) => {
    if (vars.length >= VARIABLES_MAX) return submit.fail({ variables: `最多${VARIABLES_MAX}个变量` });
    touch('variables', 'body');
    setVars((list) => [...list, { row: nextRow.current++, name: '', label: '', type: 'text', defaultValue: '', hint: '', ...preset }]);
  };
  const removeVar = (index: number) => {
    touch('variables', 'body');
    setVars((list) => list.filter((_, i) => i !== index));
  };

  const problems = (): Record<string, string> => {
    const out: Record<string, string> = {};
    const need = (key: string, label: string, value: string, max: number) => {
      if (!value.trim()) out[key] = `请填写${label}`;
      else if (value.trim().length > max) out[key] = `${label}最多${max}字`;
    };
    need('name', '模板名称', name, NAME_MAX);
    need('title', '标题', title, TEMPLATE_TITLE_MAX);
    need('body', '正文', body, NOTICE_BODY_MAX);
    need('signature', '落款', signature, SIGNATURE_MAX);
    vars.forEach((v, i) => {
      const n = v.name.trim();
      if (!isNoticeVariableName(n)) out[`variables.${i}.name`] = '变量名只能用英文字母、数字，且以字母开头，不能是 constructor、prototype';
      else if (declared.indexOf(n) !== i) out[`variables.${i}.name`] = `变量名 ${n} 重复`;
      need(`variables.${i}.label`, '变量名称', v.label, 20);
      if (v.defaultValue.trim().length > NOTICE_VALUE_MAX) out[`variables.${i}.defaultValue`] = `默认值最多${NOTICE_VALUE_MAX}字`;
      if (v.hint.trim().length > 40) out[`variables.${i}.hint`] = '提示最多40字';
      if (isNoticeVariableName(n) && !used.includes(n)) out[`variables.${i}.name`] ??= `变量 ${n} 没有在标题或正文中使用`;
    });
    if (!out.body && undeclared.length > 0) out.body = `正文中的 ${undeclared.map((p) => `{{${p}}}`).join('、')} 没有对应的变量`;
    return out;
  };

  const save = async () => {
    setTouched(new Set());
    const found = problems();
    if (Object.keys(found).length > 0) return submit.fail(found);
    const saved = await submit.run(() =>
      call('notices', 'saveTemplate', {
        ...(template.custom ? { key: template.key, ...(template.basedOn ? { basedOn: template.basedOn } : {}) } : { basedOn: template.key }),
        name: name.trim(),
        kind,
        category,
        title: title.trim(),
        body: body.trim(),
        signature: signature.trim(),
        variables: vars.map(toVariable),
      }),
    );
    if (!saved) return;
    toast(template.custom ? '模板已保存' : '已保存为本小区模板');
    await Taro.navigateBack().catch(() => undefined);
  };

  return (
    <>
      <View className="card notice-template__form">
        {template.custom ? (
          <Text className="muted notice-template__note">本小区模板，保存后立即生效。</Text>
        ) : (
          <Text className="muted notice-template__note">这是通用模板库中的模板，保存后将作为本小区的模板（替换通用模板），通用模板不会被修改。</Text>
        )}
        <Field label="模板名称" name="template-name" required error={errors.name}>
          <Input className="input notice-template__name" value={name} maxlength={NAME_MAX} onInput={(e) => edit(setName, 'name')(e.detail.value)} />
        </Field>
        <Field label="类型" name="template-kind" error={errors.kind}>
          <Choices name="template-kind" options={KINDS} value={kind} onChange={edit(setKind, 'kind')} />
        </Field>
        <Field label="级别" name="template-category" error={errors.category}>
          <Choices name="template-category" options={CATEGORIES} value={category} onChange={edit(setCategory, 'category')} />
        </Field>
        <Field label="标题" name="template-title" required error={errors.title} hint="可使用变量，如 关于{{date}}停水的通知">
          <Input className="input notice-template__title" value={title} maxlength={TEMPLATE_TITLE_MAX} onInput={(e) => edit(setTitle, 'title', 'body', 'variables')(e.detail.value)} />
        </Field>
        <Field label="正文" name="template-body" required error={errors.body} hint="段落之间空一行；需要填写的地方写作 {{变量名}}">
          <Textarea className="textarea notice-template__body" value={body} maxlength={NOTICE_BODY_MAX} autoHeight onInput={(e) => edit(setBody, 'body', 'variables')(e.detail.value)} />
        </Field>
        <View className="notice-template__placeholders">
          <Text className="muted">标题和正文中的变量：</Text>
          {used.length === 0 ? <Text className="muted">无</Text> : null}
          {used.map((p) => {
            const missing = undeclared.includes(p);
            return (
              <Text
                key={p}
                className={`tag notice-template__placeholder ${missing ? 'notice-template__placeholder--undeclared' : 'tag--on'}`}
                onClick={missing ? () => addVar({ name: p }) : undefined}
              >
                {`{{${p}}}`}
                {missing ? ' 未定义，点此添加' : ''}
              </Text>
            );
          })}
        </View>
        <Field label="落款" name="template-signature" required error={errors.signature} hint="小区名称会自动加在前面，如 物业服务中心">
          <Input className="input notice-template__signature" value={signature} maxlength={SIGNATURE_MAX} onInput={(e) => edit(setSignature, 'signature')(e.detail.value)} />
        </Field>
      </View>

      <View className="card notice-template__vars">
        <Text className="card__title">变量（{vars.length}）</Text>
        {vars.length === 0 ? <Text className="muted">此模板没有变量，发布时无需填空。</Text> : null}
        {vars.map((v, i) => {
          const n = v.name.trim();
          const unused = isNoticeVariableName(n) && !used.includes(n);
          return (
            <View key={v.row} className={`notice-template__var ${unused ? 'notice-template__var--unused' : ''}`} data-name={n}>
              <View className="unit-row__main">
                <Text className="notice-template__var-head">{n ? `{{${n}}}` : `变量 ${i + 1}`}</Text>
                <Text className="link notice-template__var-remove" onClick={() => removeVar(i)}>
                  删除
                </Text>
              </View>
              <Field label="变量名（英文）" name={`var-name-${i}`} required error={errors[`variables.${i}.name`] ?? errors[`variables.${i}`]}>
                <Input className="input notice-template__var-name" value={v.name} maxlength={31} placeholder="如 date、place" onInput={(e) => setVar(i, { name: e.detail.value })} />
              </Field>
              <Field label="名称" name={`var-label-${i}`} required error={errors[`variables.${i}.label`]}>
                <Input className="input notice-template__var-label" value={v.label} maxlength={20} placeholder="如 停水日期" onInput={(e) => setVar(i, { label: e.detail.value })} />
              </Field>
              <Field label="类型" name={`var-type-${i}`} error={errors[`variables.${i}.type`]}>
                <Choices name={`var-type-${i}`} options={VARIABLE_TYPES} value={v.type} onChange={(type) => setVar(i, { type })} />
              </Field>
              <Field label="默认值" name={`var-default-${i}`} error={errors[`variables.${i}.defaultValue`]} hint="选填；不填默认值的变量发布时必须填写">
                <Input className="input notice-template__var-default" value={v.defaultValue} maxlength={NOTICE_VALUE_MAX} onInput={(e) => setVar(i, { defaultValue: e.detail.value })} />
              </Field>
              <Field label="填写提示" name={`var-hint-${i}`} error={errors[`variables.${i}.hint`]}>
                <Input className="input notice-template__var-hint" value={v.hint} maxlength={40} placeholder="选填" onInput={(e) => setVar(i, { hint: e.detail.value })} />
              </Field>
            </View>
          );
        })}
        {errors.variables ? <Text className="field__error notice-template__vars-error">{errors.variables}</Text> : null}
        <Button className="btn btn--ghost notice-template__add-var" size="mini" disabled={vars.length >= VARIABLES_MAX || undefined} onClick={() => addVar()}>
          添加变量
        </Button>
      </View>

      <FormError error={submit.error} shownFields={FIELDS} />
      {canSave ? (
        <Button className="btn btn--primary notice-template__save" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
          {template.custom ? '保存模板' : '保存为本小区模板'}
        </Button>
      ) : (
        <Text className="muted notice-template__readonly">仅主管可以修改模板。</Text>
      )}
    </>
  );
}

/**
 * 编辑模板 (manager/pages/notice-template/index?key=…): edit this community's copy of a template,
 * or copy a library template (saved with `basedOn`, it then replaces the library one here).
 */
export default function NoticeTemplatePage() {
  const { params } = useRouter();
  const key = params.key ?? '';
  const session = useSession({ required: true });
  const templates = useCloud('notices', 'templates', undefined, { skip: !key });
  // A library template this community already copied is listed as the copy (its basedOn).
  const template = templates.data?.find((t) => t.key === key) ?? templates.data?.find((t) => t.basedOn === key);
  const isManager = !!session?.me.roles.includes('manager');

  return (
    <View className="page notice-template">
      <PageHeader title={template?.custom ? '编辑模板' : '复制模板'} subtitle={template ? `${template.name}${template.custom ? ' · 本小区' : ' · 通用模板'}` : undefined} />
      {!key ? <Text className="muted">缺少模板编号，请从“发布通知”的模板列表进入。</Text> : null}
      <StateView
        loading={templates.loading && !templates.data}
        error={templates.error}
        onRetry={templates.reload}
        empty={!!templates.data && !template}
        emptyText="通知模板不存在"
      >
        {template ? <TemplateForm key={template.key} template={template} canSave={isManager} /> : null}
      </StateView>
    </View>
  );
}
