import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import type { LessonInput, LessonSource } from '@shared/contracts/growth-courses-view';
import { COURSE_LABELS, COURSES, DEFAULT_PASS_MARK, LESSON_PARAGRAPH_MAX, LESSON_TITLE_MAX, QUESTION_KIND_LABELS, QUESTION_KINDS, QUIZ_QUESTIONS_MAX, type CourseKey, type QuestionKind } from '@shared/domain/growth';
import { call } from '@/services/cloud';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { Choices } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { newRequestId } from '@/components/repair-format';
import '@/components/growth-courses.scss';

interface SectionDraft {
  heading: string;
  text: string;
  points: string;
}
interface QuestionDraft {
  kind: QuestionKind;
  text: string;
  options: string;
  answer: number[];
  explain: string;
}
const lines = (s: string) => s.split('\n').map((x) => x.trim()).filter(Boolean);
const blankQuestion = (): QuestionDraft => ({ kind: 'single', text: '', options: '', answer: [], explain: '' });

function fromSource(s: LessonSource) {
  return {
    sections: s.sections.map((x) => ({ heading: x.heading, text: x.paragraphs.join('\n'), points: x.points.join('\n') })),
    questions: s.questions.map((q) => ({ kind: q.kind, text: q.text, options: q.options.join('\n'), answer: [...q.answer], explain: q.explain })),
  };
}

/**
 * 课程编辑 (manager.lessonEdit): a lesson of the community's own — course, title, minutes, pass mark,
 * sections (paragraphs and key points one a line) and the quiz (options one a line, tap the right ones).
 */
