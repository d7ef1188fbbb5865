import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, Textarea, View } from '@tarojs/components';
import type { ArticleDetail } from '@shared/contracts/knowledge.contract';
import type { UploadedFile } from '@shared/contracts/files.contract';
import { INQUIRY_TEXT_MAX, INQUIRY_TOPIC_LABELS, inquiryTextProblem, MAX_INQUIRY_PHOTOS, promiseText, type InquiryTopic } from '@shared/domain/desk';
import { routes } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { PhotoPicker } from '@/components/photo-picker';
import { newRequestId } from '@/components/repair-format';
import { Highlighted, useKnowledgeSearch } from '@/components/inquiry-tags';

const TOPICS = choicesOf(INQUIRY_TOPIC_LABELS);
const FIELDS = ['topic', 'text', 'unitId', 'photoIds'] as const;

/**
 * 我要咨询 (owner/pages/inquiry-new/index): the topic, the question, photos, which of my units. While
 * the owner types, the knowledge base's matching answers show above the button (knowledge.search):
 * many questions are answered before they are sent. One request id per form: a double tap asks once.
 */
export default function InquiryNewPage() {
  useSession({ required: true });
  const home = useCloud('community', 'myHome');
  const settings = useCloud('desk', 'inquirySettings');
  const submit = useSubmit();
  const [requestId] = useState(() => newRequestId('q'));
  const [topic, setTopic] = useState<InquiryTopic>();
  const [text, setText] = useState('');
  const [unit, setUnit] = useState<string>();
  const [photos, setPhotos] = useState<UploadedFile[]>([]);
  const [open, setOpen] = useState<ArticleDetail | null>(null);
  const kb = useKnowledgeSearch(text);

  const units = home.data?.units ?? [];
  const several = units.length > 1;
  const promise = topic ? settings.data?.promises[topic] : undefined;

  const read = async (id: string) => {
    if (open?.id === id) return setOpen(null);
    const article = await call('knowledge', 'get', { articleId: id }).catch(() => null);
    setOpen(article);
  };

  const send = async () => {
    const found: Record<string, string> = {};
    if (!topic) found.topic = '请选择咨询类别';
    const problem = inquiryTextProblem(text);
    if (problem) found.text = problem;
    if (several && !unit) found.unitId = '请选择咨询涉及的房屋';
    if (Object.keys(found).length) return submit.fail(found);
    const unitId = several ? unit : units[0]?.id;
    const created = await submit.run(() =>
      call('desk', 'ask', { requestId, topic: topic as InquiryTopic, text: text.trim(), photoIds: photos.map((p) => p.id), ...(unitId ? { unitId } : {}) }),
    );
    if (!created) return;
    toast('咨询已提交');
    await Taro.redirectTo({ url: routes.owner.inquiry.url({ id: created.id }) }).catch(() => undefined);
  };

  const errors = submit.fieldErrors;
  return (
    <View className="page complaint-page inquiry-new">
      <PageHeader title="我要咨询" subtitle="先看看常见问题的解答；没有找到答案再提交，客服会尽快回复您" />
      <StateView loading={home.loading && !home.data} error={home.error} onRetry={home.reload}>
        <View className="card inquiry-new__form">
          <Field label="咨询类别" name="topic" required error={errors.topic}>
            <Choices name="inquiry-topic" options={TOPICS} value={topic} onChange={submit.edited('topic', setTopic)} />
          </Field>
          {promise ? (
            <Text className="inquiry-promise inquiry-new__promise">
              客服承诺：{promiseText(promise.ackMinutes)}内受理，{promiseText(promise.answerHours * 60)}内答复
            </Text>
          ) : null}
          <Field label="您的问题" name="text" required error={errors.text}>
            <Textarea
              className="textarea inquiry-new__text"
              value={text}
              maxlength={INQUIRY_TEXT_MAX}
              placeholder="例如：装修需要办理哪些手续？物业费可以按季度交吗？"
              onInput={(e) => submit.edited('text', setText)(e.detail.value)}
            />
            <Text className="complaint-counter inquiry-new__count">
              {text.trim().length}/{INQUIRY_TEXT_MAX}
            </Text>
          </Field>
        </View>

        {kb.hits.length > 0 ? (
          <View className="card inquiry-kb inquiry-new__kb">
            <Text className="card__title">这些解答也许能帮到您</Text>
            {kb.hits.map((h) => (
              <View key={h.id} className="inquiry-kb__hit inquiry-new__hit" data-id={h.id} onClick={() => read(h.id)}>
                <Highlighted className="inquiry-kb__title" text={h.title} ranges={h.titleHighlights} />
                {open?.id === h.id ? <Text className="inquiry-kb__body inquiry-new__article">{open.body}</Text> : <Highlighted className="inquiry-kb__snippet" text={h.snippet.text} ranges={h.snippet.highlights} />}
              </View>
            ))}
            <Text className="inquiry-kb__hint">点击条目查看完整解答；仍未解决请继续提交咨询</Text>
          </View>
        ) : kb.loading ? (
          <Text className="muted inquiry-new__searching">正在查找相关解答…</Text>
        ) : null}

        <View className="card inquiry-new__more">
          {several ? (
            <Field label="涉及房屋" name="unit" required error={errors.unitId}>
              <Choices name="inquiry-unit" options={units.map((u) => ({ value: u.id, label: u.label }))} value={unit} onChange={submit.edited('unitId', setUnit)} />
            </Field>
          ) : units.length === 1 ? (
            <Field label="涉及房屋" name="unit">
              <Text className="inquiry-new__unit">{units[0].label}</Text>
            </Field>
          ) : null}
          <Field label="照片" name="photos" error={errors.photoIds} hint={`选填，最多${MAX_INQUIRY_PHOTOS}张`}>
            <PhotoPicker name="inquiry" value={photos} max={MAX_INQUIRY_PHOTOS} onChange={submit.edited('photoIds', setPhotos)} />
          </Field>
          <FormError error={submit.error} shownFields={FIELDS} />
          <Button className="btn btn--primary inquiry-new__submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
            提交咨询
          </Button>
        </View>
      </StateView>
    </View>
  );
}
