import type { Locator, Page } from 'playwright-core';
import { routes } from '../../../shared/routes';
import { still } from './still';

/**
 * Community life (社区文化) through the H5 app, person by person (each in their own browser context):
 * 1. 孙涛 (manager) makes a survey from the 停车管理意见征集 template and publishes it (the confirm names
 *    the households it reaches); then plans the 快乐一夏 亲子手工活动 from its template, submits it, approves it and
 *    publishes the sign-up (名额, 每户限报, 报名截止);
 * 2. 张伟 (owner) opens 问卷调查 from his home, answers the new survey and submits (已提交); opens 社区活动,
 *    signs up 2 people for it and sees his check-in code;
 * 3. 王芳 (agent) opens 活动签到, picks the activity and types 张伟's code: 签到成功, attendance 1;
 * 4. 孙涛 opens the survey's results: one answer, the first question's chart drawn with 张伟's choice;
 *    and the activity's figures: 1 household signed up, 1 checked in.
 *
 * The helpers are the e2e file's own, passed in so this flow runs inside that file's `npm start`.
 */
export interface LifeFlowContext {
  url: string;
  asPerson: <T>(shot: string, run: (page: Page) => Promise<T>) => Promise<T>;
  loginAs: (page: Page, url: string, person: string) => Promise<void>;
  visible: (page: Page, text: string) => Locator;
}

const SURVEY = '停车管理意见征集';
const ACTIVITY_TEMPLATE = 'summer-family';
const ACTIVITY = '亲子手工';
const shown = (locator: Locator, timeout = 30_000) => locator.waitFor({ state: 'visible', timeout });

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** The `id` of the page's address (hash routing: …/#/owner/pages/x/index?id=…). */
function idOf(page: Page): string {
  return new URL(page.url().replace('/#/', '/')).searchParams.get('id') ?? '';
}

/** A Taro modal's confirm button (its text), once visible. */
async function confirmModal(page: Page, text: string): Promise<void> {
  const button = page.getByText(text, { exact: true }).filter({ visible: true }).last();
  await shown(button);
  await button.click();
}