export default function ManagerLessonEditPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const id = params.id;
  const source = useCloud('growth', 'lessonSource', { lessonId: id ?? '' }, { skip: !id });
  const submit = useSubmit();
  const [requestId] = useState(() => newRequestId('lesson'));
  const [course, setCourse] = useState<CourseKey>('custom');
  const [title, setTitle] = useState('');
  const [minutes, setMinutes] = useState('5');
  const [passMark, setPassMark] = useState(String(DEFAULT_PASS_MARK));
  const [summary, setSummary] = useState('');
  const [sections, setSections] = useState<SectionDraft[]>([{ heading: '', text: '', points: '' }]);
  const [questions, setQuestions] = useState<QuestionDraft[]>([blankQuestion()]);
  const [status, setStatus] = useState<'active' | 'retired'>('active');

  useEffect(() => {
    const s = source.data;
    if (!s) return;
    setCourse(s.course);
    setTitle(s.title);
    setMinutes(String(s.minutes));
    setPassMark(String(s.passMark));
    setSummary(s.summary);
    const d = fromSource(s);
    setSections(d.sections);
    setQuestions(d.questions);
    setStatus(s.status);
  }, [source.data]);

  const setQ = (i: number, patch: Partial<QuestionDraft>) => setQuestions((qs) => qs.map((q, n) => (n === i ? { ...q, ...patch } : q)));
  const setS = (i: number, patch: Partial<SectionDraft>) => setSections((ss) => ss.map((s, n) => (n === i ? { ...s, ...patch } : s)));
  const toggleAnswer = (i: number, k: number) => {
    const q = questions[i];
    setQ(i, { answer: q.kind === 'single' ? [k] : q.answer.includes(k) ? q.answer.filter((x) => x !== k) : [...q.answer, k].sort() });
  };
  const input = (): LessonInput => ({
    course,
    title,
    minutes: Number(minutes),
    passMark: Number(passMark),
    summary,
    sections: sections.map((s) => ({ heading: s.heading, paragraphs: lines(s.text), points: lines(s.points) })),
    questions: questions.map((q) => ({ kind: q.kind, text: q.text, options: lines(q.options), answer: q.answer, explain: q.explain })),
  });
  const save = async () => {
    const r = await submit.run(() => (id ? call('growth', 'lessonUpdate', { lessonId: id, ...input() }) : call('growth', 'lessonCreate', { requestId, ...input() })));
    if (r) await Taro.navigateBack();
  };
  const retire = async () => {
    const r = await submit.run(() => call('growth', 'lessonRetire', { lessonId: id!, restore: status === 'retired' }));
    if (r) setStatus(r.status);
  };

  return (
    <View className="page lesson-edit">
      <PageHeader title={id ? '编辑课程' : '新建课程'} subtitle="本小区自建课程，与内置课程一样有测验和及格分" />
      <View className="card">
        <Field label="所属课程" name="course">
          <Choices name="lesson-course" options={COURSES.map((c) => ({ value: c, label: COURSE_LABELS[c] }))} value={course} onChange={setCourse} />
        </Field>
        <Field label="标题" name="title" required>
          <Input className="input lesson-edit__title" value={title} maxlength={LESSON_TITLE_MAX} placeholder="如：本小区门禁卡办理流程" onInput={(e) => setTitle(e.detail.value)} />
        </Field>
        <Field label="阅读时长（分钟）" name="minutes" required>
          <Input className="input lesson-edit__minutes" type="number" value={minutes} onInput={(e) => setMinutes(e.detail.value)} />
        </Field>
        <Field label="及格分（0–100）" name="passMark" required>
          <Input className="input lesson-edit__pass" type="number" value={passMark} onInput={(e) => setPassMark(e.detail.value)} />
        </Field>
        <Field label="简介" name="summary">
          <Textarea className="textarea lesson-edit__summary" value={summary} maxlength={LESSON_PARAGRAPH_MAX} onInput={(e) => setSummary(e.detail.value)} />
        </Field>
      </View>
      {sections.map((s, i) => (
        <View key={i} className="card lesson-edit__section">
          <Text className="card__title">第 {i + 1} 节</Text>
          <Input className="input" value={s.heading} placeholder="小节标题" onInput={(e) => setS(i, { heading: e.detail.value })} />
          <Textarea className="textarea" value={s.text} placeholder="正文，每行一段" maxlength={4000} onInput={(e) => setS(i, { text: e.detail.value })} />
          <Textarea className="textarea" value={s.points} placeholder="要点，每行一条（可不填）" onInput={(e) => setS(i, { points: e.detail.value })} />
        </View>
      ))}
      <Button className="btn btn--ghost" onClick={() => setSections((ss) => [...ss, { heading: '', text: '', points: '' }])}>
        添加一节
      </Button>
      {questions.map((q, i) => (
        <View key={i} className={`card lesson-edit__question lesson-edit__question--${i + 1}`}>
          <Text className="card__title">第 {i + 1} 题</Text>
          <Choices name={`q-kind-${i}`} options={QUESTION_KINDS.map((k) => ({ value: k, label: QUESTION_KIND_LABELS[k] }))} value={q.kind} onChange={(k) => setQ(i, { kind: k, answer: [] })} />
          <Input className="input" value={q.text} placeholder="题目" onInput={(e) => setQ(i, { text: e.detail.value })} />
          <Textarea className="textarea" value={q.options} placeholder="选项，每行一个（2–6个）" onInput={(e) => setQ(i, { options: e.detail.value, answer: [] })} />
          <Text className="muted">点选正确答案：</Text>
          {lines(q.options).map((o, k) => (
            <Text key={k} className={`quiz__option ${q.answer.includes(k) ? 'quiz__option--right' : ''}`} onClick={() => toggleAnswer(i, k)}>
              {String.fromCharCode(65 + k)}. {o}
            </Text>
          ))}
          <Input className="input" value={q.explain} placeholder="解析（一句话）" onInput={(e) => setQ(i, { explain: e.detail.value })} />
          {questions.length > 1 ? (
            <Text className="link" onClick={() => setQuestions((qs) => qs.filter((_x, n) => n !== i))}>
              删除此题
            </Text>
          ) : null}
        </View>
      ))}
      {questions.length < QUIZ_QUESTIONS_MAX ? (
        <Button className="btn btn--ghost" onClick={() => setQuestions((qs) => [...qs, blankQuestion()])}>
          添加一题
        </Button>
      ) : null}
      <FormError error={submit.error} />
      <View className="form-buttons">
        {id ? (
          <Button className="btn btn--ghost lesson-edit__retire" disabled={submit.busy} onClick={retire}>
            {status === 'retired' ? '恢复使用' : '停用课程'}
          </Button>
        ) : null}
        <Button className="btn btn--primary lesson-edit__save" disabled={submit.busy} onClick={save}>
          保存
        </Button>
      </View>
    </View>
  );
}
