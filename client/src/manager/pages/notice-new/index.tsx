import { useMemo, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import type { NoticeCheck, NoticeReach, NoticeTemplateView } from '@shared/contracts/notices.contract';
import { NOTICE_BODY_MAX, NOTICE_CATEGORY_LABELS, NOTICE_KIND_LABELS, NOTICE_TITLE_MAX, renderNotice, scopeBuildingIds, type NoticeCategory } from '@shared/domain/notices';
import { ownValue } from '@shared/domain/safe-text';
import { routes } from '@shared/routes';
import { chineseDate, HOUR_MS, localDay, localIso, localParts } from '@shared/domain/calendar';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { newRequestId } from '@/components/repair-format';
import { NoticePaper } from '@/components/notice-paper';
import { NoticeTemplates } from '@/components/notice-templates';
import { NoticeVarField } from '@/components/notice-var-field';
import { EMPTY_TARGET, NoticeTarget, targetInput, targetProblems, type TargetDraft } from '@/components/notice-target';

const CATEGORIES = choicesOf(NOTICE_CATEGORY_LABELS);
const WHEN = [
  { value: 'now', label: '立即发布' },
  { value: 'later', label: '定时发布' },
] as const;
type When = (typeof WHEN)[number]['value'];
/** Top-level input fields (the FormError hides a VALIDATION error whose issues are all shown under these). */
const FIELDS = ['values', 'title', 'body', 'target', 'publishAt', 'expiresAt', 'category', 'kind', 'templateKey', 'pinned'] as const;

/** Values a template starts with: its defaults (a phone without one: the service phone). */
function startingValues(t: NoticeTemplateView, servicePhone: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of t.variables) out[v.name] = v.defaultValue ?? (v.type === 'phone' ? servicePhone : '');
  return out;
}

/** Filled values only (empty ones fall back to the defaults on the server too). */
function filled(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).flatMap(([k, v]) => (v.trim() ? [[k, v.trim()]] : [])));
}

/**
 * 发布通知 (manager/pages/notice-new/index): choose a template, fill its blanks (defaults filled in)
 * while a live preview shows the notice exactly as owners will see it, choose who gets it and when,
 * then 检查并发布 (content security first; 'review' needs a confirmation, 'risky' is blocked).
 */
