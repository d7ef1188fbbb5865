import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { LoginResult } from '../../../shared/contracts/auth.contract';
import type { MessageView } from '../../../shared/contracts/messaging.contract';
import type { Paged } from '../../../shared/contracts/contract';
import type { RepairDetail } from '../../../shared/contracts/repairs.contract';
import { until } from '../../helpers/until';

/**
 * Issue 18's flow fixes through the H5 app:
 * - 孙涛 writes a 停水通知 and picks 停水范围 = 1栋: 发送对象 becomes 指定楼栋 1栋 by itself, and 检查并发布
 *   first asks 「将推送给 1栋 N 户，其中 M 户可收到微信提醒」 (N = 1栋's households) before 确认发布;
 * - 张伟 (1栋) has it on his board and one card for it in 我的消息 (no delivery wording) that opens it;
 *   李娜 (2栋) does not have it;
 * - a staff alert WeChat cannot deliver (the technician's 新工单 for 李娜's repair) stays in the
 *   technician's 我的消息: 王芳's 电话通知 list has no task for it.
 * Saves __screenshots__/notice-publish-confirm.png and owner-messages.png (390×844).
 */
export interface FixesFlowContext {
  url: string;
  asPerson: <T>(shot: string, run: (page: Page) => Promise<T>) => Promise<T>;
  loginAs: (page: Page, url: string, person: string) => Promise<void>;
  visible: (page: Page, text: string) => Locator;
}

export interface FixesFlowResult {
  units: number;
  wechat: number;
  orderNo: string;
}

const SHOTS = path.join(__dirname, '..', '__screenshots__');
const shown = (locator: Locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });
const tab = (page: Page, text: string) => page.getByText(text, { exact: true }).filter({ visible: true }).last();

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

