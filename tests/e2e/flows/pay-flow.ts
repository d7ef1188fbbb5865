import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { LoginResult } from '../../../shared/contracts/auth.contract';
import type { PayIssueView, UnitAccount } from '../../../shared/contracts/fees.contract';
import type { MessageView } from '../../../shared/contracts/messaging.contract';
import type { Paged } from '../../../shared/contracts/contract';
import { yuan } from '../../../shared/domain/fees';
import { parseLink, routes } from '../../../shared/routes';
import { still } from './still';

/**
 * An owner pays an overdue bill from a reminder, in the H5 demo (issue 19): 李娜's 2栋1单元0802 is
 * overdue and was reminded (the reminder job, as the timer runs it) → in 我的消息 she taps the
 * reminder → the pay page of that unit, the overdue bills ticked → 微信支付 → the 模拟支付 sheet (the
 * demo's stand-in for WeChat's cashier) → 确认支付 → 支付成功 → 我的账单 shows the bills paid and the
 * WeChat payment; the reminder job then sends nothing more for that unit; 赵敏 (cashier) sees the
 * payment, method 微信支付, on the unit's account; the cashier's list of online-payment issues is empty
 * (the day's reconciliation, which needs the next morning's trade bill: payments-demo.test.ts).
 *
 * Returns what it paid, so that the e2e file (or the lead's reconciliation step) can go on from it.
 */
export interface PayFlowContext {
  url: string;
  asPerson: <T>(shot: string, run: (page: Page) => Promise<T>) => Promise<T>;
  loginAs: (page: Page, url: string, person: string) => Promise<void>;
  visible: (page: Page, text: string) => Locator;
  /** Where the flow's extra screenshots go (__screenshots__). */
  shots: string;
}

export interface PayFlowResult {
  unitId: string;
  unitLabel: string;
  amountFen: number;
  /** The WeChat payment's receipt number (WX<transaction id>). */
  receiptNo: string;
}

