import type { Locator, Page } from 'playwright-core';
import { addDays, localDay } from '../../../shared/domain/calendar';
import { builtInLesson } from '../../../cloud/modules/growth/lessons';
import { scenarioById } from '../../../cloud/modules/growth/drills';
import { pickDay } from './picker';
import { still } from './still';

/**
 * Archives and staff growth through the H5 app, person by person (each in their own browser context):
 * 1. 孙涛 (manager) registers an elevator in the 设备设施台账, maintained today every 5 days, and its
 *    年检报告 as a PDF uploaded from the form (it goes into the archive and is attached); the elevator's
 *    page lists the document, and his home's 即将到期 card shows the inspection;
 * 2. 周晓雨 (a new agent, half-way through onboarding) opens 员工成长 from her desk, takes the next
 *    required lesson, passes its quiz (one more required lesson done), then does the 业主家中漏水 drill:
 *    the rule-based check marks every element of her reply at once;
 * 3. 孙涛 opens 培训管理 and sees her progress with the new lesson counted.
 *
 * The helpers are the e2e file's own, passed in so this flow runs inside that file's `npm start`.
 */
export interface ArchivesGrowthFlowContext {
  url: string;
  asPerson: <T>(shot: string, run: (page: Page) => Promise<T>) => Promise<T>;
  loginAs: (page: Page, url: string, person: string) => Promise<void>;
}

// A small but real PDF (the server reads the type from the content: %PDF-).
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const ELEVATOR = '3号楼2号客梯';
const REPORT = '3号楼2号客梯年检报告';
const shown = (locator: Locator, timeout = 30_000) => locator.waitFor({ state: 'visible', timeout });

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** The `id` of the page's address (hash routing: …/#/staff/pages/x/index?id=…). */
function idOf(page: Page): string {
  return new URL(page.url().replace('/#/', '/')).searchParams.get('id') ?? '';
}

/** "已完成 4/8": the required lessons done and their number, from a progress text. */
function doneOf(text: string): { done: number; required: number } {
  const m = /(\d+)\/(\d+)/.exec(text);
  check(!!m, `no progress in "${text}"`);
  return { done: Number(m![1]), required: Number(m![2]) };
}

export async function archivesGrowthFlow(ctx: ArchivesGrowthFlowContext): Promise<{ equipmentId: string; lessonId: string }> {
  const { url, asPerson, loginAs } = ctx;
  const today = localDay(new Date());
  const due = addDays(today, 5);

  // 1. 孙涛 registers the elevator with its PDF and sees the inspection coming on his home.
  const equipmentId = await asPerson('archives-manager-equipment', async (page) => {
    await loginAs(page, url, '孙涛');
    await shown(page.locator('.due-soon'));
    await page.locator('.ledger-entry__equipment').click();
    await shown(page.locator('.equipment-list__add'));
    await page.locator('.equipment-list__add').click();
    await shown(page.locator('.equipment-form__name'));
    await page.locator('.equipment-form__name input').fill(ELEVATOR);
    await page.locator('.equipment-form__code input').fill(`DT-E2E-${Date.now().toString(36).slice(-5).toUpperCase()}`);
    await page.locator('.equipment-form__location input').fill('3号楼大堂东侧');
    await page.locator('.equipment-form__maintainer input').fill('安顺电梯维保有限公司');
    // Maintained today, every 5 days: the next inspection is worked out as today + 5.
    await page.locator('.equipment-form__cycle input').fill('5');
    await pickDay(page, page.locator('.last-maintained__picker'), today, today);
    await shown(page.locator('.last-maintained__picker', { hasText: today }), 10_000);

    const chooser = page.waitForEvent('filechooser');
    await page.locator('.ledger-docs-field .document-picker__button').click();
    await (await chooser).setFiles({ name: `${REPORT}.pdf`, mimeType: 'application/pdf', buffer: PDF });
    // Uploaded, archived under 设备设施台账 and ticked for this elevator.
    await shown(page.locator('.ledger-docs-field .choice--active', { hasText: REPORT }));

    await page.locator('.equipment-form__submit').click();
    await page.waitForURL(/equipment\/index\?id=/, { timeout: 30_000 });
    await shown(page.locator('.equipment__docs', { hasText: REPORT }));
    await shown(page.locator('.equipment__next', { hasText: due }));
    const id = idOf(page);

    // Back home: 即将到期 lists the inspection, 5 days ahead.
    await still(page);
    await page.goBack();
    await still(page);
    await page.goBack();
    await shown(page.locator('.due-soon__item', { hasText: ELEVATOR }));
    check(Number(await page.locator('.due-soon__equipment').textContent()) >= 1, 'the card counts the inspection');
    return id;
  });

  // 2. 周晓雨 passes her next required lesson, then practises the leak complaint.
  let before = { done: 0, required: 0 };
  const lessonId = await asPerson('growth-agent-lesson', async (page) => {
    await loginAs(page, url, '周晓雨');
    await shown(page.locator('.growth-entry'));
    await page.locator('.growth-entry').click();
    await shown(page.locator('.growth__onboarding'));
    before = doneOf((await page.locator('.growth__onboarding').textContent()) ?? '');
    check(before.done > 0 && before.done < before.required, `周晓雨 is half-way: ${before.done}/${before.required}`);
    await page.locator('.growth__next').click();
    await page.waitForURL(/lesson\/index\?id=/, { timeout: 30_000 });
    const id = idOf(page);
    const lesson = builtInLesson(id);
    check(!!lesson, `the next lesson ${id} is a built-in one`);

    await shown(page.locator('.lesson__start'));
    await page.locator('.lesson__start').click();
    for (const [qi, q] of lesson!.questions.entries()) {
      const question = page.locator(`.quiz__question--${qi + 1}`);
      await shown(question, 10_000);
      for (const a of q.answer) await question.locator('.quiz__option').nth(a).click();
    }
    await page.locator('.quiz__submit').click();
    await shown(page.locator('.quiz__result--passed'));

    // Back on 员工成长: one more required lesson done.
    await still(page);
    await page.goBack();
    await shown(page.locator('.growth__onboarding', { hasText: `${before.done + 1}/${before.required}` }));
    return id;
  });

  await asPerson('growth-agent-drill', async (page) => {
    await loginAs(page, url, '周晓雨');
    await page.locator('.growth-entry').click();
    await shown(page.locator('.growth__drills'));
    await page.locator('.growth__drills').click();
    await shown(page.locator('.drills__item--leak-angry'));
    await shown(page.locator('.drill__note', { hasText: '规则' }));
    await page.locator('.drills__item--leak-angry').click();
    await shown(page.locator('.drill__textarea'));
    await page.locator('.drill__textarea textarea').fill(scenarioById('leak-angry')!.modelReply);
    await page.locator('.drill__submit').click();
    // Feedback at once: every element met, passed.
    await shown(page.locator('.drill__score--passed'));
    check((await page.locator('.drill__element--missing').count()) === 0, 'no element missing');
    check((await page.locator('.drill__element--met').count()) >= 5, 'the elements are listed as met');
  });

  // 3. 孙涛 sees her progress in 培训管理.
  await asPerson('growth-manager-training', async (page) => {
    await loginAs(page, url, '孙涛');
    await shown(page.locator('.training-entry'));
    await page.locator('.training-entry').click();
    await shown(page.locator('.training__person', { hasText: '周晓雨' }).filter({ hasText: `${before.done + 1}/${before.required}` }));
  });

  return { equipmentId, lessonId };
}
