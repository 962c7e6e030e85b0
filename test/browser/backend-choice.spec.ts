/**
 * The site's backend choice end to end: the BackendPicker on every page that computes, the labs and workers using it
 * (and saying what they got), WebGPU absent cleanly where the browser has none. The page's responsiveness while the
 * worker trains is measured alone, in responsiveness.spec.ts.
 */
import { expect, test } from '@playwright/test';

const PAGES = [
  ['/labs/degradation', 'degradation-lab'],
  ['/labs/block-stepper', 'block-stepper'],
  ['/labs/train', 'train-lab'],
  ['/evaluation', 'confusion-matrix'],
] as const;

test('every page that computes shows the backend in use and offers only what this browser has', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  for (const [path, figure] of PAGES) {
    await page.goto(path);
    const picker = page.locator('backend-picker');
    await expect(picker).toHaveCount(1);
    await expect(page.locator(figure)).toHaveCount(1);
    // The first page probes (software WebGL is not worth timing); later pages reuse the remembered choice.
    await expect(picker.locator('[data-status]')).toContainText('In use:', { timeout: 120_000 });
    const stored = await page.evaluate(() => localStorage.getItem('resnet-lab.backend'));
    expect(['webgpu', 'webgl', 'wasm', 'cpu']).toContain(stored);
    await expect(picker).toHaveAttribute('data-backend', stored!);
    await expect(picker.getByRole('combobox')).toHaveValue(stored!);
    const hasGpu = await page.evaluate(() => (navigator as { gpu?: unknown }).gpu != null);
    await expect(picker.locator('option[value="webgpu"]')).toHaveCount(hasGpu ? 1 : 0);
    test.info().annotations.push({ type: path, description: `${await picker.locator('[data-status]').textContent()} (navigator.gpu: ${hasGpu})` });
  }
  expect(errors).toEqual([]);
});

test("the probe does not time a software WebGPU adapter (minutes a step), and WebGPU stays a choice", async ({ page }) => {
  // What Chromium 156 reports with --enable-unsafe-webgpu and no GPU: SwiftShader's Vulkan as a fallback adapter.
  await page.addInitScript(() => {
    const adapter = { info: { isFallbackAdapter: true, vendor: 'google', architecture: 'swiftshader' } };
    Object.defineProperty(navigator, 'gpu', { configurable: true, value: { requestAdapter: () => Promise.resolve(adapter) } });
  });
  await page.goto('/labs/degradation');
  const picker = page.locator('backend-picker');
  await expect(picker.locator('[data-status]')).toContainText('fastest here:', { timeout: 120_000 });
  await expect(picker.locator('[data-status]')).toContainText('webgpu: not timed (WebGPU runs on a software adapter here, two orders of magnitude slower than WebAssembly), wasm: ');
  await expect(picker).not.toHaveAttribute('data-backend', 'webgpu');
  await expect(picker.locator('option[value="webgpu"]')).toBeEnabled();
});

test('a worker asked for WebGPU starts it, or falls back and says why', async ({ page }) => {
  await page.goto('/test/train-worker/');
  await expect(page.locator('body[data-harness="ready"]')).toHaveCount(1);
  const ready = await page.evaluate(() => (window as unknown as { trainHarness: { open(o: object): Promise<{ backend: string; note: string | null }> } }).trainHarness.open({ backend: 'webgpu', where: 'worker' }));
  test.info().annotations.push({ type: 'webgpu in a worker', description: `${ready.backend}: ${ready.note ?? 'no note'}` });
  if (ready.backend === 'webgpu') expect(ready.note).toBeNull();
  // Not a bare "could not start": the note names what is missing (navigator.gpu, or a GPU adapter behind it).
  else expect(ready.note).toMatch(/^webgpu is not available here \(.*(navigator\.gpu|adapter).*\)\. Training on (webgl|wasm|cpu) instead\.$/);
});

test('on the evaluation chapter nothing is measured until the evaluation needs a backend; the picker then shows the probe', async ({ page }) => {
  await page.goto('/evaluation');
  const picker = page.locator('backend-picker');
  await expect(picker.locator('[data-status]')).toContainText('Not chosen yet');
  const fig = page.locator('confusion-matrix');
  await fig.getByRole('combobox', { name: /Test images/ }).selectOption('1000');
  await fig.getByRole('button', { name: 'Evaluate in this browser' }).click();
  await expect(picker.locator('[data-status]')).toContainText('fastest here:', { timeout: 120_000 });
  await expect(fig).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const chosen = await page.evaluate(() => localStorage.getItem('resnet-lab.backend'));
  await expect(picker).toHaveAttribute('data-backend', chosen!);
  await expect(fig.locator('[data-backend]')).toHaveText(`${chosen} backend`);
});
