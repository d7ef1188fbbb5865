/**
 * The BUILT weapp owner survey page (owner/pages/survey) on an ANONYMOUS survey: the page says
 * 本问卷不记名, the answer goes with a random token the phone stored before sending (Taro storage), and
 * 修改答卷 resends the same token — one answer counted. (Each page path is loaded once per file.)
 */
import { createHash } from 'node:crypto';
import type { SurveyView } from '@shared/contracts/life-survey-view';
import { addDays, localDay } from '@shared/domain/calendar';
import { routes } from '@shared/routes';
import { SurveyAnswer } from '../../cloud/modules/life/survey.model';
import { weappSuite } from './weapp-harness';

const suite = weappSuite();

test('When 张伟 answers an anonymous survey, then the page says it is not named, the token is stored before sending and a change replaces the one answer', async () => {
  await suite.sim.settle();
  const manager = await suite.stack.login('demo-manager');
  const today = localDay(new Date());
  const made = await suite.stack.invoke(
    'life',
    'surveyCreate',
    {
      requestId: 'weapp-anonymous-survey',
      title: '电梯运行情况调查',
      intro: '',
      questions: [
        { kind: 'rating', title: '您对电梯运行情况的满意程度', options: [], required: true },
        { kind: 'single', title: '电梯最常见的问题', options: ['等待时间长', '经常停运', '轿厢不干净'], required: false },
      ],
      audience: { kind: 'community', buildingIds: [] },
      per: 'owner',
      repeat: 'replace',
      anonymous: true,
      opensOn: today,
      closesOn: addDays(today, 7),
    },
    manager,
  );
  if (!made.ok) throw new Error(made.error.code);
  const published = await suite.stack.invoke('life', 'surveyPublish', { surveyId: made.data.id, requestId: 'weapp-anonymous-publish' }, manager);
  if (!published.ok) throw new Error(published.error.code);
  const id = made.data.id;
  const { token, me } = await suite.loginAs('demo-owner');

  const page = await suite.sim.openPage(routes.owner.survey.path, { id });
  await page.waitForText('提交答卷');
  expect(page.findAll('survey-answer__anonymous')).toHaveLength(1);
  expect(page.text()).toContain('本问卷不记名');
  await page.tap('survey-answer__star--2');
  await page.tap('survey-answer__submit');
  await page.waitForText('已提交答卷');
  const key = `survey-token:${me.userId}:${id}:me`;
  const stored = suite.sim.storage.get(key);
  expect(stored).toMatch(/^[a-f0-9]{32}$/);
  // The answer stored is the one of this token (its _id is the token's hash): the token was sent with it.
  expect(await SurveyAnswer.countDocuments({ _id: createHash('sha256').update(`answer:${String(stored)}`).digest('hex') })).toBe(1);
  // The anonymous answer is not shown back (the server cannot tell which it is); 修改答卷 sends the same token.
  expect(page.text()).not.toContain('我的答卷');
  await page.tap('survey-answer__change');
  await page.waitForText('提交修改');
  await page.tap('survey-answer__star--5');
  await page.tap('survey-answer__submit');
  await page.waitForText('已提交答卷');
  expect(suite.sim.storage.get(key)).toBe(stored);
  const after = await suite.stack.invoke('life', 'surveyGet', { surveyId: id }, token);
  if (!after.ok) throw new Error(after.error.code);
  expect((after.data as SurveyView).answerCount).toBe(1);
  expect((after.data as SurveyView).mine).toMatchObject({ answered: true, canChange: true });
  page.unload();
});
