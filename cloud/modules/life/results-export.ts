import { randomInt } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { SurveyExportFile } from '@shared/contracts/life-results.contract';
import { localDay, localDayDigits } from '@shared/domain/calendar';
import { ANONYMOUS_MIN_GROUP, OTHER_BUILDINGS_LABEL, SURVEY_QUESTION_KIND_LABELS, type SurveyQuestion } from '@shared/domain/life';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { buildingsOf, communityName, unitLabels } from '../community';
import { buildingRows, merge, questionResult, surveyOf, tallyAnswers, type SurveyForResults } from './results.service';
import { SurveyAnswer } from './survey.model';

/**
 * The XLSX export of a survey's results (manager; life.md "Results and the yearly satisfaction
 * survey"), returned as the file's bytes the way the imports module returns its exports (the page
 * saves it: a download in H5, a document in WeChat). Three sheets: 汇总 (per question), 答卷 (one row
 * per answer: named — name and unit; anonymous — the building only, rows shuffled so their order
 * says nothing of when anyone answered, small buildings written as 其他楼栋, free texts only from
 * ANONYMOUS_MIN_GROUP texts on) and 分楼栋 (the by-building table as the results page shows it).
 * Cells are written as values, never formulas. An anonymous survey under the minimum exports the note only.
 */

type Id = mongoose.Types.ObjectId;
type Cell = string | number | null;
interface Sheet {
  name: string;
  header: string[];
  rows: Cell[][];
  widths?: number[];
}

function fisherYates<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** Text a spreadsheet would run as a formula: written behind a quote. */
const safe = (v: Cell): Cell => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

function replyCell(q: SurveyQuestion, r: { choices?: number[] | null; rating?: number | null; text?: string | null } | undefined, showText: boolean): Cell {
  if (!r) return null;
  if (q.kind === 'rating') return typeof r.rating === 'number' ? r.rating : null;
  if (q.kind === 'single' || q.kind === 'multiple') return (r.choices ?? []).map((i) => q.options[i]).filter(Boolean).join('；') || null;
  return showText ? (r.text ?? null) : null;
}

async function summarySheet(survey: SurveyForResults, questions: ReturnType<typeof questionResult>[]): Promise<Sheet> {
  const rows: Cell[][] = [];
  questions.forEach((q, n) => {
    const title = `${n + 1}. ${q.title}`;
    const kind = SURVEY_QUESTION_KIND_LABELS[q.kind];
    if (q.options) for (const o of q.options) rows.push([title, kind, o.label, o.count, `${o.percent}%`]);
    else if (q.rating) {
      q.rating.distribution.forEach((c, i) => rows.push([title, kind, `${i + 1}分`, c, q.answered ? `${Math.round((c * 1000) / q.answered) / 10}%` : '0%']));
      rows.push([title, kind, '平均分', q.rating.average, null]);
    } else if (q.text) {
      if (q.text.hidden) rows.push([title, kind, `不记名问卷：填写少于${ANONYMOUS_MIN_GROUP}份，不显示`, q.answered, null]);
      for (const w of q.text.words) rows.push([title, '高频词', w.word, w.count, null]);
    }
  });
  void survey;
  return { name: '汇总', header: ['题目', '题型', '选项 / 分值', '人数', '占比'], rows, widths: [40, 12, 24, 8, 8] };
}

