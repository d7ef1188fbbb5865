import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import type { InquiryDetail } from '@shared/contracts/desk.contract';
import type { ArticleDetail } from '@shared/contracts/knowledge.contract';
import { COMPLAINT_CATEGORY_LABELS, type ComplaintCategory } from '@shared/domain/complaints';
import { INQUIRY_ACK_MAX, INQUIRY_ANSWER_MAX, INQUIRY_ANSWER_MIN, INQUIRY_TOPIC_LABELS, QUICK_ACKS } from '@shared/domain/desk';
import { ROLE_LABELS } from '@shared/domain/roles';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { StateView } from '@/components/state-view';
import { Highlighted, useKnowledgeSearch } from '@/components/inquiry-tags';

interface PanelProps {
  inquiry: InquiryDetail;
  onDone: (next: InquiryDetail) => void;
  onCancel: () => void;
}

function Buttons({ name, submitText, busy, onSubmit, onCancel }: { name: string; submitText: string; busy: boolean; onSubmit: () => void; onCancel: () => void }) {
  return (
    <View className="form-buttons">
      <Button className="btn btn--ghost" size="mini" onClick={onCancel}>
        取消
      </Button>
      <Button className={`btn btn--primary inquiry-staff__${name}-submit`} size="mini" loading={busy} disabled={busy || undefined} onClick={onSubmit}>
        {submitText}
      </Button>
    </View>
  );
}