export async function fixesFlow(ctx: FixesFlowContext): Promise<FixesFlowResult> {
  const { url, asPerson, loginAs } = ctx;
  const tag = Date.now().toString(36).slice(-5);
  const reason = `1栋水箱清洗${tag}`;

  // 1. The manager picks 1栋 in the text; the audience follows; the confirmation counts households.
  const reach = await asPerson('notice-publish-scoped', async (page) => {
    await loginAs(page, url, '孙涛');
    await page.locator('.manager__notices').click({ timeout: 30_000 });
    await page.locator('.notices__new').click({ timeout: 15_000 });
    await page.locator('.notice-templates__item', { hasText: '停水通知' }).click({ timeout: 15_000 });
    const pickToday = async (opener: string) => {
      await page.locator(opener).click({ timeout: 15_000 });
      await page.locator('.weui-picker__action', { hasText: '确定' }).filter({ visible: true }).first().click({ timeout: 10_000 });
    };
    await page.locator('.notice-var--reason input').fill(reason);
    await pickToday('.notice-var--date .notice-var__picker');
    await pickToday('.notice-var--timeRange .notice-var__from');
    await pickToday('.notice-var--timeRange .notice-var__to');
    // 停水范围 = 1栋 → 发送对象 = 指定楼栋 1栋.
    await page.locator('.notice-var--buildings .choice', { hasText: /^1栋$/ }).click();
    await shown(page.locator('.notice-target .choice--active', { hasText: '指定楼栋' }));
    const chosen = page.locator('.notice-target__buildings .choice--active');
    await shown(chosen);
    check((await chosen.count()) === 1, 'one building chosen');
    const label = (await chosen.textContent()) ?? '';
    const households = Number(/^1栋（(\d+)户）$/.exec(label.trim())?.[1]);
    check(households > 0, `1栋's households in “${label}”`);

    await page.locator('.notice-new__publish').click();
    const confirm = page.locator('.notice-new__reach-text');
    await shown(confirm, 30_000);
    const text = ((await confirm.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    const m = /将推送给 1栋 (\d+) 户，其中 (\d+) 户可收到微信提醒/.exec(text);
    check(!!m, `the confirmation says whom it reaches: “${text}”`);
    const units = Number(m![1]);
    const wechat = Number(m![2]);
    check(units === households, `confirmation ${units} households = 1栋's ${households}`);
    check(wechat <= units, 'reachable ≤ households');
    await page.locator('.notice-new__reach').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'notice-publish-confirm.png') });
    await page.locator('.notice-new__reach-ok').click();
    await shown(page.locator('.notice-stats__read'), 30_000);
    return { units, wechat };
  });

  // 2. 张伟 (1栋) reads it; his 我的消息 has one card for it, without delivery words, that opens it.
  await asPerson('owner-messages-opened', async (page) => {
    await loginAs(page, url, '张伟');
    await page.locator('.owner-home__notices').click({ timeout: 30_000 });
    await shown(page.locator('.board-notice', { hasText: reason }));
    await page.goBack();
    await tab(page, '消息').click({ timeout: 20_000 });
    const card = page.locator('.message-card', { hasText: '停水通知' }).first();
    await shown(card, 20_000);
    const all = (await page.locator('.messages').textContent()) ?? '';
    check(!/订阅消息|公众号|站内/.test(all), `no delivery wording in 我的消息: “${all.slice(0, 200)}”`);
    await page.screenshot({ path: path.join(SHOTS, 'owner-messages.png') });
    await card.click();
    await shown(page.locator('.notice-detail__body', { hasText: reason }), 20_000);
  });

  // 3. 李娜 (2栋) does not get it.
  await asPerson('notice-other-building', async (page) => {
    await loginAs(page, url, '李娜');
    await page.locator('.owner-home__notices').click({ timeout: 30_000 });
    await shown(page.locator('.board-notice').first(), 20_000);
    check((await page.locator('.board-notice', { hasText: reason }).count()) === 0, '2栋 does not see 1栋 notice');
  });

  // 4. A staff alert WeChat cannot deliver: 李娜's repair goes to a technician (no subscription left) and no call task comes of it.
  const fn = async <T>(token: string | null, name: string, action: string, data: object = {}): Promise<T> => {
    const res = await fetch(`${url}/fn/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ action, data }),
    });
    const body = (await res.json()) as { ok: boolean; data: T; error?: unknown };
    if (!body.ok) throw new Error(`${name}.${action}: ${JSON.stringify(body.error)}`);
    return body.data;
  };
  const login = async (code: string) => (await fn<LoginResult>(null, 'auth', 'login', { code })).token;
  const owner = await login('demo-owner2');
  const repair = await fn<RepairDetail>(owner, 'repairs', 'create', {
    requestId: `e2e-fixes-${tag}`,
    area: 'common',
    place: '2栋电梯厅',
    category: '公共照明',
    description: `2栋电梯厅的灯一直闪（${tag}）`,
  });
  const tech = await login('demo-tech1');
  // The outbox job has tried WeChat: the technician's new-order alert is no longer waiting.
  await until(
    async () => {
      const mine = await fn<Paged<MessageView>>(tech, 'messaging', 'myMessages', { pageSize: 20 });
      const it = mine.items.find((x) => x.lines.some((l) => l.value === repair.orderNo));
      return !!it && it.status !== 'queued' && it.status !== 'sending';
    },
    { timeout: 60_000, interval: 500, what: `the technician's alert for ${repair.orderNo} tried` },
  );
  await asPerson('agent-calls-no-staff', async (page) => {
    await loginAs(page, url, '王芳');
    await page.locator('.calls-entry').click({ timeout: 30_000 });
    await shown(page.locator('.call-task').first().or(ctx.visible(page, '暂无需要电话通知的住户')), 20_000);
    const text = (await page.locator('.calls, .page').first().textContent()) ?? '';
    check(!text.includes(repair.orderNo), `no call task for the staff alert of ${repair.orderNo}`);
    check(!/刘强|陈磊|王芳/.test((await page.locator('.call-task').allTextContents()).join(' ')), 'no call task names a staff member');
  });
  return { ...reach, orderNo: repair.orderNo };
}
