import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { until } from '../../helpers/until';

/**
 * The correction loop of the owner-group sentiment engine (issue 26) through the H5 app: an owner
 * writes 3号楼电梯又在蹦迪了 (the elevator lurching up and down — a safety risk in owners' slang that
 * the built-in lexicon does not know; ingested through the API with 王芳's session, as a WeCom
 * archive would) → nothing is raised. 王芳 opens 群概况 → the group's messages → 纠正 on it: 漏报,
 * the phrase 蹦迪 picked by tapping its first and its last character, 升级风险 for 人身安全, topic
 * 电梯 → 已提交，等待经理审核. The manager 孙涛 opens 词库纠正 from his home: the message with the
 * phrase highlighted, the engine's verdict and lexicon, the proposed entry → 预览影响 says 本条消息将被
 * 纠正 ✓ → 采纳; 本小区词库 lists 蹦迪 at 本小区 v1 or later. A new message with the same wording
 * (5号楼的电梯也在蹦迪) now raises an incident, which shows on 王芳's 舆情事件.
 *
 * The helpers are the e2e file's own (one browser context per person with a screenshot, the demo
 * login, a visible-text locator), passed in so this flow runs inside that file's `npm start`.
 */
export interface SentimentCorrectionFlowContext {
  url: string;
  asPerson: <T>(shot: string, run: (page: Page) => Promise<T>) => Promise<T>;
  loginAs: (page: Page, url: string, person: string) => Promise<void>;
  visible: (page: Page, text: string) => Locator;
}

export interface SentimentCorrectionFlowResult {
  groupName: string;
  correctionId: string;
  incidentId: string;
  lexiconLabel: string;
}

