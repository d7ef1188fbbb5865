import type { Locator, Page } from 'playwright-core';
import { until } from '../../helpers/until';

/**
 * A complaint through the H5 app, person by person (each in their own browser context):
 * 张伟 files a complaint in 我要投诉 → 王芳 opens it from 投诉处理, accepts it (受理), tries to answer
 * without the 有效/无效 judgement (the server names the missing step under the field), then answers
 * in writing as 有效投诉 → 张伟 sees the reply in 我的投诉 (with 对答复满意 / 仍不满意 offered) →
 * 王芳 finds the 回访 task (marked 投诉) in 回访任务, opens the complaint from it, records 电话回访 · 满意
 * and closes it (结案) → 张伟 sees 已结案 with every step in the history.
 *
 * The helpers are the e2e file's own (one browser context per person with a screenshot, the demo
 * login, a visible-text locator), passed in so this flow can run inside that file's `npm start`.
 */
export interface ComplaintFlowContext {
  /** The running app's URL (what `npm start` printed). */
  url: string;
  /** One browser context per person; a screenshot named `shot` at the end (and one on failure). */
  asPerson: <T>(shot: string, run: (page: Page) => Promise<T>) => Promise<T>;
  /** Open the app and tap a demo account on the login page. */
  loginAs: (page: Page, url: string, person: string) => Promise<void>;
  /** The first visible element with this text. */
  visible: (page: Page, text: string) => Locator;
}

export interface ComplaintFlowResult {
  caseNo: string;
  description: string;
  reply: string;
}

const shown = (locator: Locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });

