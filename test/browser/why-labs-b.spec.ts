import { loadavg } from 'node:os';
import { expect, test } from '@playwright/test';
import { snapPage } from './snap.ts';
import { watchErrors } from './page-errors.ts';

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

test.describe('gradient-flow lab', () => {
  test('draws the first measured net, finishes with plain and residual at init and trained, and stops on request', async ({ page }) => {
    test.setTimeout(900_000);
    const errors = watchErrors(page);
    await page.goto('/labs/gradient-flow?depth=20&images=16&seed=1');
    const lab = page.locator('gradient-flow-lab');
    await expect(lab.locator('svg[data-chart="weights"] path.series').first()).toBeAttached({ timeout: 600_000 });
    console.log(`gradient flow, depth 20, 16 images: first net after ${await lab.getAttribute('data-first-seconds')} s (load ${load()})`);
    await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 600_000 });
    console.log(`gradient flow, depth 20, 16 images: all 4 nets after ${await lab.getAttribute('data-seconds')} s (load ${load()})`);
    await expect(lab.locator('svg[data-chart="weights"] path.series')).toHaveCount(4);
    await expect(lab.locator('svg[data-chart="inputs"] path.series')).toHaveCount(4);
    await expect(lab.locator('[data-summary]')).toContainText('ResNet-20 trained (30 epochs)');
    const tensors = await lab.getAttribute('data-tensors');

    await page.getByLabel('Depth (6n+2)').selectOption('56');
    await lab.getByRole('button', { name: 'Measure' }).click();
    await expect(lab).toHaveAttribute('data-state', 'running');
    await lab.getByRole('button', { name: 'Stop' }).click();
    await expect(lab).toHaveAttribute('data-state', 'stopped', { timeout: 600_000 });
    await expect(lab.locator('[data-status]')).toContainText('Stopped');
    expect(Number(await lab.getAttribute('data-nets'))).toBeLessThan(2);
    expect(await lab.getAttribute('data-tensors')).toBe(tensors);
    await snapPage(page, 'test-results/why-labs-b/gradient-flow.png');
    expect(errors).toEqual([]);
  });
});

test.describe('landscape lab', () => {
  test('shows the shipped slice at once, draws the coarse live grid first, and stops on request', async ({ page }) => {
    test.setTimeout(900_000);
    const errors = watchErrors(page);
    await page.goto('/labs/landscape?grid=9&images=16&seed=2&span=1');
    const lab = page.locator('landscape-lab');
    await expect(lab).toHaveAttribute('data-state', 'shipped');
    await expect(lab.locator('.slice[data-net="0"] svg[data-view="contour"] path.band').first()).toBeAttached();
    await expect(lab.locator('.slice[data-net="1"] svg[data-view="surface"] g.quad')).toHaveCount(24 * 24);
    await lab.getByRole('button', { name: 'Compute in this browser' }).click();
    await expect(lab).toHaveAttribute('data-stride', '4', { timeout: 600_000 });
    console.log(`landscape, 9x9 grid, 16 images: 3x3 level after ${await lab.getAttribute('data-first-seconds')} s (load ${load()})`);
    await expect(lab.locator('.slice[data-net="0"] svg[data-view="surface"] g.quad')).toHaveCount(4);
    expect(page.url()).toContain('seed=2');
    await lab.getByRole('button', { name: 'Stop' }).click();
    await expect(lab).toHaveAttribute('data-state', 'stopped', { timeout: 600_000 });
    await expect(lab.locator('[data-status]')).toContainText('Stopped');
    await lab.getByLabel('Surface rotation in degrees').focus();
    await page.keyboard.press('ArrowRight');
    await expect(lab.getByLabel('Surface rotation in degrees')).toHaveValue('40');
    await snapPage(page, 'test-results/why-labs-b/landscape.png');
    expect(errors).toEqual([]);
  });
});

// The benchmark record (BENCHMARKS.md): both labs at their defaults, to the full result. WHY_LABS_BENCH=1 to run.
test.describe('why-it-works labs at their defaults', () => {
  test.skip(!process.env.WHY_LABS_BENCH, 'timing run for BENCHMARKS.md; set WHY_LABS_BENCH=1');
  test('time the first picture and the full result', async ({ page }) => {
    test.setTimeout(1_800_000);
    await page.goto('/labs/gradient-flow');
    const flow = page.locator('gradient-flow-lab');
    await expect(flow).toHaveAttribute('data-state', 'done', { timeout: 900_000 });
    console.log(`gradient flow defaults: first ${await flow.getAttribute('data-first-seconds')} s, full ${await flow.getAttribute('data-seconds')} s (load ${load()})`);
    await page.goto('/labs/landscape');
    const land = page.locator('landscape-lab');
    await expect(land).toHaveAttribute('data-state', 'shipped');
    await land.getByRole('button', { name: 'Compute in this browser' }).click();
    await expect(land).toHaveAttribute('data-state', 'done', { timeout: 1_500_000 });
    console.log(`landscape defaults: first ${await land.getAttribute('data-first-seconds')} s, full ${await land.getAttribute('data-seconds')} s (load ${load()})`);
  });
});