/** Staff: the survey's results as an XLSX workbook. */
export async function surveyExport(caller: Caller, surveyId: string): Promise<SurveyExportFile> {
  const survey = await surveyOf(caller, surveyId);
  const buildings = await buildingsOf(survey.communityId);
  const { byBuilding, texts } = await tallyAnswers(survey);
  const all = merge([...byBuilding.values()], survey.questions);
  const tooFew = survey.anonymous && all.answers < ANONYMOUS_MIN_GROUP;
  const sheets: Sheet[] = [];
  let answerRows = 0;
  if (tooFew) {
    sheets.push({ name: '汇总', header: ['说明'], rows: [[`不记名问卷答卷不足${ANONYMOUS_MIN_GROUP}份（现有 ${all.answers} 份），为保护答卷人，不导出统计结果。`]], widths: [80] });
  } else {
    const questions = survey.questions.map((q) => questionResult(q, all.questions.get(q.key), texts.get(q.key), survey.anonymous));
    sheets.push(await summarySheet(survey, questions));
    const { rows: table, notes, folded } = buildingRows(survey, byBuilding, buildings);
    const names = new Map(buildings.map((b) => [String(b._id), b.name]));
    // Free texts of an anonymous survey: only from the minimum on (as the results page shows them).
    const showText = new Map(questions.map((q) => [q.key, !q.text?.hidden]));
    const answers: Cell[][] = [];
    type Row = { buildingId?: Id | null; unitId?: Id | null; name?: string | null; answeredAt?: Date | null; replies?: { key: string; choices?: number[] | null; rating?: number | null; text?: string | null }[] };
    const named: Row[] = [];
    const cursor = SurveyAnswer.find({ communityId: survey.communityId, surveyId: survey._id }, { buildingId: 1, unitId: 1, name: 1, answeredAt: 1, replies: 1 })
      .lean<Row[]>()
      .cursor({ batchSize: 500 });
    for await (const a of cursor as AsyncIterable<Row>) {
      const key = a.buildingId ? String(a.buildingId) : '';
      const cells = survey.questions.map((q) => safe(replyCell(q, a.replies?.find((r) => r.key === q.key), showText.get(q.key) ?? true)));
      if (survey.anonymous) {
        const bName = folded.has(key) ? (table.some((r) => r.buildingId === 'other') ? OTHER_BUILDINGS_LABEL : null) : (names.get(key) ?? null);
        if (bName !== null) answers.push([bName, ...cells]);
      } else named.push(a);
    }
    if (!survey.anonymous) {
      const labels = await unitLabels(named.flatMap((a) => (a.unitId ? [a.unitId] : [])));
      named.sort((x, y) => (x.answeredAt?.getTime() ?? 0) - (y.answeredAt?.getTime() ?? 0));
      for (const a of named) {
        const cells = survey.questions.map((q) => safe(replyCell(q, a.replies?.find((r) => r.key === q.key), true)));
        answers.push([safe(a.name ?? ''), a.unitId ? (labels.get(String(a.unitId)) ?? '') : '', a.buildingId ? (names.get(String(a.buildingId)) ?? '') : '', a.answeredAt ? localDay(a.answeredAt) : '', ...cells]);
      }
    }
    answerRows = answers.length;
    const qHeads = survey.questions.map((q, i) => `${i + 1}. ${q.title}`);
    sheets.push({
      name: '答卷',
      header: survey.anonymous ? ['楼栋', ...qHeads] : ['姓名', '房屋', '楼栋', '提交日期', ...qHeads],
      rows: survey.anonymous ? fisherYates(answers) : answers,
    });
    const ratingQs = survey.questions.filter((q) => q.kind === 'rating');
    const choiceQs = survey.questions.filter((q) => q.kind === 'single' || q.kind === 'multiple');
    sheets.push({
      name: '分楼栋',
      header: ['楼栋', '答卷数', ...ratingQs.map((q) => `${q.title}（平均分）`), ...choiceQs.flatMap((q) => q.options.map((o) => `${q.title}：${o}`))],
      rows: [
        ...table.map((r) => [r.name, r.answers, ...ratingQs.map((q) => r.ratings[q.key] ?? null), ...choiceQs.flatMap((q) => r.choices[q.key] ?? q.options.map(() => 0))]),
        ...notes.map((n) => [n]),
      ],
    });
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '物业客服平台';
  for (const s of sheets) {
    const ws = workbook.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.header.map((h, i) => ({ header: h, width: s.widths?.[i] ?? Math.min(40, Math.max(10, [...h].length * 2 + 2)) }));
    ws.getRow(1).font = { bold: true };
    for (const r of s.rows) ws.addRow(r);
  }
  const content = Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  const community = (await communityName(survey.communityId)).replace(/[\\/:*?"<>|\s]+/g, '') || '小区';
  const title = survey.title.replace(/[\\/:*?"<>|\s]+/g, '').slice(0, 30) || '问卷';
  return { fileName: `${community}-${title}-结果-${localDayDigits(now())}.xlsx`, format: 'xlsx', contentBase64: content.toString('base64'), rows: answerRows };
}
