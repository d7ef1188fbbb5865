import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { until } from '../../helpers/until';

/**
 * Owner-group sentiment (业主群负面舆情) through the H5 app: 王芳 opens 导入聊天记录 from her desk
 * (业主群舆情 → 导入聊天记录) and pastes an exported chat in which three owners complain about a
 * leak (漏水/渗水) within ten minutes — one of them, 1-1502张伟, is the demo owner 张伟 — with a
 * line whose date does not exist and a few neutral messages → the report names the bad line (第N行)
 * and one incident opened → the incident list has the 漏水渗水 incident of that group → its page
 * shows the messages with the evidence highlighted, 张伟 recognised as the owner of 1栋1单元1502, and
 * the reply script with his nickname → 已响应 → 转为报修 (for 张伟's message, chosen by default) → the
 * repair's number is shown → 群概况 shows the group (6 messages, 3 negative, 14 day bars); its
 * messages, then 只看负面 the 3 negative ones → the conversion links to the order (工单号 …).
 * Finally the gateway confirms the repair:
 * 张伟 himself may read it (owners only read their own units' orders), made from the group
 * (channel `sentiment`), with him as the contact and his unit as the place.
 *
 * The helpers are the e2e file's own (one browser context per person with a screenshot, the demo
 * login, a visible-text locator), passed in so this flow can run inside that file's `npm start`.
 */
export interface SentimentFlowContext {
  /** The running app's URL (what `npm start` printed). */
  url: string;
  /** One browser context per person; a screenshot named `shot` at the end (and one on failure). */
  asPerson: <T>(shot: string, run: (page: Page) => Promise<T>) => Promise<T>;
  /** Open the app and tap a demo account on the login page. */
  loginAs: (page: Page, url: string, person: string) => Promise<void>;
  /** The first visible element with this text. */
  visible: (page: Page, text: string) => Locator;
}

export interface SentimentFlowResult {
  groupName: string;
  incidentId: string;
  repairId: string;
  repairNo: string;
}

