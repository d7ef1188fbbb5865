import type { Locator, Page } from 'playwright-core';
import { localDay } from '../../../shared/domain/calendar';
import { routes } from '../../../shared/routes';
import { drawSignature } from './signature';
import { pickDay } from './picker';
import { still } from './still';

/**
 * A renovation (二次装修) through the H5 app, person by person (each in their own browser context):
 * 1. 张伟 applies from his home's 装修申请: rooms and works, the contractor and one worker, works from
 *    today; signs both papers, hands the phone to the contractor's foreman who signs too, and submits;
 * 2. 王芳 (agent) reviews it with a condition; 孙涛 (manager) approves: 许可证, bills, one 出入证;
 * 3. the desk takes the renovation's fees (赵敏, the cashier, through the gateway as the 收银 page would);
 *    王芳 starts the works (开工: the neighbours' notice goes out) and reads the worker's pass code;
 * 4. at the gate (门岗核验) the code is valid, with the worker's name and whole ID number;
 * 5. 王芳 patrols: rubbish piled in the corridor → 整改通知 with a deadline; the re-inspection finds it
 *    cleared → the violation is closed;
 * 6. 张伟 applies for acceptance (申请验收); 王芳 inspects: all in order, one deduction (走廊墙面修补,
 *    200 元) → 验收通过; 孙涛 gives the deposit back (退还押金) minus the deduction → 已结案;
 * 7. 张伟 sees in 我的账单 the deposit 已退还, the deduction billed and paid, and the refund on his payment.
 *
 * The helpers are the e2e file's own, passed in so this flow runs inside that file's `npm start`.
 */
export interface RenovationFlowContext {
  url: string;
  asPerson: <T>(shot: string, run: (page: Page) => Promise<T>) => Promise<T>;
  loginAs: (page: Page, url: string, person: string) => Promise<void>;
  visible: (page: Page, text: string) => Locator;
}

export interface RenovationFlowResult {
  renovationId: string;
  passCode: string;
}

