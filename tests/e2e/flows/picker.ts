import type { Locator, Page } from 'playwright-core';
import { still } from './still';

const shown = (locator: Locator, timeout: number) => locator.waitFor({ state: 'visible', timeout });

/**
 * The H5 date picker (Taro's weui picker) moved from the day it shows to `to`: each column (year,
 * month, day) dragged by as many rows as the values differ (one row = 34 px; dragging down = earlier),
 * then 确定.
 */
export async function pickDay(page: Page, field: Locator, from: string, to: string): Promise<void> {
  await field.click();
  const columns = page.locator('taro-picker-group').filter({ visible: true });
  await shown(columns.first(), 10_000);
  // The sheet slides up: drag only once it stands still (a drag during the slide misses the column).
  await still(page);
  await page.waitForTimeout(300);
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  const rows = [fy - ty, fm - tm, fd - td];
  for (const [k, n] of rows.entries()) {
    if (!n) continue;
    const box = await columns.nth(k).boundingBox();
    if (!box) throw new Error(`the picker's column ${k} has no box`);
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x, y + n * 34, { steps: 12 });
    await page.mouse.up();
    await page.waitForTimeout(400); // the column's snap transition (0.3 s)
  }
  await page.locator('.weui-picker__action', { hasText: '确定' }).filter({ visible: true }).click();
}
