import { loadavg } from 'node:os';
import { expect, test } from '@playwright/test';
import { watchErrors } from './page-errors.ts';

for (const [path, tag, query] of [
  ['/labs/layer-responses', 'layer-responses', 'n=10000'],
  ['/labs/lesion', 'lesion-lab', 'n=500&draws=4&seed=0'],
] as const) {
  test(`${path} draws a first picture while it measures, and Cancel stops the worker`, async ({ page }) => {
    test.setTimeout(240_000);
    const errors = watchErrors(page);
    await page.goto(`${path}?${query}`);
    const lab = page.locator(tag);
    await lab.scrollIntoViewIfNeeded();
    // Started when it came into view; the first partial result draws the figure.
    await expect(lab).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
    await expect(lab).toHaveAttribute('data-first-picture', /\d/, { timeout: 120_000 });
    await expect(lab.locator('svg[data-panel] g.lines path.series').first()).toHaveAttribute('d', /M/);
    await expect(lab.locator('svg[data-panel]').first()).toHaveAttribute('aria-label', /ResNet-20/);
    await expect(lab.locator('table[data-table] tbody tr').first()).toBeVisible({ visible: false });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(lab).toHaveAttribute('data-state', 'cancelled', { timeout: 60_000 });
    await expect(lab.locator('[data-status]')).toContainText('Cancelled');
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    await expect(lab).toHaveAttribute('data-tensors', /^\d+$/);
    console.log(`${path}: first picture after ${await lab.getAttribute('data-first-picture')} s on ${await lab.getAttribute('data-backend')}`);
    expect(errors).toEqual([]);
  });
}

test('/labs/layer-responses finishes a small run and reports each net\'s mean std, with nothing left behind in the worker', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await page.goto('/labs/layer-responses?n=250');
  const lab = page.locator('layer-responses');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 200_000 });
  const tensors = await lab.getAttribute('data-tensors');
  const means = JSON.parse((await lab.getAttribute('data-mean-stds')) ?? '[]') as number[];
  expect(means).toHaveLength(2);
  await expect(lab.locator('[data-verdict]')).toContainText('ResNet-20');
  const run = Number(await lab.getAttribute('data-run'));
  await page.getByRole('button', { name: 'Measure', exact: true }).click();
  await expect(lab).toHaveAttribute('data-run', String(run + 1));
  await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 200_000 });
  expect(await lab.getAttribute('data-tensors')).toBe(tensors);
  expect(errors).toEqual([]);
});

// The benchmark record (BENCHMARKS.md): both labs at their defaults, to the full result. WHY_LABS_BENCH=1 to run.
test.describe('layer responses and lesion labs at their defaults', () => {
  test.skip(!process.env.WHY_LABS_BENCH, 'timing run for BENCHMARKS.md; set WHY_LABS_BENCH=1');
  test('time the first picture and the full result', async ({ page }) => {
    test.setTimeout(1_800_000);
    const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
    for (const [path, tag] of [['/labs/layer-responses', 'layer-responses'], ['/labs/lesion', 'lesion-lab']] as const) {
      const before = load();
      await page.goto(path);
      const lab = page.locator(tag);
      await lab.scrollIntoViewIfNeeded();
      await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 1_500_000 });
      console.log(`${path} defaults: first ${await lab.getAttribute('data-first-picture')} s, full ${await lab.getAttribute('data-seconds')} s (load ${before} -> ${load()})`);
    }
  });
});
