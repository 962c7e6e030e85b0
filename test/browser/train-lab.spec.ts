import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { buildExperiment } from '../../src/core/export/experiment.ts';
import { EXPORT_FILES, exportReadme } from '../../src/core/export/readme.ts';
import { readTar } from '../../src/lib/data/tar.ts';
import { snapPage } from './snap.ts';
import { watchErrors } from './page-errors.ts';

/** Opens /labs/train with `query`, starts a new run and returns the lab element. */
async function startRun(page: Page, query: string): Promise<Locator> {
  await page.goto(`/labs/train?${query}`);
  const lab = page.locator('train-lab');
  await expect(page.getByRole('button', { name: 'Start a new run' })).toBeEnabled({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Start a new run' }).click();
  return lab;
}

/** The tutorial's validation lines in the page's log, as [epoch, batch, accuracy]. */
async function logChecks(page: Page): Promise<[number, number, number][]> {
  const text = (await page.locator('[data-log]').textContent()) ?? '';
  return [...text.matchAll(/^\[epoch (\d+), batch (\d+)\]: running train cross entropy: \d+\.\d{3} \| validation accuracy: (0\.\d{3}|1\.000)$/gm)]
    .map((m) => [Number(m[1]), Number(m[2]), Number(m[3])]);
}

test.describe('train lab, recipes through the page', () => {
  test('the tutorial recipe stops early once validation stops improving, and the test evaluation still runs', async ({ page }) => {
    test.setTimeout(180_000);
    const errors = watchErrors(page);
    // 400 images in batches of 8: 50 batches an epoch, so the tutorial's check every 50 batches comes once an epoch.
    // Patience 0: the run stops at the first check no better than the one before. 10 epochs (500 steps) leave room:
    // which check that is depends on the kernels' rounding (4 epochs sufficed until the native kernels changed it).
    const lab = await startRun(page, 'recipe=adam&epochs=10&batch=8&train=400&patience=0&test=100&seed=1&backend=wasm');
    await expect(lab).toHaveAttribute('data-state', 'ended', { timeout: 150_000 });
    await expect(lab).toHaveAttribute('data-end-reason', 'early-stop');
    await expect(page.locator('[data-log]')).toContainText('Validation accuracy did not improve for more than 0 checks in a row.');
    const checks = await logChecks(page);
    expect(checks.length).toBeGreaterThanOrEqual(2);
    expect(checks.length).toBeLessThan(10);
    // The rule as the tutorial's loop has it: every check improved on the one before, except the last.
    const acc = checks.map((c) => c[2]);
    const n = acc.length;
    for (let i = 1; i < n - 1; i++) expect(acc[i]!).toBeGreaterThan(acc[i - 1]!);
    expect(acc[n - 1]!).toBeLessThanOrEqual(acc[n - 2]!);
    expect(checks.every((c) => c[1] === 50)).toBe(true);
    const stoppedAt = Number(await lab.getAttribute('data-step'));
    expect(stoppedAt).toBe(50 * n);
    expect(stoppedAt).toBeLessThan(500);
    // The early-stopped model is what this browser keeps, so a reload finds the final weights.
    await expect(lab).toHaveAttribute('data-checkpoint-step', String(stoppedAt));
    await expect(lab).toHaveAttribute('data-report', 'done', { timeout: 60_000 });
    await expect(page.locator('strong[data-test-accuracy]')).toContainText('on 100 test images');
    await expect(page.locator('[data-per-class] tr')).toHaveCount(10);
    await expect(page.getByRole('button', { name: 'Evaluate on the test set' })).toBeEnabled();
    await snapPage(page, 'test-results/train-lab-early-stop.png');
    expect(errors).toEqual([]);
  });

  test('the paper recipe (SGD) trains through the page and validates at the end of every epoch', async ({ page }) => {
    test.setTimeout(180_000);
    const errors = watchErrors(page);
    // 128 images in batches of 32: 4 steps an epoch, 3 epochs; the paper's recipe validates once an epoch, never stops early.
    const lab = await startRun(page, 'recipe=sgd&epochs=3&batch=32&train=128&test=100&seed=1&backend=wasm');
    await expect(lab).toHaveAttribute('data-state', 'ended', { timeout: 150_000 });
    await expect(lab).toHaveAttribute('data-end-reason', 'completed');
    await expect(page.locator('[data-log]')).toContainText('Completed 12 steps.');
    // The full recipe projected from this run's measured speed.
    await expect(page.locator('[data-projection]')).toContainText(/^At this speed \(ResNet-20, batch 32\) an epoch of 45,000 images takes [\d.]+ (s|min|h) of training; the paper's full recipe \(64,000 updates of 128, about 182 epochs\) would take about [\d.]+ (s|min|h) here/);
    expect((await logChecks(page)).map((c) => [c[0], c[1]])).toEqual([[1, 4], [2, 4], [3, 4]]);
    // Three validation points drawn: a path of one move and two line segments.
    await expect(page.locator('svg[data-curve="val"] path[data-series="val"]')).toHaveAttribute('d', /^M[^L]+L[^L]+L[^L]+$/);
    await expect(lab).toHaveAttribute('data-report', 'done', { timeout: 60_000 });
    await expect(page.locator('strong[data-test-accuracy]')).toContainText('on 100 test images');
    expect(page.url()).toContain('recipe=sgd');
    await snapPage(page, 'test-results/train-lab-sgd.png');
    expect(errors).toEqual([]);
  });
});

test('exports the settings on the page as the PyTorch project npm run export writes', async ({ page }) => {
  await page.goto('/labs/train?recipe=sgd&epochs=3&batch=32&train=128&seed=4&patience=2');
  const button = page.getByRole('button', { name: 'Export these settings as a PyTorch project (.tar)' });
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe('resnet20-paper-3ep-seed4-pytorch.tar');
  const entries = readTar(new Uint8Array(await readFile(await download.path())));
  const folder = 'resnet20-paper-3ep-seed4-pytorch';
  expect(entries.map((e) => e.name).sort()).toEqual([...EXPORT_FILES, 'experiment.json', 'README.md'].map((f) => `${folder}/${f}`).sort());
  const file = (f: string) => entries.find((e) => e.name === `${folder}/${f}`)!.data;
  const expected = buildExperiment({ model: { model: 'resnet20' }, recipe: 'paper', epochs: 3, batchSize: 32, seed: 4, limit: 128 });
  expect(JSON.parse(new TextDecoder().decode(file('experiment.json')))).toEqual(JSON.parse(JSON.stringify(expected)));
  expect(new TextDecoder().decode(file('README.md'))).toBe(exportReadme(expected));
  for (const f of EXPORT_FILES) expect(Buffer.from(file(f)).equals(await readFile(`public/export/pytorch/${f}`)), f).toBe(true);
  // The SGD recipe has no early stopping, so the page's patience is no difference to report.
  await expect(page.locator('[data-export-note]')).toHaveText(/^Downloaded resnet20-paper-3ep-seed4-pytorch\.tar: unpack it/);
  await expect(page.locator('[data-export-note]')).not.toContainText('patience');
});