export async function lifeFlow(ctx: LifeFlowContext): Promise<{ surveyId: string; code: string }> {
  const { url, asPerson, loginAs, visible } = ctx;

  // 1. 孙涛 publishes a survey and an activity.
  const surveyId = await asPerson('life-manager-publish', async (page) => {
    await loginAs(page, url, '孙涛');
    await shown(page.locator('.manager__notices'));
    await page.locator('.manager__life').click();
    await shown(page.locator('.life-hub__surveys'));
    await page.locator('.life-hub__surveys').click();
    await shown(page.locator('.surveys__from-template'));
    await page.locator('.surveys__from-template').click();
    await shown(page.locator('.surveys__template--parking-opinions'));
    await page.locator('.surveys__template--parking-opinions').click();
    await page.waitForURL(/survey-edit\/index\?id=/, { timeout: 30_000 });
    const sid = idOf(page);
    await shown(page.locator('.survey-edit__publish'));
    await still(page);
    await page.locator('.survey-edit__publish').click();
    // The confirm names how many households the notice reaches.
    await shown(page.getByText(/共 \d+ 户/).filter({ visible: true }).first());
    await confirmModal(page, '发布');
    await shown(page.locator('.survey-edit__results'));

    await page.goto(`${url}/#${routes.manager.activities.url()}`);
    await shown(page.locator(`.activities__template--${ACTIVITY_TEMPLATE}`));
    await page.locator(`.activities__template--${ACTIVITY_TEMPLATE}`).click();
    await shown(page.locator('.activity-plan__submit'));
    await still(page);
    await page.locator('.activity-plan__submit').click();
    await shown(page.locator('.activity-plan__approve'));
    await page.locator('.activity-plan__approve').click();
    await shown(page.locator('.activity-plan__publish-submit'));
    await still(page);
    await page.locator('.activity-plan__publish-submit').click();
    await confirmModal(page, '发布');
    await shown(page.locator('.activity-plan__signups'));
    await still(page);
    return sid;
  });
  check(/^[a-f0-9]{24}$/.test(surveyId), `the survey's id from the page's address: “${surveyId}”`);

  // 2. 张伟 answers the survey and signs up.
  const code = await asPerson('life-owner-answer', async (page) => {
    await loginAs(page, url, '张伟');
    await shown(page.locator('.owner-home__complaint-new'));
    await page.locator('.home-grid__tile--surveys').click();
    const row = page.locator('.survey-row--open', { hasText: SURVEY }).first();
    await shown(row);
    await row.click();
    await shown(page.locator('.survey-answer__submit'));
    await page.locator('.choices--survey-cars .choice').nth(1).click();
    await page.locator('.choices--survey-where .choice').first().click();
    await page.locator('.choices--survey-problems .choice').first().click();
    await page.locator('.choices--survey-problems .choice').nth(3).click();
    await page.locator('.survey-answer__star--4').first().click();
    await page.locator('.survey-answer__text textarea, textarea.survey-answer__text').first().fill('希望晚上加强巡查，消防通道不要再停车');
    await page.locator('.survey-answer__submit').click();
    await shown(page.locator('.survey-answer__done'));
    await still(page);

    await page.goBack();
    await page.goBack();
    await shown(page.locator('.home-grid__tile--activities'));
    await page.locator('.home-grid__tile--activities').click();
    const activity = page.locator('.activity-row', { hasText: ACTIVITY }).first();
    await shown(activity);
    await activity.click();
    await shown(page.locator('.activity__signup'));
    await page.locator('.choices--activity-places .choice', { hasText: '2' }).first().click();
    await page.locator('.activity__signup').click();
    await shown(page.locator('.activity__code'));
    await still(page);
    return ((await page.locator('.activity__code').textContent()) ?? '').trim();
  });
  check(code.replace(/\W/g, '').length === 8, `the owner's check-in code: “${code}”`);

  // 3. 王芳 checks 张伟 in at the door by his code.
  await asPerson('life-agent-checkin', async (page) => {
    await loginAs(page, url, '王芳');
    await shown(page.locator('.owner-lookup-entry__q'));
    await visible(page, '活动签到').click();
    const activity = page.locator('.activity-row', { hasText: ACTIVITY }).first();
    await shown(activity);
    await activity.click();
    await shown(page.locator('.activity-checkin__code'));
    await page.locator('.activity-checkin__code input, input.activity-checkin__code').first().fill(code);
    await page.locator('.activity-checkin__submit').click();
    await shown(page.locator('.activity-checkin__result--ok'));
    await shown(page.locator('.activity-checkin__row--done', { hasText: '张伟' }));
    await still(page);
  });

  // 4. 孙涛 sees the survey's results and the activity's attendance.
  await asPerson('life-manager-results', async (page) => {
    await loginAs(page, url, '孙涛');
    await shown(page.locator('.manager__notices'));
    await page.goto(`${url}/#${routes.manager.surveyResults.url({ id: surveyId })}`);
    await shown(page.locator('.survey-results__answers'));
    check(((await page.locator('.survey-results__answers').first().textContent()) ?? '').includes('1'), 'one answer counted');
    await shown(page.locator('.survey-results__chart[data-drawn="yes"], [data-drawn="yes"] .survey-results__chart, .survey-results__chart [data-drawn="yes"]').first());
    await still(page);

    await page.goto(`${url}/#${routes.manager.activities.url()}`);
    const activity = page.locator('.activity-row', { hasText: ACTIVITY }).first();
    await shown(activity);
    await activity.click();
    await shown(page.locator('.activity-plan__attendance'));
    await page.waitForFunction(() => /1/.test(document.querySelector('.activity-plan__attendance')?.textContent ?? ''), undefined, { timeout: 30_000 });
    await still(page);
  });
  return { surveyId, code };
}
