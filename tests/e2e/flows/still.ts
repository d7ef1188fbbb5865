import type { Page } from 'playwright-core';

/**
 * Until the page is still: every running animation with an end has ended (the H5 router's slide-in of
 * the page just opened). Before a picture of it, and before going back: a back navigation during
 * the slide-in can leave the previous page hidden (Taro's H5 router, seen under load).
 */
export async function still(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || !Number.isFinite(Number(a.effect?.getComputedTiming().endTime))), undefined, { timeout: 10_000, polling: 'raf' });
}
