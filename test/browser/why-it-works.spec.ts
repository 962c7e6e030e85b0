import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { chapters, neighbours } from '../../src/core/chapters.ts';
import { tryThisFor, tryThisHref } from '../../src/core/labs/try-this.ts';
import { pathCount } from '../../src/core/paths.ts';

/** Where screenshots go (test-results/ is shared with other specs and cleaned by their runs). */
const shots = process.env.SHOTS_DIR ?? 'test-results/why-it-works';

test('the reading path goes Architecture -> Why it works -> Data preparation, in the nav bar and the prev/next links', async ({ page }) => {
  const at = chapters.findIndex((c) => c.href === '/why-it-works');
  expect(chapters[at - 1]?.href).toBe('/architecture');
  await page.goto('/why-it-works');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(chapters[at]!.title);
  const nav = page.getByRole('navigation', { name: 'Chapters' });
  await expect(nav.getByRole('link', { name: chapters[at]!.short, exact: true })).toHaveAttribute('href', '/why-it-works');
  const path = page.getByRole('navigation', { name: 'Reading path' });
  await expect(path.locator('a[rel="prev"]')).toHaveAttribute('href', neighbours('/why-it-works').prev!.href);
  await expect(path.locator('a[rel="next"]')).toHaveAttribute('href', neighbours('/why-it-works').next!.href);
  await page.goto('/architecture');
  await expect(page.locator('nav[aria-label="Reading path"] a[rel="next"]')).toHaveAttribute('href', '/why-it-works');
});

test('the unrolled figure draws 2^n lanes, moves the ReLU, and is driven by the keyboard', async ({ page }) => {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/why-it-works');
    const fig = page.locator('unrolled-paths');
    await fig.scrollIntoViewIfNeeded();
    await expect(fig).toHaveAttribute('data-ready', 'true');
    await expect(fig.locator('g.lane')).toHaveCount(pathCount(3));
    const box = await fig.locator('svg').boundingBox();
    expect(box!.x + box!.width, `figure inside ${width}px`).toBeLessThanOrEqual(width);
    await fig.screenshot({ path: `${shots}/unrolled-${width}.png` });
  }
  const fig = page.locator('unrolled-paths');
  await expect(fig.locator('circle.relu')).toHaveCount(pathCount(3) * 3);
  await fig.getByRole('radio', { name: /pre-activation/ }).check();
  await expect(fig).toHaveAttribute('data-order', 'pre');
  await expect(fig.locator('circle.relu')).toHaveCount(0);
  await expect(fig.locator('[data-details]')).toContainText('its term of ∂x₃/∂x₀ is I');

  await fig.locator('g.lane[tabindex="0"]').focus();
  await page.keyboard.press('End');
  await expect(fig.locator('[data-path="111"]')).toBeFocused();
  await expect(fig.locator('[data-details]')).toContainText('J₃ · J₂ · J₁');
  await page.keyboard.press('ArrowUp');
  await expect(fig.locator('[data-path="011"]')).toBeFocused();
  await expect(fig.locator('g.lane[tabindex="0"]')).toHaveCount(1);

  await fig.getByRole('combobox', { name: 'Blocks' }).selectOption('5');
  await expect(fig.locator('g.lane')).toHaveCount(pathCount(5));
  await expect(fig.locator('[data-summary]')).toContainText('5 blocks unrolled into 32 paths');
  await expect(fig.locator('[data-rows] tr')).toHaveCount(pathCount(5));
  await fig.screenshot({ path: `${shots}/unrolled-5-pre.png` });
  const axe = await new AxeBuilder({ page }).include('unrolled-paths').options({ resultTypes: ['violations'] }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});

test('the chapter links each later view to its lab and ends with its measured "Try this" links', async ({ page }) => {
  await page.goto('/why-it-works');
  const article = page.locator('article');
  for (const lab of ['/labs/gradient-flow', '/labs/layer-responses', '/labs/lesion', '/labs/landscape', '/labs/degradation']) {
    await expect(article.locator(`a[href="${lab}"]`).first(), lab).toBeAttached();
  }
  await expect(article).toContainText('propagates information directly without concerning any weight layers');
  await expect(article).toContainText('scripts/labs/relu-cut.ts');
  await expect(page.locator('ul.try-this a')).toHaveCount(tryThisFor('/why-it-works').length);
});

test('the stepper shows the branch ratios the "Try this" links promise', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => localStorage.setItem('resnet-lab.backend', 'wasm'));
  for (const link of tryThisFor('/why-it-works').filter((l) => l.lab === 'stepper')) {
    const promised = /\b(\d\.\d\d)\b/.exec(link.expectation)?.[1];
    expect(promised, link.label).toBeDefined();
    await page.goto(tryThisHref(link));
    await expect(page.locator('block-stepper')).toContainText(`median ratio ${promised}`, { timeout: 90_000 });
  }
});
