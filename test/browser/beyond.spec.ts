import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { BLOCK_VARIANT_COUNTS, convParams } from '../../src/core/model/block-variants.ts';

const shots = process.env.SHOTS_DIR ?? 'test-results/beyond';
const count = (n: number) => n.toLocaleString('en-US');

test('the block comparisons tell the shape and size of the part under focus, from the keyboard', async ({ page }) => {
  await page.goto('/beyond');
  const fig = page.locator('block-variants[data-pair="bottleneck"]');
  await fig.scrollIntoViewIfNeeded();
  await expect(fig).toHaveAttribute('data-ready', 'true');
  await expect(fig.locator('svg[data-column="bottleneck"] g.part')).toHaveCount(12);
  await expect(fig).toContainText(`Bottleneck block: ${count(BLOCK_VARIANT_COUNTS.bottleneck256)} parameters`);
  await fig.locator('svg[data-column="bottleneck"] [data-part="conv1"]').focus();
  await expect(fig.locator('[data-details]')).toContainText(`Output 56×56×64; ${count(convParams(1, 256, 64))} parameters`);
  await page.keyboard.press('Tab');
  await expect(fig.locator('[data-details]')).toContainText('BatchNorm over 64 channels');
  await expect(fig.locator('svg[data-column="bottleneck"] [data-part="bn1"]')).toHaveAttribute('aria-pressed', 'true');
  await fig.screenshot({ path: `${shots}/bottleneck.png` });

  const pre = page.locator('block-variants[data-pair="preactivation"]');
  await pre.scrollIntoViewIfNeeded();
  await expect(pre).toHaveAttribute('data-ready', 'true');
  // The ReLU after the addition exists only in the original (post-activation) block.
  await expect(pre.locator('svg[data-column="post"] [data-part="relu-out"]')).toHaveCount(1);
  await expect(pre.locator('svg[data-column="pre"] [data-part="relu-out"]')).toHaveCount(0);
  await pre.locator('svg[data-column="pre"] [data-part="add"]').hover();
  await expect(pre.locator('[data-details]')).toContainText('nothing follows it');
  const axe = await new AxeBuilder({ page }).include('block-variants').options({ resultTypes: ['violations'] }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});

test('the chapter quotes the paper tables and the counts from core', async ({ page }) => {
  await page.goto('/beyond');
  const article = page.locator('article');
  await expect(article).toContainText(`${count(BLOCK_VARIANT_COUNTS.bottleneck256)} parameters against ${count(BLOCK_VARIANT_COUNTS.basic64)}`);
  await expect(article.locator(':scope > table')).toContainText('24.19');
  await expect(article).toContainText('7.93%');
  await expect(article).toContainText('4.62% error');
  await expect(article.locator('.katex-display').first()).toBeVisible();
});
