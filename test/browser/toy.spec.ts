import { expect, test, type Page } from '@playwright/test';

/** Requests the page (and its workers) made, by URL. */
function requests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

test.describe('the landing page toy race', () => {
  test('waits off screen, starts when scrolled into view, draws three panels of decision regions and states the losses', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const urls = requests(page);
    await page.setViewportSize({ width: 1280, height: 400 });
    // Scrolled to the bottom before the first intersection callback, so the figure starts off screen.
    await page.addInitScript(() => document.addEventListener('DOMContentLoaded', () => window.scrollTo(0, document.body.scrollHeight)));
    await page.goto('/');
    const fig = page.locator('toy-race');
    await page.waitForTimeout(1500);
    await expect(fig).toHaveAttribute('data-state', 'idle');
    expect(urls.filter((u) => /toy\.worker|tfjs|\.wasm/.test(u))).toEqual([]);

    await fig.scrollIntoViewIfNeeded();
    await expect(fig).toHaveAttribute('data-state', 'running');
    await expect.poll(async () => Number(await fig.getAttribute('data-drawn') ?? 0), { timeout: 90_000 }).toBeGreaterThanOrEqual(2);
    const panels = fig.locator('g.panel');
    await expect(panels).toHaveCount(3);
    for (let i = 0; i < 3; i++) await expect(panels.nth(i).locator('g.cells rect')).toHaveCount(24 * 24);
    await expect(fig.locator('path.loss')).toHaveCount(3);
    await expect(fig.locator('[data-status]')).toContainText(/After \d+ training steps, the loss .*4-layer plain \d\.\d\d; 30-layer plain \d\.\d\d; 30-layer residual \d\.\d\d/);

    // Off screen it pauses; back on screen it continues.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect(fig).toHaveAttribute('data-state', 'paused');
    await fig.scrollIntoViewIfNeeded();
    await expect(fig).toHaveAttribute('data-state', 'running');

    // Off screen and straight back, before the worker has ended the pause: its late 'paused' end must not leave the
    // figure paused while the worker, resumed, goes on drawing (CI failed so under load; a quiet machine passes this
    // step with or without the fix, so it guards the behaviour, not the timing).
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await fig.scrollIntoViewIfNeeded();
    const drawn = Number(await fig.getAttribute('data-drawn') ?? 0);
    await expect.poll(async () => Number(await fig.getAttribute('data-drawn') ?? 0), { timeout: 60_000 }).toBeGreaterThan(drawn);
    await expect(fig).toHaveAttribute('data-state', 'running');

    // Keyboard: Pause, then Restart.
    const play = page.getByRole('button', { name: 'Pause' });
    await play.focus();
    await page.keyboard.press('Enter');
    await expect(fig).toHaveAttribute('data-state', 'paused');
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeFocused();
    await page.getByRole('button', { name: 'Restart' }).focus();
    await page.keyboard.press('Space');
    await expect(fig).toHaveAttribute('data-state', 'running');
    await expect(fig.locator('[data-step]')).toHaveText(/step \d+/);
    await expect(fig.getByRole('link', { name: /Race real networks on CIFAR-10/ })).toHaveAttribute('href', '/labs/degradation');
    expect(errors).toEqual([]);
  });

  test('with reduced motion it does not start by itself; Play starts it', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto('/');
    const fig = page.locator('toy-race');
    await page.waitForTimeout(1500);
    await expect(fig).toHaveAttribute('data-state', 'idle');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(fig).toHaveAttribute('data-state', 'running');
    await expect.poll(async () => Number(await fig.getAttribute('data-drawn') ?? 0), { timeout: 90_000 }).toBeGreaterThanOrEqual(1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