const shotPath = (name: string) => path.join(__dirname, '..', '__screenshots__', `${name}.png`);
const shown = (locator: Locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

interface Answer<T> {
  ok: boolean;
  data?: T;
  error?: { code: string; message: string };
}

async function api<T>(url: string, token: string | undefined, fn: string, action: string, data: unknown = {}): Promise<Answer<T>> {
  const res = await fetch(`${url}/fn/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ action, data }),
  });
  return (await res.json()) as Answer<T>;
}

interface IngestReport {
  inserted: number;
  negative: number;
  incidentsOpened: number;
}

/** Tap a chip of a Choices group unless it is already chosen (or, `on` false, already not chosen). */
async function choose(page: Page, group: string, label: string, on = true): Promise<void> {
  const chip = page.locator(`.choices--${group} .choice`, { hasText: label }).first();
  await shown(chip);
  if (((await chip.getAttribute('class')) ?? '').includes('choice--active') !== on) await chip.click();
}

export async function sentimentCorrectionFlow(ctx: SentimentCorrectionFlowContext): Promise<SentimentCorrectionFlowResult> {
  const { url, asPerson, loginAs, visible } = ctx;
  const suffix = Date.now().toString(36).slice(-4);
  const groupName = `幸福里3栋业主群${suffix}`;
  const groupId = `e2e-correction-${suffix}`;
  const missed = '3号楼电梯又在蹦迪了';
  const again = '5号楼的电梯也在蹦迪';

  const agent = await api<{ token: string }>(url, undefined, 'auth', 'login', { code: 'demo-agent' });
  check(agent.ok && !!agent.data, `agent login: ${JSON.stringify(agent.error)}`);
  const token = agent.data?.token;
  const sentAt = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

  // 0. The message the engine misses: ingested, not negative, nothing raised.
  const first = await api<IngestReport>(url, token, 'sentiment', 'ingest', {
    groupId,
    groupName,
    messages: [
      { messageId: `${groupId}-1`, sender: { id: `${groupId}-a`, nickname: '3-0801李阿姨' }, text: missed, sentAt: sentAt(20) },
      { messageId: `${groupId}-2`, sender: { id: `${groupId}-b`, nickname: '豆豆爸爸' }, text: '收到，谢谢管家', sentAt: sentAt(18) },
    ],
  });
  check(first.ok && first.data?.inserted === 2, `first ingest: ${JSON.stringify(first)}`);
  check(first.data?.negative === 0 && first.data.incidentsOpened === 0, `the built-in engine must miss “${missed}” for this flow (pick another wording if it learned it): ${JSON.stringify(first.data)}`);

  // 1. 王芳 marks it 漏报 from the group's messages, the phrase 蹦迪 picked by two taps.
  await asPerson('sentiment-correct-sheet', async (page) => {
    await loginAs(page, url, '王芳');
    await page.locator('.sentiment-entry').click({ timeout: 30_000 });
    await page.locator('.incidents__groups').click({ timeout: 15_000 });
    const card = page.locator('.sentiment-group', { hasText: groupName });
    await shown(card, 15_000);
    await card.click();
    const message = page.locator('.sentiment-group-messages .sentiment-message', { hasText: missed });
    await shown(message, 15_000);
    await message.locator('.sentiment-message__correct').click();
    const sheet = page.locator('.correct-sheet');
    await shown(sheet);
    await choose(page, 'correct-kind', '漏报');
    // Tap 蹦 then 迪: the span between is highlighted and named.
    const at = (ch: string) => String(missed.indexOf(ch));
    await sheet.locator(`.phrase-picker__char[data-at="${at('蹦')}"]`).click();
    await shown(sheet.locator('.field--phrase .field__hint', { hasText: '再点最后一个字' }));
    await sheet.locator(`.phrase-picker__char[data-at="${at('迪')}"]`).click();
    await shown(sheet.locator('.field--phrase .field__hint', { hasText: '已划出：蹦迪' }));
    check((await sheet.locator('.phrase-picker__char--on').count()) === 2, 'the two picked characters are highlighted');
    await choose(page, 'correct-level', '升级风险');
    await choose(page, 'correct-group', '人身安全');
    // Only 电梯: whatever topic the engine guessed besides is taken off.
    for (const chip of await sheet.locator('.choices--correct-topics .choice--active').allTextContents()) if (chip.trim() !== '电梯') await choose(page, 'correct-topics', chip.trim(), false);
    await choose(page, 'correct-topics', '电梯');
    await sheet.locator('.correct-sheet__note input').fill('电梯忽上忽下，业主说的“蹦迪”');
    await page.screenshot({ path: shotPath('sentiment-correct-sheet-filled'), fullPage: false });
    await sheet.locator('.correct-sheet__submit').click();
    await shown(visible(page, '已提交，等待经理审核'), 15_000);
    await until(async () => (await page.locator('.correct-sheet').count()) === 0, { timeout: 10_000, interval: 100, what: 'the sheet closes' });
  });

  // 2. 孙涛 reviews it from his home: previews the effect and accepts the proposed entry.
  const { correctionId, lexiconLabel } = await asPerson('sentiment-corrections', async (page) => {
    await loginAs(page, url, '孙涛');
    const entry = page.locator('.sentiment-corrections-entry');
    await shown(entry, 30_000);
    await shown(entry.locator('.sentiment-corrections-entry__count'), 15_000);
    await entry.click();
    const card = page.locator('.lexicon-correction', { hasText: groupName });
    await shown(card, 15_000);
    const id = (await card.getAttribute('data-id')) ?? '';
    await shown(card.locator('.lexicon-phrase', { hasText: '蹦迪' }));
    await shown(card.locator('.lexicon-kind', { hasText: '漏报' }));
    await shown(card.locator('.lexicon-correction__lexicon', { hasText: '内置' }));
    check((await card.locator('.lexicon-entry-form__text input').inputValue()) === '蹦迪', 'the proposed entry is the picked phrase');
    await shown(card.locator('.choices--proposal-level .choice--active', { hasText: '升级风险' }));
    await card.locator('.lexicon-review__preview').click();
    await shown(card.locator('.lexicon-preview__fixes--yes', { hasText: '本条消息将被纠正 ✓' }), 30_000);
    await shown(card.locator('.lexicon-preview__change', { hasText: missed }).filter({ hasText: groupName }));
    await page.screenshot({ path: shotPath('sentiment-correction-preview'), fullPage: true });
    await card.locator('.lexicon-review__accept').click();
    await shown(visible(page, '已采纳，本小区词库已更新'), 15_000);
    await until(async () => (await page.locator('.lexicon-correction', { hasText: groupName }).count()) === 0, { timeout: 10_000, interval: 100, what: 'the accepted correction leaves 待审核' });
    await page.locator('.choices--correction-tab .choice', { hasText: '已采纳' }).click();
    await shown(page.locator('.lexicon-correction--accepted', { hasText: groupName }), 15_000);

    // 本小区词库: the entry, the version label naming the overlay.
    await page.locator('.sentiment-corrections__lexicon').click();
    const row = page.locator('.lexicon-entry', { hasText: '蹦迪' });
    await shown(row, 15_000);
    const details = (await row.locator('.lexicon-entry__details').textContent()) ?? '';
    check(details.includes('升级风险') && details.includes('电梯'), `the entry's level and topic: ${details}`);
    await shown(row.locator('.lexicon-entry__meta', { hasText: '纠正采纳' }));
    const label = ((await page.locator('.lexicon-version__label').textContent()) ?? '').trim();
    check(/^内置 [0-9a-f]{8} \+ 本小区 v\d+$/.test(label), `the lexicon's version label: ${label}`);
    await shown(page.locator('.lexicon-figures .lexicon-weeks__row').nth(12), 15_000);
    return { correctionId: id, lexiconLabel: label };
  });

  // 3. The same wording in a new message now raises an incident.
  const second = await api<IngestReport>(url, token, 'sentiment', 'ingest', {
    groupId,
    groupName,
    messages: [{ messageId: `${groupId}-3`, sender: { id: `${groupId}-c`, nickname: '5-1202王先生' }, text: again, sentAt: sentAt(1) }],
  });
  check(second.ok && second.data?.negative === 1 && second.data.incidentsOpened === 1, `the same wording after the correction: ${JSON.stringify(second)}`);

  // 4. 王芳 sees it on 舆情事件; its message names the lexicon with the community's overlay.
  const incidentId = await asPerson('sentiment-correction-incident', async (page) => {
    await loginAs(page, url, '王芳');
    await page.locator('.sentiment-entry').click({ timeout: 30_000 });
    const row = page.locator('.sentiment-incident', { hasText: groupName });
    await shown(row, 15_000);
    const rowText = (await row.textContent()) ?? '';
    check(rowText.includes('电梯') && rowText.includes('待响应'), `incident row: ${rowText}`);
    const id = (await row.getAttribute('data-id')) ?? '';
    await row.click();
    const message = page.locator('.sentiment-detail__messages .sentiment-message', { hasText: again });
    await shown(message, 15_000);
    await shown(message.locator('.sentiment-level--high'));
    const lexicon = message.locator('.sentiment-message__lexicon');
    if (await lexicon.count()) check(/本小区 v\d+/.test((await lexicon.textContent()) ?? ''), `the verdict names the overlay: ${await lexicon.textContent()}`);
    return id;
  });

  return { groupName, correctionId, incidentId, lexiconLabel };
}
