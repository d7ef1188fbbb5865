import type { Locator, Page } from 'playwright-core';
import { routes } from '../../../shared/routes';
import { drawSignature } from './signature';
import { still } from './still';

/**
 * Move-in (入住 · 入伙) through the H5 app, person by person (each in their own browser context):
 * 1. the demo buyer 陈思远 (8栋1单元0302, published batch, not booked) opens 我的入住 and books the
 *    first free slot;
 * 2. the agent 王芳 opens his 入伙手续书 and runs it: starts, checks the ID, receives the papers,
 *    takes the move-in fees (or confirms nothing is due), has the agreements signed on the phone
 *    (a signature drawn on the canvas), inspects with one defect (description and photo) — which
 *    becomes a 维保 repair —, hands over the keys (signed) and completes: 已入住;
 * 3. 陈思远 sees 已入住 with every step ticked, and the defect with its repair's status in 验房问题
 *    and among 我的报修.
 *
 * The helpers are the e2e file's own, passed in so this flow runs inside that file's `npm start`.
 */
export interface MoveInFlowContext {
  url: string;
  asPerson: <T>(shot: string, run: (page: Page) => Promise<T>) => Promise<T>;
  loginAs: (page: Page, url: string, person: string) => Promise<void>;
  visible: (page: Page, text: string) => Locator;
}

export interface MoveInFlowResult {
  moveInId: string;
  defect: string;
}

const UNIT = '8栋1单元0302';
const BUYER = '陈思远';
const ID_NUMBER = '11010519491231002X';
// A tiny but real PNG (1×1), chosen through the photo picker's file input.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const shown = (locator: Locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** Open a step's form on the checklist. */
async function openStep(page: Page, step: string): Promise<Locator> {
  const row = page.locator(`.movein-step--${step}`);
  await row.locator('.movein-step__open').click({ timeout: 15_000 });
  return row;
}

/** The step shows as done (✓, who and when). */
const stepDone = (page: Page, step: string) => shown(page.locator(`.movein-step--${step}.movein-step--done`), 30_000);

export async function moveInFlow(ctx: MoveInFlowContext): Promise<MoveInFlowResult> {
  const { url, asPerson, loginAs, visible } = ctx;
  const defect = `客厅墙面靠窗一侧有明显裂缝约30厘米（${Date.now().toString(36)}）`;

  // 1. The buyer books the first free slot.
  const moveInId = await asPerson('movein-owner-book', async (page) => {
    await loginAs(page, url, BUYER);
    await shown(page.locator('.owner-home__complaint-new'), 30_000);
    await page.goto(`${url}/#${routes.owner.movein.url()}`);
    const card = page.locator('.movein-card', { hasText: UNIT });
    await shown(card, 30_000);
    await card.locator('.movein-slot:not(.movein-slot--full)').first().click();
    await visible(page, '确认预约').click({ timeout: 15_000 });
    await shown(card.locator('.movein-booking__when'), 30_000);
    const id = await card.getAttribute('data-id');
    check(!!id && /^[a-f0-9]{24}$/.test(id), `the case id on the card: ${id}`);
    return id as string;
  });

  // 2. The agent runs the 入伙手续书.
  await asPerson('movein-agent-checklist', async (page) => {
    await loginAs(page, url, '王芳');
    await shown(page.locator('.owner-lookup-entry'), 30_000);
    await page.goto(`${url}/#${routes.staff.movein.url({ id: moveInId })}`);
    await shown(page.locator('.movein-page__buyer-name', { hasText: BUYER }), 30_000);
    await page.locator('.movein-page__start').click();

    const identity = await openStep(page, 'identity');
    await identity.locator('.movein-form__id input').fill(ID_NUMBER);
    await identity.locator('.movein-step__submit--identity').click();
    await stepDone(page, 'identity');

    const papers = await openStep(page, 'documents');
    await papers.locator('.movein-form__note input').fill('购房合同复印件、身份证复印件');
    await papers.locator('.movein-step__submit--documents').click();
    await stepDone(page, 'documents');

    // The move-in fees: taken at the desk with a receipt number, or confirmed when nothing is due.
    const fees = await openStep(page, 'fees');
    if (await fees.locator('.movein-form--pay').isVisible()) {
      await fees.locator('.movein-form__receipt input').fill(`RZ-${Date.now().toString(36)}`);
      await fees.locator('.movein-step__submit--pay').click();
    } else {
      await fees.locator('.movein-step__submit--fees').click();
    }
    await stepDone(page, 'fees');

    const agreements = await openStep(page, 'agreements');
    await drawSignature(page, agreements.locator('.signature-pad--agreements'));
    await stepDone(page, 'agreements');

    // 验房 on its own page: one defect with a photo, the rest of the room fine.
    await page.locator('.movein-step--inspection .movein-step__inspect').click();
    const firstRoom = page.locator('.movein-room').first();
    await shown(firstRoom, 30_000);
    const item = firstRoom.locator('.movein-item').first();
    await item.locator('.movein-item__mark--bad').click();
    await item.locator('.movein-item__description textarea').fill(defect);
    const chooser = page.waitForEvent('filechooser');
    await item.locator('.photo-picker__add').click();
    await (await chooser).setFiles({ name: 'crack.png', mimeType: 'image/png', buffer: PNG });
    await shown(item.locator('.photo-picker__item'), 15_000);
    await firstRoom.locator('.movein-room__all').click();
    await page.locator('.movein-inspection__send').click();
    await shown(page.locator('.movein-inspection__defects .movein-defect', { hasText: defect.slice(0, 10) }), 30_000);
    await still(page);

    // Back on the checklist: 验房 ticked by the inspection; the keys signed for; completed.
    await page.goto(`${url}/#${routes.staff.movein.url({ id: moveInId })}`);
    await stepDone(page, 'inspection');
    const keys = await openStep(page, 'keys');
    await drawSignature(page, keys.locator('.signature-pad--keys'));
    await stepDone(page, 'keys');
    await page.locator('.movein-page__complete-button').click();
    await shown(page.locator('.movein-page__done'), 30_000);
    check(((await page.locator('.movein-page__occupancy').textContent()) ?? '').includes('自住'), 'the unit is 自住 after the completion');
    await shown(page.locator('.movein-signature__image').nth(1), 15_000);
  });

  // 3. The owner sees 已入住, every step ticked, and the defect with its repair.
  await asPerson('movein-owner-done', async (page) => {
    await loginAs(page, url, BUYER);
    // The login lands on the home first (going elsewhere before it would be overridden by that landing).
    await shown(page.locator('.owner-home__complaint-new'), 30_000);
    await page.goto(`${url}/#${routes.owner.movein.url()}`);
    const card = page.locator(`.movein-card[data-id="${moveInId}"]`);
    await shown(card.locator('.movein-card__status', { hasText: '已入住' }), 30_000);
    for (const step of ['identity', 'documents', 'fees', 'agreements', 'inspection', 'keys']) await shown(card.locator(`.movein-step--done[data-step="${step}"]`));
    await card.locator('.movein-card__defects').click();
    const row = page.locator('.movein-defect', { hasText: defect.slice(0, 10) });
    await shown(row, 30_000);
    const tag = ((await row.locator('.movein-defect__head').textContent()) ?? '').trim();
    check(!tag.includes('待转报修'), `the defect became a repair: “${tag}”`);
    await still(page);
    await page.goto(`${url}/#${routes.owner.repairs.url()}`);
    await shown(page.locator('.repairs-item', { hasText: defect.slice(0, 10) }).first(), 30_000);
  });

  return { moveInId, defect };
}