const UNIT = '1栋1单元1502';
const COMPANY = '杭州安居装饰工程有限公司';
const FOREMAN = '王建国';
const WORKER = '李师傅';
const WORKER_ID = '11010119900307651X';
const DEDUCTION_FEN = 20_000;
const shown = (locator: Locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** The gateway, as the cashier's 收银 page calls it (the desk's payment is not this flow's subject). */
async function gateway<T>(url: string, token: string | null, fn: string, action: string, data: object): Promise<T> {
  const res = await fetch(`${url}/fn/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ action, data }),
  });
  const body = (await res.json()) as { ok: boolean; data: T; error?: { code: string } };
  if (!body.ok) throw new Error(`${fn}.${action}: ${JSON.stringify(body.error)}`);
  return body.data;
}

export async function renovationFlow(ctx: RenovationFlowContext): Promise<RenovationFlowResult> {
  const { url, asPerson, loginAs, visible } = ctx;
  const today = localDay(new Date());

  // 1. 张伟 applies, signs with his contractor and submits.
  const renovationId = await asPerson('renovation-owner-apply', async (page) => {
    await loginAs(page, url, '张伟');
    await shown(page.locator('.owner-home__complaint-new'), 30_000);
    await visible(page, '装修申请').click();
    await shown(page.locator('.renovations__new'), 30_000);
    await page.locator('.renovations__new').click();
    await shown(page.locator('.renovation-form__company'), 30_000);
    const form = page.locator('.renovation-form');
    await form.locator('.choice', { hasText: '客厅' }).first().click();
    await form.locator('.choice', { hasText: '墙面油漆/墙纸' }).click();
    await form.locator('.choice', { hasText: '地面铺装' }).click();
    await form.locator('.renovation-form__description textarea').fill('客厅墙面重新刷乳胶漆，更换客厅和卧室木地板');
    await form.locator('.renovation-form__company input').fill(COMPANY);
    await form.locator('.renovation-form__foreman input').fill(FOREMAN);
    await form.locator('.renovation-form__contractor-phone input').fill('13700002222');
    await form.locator('.renovation-worker__name input').first().fill(WORKER);
    await form.locator('.renovation-worker__id input').first().fill(WORKER_ID);
    // Works from today (the form proposes a few days ahead): the pass is valid at the gate today.
    const start = form.locator('.renovation-form__start');
    await pickDay(page, start, ((await start.textContent()) ?? '').trim(), today);
    await page.waitForFunction((d) => document.querySelector('.renovation-form__start')?.textContent?.trim() === d, today, { timeout: 10_000 });
    await form.locator('.renovation-form__save').click();
    await page.waitForURL(/renovation\/index\?id=/, { timeout: 30_000 });
    const id = new URL(page.url().replace('/#/', '/')).searchParams.get('id') ?? '';
    await shown(page.locator('.renovation-actions__sign'), 30_000);
    check(((await page.locator('.renovation-detail__dates').textContent()) ?? '').includes(today), 'the works start today');

    await page.locator('.renovation-actions__sign').click();
    await shown(page.locator('.signature-pad--renovation-owner'), 30_000);
    await drawSignature(page, page.locator('.signature-pad--renovation-owner'));
    // The phone handed to the foreman: the form turns to 施工单位负责人 with his name.
    await shown(page.locator('.signature-pad--renovation-contractor'), 30_000);
    check((await page.locator('.renovation-sign__name input').inputValue()) === FOREMAN, 'the foreman signs under his name');
    await drawSignature(page, page.locator('.signature-pad--renovation-contractor'));
    await shown(page.locator('.renovation-sign__back'), 30_000);
    await page.locator('.renovation-sign__back').click();
    await shown(page.locator('.renovation-actions__submit'), 30_000);
    await page.locator('.renovation-actions__submit').click();
    await shown(visible(page, '待审核'), 30_000);
    await still(page);
    return id;
  });
  check(/^[a-f0-9]{24}$/.test(renovationId), `the renovation's id from the page's address: “${renovationId}”`);

  // 2a. 王芳 reviews with a condition.
  await asPerson('renovation-agent-review', async (page) => {
    await loginAs(page, url, '王芳');
    await shown(page.locator('.owner-lookup-entry__q'), 30_000);
    await page.goto(`${url}/#${routes.staff.renovation.url({ id: renovationId })}`);
    const review = page.locator('.renovation-permit__review-form');
    await shown(review, 30_000);
    await review.locator('.renovation-permit__chip, .choice').first().click();
    await review.locator('.renovation-permit__review-submit').click();
    await shown(visible(page, '待审批'), 30_000);
  });

  // 2b. 孙涛 approves: the 许可证 and one 出入证.
  await asPerson('renovation-manager-approve', async (page) => {
    await loginAs(page, url, '孙涛');
    await shown(page.locator('.manager__notices'), 30_000);
    await page.goto(`${url}/#${routes.staff.renovation.url({ id: renovationId })}`);
    const approve = page.locator('.renovation-permit__approve');
    await shown(approve, 30_000);
    await approve.locator('.renovation-permit__approve-submit').click();
    await shown(page.locator('.renovation-permit__permit'), 30_000);
    await shown(page.locator('.renovation-pass__code').first(), 30_000);
    await still(page);
  });

  // 3. The desk takes the fees; 王芳 starts the works and reads the pass code.
  const cashier = (await gateway<{ token: string }>(url, null, 'auth', 'login', { code: 'demo-cashier' })).token;
  const owner = (await gateway<{ token: string }>(url, null, 'auth', 'login', { code: 'demo-owner' })).token;
  const account = async () => (await gateway<{ unitId: string; unitLabel: string; owedFen: number; bills: { itemName: string; status: string; amountFen: number }[]; payments: { refundedFen: number }[] }[]>(url, owner, 'fees', 'myAccounts', {})).find((a) => a.unitLabel === UNIT)!;
  const before = await account();
  check(before.bills.some((b) => b.itemName.includes('押金') && b.status === 'open'), 'approval billed the deposit to 张伟');
  await gateway(url, cashier, 'fees', 'recordPayment', { unitId: before.unitId, amountFen: before.owedFen, method: 'pos', receiptNo: `ZX-E2E-${Date.now().toString(36)}`, note: '装修押金及装修费用' });

  const passCode = await asPerson('renovation-agent-start', async (page) => {
    await loginAs(page, url, '王芳');
    await shown(page.locator('.owner-lookup-entry__q'), 30_000);
    await page.goto(`${url}/#${routes.staff.renovation.url({ id: renovationId })}`);
    await shown(page.locator('.renovation-permit__start-submit'), 30_000);
    await page.locator('.renovation-permit__start-submit').click();
    await page.getByText('确定', { exact: true }).filter({ visible: true }).first().click({ timeout: 10_000 });
    await shown(visible(page, '施工中'), 30_000);
    const code = ((await page.locator('.renovation-pass__code').first().textContent()) ?? '').replace(/[^0-9A-Z-]/g, '');
    check(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(code), `a pass code is shown: “${code}”`);
    return code;
  });

  // 4. The gate: the worker's pass is valid today, with his whole ID number.
  await asPerson('renovation-gate', async (page) => {
    await loginAs(page, url, '王芳');
    await shown(page.locator('.owner-lookup-entry__q'), 30_000);
    await page.goto(`${url}/#${routes.staff.gate.url()}`);
    await page.locator('.gate__input input').fill(passCode, { timeout: 30_000 });
    await page.locator('.gate__check').click();
    await shown(page.locator('.gate__verdict--valid'), 30_000);
    await shown(page.locator('.gate-worker__name', { hasText: WORKER }));
    await shown(page.locator('.gate-worker__id', { hasText: WORKER_ID }));
  });

  // 5. A patrol finds rubbish in the corridor → 整改通知; the re-inspection finds it cleared.
  await asPerson('renovation-patrol', async (page) => {
    await loginAs(page, url, '王芳');
    await shown(page.locator('.owner-lookup-entry__q'), 30_000);
    await page.goto(`${url}/#${routes.staff.renovation.url({ id: renovationId })}`);
    await shown(page.locator('.renovation-patrols__start'), 30_000);
    await page.locator('.renovation-patrols__start').click();
    const form = page.locator('.renovation-patrol__form');
    await shown(form, 30_000);
    const corridor = form.locator('.patrol-item[data-key="common_area"]');
    await corridor.locator('.patrol-item__mark--bad').click();
    await corridor.locator('.patrol-item__note textarea').fill('15楼电梯厅堆放水泥和瓷砖');
    await form.locator('.renovation-patrol__rest-ok').click();
    await form.locator('.choices--patrol-severity .choice', { hasText: '一般违规' }).click();
    await form.locator('.renovation-patrol__send').click();
    await shown(page.locator('.renovation-patrol__result'), 30_000);
    await shown(page.locator('.renovation-patrol__result .violation'), 15_000);

    // Back on the renovation: its patrol section shows the notice and the re-inspection task.
    await page.goBack();
    const reinspection = page.locator('.patrol-row', { has: page.locator('.patrol-tag--reinspection') }).first();
    await shown(reinspection, 30_000);
    await reinspection.click();
    const again = page.locator('.renovation-patrol__form');
    await shown(again, 30_000);
    await shown(page.locator('.renovation-patrol__reinspects'));
    await again.locator('.renovation-patrol__rest-ok').click();
    await again.locator('.renovation-patrol__send').click();
    await shown(page.locator('.renovation-patrol__result'), 30_000);
    await page.goBack();
    await shown(page.locator('.renovation-patrols').getByText('未整改违规 0 项'), 30_000);
  });

  // 6a. 张伟 applies for acceptance.
  await asPerson('renovation-owner-acceptance', async (page) => {
    await loginAs(page, url, '张伟');
    await shown(page.locator('.owner-home__complaint-new'), 30_000);
    await page.goto(`${url}/#${routes.owner.renovation.url({ id: renovationId })}`);
    await shown(page.locator('.acceptance-apply__send'), 30_000);
    await page.locator('.acceptance-apply__send').click();
    await page.getByText('申请验收', { exact: true }).filter({ visible: true }).last().click({ timeout: 10_000 });
    await shown(visible(page, '待验收'), 30_000);
  });

  // 6b. 王芳 inspects: all in order, one deduction → 验收通过.
  await asPerson('renovation-agent-acceptance', async (page) => {
    await loginAs(page, url, '王芳');
    await shown(page.locator('.owner-lookup-entry__q'), 30_000);
    await page.goto(`${url}/#${routes.staff.renovation.url({ id: renovationId })}`);
    const form = page.locator('.acceptance-form');
    await shown(form, 30_000);
    await form.locator('.acceptance-form__rest-ok').click();
    await form.locator('.acceptance-form__add-deduction').click();
    await form.locator('.acceptance-form__reason input').fill('15楼电梯厅墙面修补');
    await form.locator('.acceptance-form__amount input').fill(String(DEDUCTION_FEN / 100));
    await form.locator('.choices--acceptance-outcome .choice', { hasText: '验收通过' }).click();
    await form.locator('.acceptance-form__send').click();
    await page.getByText('提交', { exact: true }).filter({ visible: true }).last().click({ timeout: 10_000 });
    await shown(visible(page, '验收通过'), 30_000);
  });

  // 6c. 孙涛 gives the deposit back minus the deduction → 已结案.
  await asPerson('renovation-manager-refund', async (page) => {
    await loginAs(page, url, '孙涛');
    await shown(page.locator('.manager__notices'), 30_000);
    await page.goto(`${url}/#${routes.staff.renovation.url({ id: renovationId })}`);
    await shown(page.locator('.acceptance-refund__send'), 30_000);
    await page.locator('.acceptance-refund__send').click();
    await page.getByText('确认退还', { exact: true }).filter({ visible: true }).last().click({ timeout: 10_000 });
    await shown(visible(page, '已结案'), 30_000);
    await shown(page.locator('.acceptance-money__row--deduction'), 15_000);
  });

  // 7. 张伟's account: the deposit 已退还, the deduction billed and paid, the refund on his payment.
  await asPerson('renovation-owner-account', async (page) => {
    await loginAs(page, url, '张伟');
    await shown(page.locator('.owner-home__complaint-new'), 30_000);
    await page.goto(`${url}/#${routes.owner.bills.url()}`);
    await shown(page.locator('.bill-row__tag', { hasText: '已退还' }).first(), 30_000);
    await shown(visible(page, '装修押金扣款'), 15_000);
  });
  const after = await account();
  const deposit = after.bills.find((b) => b.itemName.includes('押金') && !b.itemName.includes('扣款'));
  check(deposit?.status === 'returned', `the deposit bill is returned: ${JSON.stringify(deposit)}`);
  check(after.bills.some((b) => b.itemName.includes('扣款') && b.status === 'paid' && b.amountFen === DEDUCTION_FEN), 'the deduction is billed and paid by what was kept');
  check(after.payments.some((p) => p.refundedFen === deposit!.amountFen - DEDUCTION_FEN), 'the deposit less the deduction is refunded on his payment');
  check(after.owedFen === 0, `nothing owed after: ${after.owedFen}`);
  return { renovationId, passCode };
}