const shotPath = (name: string) => path.join(__dirname, '..', '__screenshots__', `${name}.png`);
const shown = (locator: Locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai, `minutesAgo` before now (the chat export's time format). */
function shanghaiStamp(minutesAgo: number, now = Date.now()): string {
  return new Date(now - minutesAgo * 60_000 + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The exported chat, and the 1-based number of its malformed line. */
export function leakChat(now = Date.now()): { content: string; badLine: number; messages: number } {
  const lines = [
    `${shanghaiStamp(70, now)} 物业管家小陈: 各位业主上午好，今天下午两点小区修剪绿化，请把车停到地库。`,
    `${shanghaiStamp(65, now)} 豆豆妈妈: 收到，谢谢管家`,
    `${shanghaiStamp(30, now)} 1-1502张伟: 卫生间天花板又漏水了，楼上渗下来的水滴了一晚上，物业到底管不管！`,
    `${shanghaiStamp(26, now)} 豆豆妈妈: 我家也是，墙面渗水发霉，报了好几次都没人来修，太失望了`,
    '2024-02-30 08:00 Tony: 这条消息的日期不存在',
    `${shanghaiStamp(21, now)} 阳台种花的阿姨: 漏水这么多天了还没人处理，物业就是摆设，真是受够了`,
    `${shanghaiStamp(10, now)} Tony: 请问快递柜在哪里？`,
  ];
  return { content: lines.join('\n'), badLine: 5, messages: 6 };
}

async function api<T>(url: string, token: string | undefined, fn: string, action: string, data: unknown = {}): Promise<{ ok: boolean; data?: T; error?: { code: string; message: string } }> {
  const res = await fetch(`${url}/fn/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ action, data }),
  });
  return (await res.json()) as { ok: boolean; data?: T; error?: { code: string; message: string } };
}

export async function sentimentFlow(ctx: SentimentFlowContext): Promise<SentimentFlowResult> {
  const { url, asPerson, loginAs, visible } = ctx;
  const groupName = `幸福里1栋业主群${Date.now().toString(36).slice(-4)}`;
  const chat = leakChat();

  // 1. The agent imports the exported chat: the bad line is reported by number, one incident opens.
  await asPerson('sentiment-import', async (page) => {
    await loginAs(page, url, '王芳');
    await page.locator('.sentiment-entry').click({ timeout: 30_000 });
    await shown(visible(page, '舆情事件'));
    await page.locator('.incidents__import').click({ timeout: 15_000 });
    await shown(visible(page, '2024-05-01 09:12 张三: 内容'));
    await page.locator('.sentiment-import__group input').fill(groupName);
    await page.locator('.sentiment-import__content textarea').fill(chat.content);
    await page.locator('.sentiment-import__submit').click();
    await shown(page.locator('.sentiment-import__report'), 30_000);
    const figure = async (name: string) => (await page.locator(`.sentiment-import__${name} .stat__value`).textContent())?.trim();
    check((await figure('received')) === String(chat.messages), `expected ${chat.messages} messages received, got ${await figure('received')}`);
    check((await figure('negative')) === '3', `expected 3 negative messages, got ${await figure('negative')}`);
    check((await figure('opened')) === '1', `expected 1 incident opened, got ${await figure('opened')}`);
    const problems = page.locator('.sentiment-import__problem');
    check((await problems.count()) === 1, `expected 1 malformed line, got ${await problems.count()}`);
    const problem = (await problems.first().textContent()) ?? '';
    check(problem.includes(`第${chat.badLine}行`) && problem.includes('2024-02-30 08:00 Tony'), `the problem should name line ${chat.badLine} and show it: ${problem}`);
  });

  // 2. The incident list has the leak incident of this group; its page shows the evidence and the script;
  //    已响应, then 转为报修 for 张伟 (the known owner, chosen by default) shows the repair's number.
  const { incidentId, repairNo } = await asPerson('sentiment-incident', async (page) => {
    await loginAs(page, url, '王芳');
    await page.locator('.sentiment-entry').click({ timeout: 30_000 });
    const row = page.locator('.sentiment-incident', { hasText: groupName });
    await shown(row, 15_000);
    const rowText = (await row.textContent()) ?? '';
    check(rowText.includes('漏水渗水') && rowText.includes('待响应') && rowText.includes('3 条负面') && rowText.includes('3 人'), `incident row: ${rowText}`);
    const id = (await row.getAttribute('data-id')) ?? '';
    await row.click();

    await shown(page.locator('.sentiment-detail__summary'), 15_000);
    const messages = page.locator('.sentiment-detail__messages .sentiment-message');
    check((await messages.count()) === 3, `expected the 3 negative messages, got ${await messages.count()}`);
    const zhang = page.locator('.sentiment-detail__messages .sentiment-message', { hasText: '1-1502张伟' });
    await shown(zhang.locator('.sentiment-message__owner', { hasText: '业主：张伟 · 1栋1单元1502' }));
    await shown(zhang.locator('.sentiment-mark--negative', { hasText: '漏水' }));
    await shown(page.locator('.sentiment-mark--negative', { hasText: '受够了' }));
    const script = (await page.locator('.sentiment-detail__script').textContent()) ?? '';
    check(script.includes('@1-1502张伟') && script.includes('漏水'), `reply script: ${script}`);
    check((await page.locator('.sentiment-detail__step').count()) >= 3, 'the response steps are listed');
    await page.locator('.sentiment-detail__copy').click();

    // 已响应: the status moves on and the time to acknowledge shows.
    await page.locator('.sentiment-detail__acknowledge').click();
    await shown(page.locator('.sentiment-detail__summary .sentiment-status--acknowledged'), 15_000);
    await shown(page.locator('.sentiment-detail__acknowledged', { hasText: '响应用时' }));

    // 转为报修: 张伟's message is chosen by default (a known owner).
    await page.locator('.sentiment-detail__to-repair').click();
    await shown(page.locator('.sentiment-detail__sender--active', { hasText: '业主：张伟' }));
    // The form is pre-filled and editable: the topic's category, a neutral description (never the chat quote), the speaker's name.
    await shown(page.locator('.choices--convert-category .choice--active', { hasText: '墙面/渗漏' }), 15_000);
    const described = await page.locator('.sentiment-convert__description textarea').inputValue();
    check(described.startsWith('业主反映') && !described.includes('受够了'), `neutral description: ${described}`);
    check((await page.locator('.sentiment-convert__contact-name input').inputValue()) === '张伟', 'the contact is the speaker');
    await page.screenshot({ path: shotPath('sentiment-convert-form'), fullPage: true });
    await page.locator('.sentiment-convert__submit').click();
    const link = page.locator('.sentiment-detail__conversion--repair');
    await shown(link, 20_000);
    const linkText = (await link.textContent()) ?? '';
    const no = /报修工单\s*([A-Z0-9]+)/.exec(linkText)?.[1] ?? '';
    check(!!no, `a repair number is shown: ${linkText}`);
    await shown(page.locator('.sentiment-timeline__item--convert'));
    check((await page.locator('.sentiment-detail__to-repair').count()) === 0, '转为报修 is no longer offered once converted');
    return { incidentId: id, repairNo: no };
  });

  // 3. 群概况: the group with its figures; its messages, then only the negative ones.
  await asPerson('sentiment-groups', async (page) => {
    await loginAs(page, url, '王芳');
    await page.locator('.sentiment-entry').click({ timeout: 30_000 });
    await page.locator('.incidents__groups').click({ timeout: 15_000 });
    const card = page.locator('.sentiment-group', { hasText: groupName });
    await shown(card, 15_000);
    const figures = (await card.locator('.sentiment-group__figures').textContent()) ?? '';
    check(figures.includes(`${chat.messages} 条消息`) && figures.includes('3 条负面'), `group figures: ${figures}`);
    check((await card.locator('.sentiment-bars__day').count()) === 14, 'a bar per day for 14 days');
    await card.click();
    const list = page.locator('.sentiment-group-messages .sentiment-message');
    await shown(list.first(), 15_000);
    check((await list.count()) === chat.messages, `expected ${chat.messages} messages, got ${await list.count()}`);
    await page.locator('.sentiment-group-messages__negative').click();
    await until(async () => (await list.count()) === 3, { timeout: 15_000, interval: 100, what: '只看负面: 3 messages' });
    await shown(page.locator('.sentiment-group-messages .sentiment-mark--negative', { hasText: '摆设' }));
  });

  // 4. The conversion links to the order; the gateway confirms it is 张伟's.
  const repairId = await asPerson('sentiment-repair', async (page) => {
    await loginAs(page, url, '王芳');
    await page.locator('.sentiment-entry').click({ timeout: 30_000 });
    await page.locator('.sentiment-incident', { hasText: groupName }).click({ timeout: 15_000 });
    await page.locator('.sentiment-detail__conversion--repair').click({ timeout: 15_000 });
    await shown(visible(page, `工单号 ${repairNo}`), 20_000);
    await shown(page.locator('.repair-info--contact', { hasText: '张伟' }));
    await shown(page.locator('.repair-info--location', { hasText: '1栋1单元1502' }));

    const agent = await api<{ token: string }>(url, undefined, 'auth', 'login', { code: 'demo-agent' });
    check(agent.ok && !!agent.data, 'agent login');
    const incident = await api<{ conversions: { kind: string; id: string; no: string }[]; status: string }>(url, agent.data?.token, 'sentiment', 'incident', { incidentId });
    const repair = incident.data?.conversions.find((c) => c.kind === 'repair');
    check(!!repair && repair.no === repairNo && incident.data?.status === 'acknowledged', `incident after the conversion: ${JSON.stringify(incident)}`);
    // 张伟 may read it: owners read only the orders of their own units.
    const owner = await api<{ token: string }>(url, undefined, 'auth', 'login', { code: 'demo-owner' });
    const order = await api<{ orderNo: string; contactName: string; location: string; channel: string }>(url, owner.data?.token, 'repairs', 'get', { repairId: repair?.id });
    check(order.ok === true, `张伟 reads the repair: ${JSON.stringify(order.error)}`);
    check(
      order.data?.orderNo === repairNo && order.data.contactName === '张伟' && order.data.channel === 'sentiment' && order.data.location === '1栋1单元1502',
      `the repair: ${JSON.stringify(order.data)}`,
    );
    return repair?.id ?? '';
  });

  return { groupName, incidentId, repairId, repairNo };
}
