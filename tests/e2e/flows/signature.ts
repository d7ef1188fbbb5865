import type { Locator, Page } from 'playwright-core';
import { still } from './still';

/** A signature drawn with the mouse on a SignaturePad's canvas (pointer events, as a finger would), then 确认签名. */
export async function drawSignature(page: Page, pad: Locator): Promise<void> {
  const canvas = pad.locator('canvas');
  await canvas.scrollIntoViewIfNeeded();
  // Drawn once the page stands still (a page sliding in moves the canvas under the pen).
  await still(page);
  // The pad listens once it has sized its canvas (touch-action none): a stroke before that draws nothing.
  await page.waitForFunction((el) => (el as HTMLCanvasElement).style.touchAction === 'none', await canvas.elementHandle(), { timeout: 10_000 });
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the signature canvas has no box');
  const { x, y, width, height } = box;
  await page.mouse.move(x + width * 0.15, y + height * 0.6);
  await page.mouse.down();
  for (const [fx, fy] of [[0.3, 0.3], [0.45, 0.7], [0.6, 0.35], [0.8, 0.65]]) await page.mouse.move(x + width * fx, y + height * fy, { steps: 6 });
  await page.mouse.up();
  await pad.locator('.signature-pad__confirm').click();
}