const UNIT = '2栋1单元0802';
const shown = (locator: Locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

export async function payFlow(ctx: PayFlowContext): Promise<PayFlowResult> {
  const { url, asPerson, loginAs } = ctx;
  // The gateway, as the timer trigger or a manager would call it (the people's steps are in the browser).
  const fn = async <T>(token: string | null, name: string, action: string, data: object = {}): Promise<T> => {
    const res = await fetch(`${url}/fn/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ action, data }),
    });
    const body = (await res.json()) as { ok: boolean; data: T; error?: { code: string; message: string } };
    if (!body.ok) throw new Error(`${name}.${action}: ${JSON.stringify(body.error)}`);
    return body.data;
  };
  const login = async (code: string) => (await fn<LoginResult>(null, 'auth', 'login', { code })).token;
  const manager = await login('demo-manager');
  const owner = await login('demo-owner2');
  const accountNow = async () => (await fn<UnitAccount[]>(owner, 'fees', 'myAccounts')).find((a) => a.unitLabel === UNIT) as UnitAccount;

  const before = await accountNow();
  check(before?.payOnline === 'demo', `WeChat Pay is on in the demo (payOnline: ${before?.payOnline})`);
  const overdue = before.bills.filter((b) => b.status === 'open' && b.daysOverdue > 0 && b.dueFen > 0);
  check(overdue.length > 0, `${UNIT} has overdue bills`);
  // The reminder: sent by an earlier run of the job (the fees test), else now.
  if (!before.reminders.length) await fn(manager, 'jobs', 'remindFees');
  const messages = await fn<Paged<MessageView>>(owner, 'messaging', 'myMessages', { page: 1, pageSize: 50 });
  const reminder = messages.items.find((m) => m.lines.some((l) => l.value === UNIT) && m.link);
  check(!!reminder, `a reminder about ${UNIT} with a link in 李娜's 我的消息`);
  const linked = parseLink(reminder!.link!);
  check(linked?.route === routes.owner.pay && linked.params.unitId === before.unitId, `the reminder opens the pay page of ${UNIT} (link: ${reminder!.link})`);
  const remindersBefore = (await accountNow()).reminders.length;

  // 1. 李娜 opens the reminder and pays in the 模拟支付 sheet.
  const paid = await asPerson('pay-result', async (page) => {
    await loginAs(page, url, '李娜');
    await page.getByText('消息', { exact: true }).filter({ visible: true }).last().click({ timeout: 30_000 });
    const card = page.locator('.message-card', { hasText: UNIT }).filter({ hasText: '查看详情' }).first();
    await shown(card, 20_000);
    await card.click();
    await shown(page.locator('.pay__bills .pay-bill').first(), 20_000);
    // The overdue bills are ticked (oldest first); the total is theirs at least.
    for (const b of overdue) await shown(page.locator(`.pay-bill--on[data-id="${b.id}"]`), 5_000);
    const totalText = (await page.locator('.pay__total').textContent()) ?? '';
    const totalFen = Math.round(Number(totalText.replace(/[^\d.]/g, '')) * 100);
    check(totalFen >= overdue.reduce((s, b) => s + b.dueFen, 0), `the total ${totalText} covers the overdue bills`);
    await still(page);
    await page.screenshot({ path: path.join(ctx.shots, 'pay-page.png'), fullPage: true });

    await page.locator('.pay__submit').click();
    const sheet = page.locator('.pay-sheet__panel');
    await shown(sheet, 20_000);
    await shown(sheet.locator('.pay-sheet__amount', { hasText: yuan(totalFen) }), 5_000);
    await shown(sheet.locator('.pay-sheet__payee', { hasText: '物业服务中心' }), 5_000);
    await still(page);
    await page.screenshot({ path: path.join(ctx.shots, 'pay-sheet.png') });
    await sheet.locator('.pay-sheet__confirm').click();
    await shown(page.locator('.pay-result__title', { hasText: '支付成功' }), 30_000);
    await shown(page.locator('.pay-result__amount', { hasText: `${yuan(totalFen)}元` }), 5_000);
    await shown(page.locator('.pay-result__receipt'), 5_000);
    return totalFen;
  });

  // 2. 我的账单: the overdue bills are paid, the WeChat payment is listed.
  const after = await accountNow();
  const payment = after.payments.find((p) => p.method === 'wechat' && p.amountFen === paid);
  check(!!payment, `a WeChat payment of ${yuan(paid)} on ${UNIT}`);
  await asPerson('pay-bills-paid', async (page) => {
    await loginAs(page, url, '李娜');
    await page.locator('.owner-home__bills').click({ timeout: 30_000 });
    const card = page.locator('.bills-unit', { hasText: UNIT });
    await shown(card.locator('.payment-row', { hasText: payment!.receiptNo }), 20_000);
    for (const b of overdue) await shown(card.locator(`.bill-row--paid[data-id="${b.id}"]`), 5_000);
    check((await card.locator('.bill-row--overdue').count()) === 0, 'no bill of the unit is overdue any more');
  });

  // 3. The ladder stops: the next run sends nothing more about this unit.
  await fn(manager, 'jobs', 'remindFees');
  check((await accountNow()).reminders.length === remindersBefore, 'no new reminder for the paid unit');

  // 4. 赵敏 sees the payment, 微信支付, on the unit's account.
  await asPerson('pay-cashier-account', async (page) => {
    await loginAs(page, url, '赵敏');
    await shown(page.locator('.fees-entry'), 30_000);
    // The unit is no longer in arrears (so not on 欠费管理's list): its account by its link.
    await page.goto(`${url}/#${routes.staff.account.url({ unitId: after.unitId })}`);
    const row = page.locator('.account__payments .payment-row', { hasText: payment!.receiptNo });
    await shown(row, 30_000);
    check(((await row.textContent()) ?? '').includes('微信支付'), 'the payment row names 微信支付');
  });

  // 5. Nothing for the cashier to sort out: the notification was recorded as it came, so the list of
  // online-payment issues is empty. (The day's reconciliation needs WeChat Pay's trade bill, made the
  // next morning: tests/integration/payments-demo.test.ts pays the same demo way and reconciles the day after.)
  const cashier = await login('demo-cashier');
  const issues = await fn<Paged<PayIssueView>>(cashier, 'fees', 'payIssues', { status: 'open' });
  check(issues.total === 0, `no online-payment issue for the cashier (${issues.total})`);

  return { unitId: after.unitId, unitLabel: UNIT, amountFen: paid, receiptNo: payment!.receiptNo };
}