/** 快速反馈: one of the usual acknowledgements (editable), sent to the owner at once. */
export function AckForm({ inquiry, onDone, onCancel }: PanelProps) {
  const submit = useSubmit();
  const [text, setText] = useState<string>(QUICK_ACKS[0]);
  const send = async () => {
    if (text.trim().length < 2) return submit.fail({ text: '请填写给业主的反馈' });
    const next = await submit.run(() => call('desk', 'acknowledge', { inquiryId: inquiry.id, text: text.trim() }));
    if (next) onDone(next);
  };
  return (
    <View className="complaint-panel inquiry-staff__ack-form">
      <Text className="card__title">快速反馈</Text>
      <Choices name="inquiry-quick-ack" options={QUICK_ACKS.map((q, i) => ({ value: q, label: ['已收到，正在核实', '已收到，尽快答复', '需协调，承诺时间内答复'][i] }))} value={text} onChange={submit.edited('text', setText)} />
      <Field label="反馈内容" name="ack-text" required error={submit.fieldErrors.text}>
        <Textarea className="textarea inquiry-staff__ack-text" value={text} maxlength={INQUIRY_ACK_MAX} onInput={(e) => submit.edited('text', setText)(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={['text']} />
      <Buttons name="ack" submitText="发送反馈" busy={submit.busy} onSubmit={send} onCancel={onCancel} />
    </View>
  );
}

/** 书面答复, with 引用知识库: search the knowledge base, pick an article (its text fills an empty answer). */
export function AnswerForm({ inquiry, onDone, onCancel }: PanelProps) {
  const submit = useSubmit();
  const [text, setText] = useState('');
  // Start from the topic (停车, 装修…): a whole question matches the articles less well than its subject.
  const [q, setQ] = useState(inquiry.topic === 'other' ? inquiry.text.slice(0, 20) : INQUIRY_TOPIC_LABELS[inquiry.topic]);
  const [article, setArticle] = useState<ArticleDetail | null>(null);
  const kb = useKnowledgeSearch(q, 5);
  const pick = async (id: string) => {
    const a = await call('knowledge', 'get', { articleId: id }).catch(() => null);
    if (!a) return;
    setArticle(a);
    if (!text.trim()) setText(a.body.slice(0, INQUIRY_ANSWER_MAX));
  };
  const send = async () => {
    if (text.trim().length < INQUIRY_ANSWER_MIN) return submit.fail({ text: `答复至少${INQUIRY_ANSWER_MIN}个字` });
    const next = await submit.run(() => call('desk', 'answer', { inquiryId: inquiry.id, text: text.trim(), ...(article ? { articleId: article.id } : {}) }));
    if (next) onDone(next);
  };
  return (
    <View className="complaint-panel inquiry-staff__answer-form">
      <Text className="card__title">书面答复</Text>
      <View className="inquiry-kb inquiry-staff__kb">
        <Field label="引用知识库" name="kb-query" hint="输入关键词查找解答，点击条目引用">
          <Input className="input inquiry-staff__kb-query" value={q} maxlength={50} placeholder="如：装修押金" onInput={(e) => setQ(e.detail.value)} />
        </Field>
        {kb.loading ? <Text className="muted">正在查找…</Text> : null}
        {kb.hits.map((h) => (
          <View key={h.id} className="inquiry-kb__hit inquiry-staff__kb-hit" data-id={h.id} onClick={() => pick(h.id)}>
            <Highlighted className="inquiry-kb__title" text={h.title} ranges={h.titleHighlights} />
            <Highlighted className="inquiry-kb__snippet" text={h.snippet.text} ranges={h.snippet.highlights} />
          </View>
        ))}
        {!kb.loading && q.trim().length >= 2 && kb.hits.length === 0 ? <Text className="muted">知识库中没有找到相关条目</Text> : null}
        {article ? (
          <View className="complaint-row__main">
            <Text className="inquiry-kb__chosen inquiry-staff__kb-chosen">已引用：《{article.title}》</Text>
            <Text className="link" onClick={() => setArticle(null)}>
              取消引用
            </Text>
          </View>
        ) : null}
      </View>
      <Field label="答复内容" name="answer-text" required error={submit.fieldErrors.text}>
        <Textarea className="textarea inquiry-staff__answer-text" value={text} maxlength={INQUIRY_ANSWER_MAX} placeholder="请用通俗、礼貌的语言答复业主的问题" onInput={(e) => submit.edited('text', setText)(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={['text']} />
      <Buttons name="answer" submitText="发送答复" busy={submit.busy} onSubmit={send} onCancel={onCancel} />
    </View>
  );
}

/** 转交: another agent or manager handles it. */
export function AssignForm({ inquiry, onDone, onCancel, myId }: PanelProps & { myId: string }) {
  const handlers = useCloud('complaints', 'handlers');
  const submit = useSubmit();
  const [handlerId, setHandlerId] = useState('');
  const options = (handlers.data ?? [])
    .filter((h) => h.id !== inquiry.handlerId)
    .map((h) => ({ value: h.id, label: `${h.name}${h.id === myId ? '（我）' : ''} · ${h.roles.map((r) => ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? r).join('、')}` }));
  const send = async () => {
    if (!handlerId) return submit.fail({ handlerId: '请选择转交给谁' });
    const next = await submit.run(() => call('desk', 'assign', { inquiryId: inquiry.id, handlerId }));
    if (next) onDone(next);
  };
  return (
    <View className="complaint-panel inquiry-staff__assign-form">
      <Text className="card__title">转交咨询</Text>
      <Field label="转交给" name="handler" required error={submit.fieldErrors.handlerId}>
        <StateView loading={handlers.loading && !handlers.data} error={handlers.error} onRetry={handlers.reload} empty={!!handlers.data && options.length === 0} emptyText="没有可转交的同事">
          <Choices name="inquiry-handler" options={options} value={handlerId} onChange={submit.edited('handlerId', setHandlerId)} />
        </StateView>
      </Field>
      <FormError error={submit.error} shownFields={['handlerId']} />
      <Buttons name="assign" submitText="确认转交" busy={submit.busy} onSubmit={send} onCancel={onCancel} />
    </View>
  );
}

const COMPLAINT_CATEGORIES = choicesOf(COMPLAINT_CATEGORY_LABELS);

/** 转报修 / 转投诉: the question becomes a repair order or a complaint (its text, unit and caller carry over). */
export function ConvertForm({ inquiry, onDone, onCancel, to }: PanelProps & { to: 'repair' | 'complaint' }) {
  const repairSettings = useCloud('repairs', 'settings', undefined, { skip: to !== 'repair' });
  const submit = useSubmit();
  const [category, setCategory] = useState<string>();
  const [area, setArea] = useState<'home' | 'common'>(inquiry.unitId ? 'home' : 'common');
  const [place, setPlace] = useState('');
  const [description, setDescription] = useState(inquiry.text.length >= 5 ? inquiry.text : '');
  const categories = to === 'repair' ? (repairSettings.data?.categories ?? []).map((c) => ({ value: c, label: c })) : COMPLAINT_CATEGORIES;
  const send = async () => {
    if (to === 'repair' && area === 'common' && !place.trim()) return submit.fail({ place: '请填写报修位置，如 1栋电梯' });
    if (description.trim().length < 5) return submit.fail({ description: '请至少用5个字描述问题' });
    const next = await submit.run(() =>
      call('desk', 'convert', {
        inquiryId: inquiry.id,
        to,
        ...(category ? { category } : {}),
        ...(to === 'repair' ? { area, ...(area === 'common' ? { place: place.trim() } : {}) } : {}),
        description: description.trim(),
      }),
    );
    if (next) onDone(next);
  };
  return (
    <View className={`complaint-panel inquiry-staff__convert-form inquiry-staff__convert-form--${to}`}>
      <Text className="card__title">{to === 'repair' ? '转为报修' : '转为投诉'}</Text>
      <Text className="muted">咨询内容、房屋和联系人将带入{to === 'repair' ? '报修单' : '投诉'}，业主可在咨询详情中查看进度。</Text>
      <Field label="类别" name="convert-category" hint={to === 'repair' ? '不选则为最后一个类别' : '不选则按咨询类别对应'}>
        <Choices name="inquiry-convert-category" options={categories as { value: string; label: string }[]} value={category} onChange={(v) => setCategory(v as string | ComplaintCategory)} />
      </Field>
      {to === 'repair' ? (
        <Field label="位置" name="convert-area">
          <Choices
            name="inquiry-convert-area"
            options={[...(inquiry.unitId ? [{ value: 'home' as const, label: `户内（${inquiry.location}）` }] : []), { value: 'common' as const, label: '公共区域' }]}
            value={area}
            onChange={setArea}
          />
        </Field>
      ) : null}
      {to === 'repair' && area === 'common' ? (
        <Field label="报修位置" name="convert-place" required error={submit.fieldErrors.place}>
          <Input className="input inquiry-staff__convert-place" value={place} maxlength={60} placeholder="如 1栋电梯" onInput={(e) => submit.edited('place', setPlace)(e.detail.value)} />
        </Field>
      ) : null}
      <Field label="问题描述" name="convert-description" required error={submit.fieldErrors.description}>
        <Textarea className="textarea inquiry-staff__convert-description" value={description} maxlength={1000} onInput={(e) => submit.edited('description', setDescription)(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={['place', 'description']} />
      <Buttons name="convert" submitText={to === 'repair' ? '确认转报修' : '确认转投诉'} busy={submit.busy} onSubmit={send} onCancel={onCancel} />
    </View>
  );
}

/** 关闭: why it ends without (more) answer. */
export function CloseForm({ inquiry, onDone, onCancel }: PanelProps) {
  const submit = useSubmit();
  const [note, setNote] = useState('');
  const send = async () => {
    if (note.trim().length < 2) return submit.fail({ note: '请说明关闭原因' });
    const next = await submit.run(() => call('desk', 'close', { inquiryId: inquiry.id, note: note.trim() }));
    if (next) onDone(next);
  };
  return (
    <View className="complaint-panel inquiry-staff__close-form">
      <Text className="card__title">关闭咨询</Text>
      <Field label="关闭原因" name="close-note" required error={submit.fieldErrors.note}>
        <Input className="input inquiry-staff__close-note" value={note} maxlength={300} placeholder="如：重复咨询、业主已自行解决" onInput={(e) => submit.edited('note', setNote)(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={['note']} />
      <Buttons name="close" submitText="确认关闭" busy={submit.busy} onSubmit={send} onCancel={onCancel} />
    </View>
  );
}
