import type { Page } from '@playwright/test';

/**
 * Whole-page screenshots are for people to look at (no test asserts on them) and cost seconds each on a long page in
 * software rendering, so the default run skips them: `SHOTS=1 npx playwright test ...` takes them.
 */
export async function snapPage(page: Page, path: string): Promise<void> {
  if (process.env.SHOTS === '1') await page.screenshot({ path, fullPage: true });
}
