/**
 * The BUILT weapp owner pages of surveys (owner/pages/surveys, survey) in miniprogram-simulate against
 * the real gateway and the demo data (scripts/demo-life-surveys.ts: an open, named 社区活动需求调研 张伟
 * has not answered): the list shows it under 待填写; submitting without the required questions shows
 * their problems and sends nothing; the filled form is sent, the page shows 已提交答卷 with my answer
 * and 修改答卷, and the list moves it to 已填写. (Each page path is loaded once per file: see
 * weapp-harness.ts; the anonymous flow is in survey-anonymous.weapp.test.ts.)
 */
import type { SurveyView } from '@shared/contracts/life-survey-view';
import { routes } from '@shared/routes';
import { weappSuite } from './weapp-harness';

const suite = weappSuite();

async function survey(token: string, surveyId: string): Promise<SurveyView> {
  const res = await suite.stack.invoke('life', 'surveyGet', { surveyId }, token);
  if (!res.ok) throw new Error(res.error.code);
  return res.data;
}

test('When 张伟 answers the open 社区活动需求调研 in the mini-program, then required questions are checked first, the answer is saved once and shown with 修改答卷', async () => {
  await suite.sim.settle();
  const { token } = await suite.loginAs('demo-owner');
  const listed = await suite.stack.invoke('life', 'surveyList', {}, token);
  if (!listed.ok) throw new Error(listed.error.code);
  const needs = listed.data.items.find((s) => s.title === '社区活动需求调研')!;
  const before = (await survey(token, needs.id)).answerCount;

  const list = await suite.sim.openPage(routes.owner.surveys.path);
  await list.waitForText('社区活动需求调研');
  expect(list.findAll('survey-row--open').map((el) => el.textContent)).toContainEqual(expect.stringContaining('社区活动需求调研'));
  expect(list.text()).toContain('待填写');
  await list.tap('survey-row', '社区活动需求调研');
  expect(suite.sim.navigations.at(-1)?.url).toContain(`${routes.owner.survey.path}?id=${needs.id}`);

  const page = await suite.sim.openPage(routes.owner.survey.path, { id: needs.id });
  await page.waitForText('提交答卷');
  expect(page.text()).toContain('本问卷实名填写');
  expect(page.findAll('field__required').length).toBeGreaterThanOrEqual(3);
  // Nothing chosen: the required questions are flagged, nothing is sent.
  await page.tap('survey-answer__submit');
  await suite.sim.waitFor(() => page.findAll('field__error').length >= 3, 'the required questions flagged');
  expect(page.text()).toContain('请回答此题');
  expect(page.text()).not.toContain('（可多选）（可多选）');
  expect((await survey(token, needs.id)).mine?.answered).toBe(false);

  await page.tap('choice', '亲子活动');
  await page.tap('choice', '节日庆典');
  await page.tap('choice', '周六上午');
  await page.tap('survey-answer__star--4');
  await page.waitForText('4 分');
  await page.type('survey-answer__text', '希望多组织亲子阅读活动');
  await page.tap('survey-answer__submit');
  await page.waitForText('已提交答卷');
  expect(page.text()).toContain('我的答卷');
  expect(page.text()).toContain('节日庆典（迎春、中秋等）、亲子活动');
  expect(page.text()).toContain('希望多组织亲子阅读活动');
  expect(page.findAll('survey-answer__change')).toHaveLength(1);
  const after = await survey(token, needs.id);
  expect(after.mine).toMatchObject({ answered: true, canChange: true });
  expect(after.answerCount).toBe(before + 1);

  // 修改答卷: the form comes back with my answer; the change replaces it (still one answer of mine).
  await page.tap('survey-answer__change');
  await page.waitForText('提交修改');
  await page.tap('survey-answer__star--5');
  await page.tap('survey-answer__submit');
  await page.waitForText('已提交答卷');
  const changed = await survey(token, needs.id);
  expect(changed.answerCount).toBe(before + 1);
  expect(changed.mine?.replies?.find((r) => r.key === 'interest')?.rating).toBe(5);
  page.unload();
  list.unload();
});
