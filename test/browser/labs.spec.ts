import { expect, test, type Page } from '@playwright/test';

/** Collects console errors and page errors so each test can assert there were none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

// A tiny race: a shallow plain net, a deep plain net, the deep net with skips; few steps of small batches.
const TINY = 'nets=1p,7p,7r&width=4&size=16&train=1000&val=200&batch=32&opt=adam&lr=0.003&steps=60&every=20&seed=1';

test.describe('degradation lab', () => {
  test('races three nets, draws every curve, and the deep plain net ends above the others on training error', async ({ page }) => {
    test.setTimeout(600_000);
    const errors = watchErrors(page);
    await page.goto(`/labs/degradation?${TINY}`);
    const lab = page.locator('degradation-lab');
    await expect(lab).toHaveAttribute('data-state', 'idle');
    await expect(page.getByLabel('Depth of net 2')).toHaveValue('7');
    await page.getByRole('button', { name: 'Train' }).click();
    await expect(lab).toHaveAttribute('data-state', 'running');
    await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 540_000 });
    await expect(page.getByRole('status')).toContainText('Finished after 60 steps');
    for (const panel of ['loss', 'error', 'accuracy']) {
      await expect(page.locator(`svg[data-panel="${panel}"] g.lines path`)).toHaveCount(3);
    }
    const errs = JSON.parse((await lab.getAttribute('data-final-errors')) ?? '[]') as number[];
    expect(errs).toHaveLength(3);
    expect(errs[1]!).toBeGreaterThan(errs[0]!);
    expect(errs[1]!).toBeGreaterThan(errs[2]!);
    await page.screenshot({ path: 'test-results/labs-degradation.png', fullPage: true });
    expect(errors).toEqual([]);
  });
});
