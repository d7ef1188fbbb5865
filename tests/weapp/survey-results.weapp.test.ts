import { localDay } from '@shared/domain/calendar';
import { PARKING_OPINIONS_TEMPLATE, SERVICE_AREA_LABELS } from '@shared/domain/life';
import { Survey } from '../../cloud/modules/life/survey.model';
import { weappSuite } from './weapp-harness';

/**
 * The manager's 问卷结果 page and 业主满意度 card in the BUILT mini-program: the charts (uCharts on a
 * `type="2d"` canvas, the same drawing code as H5) draw on the canvas node the page asks
 * createSelectorQuery for — the harness hands out a recording canvas, so the test sees the labels
 * drawn. Data: the demo's finished 停车管理意见征集 and its two yearly satisfaction surveys
 * (scripts/demo-life-results.ts).
 */
const suite = weappSuite();

afterEach(async () => {
  await suite.sim.settle();
});

it("When the manager opens a finished survey's results in the mini-program, then each choice question's chart is drawn with the question's options and the rating's with 1–5", async () => {
  await suite.loginAs('demo-manager');
  const survey = await Survey.findOne({ requestKey: /demo-life-parking-opinions$/ }, { _id: 1, answerCount: 1 }).lean();
  expect(survey?.answerCount).toBeGreaterThan(10);
  const page = await suite.sim.openPage('manager/pages/survey-results/index', { id: String(survey!._id) });
  await page.waitForText('停车管理意见征集');
  await page.waitForText('份作答');
  const questions = PARKING_OPINIONS_TEMPLATE.questions;
  const cars = questions.findIndex((q) => q.key === 'cars');
  const problems = questions.findIndex((q) => q.key === 'problems');
  const rating = questions.findIndex((q) => q.kind === 'rating');
  for (const i of [cars, problems, rating]) await suite.sim.waitFor(() => (suite.sim.canvases.get(`survey-results-q${i}`)?.texts().length ?? 0) > 0, `chart q${i} drawn`);
  // Bars: every option's label drawn on the chart, and a bar per option (a filled path).
  for (const i of [cars, problems]) {
    const canvas = suite.sim.canvases.get(`survey-results-q${i}`)!;
    for (const option of questions[i]!.options) expect(canvas.texts()).toContain(option);
    expect(canvas.calls.filter((c) => c.name === 'fill').length).toBeGreaterThanOrEqual(1);
  }
  const ratingTexts = suite.sim.canvases.get(`survey-results-q${rating}`)!.texts();
  for (const label of ['1分', '2分', '3分', '4分', '5分']) expect(ratingTexts).toContain(label);
  expect(page.findAll('survey-results__chart').length).toBe(questions.filter((q) => q.kind !== 'text').length);
  expect(page.text()).toContain('高频词');
  page.unload();
});

it('When the manager opens the home page, then the 业主满意度 card draws this year against last year for every service area', async () => {
  await suite.loginAs('demo-manager');
  const page = await suite.sim.openPage('manager/pages/home/index');
  await page.waitForText('业主满意度');
  await suite.sim.waitFor(() => (suite.sim.canvases.get('satisfaction-chart')?.texts().length ?? 0) > 0, 'the satisfaction chart drawn');
  const texts = suite.sim.canvases.get('satisfaction-chart')!.texts();
  for (const label of Object.values(SERVICE_AREA_LABELS)) expect(texts).toContain(label);
  const year = Number(localDay(new Date()).slice(0, 4));
  expect(texts).toEqual(expect.arrayContaining([`${year - 1}年`, `${year}年`]));
  expect(page.findAll('satisfaction-card__results').length).toBe(1);
  page.unload();
});