async function countWithin(locator: Locator, count: number, timeout: number): Promise<void> {
  await until(async () => (await locator.count()) === count, { timeout, interval: 100, what: `${count} of ${locator.toString()}` });
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

export async function complaintFlow(ctx: ComplaintFlowContext): Promise<ComplaintFlowResult> {
  const { url, asPerson, loginAs, visible } = ctx;
  const description = `东门岗亭晚上十点以后经常没人值守，外来人员随意进出（${Date.now().toString(36)}）`;
  const reply = '张先生您好：经核实，东门夜班保安存在脱岗情况，已对其批评教育并调整排班，夜间东门改为双人值守，外来人员一律登记。感谢您的监督。';

  // 1. The owner files the complaint.
  const caseNo = await asPerson('complaint-owner-submit', async (page) => {
    await loginAs(page, url, '张伟');
    await page.locator('.owner-home__complaint-new').click({ timeout: 30_000 });
    await shown(visible(page, '投诉类别'));
    // Sending with nothing filled in names the problems under the fields, before anything is sent.
    await page.locator('.complaint-new__submit').click();
    await shown(page.locator('.field--category .field__error'), 5_000);
    await page.locator('.choices--complaint-category .choice', { hasText: '安全秩序' }).click();
    await page.locator('.complaint-new__description textarea').fill(description);
    await shown(page.locator('.complaint-new__count', { hasText: `${description.length}/1000` }), 5_000);
    await page.locator('.complaint-new__submit').click();
    // The complaint's page: received, with its case number and the first history entry.
    await shown(page.locator('.complaint-detail__head'), 30_000);
    await shown(page.locator('.complaint-detail__head .complaint-status--received'));
    await shown(page.locator('.complaint-timeline__item--create'), 5_000);
    const head = (await page.locator('.complaint-detail__no').textContent()) ?? '';
    const no = /TS\w+/.exec(head)?.[0];
    check(!!no, `no case number in “${head}”`);
    return no as string;
  });

  // 2. The agent accepts it and answers in writing.
  await asPerson('complaint-agent-reply', async (page) => {
    await loginAs(page, url, '王芳');
    await page.locator('.complaints-entry').click({ timeout: 30_000 });
    const row = page.locator('.complaints-list__item', { hasText: caseNo });
    await shown(row);
    check(((await row.textContent()) ?? '').includes('首次响应时限'), 'the list row shows the running deadline');
    await row.click();
    await shown(page.locator('.complaint-staff__summary .complaint-status--received'));
    await shown(page.locator('.complaint-staff__phone', { hasText: '13900001502' }), 5_000);
    await page.locator('.complaint-staff__accept').click();
    await shown(page.locator('.choices--complaint-handler .choice--active', { hasText: '王芳' }));
    await page.locator('.complaint-staff__accept-submit').click();
    await shown(page.locator('.complaint-staff__summary .complaint-status--accepted'));
    await shown(page.locator('.complaint-info--handler', { hasText: '王芳' }), 5_000);

    await page.locator('.complaint-staff__reply').click({ timeout: 15_000 });
    await page.locator('.complaint-staff__reply-content textarea').fill(reply);
    // No judgement yet: the server's COMPLAINT.STEP_MISSING (missing: validity) is shown under 投诉判定.
    await page.locator('.complaint-staff__reply-submit').click();
    await shown(page.locator('.field--reply-validity .field__error', { hasText: '有效' }));
    await page.locator('.choices--complaint-validity .choice', { hasText: '有效投诉' }).click();
    await page.locator('.complaint-staff__reply-submit').click();
    await shown(page.locator('.complaint-staff__summary .complaint-status--replied'));
    await shown(page.locator('.complaint-reply', { hasText: '双人值守' }), 5_000);
    // Closing is not offered before the follow-up.
    check((await page.locator('.complaint-staff__close').count()) === 0, '结案 is offered before the follow-up');
  });

  // 3. The owner reads the reply.
  await asPerson('complaint-owner-reply', async (page) => {
    await loginAs(page, url, '张伟');
    await page.locator('.owner-home__complaints-link').click({ timeout: 30_000 });
    const item = page.locator('.my-complaints__item', { hasText: caseNo });
    await shown(item.locator('.complaint-status--replied'));
    await item.click();
    await shown(page.locator('.complaint-reply', { hasText: '双人值守' }));
    await shown(page.locator('.complaint-detail__confirm'), 5_000);
    await shown(page.locator('.complaint-detail__unhappy'), 5_000);
    await shown(page.locator('.complaint-followup--open'), 5_000);
  });

  // 4. The agent records the follow-up (from 回访任务, where it is marked 投诉) and closes the complaint.
  await asPerson('complaint-agent-close', async (page) => {
    await loginAs(page, url, '王芳');
    await page.locator('.followups-entry').click({ timeout: 30_000 });
    const task = page.locator('.followup-task', { hasText: caseNo });
    await shown(task);
    await shown(task.locator('.followup-task__source--complaint', { hasText: '投诉' }), 5_000);
    await task.locator('.followup-task__open--complaint').click();
    await shown(page.locator('.complaint-staff__summary .complaint-status--replied'));
    await page.locator('.complaint-staff__followup').click();
    await page.locator('.choices--complaint-followup-method .choice', { hasText: '电话回访' }).click();
    await page.locator('.choices--complaint-followup-outcome .choice', { hasText: /^满意$/ }).click();
    await page.locator('.complaint-staff__followup-note textarea').fill('业主表示东门已有人值守，对处理满意');
    await page.locator('.complaint-staff__followup-submit').click();
    await shown(page.locator('.complaint-staff__summary .complaint-status--followup'));
    await shown(page.locator('.complaint-followup--done', { hasText: '满意' }), 5_000);
    await page.locator('.complaint-staff__close').click();
    await page.locator('.complaint-staff__close-submit').click();
    await shown(page.locator('.complaint-staff__summary .complaint-status--closed'));
    check((await page.locator('.complaint-staff__actions').count()) === 0, 'no action is left after 结案');
  });

  // 5. The owner sees it closed, with every step in the history.
  await asPerson('complaint-owner-closed', async (page) => {
    await loginAs(page, url, '张伟');
    await page.locator('.owner-home__complaints-link').click({ timeout: 30_000 });
    const item = page.locator('.my-complaints__item', { hasText: caseNo });
    await shown(item.locator('.complaint-status--closed', { hasText: '已结案' }));
    await item.click();
    await shown(page.locator('.complaint-detail__status', { hasText: '已结案' }));
    await countWithin(page.locator('.complaint-detail__history .complaint-timeline__item'), 5, 10_000);
    for (const event of ['create', 'accept', 'reply', 'followup', 'close']) await shown(page.locator(`.complaint-timeline__item--${event}`), 5_000);
    check((await page.locator('.complaint-detail__actions').count()) === 0, 'the owner has no action left on a closed complaint');
  });

  return { caseNo, description, reply };
}