export default function NoticeNewPage() {
  const session = useSession({ required: true });
  const templates = useCloud('notices', 'templates');
  const overview = useCloud('community', 'overview');
  const audiences = useCloud('notices', 'audiences');
  // Back from editing a template or an audience: show the lists as they are now.
  useReloadOnReturn(() => {
    templates.reload();
    audiences.reload();
  });
  const submit = useSubmit();
  // One id per form: a double tap or a retry publishes one notice.
  const [requestId] = useState(() => newRequestId('notice'));

  const [template, setTemplate] = useState<NoticeTemplateView>();
  const [values, setValues] = useState<Record<string, string>>({});
  /** Set when the writer edits the wording itself (the blanks no longer apply). */
  const [text, setText] = useState<{ title: string; body: string } | null>(null);
  const [category, setCategory] = useState<NoticeCategory>('normal');
  const [target, setTarget] = useState<TargetDraft>(EMPTY_TARGET);
  const [when, setWhen] = useState<When>('now');
  const [later, setLater] = useState(() => localParts(Date.now() + HOUR_MS));
  const [expiry, setExpiry] = useState('');
  const [pinned, setPinned] = useState(false);
  const [checked, setChecked] = useState<{ title: string; body: string; result: NoticeCheck } | null>(null);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  /** The confirmation asked before publishing (whom it reaches), for exactly this notice and target. */
  const [confirm, setConfirm] = useState<{ key: string; reach: NoticeReach; confirmReview: boolean } | null>(null);

  const community = overview.data?.community;
  const communityName = community?.name ?? session?.me.communityName ?? '';
  const buildingNames = useMemo(() => (overview.data?.buildings ?? []).map((b) => b.name), [overview.data]);

  /** 发送对象 follows the scope the text names (停水范围 = 1栋 → 指定楼栋 1栋; 全体楼栋 → 全体业主). */
  const followScope = (t: NoticeTemplateView, next: Record<string, string>) => {
    if (!t.variables.some((v) => v.type === 'buildings')) return;
    const scope = scopeBuildingIds(t.variables, next, overview.data?.buildings ?? []);
    setTarget((cur) => (scope ? { ...cur, kind: 'buildings', buildingIds: scope } : cur.kind === 'buildings' ? { ...cur, kind: 'community', buildingIds: [] } : cur));
  };

  const choose = (t: NoticeTemplateView) => {
    setTemplate(t);
    const start = startingValues(t, community?.servicePhone ?? '');
    setValues(start);
    followScope(t, start);
    setText(null);
    setCategory(t.category);
    setChecked(null);
    submit.clear();
    setTouched(new Set());
    Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  };

  const rendered = useMemo(() => (template ? renderNotice(template, values) : undefined), [template, values]);
  const title = text ? text.title : (rendered?.title ?? '');
  const body = text ? text.body : (rendered?.body ?? '');
  const missing = text ? [] : (rendered?.missing ?? []);
  const today = localDay(Date.now());
  const publishDay = when === 'later' ? later.date : today;

  const touch = (...keys: string[]) => setTouched((prev) => new Set([...prev, ...keys]));
  const setValue = (name: string, value: string) => {
    touch(`values.${name}`, 'values');
    const next = { ...values, [name]: value };
    setValues(next);
    if (template?.variables.some((v) => v.name === name && v.type === 'buildings')) {
      touch('target', 'target.buildingIds');
      followScope(template, next);
    }
  };

  // Field errors: checked here (full paths) or from the server's issues (`values.contactPhone`, `target.buildingIds`).
  const errors = useMemo(() => {
    const all: Record<string, string> = { ...submit.fieldErrors };
    for (const issue of submit.error?.details?.issues ?? []) if (!(issue.path in all)) all[issue.path] = issue.message;
    return Object.fromEntries(Object.entries(all).filter(([k]) => !touched.has(k)));
  }, [submit.fieldErrors, submit.error, touched]);
  const targetError = errors['target.buildingIds'] ?? errors['target.unitIds'] ?? errors['target.audienceId'] ?? errors.target;

  const problems = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const m of missing) out[`values.${m.name}`] = `请填写${m.label}`;
    if (!title.trim()) out.title = '请填写标题';
    else if (title.trim().length > NOTICE_TITLE_MAX) out.title = `标题最多${NOTICE_TITLE_MAX}字`;
    if (!body.trim()) out.body = '请填写正文';
    else if (body.length > NOTICE_BODY_MAX) out.body = `正文最多${NOTICE_BODY_MAX}字`;
    Object.assign(out, targetProblems(target));
    const publishAt = when === 'later' ? Date.parse(localIso(later.date, later.time)) : Date.now();
    if (when === 'later' && publishAt <= Date.now()) out.publishAt = '定时发布的时间需晚于现在';
    if (expiry && Date.parse(localIso(expiry, '23:59')) <= publishAt) out.expiresAt = '有效期需晚于发布时间';
    return out;
  };

  /** What the confirmation was asked for: any change of text, target, level or time asks again. */
  const confirmKey = JSON.stringify([title, body, targetInput(target), category, when, later, expiry, pinned]);

  /** 检查并发布: check the form and the content, then ask whom it reaches and show the confirmation. */
  const send = async (confirmReview: boolean) => {
    if (!template) return;
    setTouched(new Set());
    setConfirm(null);
    const found = problems();
    if (Object.keys(found).length > 0) return submit.fail(found);
    const reach = await submit.run(async () => {
      if (!confirmReview) {
        const result = await call('notices', 'check', { title: title.trim(), body: body.trim() });
        setChecked({ title, body, result });
        if (result.suggest !== 'pass') return undefined;
      }
      return call('notices', 'reach', { target: targetInput(target), category });
    });
    if (reach) setConfirm({ key: confirmKey, reach, confirmReview });
  };

  /** 确认发布 (after the confirmation). */
  const publish = async (confirmReview: boolean) => {
    if (!template) return;
    const published = await submit.run(() =>
      call('notices', 'publish', {
        requestId,
        templateKey: template.key,
        values: filled(values),
        title: title.trim(),
        body: body.trim(),
        kind: template.kind,
        category,
        target: targetInput(target),
        ...(when === 'later' ? { publishAt: localIso(later.date, later.time) } : {}),
        ...(expiry ? { expiresAt: localIso(expiry, '23:59') } : {}),
        pinned,
        confirmReview,
      }),
    );
    if (!published) {
      // Refused (the server's check asks to confirm, the target is wrong…): the form shows why.
      setConfirm(null);
      return;
    }
    toast(published.status === 'scheduled' ? '已安排定时发布' : '通知已发布');
    await Taro.redirectTo({ url: routes.manager.notice.url({ id: published.id }) }).catch(() => undefined);
  };
  const confirming = confirm && confirm.key === confirmKey ? confirm : null;

  // The check answer counts only for the wording it was asked about; the server may also ask to confirm.
  const checkedNow = checked && checked.title === title && checked.body === body ? checked.result : undefined;
  const verdict: NoticeCheck | undefined = submit.error?.code === 'NOTICE.NEEDS_CONFIRM' ? { suggest: 'review', label: submit.error.message } : checkedNow;

  return (
    <View className="page notice-new">
      <PageHeader title="发布通知" subtitle={template ? `模板：${template.name}` : '第一步：选择通知模板'} />
      <StateView
        loading={(templates.loading && !templates.data) || (overview.loading && !overview.data)}
        error={templates.error ?? overview.error}
        onRetry={() => {
          templates.reload();
          overview.reload();
        }}
        empty={!!templates.data && templates.data.length === 0}
        emptyText="暂无通知模板"
      >
        {!template ? (
          <NoticeTemplates templates={templates.data ?? []} onChoose={choose} />
        ) : (
          <>
            <View className="card notice-new__template">
              <View className="unit-row__main">
                <Text className="card__title">
                  {template.name} · {NOTICE_KIND_LABELS[template.kind]}
                </Text>
                <Text className="link notice-new__change" onClick={() => setTemplate(undefined)}>
                  更换模板
                </Text>
              </View>
              {text ? (
                <>
                  <Text className="muted">已改为直接编辑文字，下面的填空不再生效。</Text>
                  <Field label="标题" name="notice-title" required error={errors.title}>
                    <Input
                      className="input notice-new__title"
                      value={text.title}
                      maxlength={NOTICE_TITLE_MAX}
                      onInput={(e) => {
                        touch('title');
                        setText({ ...text, title: e.detail.value });
                      }}
                    />
                  </Field>
                  <Field label="正文" name="notice-body" required error={errors.body} hint="段落之间空一行">
                    <Textarea
                      className="textarea notice-new__body"
                      value={text.body}
                      maxlength={NOTICE_BODY_MAX}
                      autoHeight
                      onInput={(e) => {
                        touch('body');
                        setText({ ...text, body: e.detail.value });
                      }}
                    />
                  </Field>
                  <Text className="link notice-new__use-template" onClick={() => setText(null)}>
                    恢复为模板填空
                  </Text>
                </>
              ) : (
                <>
                  {template.variables.length === 0 ? <Text className="muted">此模板无需填空。</Text> : null}
                  {template.variables.map((v) => (
                    <NoticeVarField key={v.name} variable={v} value={ownValue(values, v.name) ?? ''} onChange={(x) => setValue(v.name, x)} error={errors[`values.${v.name}`]} buildings={buildingNames} />
                  ))}
                  {errors.title || errors.body ? <Text className="field__error">{errors.title ?? errors.body}</Text> : null}
                  {missing.length === 0 ? (
                    <Text className="link notice-new__edit-text" onClick={() => setText({ title, body })}>
                      直接修改文字
                    </Text>
                  ) : (
                    <Text className="muted notice-new__edit-text">填完空白项后可直接修改文字</Text>
                  )}
                </>
              )}
            </View>

            <View className="card notice-new__preview">
              <View className="unit-row__main">
                <Text className="card__title">预览（业主看到的样子）</Text>
                {missing.length > 0 ? <Text className="tag notice-new__missing-count">缺 {missing.length} 项</Text> : null}
              </View>
              <NoticePaper name="preview" title={title} body={body} signature={`${communityName}${template.signature}`} date={chineseDate(publishDay)} missingLabels={missing.map((m) => m.label)} />
              {missing.length > 0 ? <Text className="field__error notice-new__missing">还需填写：{missing.map((m) => m.label).join('、')}</Text> : null}
            </View>

            <View className="card notice-new__settings">
              <Text className="card__title">发布设置</Text>
              <View className="notice-new__category">
                <Field label="级别" name="notice-category" error={errors.category} hint={category === 'emergency' ? '紧急通知会立即推送给每位业主，不受推送间隔限制' : undefined}>
                  <Choices name="notice-category" options={CATEGORIES} value={category} onChange={setCategory} />
                </Field>
              </View>
              <View className="notice-new__target">
                <Field label="发送对象" name="notice-target" required error={targetError}>
                  <NoticeTarget
                    value={target}
                    onChange={(next) => {
                      touch('target', 'target.buildingIds', 'target.unitIds', 'target.audienceId');
                      setTarget(next);
                    }}
                    buildings={overview.data?.buildings ?? []}
                    audiences={audiences.data ?? []}
                  />
                </Field>
              </View>
              <View className="notice-new__when">
                <Field label="发布时间" name="notice-when" error={errors.publishAt}>
                  <Choices
                    name="notice-when"
                    options={WHEN}
                    value={when}
                    onChange={(w) => {
                      touch('publishAt');
                      setWhen(w);
                    }}
                  />
                  {when === 'later' ? (
                    <View className="notice-new__pickers">
                      <Picker
                        mode="date"
                        value={later.date}
                        start={today}
                        onChange={(e) => {
                          touch('publishAt');
                          setLater((l) => ({ ...l, date: String(e.detail.value) }));
                        }}
                      >
                        <View className="input picker notice-new__publish-date">{later.date}</View>
                      </Picker>
                      <Picker
                        mode="time"
                        value={later.time}
                        onChange={(e) => {
                          touch('publishAt');
                          setLater((l) => ({ ...l, time: String(e.detail.value) }));
                        }}
                      >
                        <View className="input picker notice-new__publish-time">{later.time}</View>
                      </Picker>
                    </View>
                  ) : null}
                </Field>
              </View>
              <View className="notice-new__expiry">
                <Field label="有效期至" name="notice-expiry" error={errors.expiresAt} hint="选填，过期后从公告栏撤下">
                  <View className="notice-new__pickers">
                    <Picker
                      mode="date"
                      value={expiry || publishDay}
                      start={publishDay}
                      onChange={(e) => {
                        touch('expiresAt');
                        setExpiry(String(e.detail.value));
                      }}
                    >
                      <View className={`input picker notice-new__expiry-date ${expiry ? '' : 'notice-var__picker--empty'}`}>{expiry ? chineseDate(expiry) : '长期有效'}</View>
                    </Picker>
                    {expiry ? (
                      <Text className="link notice-new__expiry-clear" onClick={() => setExpiry('')}>
                        不设置
                      </Text>
                    ) : null}
                  </View>
                </Field>
              </View>
              <View className="switch-row notice-new__pin">
                <Text>置顶</Text>
                <Switch className="notice-new__pinned" checked={pinned} color="#1677ff" onChange={(e) => setPinned(e.detail.value)} />
              </View>
            </View>

            {verdict && verdict.suggest === 'risky' ? (
              <View className="form-error notice-new__risky">
                <Text>内容安全检查未通过：{verdict.label}。请修改后再发布。</Text>
              </View>
            ) : null}
            {verdict && verdict.suggest === 'review' && !confirming ? (
              <View className="card notice-new__review">
                <Text className="card__title">内容可能需要人工确认</Text>
                <Text className="muted">内容安全检查提示：{verdict.label}。请再次核对文字，确认无误后发布。</Text>
                <Button className="btn btn--primary notice-new__confirm" loading={submit.busy} disabled={submit.busy || undefined} onClick={() => send(true)}>
                  已核对，确认发布
                </Button>
              </View>
            ) : null}
            {submit.error?.code === 'NOTICE.NEEDS_CONFIRM' ? null : <FormError error={submit.error} shownFields={FIELDS} />}
            {confirming ? (
              <View className="card notice-new__reach">
                <Text className="card__title">确认发布</Text>
                <Text className="notice-new__reach-text">
                  {when === 'later' ? `${later.date} ${later.time} 发布，` : ''}将推送给 {confirming.reach.targetText} {confirming.reach.units} 户，其中 {confirming.reach.wechat} 户可收到微信提醒
                </Text>
                {confirming.reach.wechat < confirming.reach.units ? (
                  <Text className="muted notice-new__reach-hint">
                    {category === 'emergency' ? '其余住户可在小程序公告栏查看，并会生成电话通知任务。' : '其余住户可在小程序公告栏查看。'}
                  </Text>
                ) : null}
                <View className="notice-new__reach-actions">
                  <Button className="btn btn--ghost notice-new__reach-back" disabled={submit.busy || undefined} onClick={() => setConfirm(null)}>
                    返回修改
                  </Button>
                  <Button className="btn btn--primary notice-new__reach-ok" loading={submit.busy} disabled={submit.busy || undefined} onClick={() => publish(confirming.confirmReview)}>
                    确认发布
                  </Button>
                </View>
              </View>
            ) : null}
            {verdict?.suggest === 'review' || confirming ? null : (
              <Button className="btn btn--primary notice-new__publish" loading={submit.busy} disabled={submit.busy || verdict?.suggest === 'risky' || undefined} onClick={() => send(false)}>
                {when === 'later' ? '检查并定时发布' : '检查并发布'}
              </Button>
            )}
          </>
        )}
      </StateView>
    </View>
  );
}
