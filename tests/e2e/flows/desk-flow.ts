import type { Locator, Page } from 'playwright-core';
import { routes } from '../../../shared/routes';

/**
 * The reception desk through the H5 app, person by person (each in their own browser context):
 * 1. 张伟 asks in 我要咨询 (物业费) → 王芳 opens the inquiry, answers it citing the knowledge base's
 *    《物业费标准与缴纳方式》 → 张伟 sees the answer with the article named and rates it 5 stars;
 * 2. 王芳 looks 张伟 up by phone from the desk (查询业主 · 一户一档; the phone masked in the results),
 *    opens his 一户一档, records the call (登记来电/来访, unit and owner chosen), looks him up again and
 *    finds the call and the inquiry in the timeline (往来记录) and the inquiry in 咨询; 显示号码 shows
 *    the full number (audited).
 *
 * The helpers are the e2e file's own (one browser context per person with a screenshot, the demo
 * login, a visible-text locator), passed in so this flow can run inside that file's `npm start`.
 */
export interface DeskFlowContext {
  url: string;
  asPerson: <T>(shot: string, run: (page: Page) => Promise<T>) => Promise<T>;
  loginAs: (page: Page, url: string, person: string) => Promise<void>;
  visible: (page: Page, text: string) => Locator;
}

export interface DeskFlowResult {
  inquiryId: string;
  question: string;
  callPurpose: string;
}

const ZHANG_PHONE = '13900001502';
const ARTICLE = '物业费标准与缴纳方式';
const shown = (locator: Locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** 王芳 on her desk: 查询业主 by phone, then 张伟's 一户一档. */
async function openZhang(page: Page): Promise<void> {
  await page.locator('.owner-lookup-entry__q input').fill(ZHANG_PHONE, { timeout: 30_000 });
  await page.locator('.owner-lookup-entry__go').click();
  const candidate = page.locator('.owner-lookup__candidate', { hasText: '张伟' });
  await shown(candidate, 30_000);
  const text = (await candidate.textContent()) ?? '';
  check(text.includes('139****1502') && !text.includes(ZHANG_PHONE), `the look-up shows the phone masked: “${text}”`);
  await candidate.click();
  await shown(page.locator('.owner-view__subject', { hasText: '张伟' }), 30_000);
}

export async function deskFlow(ctx: DeskFlowContext): Promise<DeskFlowResult> {
  const { url, asPerson, loginAs, visible } = ctx;
  const stamp = Date.now().toString(36);
  const question = `物业费可以按季度交吗？在小程序里怎么缴纳（${stamp}）`;
  const answer = '张先生您好：物业费按季度预缴，每季度第一个月15日前缴纳。您可以在小程序“我的账单”里选择账单微信支付，也可以到1栋架空层服务中心现场缴纳。';
  const callPurpose = `来电确认物业费已收到答复（${stamp}）`;

  // 1a. The owner asks.
  const inquiryId = await asPerson('desk-owner-ask', async (page) => {
    await loginAs(page, url, '张伟');
    await shown(page.locator('.owner-home__complaint-new'), 30_000);
    await page.goto(`${url}/#${routes.owner.inquiryNew.url()}`);
    await shown(visible(page, '咨询类别'));
    await page.locator('.choices--inquiry-topic .choice', { hasText: '物业费用' }).click();
    await page.locator('.inquiry-new__text textarea').fill(question);
    await page.locator('.inquiry-new__submit').click();
    await shown(page.locator('.inquiry-detail__head'), 30_000);
    const id = /[?&]id=([a-f0-9]{24})/.exec(page.url())?.[1];
    check(!!id, `no inquiry id in ${page.url()}`);
    return id as string;
  });

  // 1b. The agent answers, citing the knowledge base.
  await asPerson('desk-agent-answer', async (page) => {
    await loginAs(page, url, '王芳');
    await shown(page.locator('.owner-lookup-entry'), 30_000);
    await page.goto(`${url}/#${routes.staff.inquiry.url({ id: inquiryId })}`);
    await shown(page.locator('.inquiry-staff__text', { hasText: question }), 30_000);
    await page.locator('.inquiry-staff__actions .inquiry-staff__answer').click();
    await page.locator('.inquiry-staff__kb-query input').fill('物业费');
    await page.locator('.inquiry-staff__kb-hit', { hasText: ARTICLE }).first().click({ timeout: 15_000 });
    await shown(page.locator('.inquiry-staff__kb-chosen', { hasText: ARTICLE }));
    await page.locator('.inquiry-staff__answer-text textarea').fill(answer);
    await page.locator('.inquiry-staff__answer-submit').click();
    await shown(page.locator('.inquiry-answer.inquiry-staff__answer', { hasText: answer.slice(0, 12) }), 30_000);
  });

  // 1c. The owner reads the answer (the article named) and rates it.
  await asPerson('desk-owner-rate', async (page) => {
    await loginAs(page, url, '张伟');
    await shown(page.locator('.owner-home__complaint-new'), 30_000);
    await page.goto(`${url}/#${routes.owner.inquiry.url({ id: inquiryId })}`);
    await shown(page.locator('.inquiry-detail__answer', { hasText: answer.slice(0, 12) }), 30_000);
    await shown(page.locator('.inquiry-detail__article', { hasText: ARTICLE }));
    await page.locator('.rating-stars--inquiry .rating-stars__star--5').click();
    await page.locator('.inquiry-detail__rate-submit').click();
    await shown(page.locator('.inquiry-detail__rating'), 30_000);
  });

  // 2a. The agent looks him up by phone and records the call from his 一户一档.
  await asPerson('desk-agent-call', async (page) => {
    await loginAs(page, url, '王芳');
    await openZhang(page);
    await page.locator('.owner-view__contact').click();
    await shown(page.locator('.contact-new__purpose'), 30_000);
    // The unit comes chosen from the 一户一档 (saving is held until it has loaded).
    await shown(page.locator('.contact-new__form .repair-new__unit-label'), 30_000);
    await page.locator('.contact-new__purpose textarea').fill(callPurpose);
    await page.locator('.contact-new__result textarea').fill('已告知答复内容，业主表示满意');
    await page.locator('.contact-new__submit').click();
    await page.waitForURL(/contacts\/index/, { timeout: 30_000 });
  });

  // 2b. Looked up again: the call and the inquiry in the timeline; the full number on purpose.
  await asPerson('desk-owner-view', async (page) => {
    await loginAs(page, url, '王芳');
    await openZhang(page);
    const timeline = page.locator('.owner-view__timeline');
    await shown(timeline.locator('.owner-view__event--call', { hasText: callPurpose }), 30_000);
    await shown(timeline.locator('.owner-view__event--inquiry').first());
    await shown(page.locator('.owner-view__inquiry-row', { hasText: stamp }));
    const first = (await timeline.locator('.owner-view__event').first().textContent()) ?? '';
    check(first.includes(callPurpose), `the newest contact comes first: “${first}”`);
    check(!((await page.locator('.owner-view__subject').textContent()) ?? '').includes(ZHANG_PHONE), 'the phone is masked until revealed');
    await page.locator('.owner-view__person--subject .owner-view__reveal').click();
    await shown(page.locator('.owner-view__person--subject .owner-view__phone', { hasText: ZHANG_PHONE }), 15_000);
    await page.locator('.owner-view__timeline').scrollIntoViewIfNeeded();
  });

  return { inquiryId, question, callPurpose };
}
