/**
 * The site's backend choice end to end: the BackendPicker on every page that computes, the labs and workers using it
 * (and saying what they got), WebGPU absent cleanly where the browser has none, and a page that stays responsive while
 * the worker trains.
 */
import { expect, test } from '@playwright/test';
import { snapPage } from './snap.ts';

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

/** Long tasks (over 50 ms) seen by the page, with the times the lab entered each state. */
type Timeline = { tasks: { start: number; duration: number }[]; states: { state: string; t: number }[] };

test('the train lab stays responsive while the worker trains; a backend change waits for the next run', async ({ page }) => {
  test.setTimeout(400_000);
  await page.addInitScript(() => {
    localStorage.setItem('resnet-lab.backend', 'wasm');
    const w = window as unknown as { timeline: Timeline };
    w.timeline = { tasks: [], states: [] };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.timeline.tasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    document.addEventListener('DOMContentLoaded', () => {
      const lab = document.querySelector('train-lab')!;
      new MutationObserver(() => {
        const state = lab.getAttribute('data-state') ?? '';
        if (w.timeline.states.at(-1)?.state !== state) w.timeline.states.push({ state, t: performance.now() });
      }).observe(lab, { attributes: true, attributeFilter: ['data-state'] });
    });
  });
  await page.goto('/labs/train?recipe=adam&epochs=2&batch=32&train=128&test=100&seed=1');
  const lab = page.locator('train-lab');
  await expect(page.getByRole('button', { name: 'Start a new run' })).toBeEnabled({ timeout: 120_000 });
  await expect(lab.locator('[data-where]')).toContainText('in a worker on wasm');
  await page.getByRole('button', { name: 'Start a new run' }).click();
  await expect(lab).toHaveAttribute('data-step', /\d+/, { timeout: 180_000 });

  // Mid-run, the reader picks another backend: the run goes on where it is, and the page says when the change applies.
  await page.locator('backend-picker').getByRole('combobox').selectOption('cpu');
  await expect(lab.locator('[data-backend-next]')).toHaveText('This run keeps training on wasm; the next run (or a resumed saved run) will use cpu.');
  await expect(lab).toHaveAttribute('data-state', 'ended', { timeout: 300_000 });
  await expect(lab).toHaveAttribute('data-end-reason', 'completed');

  const tl = await page.evaluate(() => (window as unknown as { timeline: Timeline }).timeline);
  const from = tl.states.find((s) => s.state === 'training')?.t;
  const to = tl.states.find((s) => s.state === 'ended')?.t;
  expect(from).toBeDefined();
  expect(to).toBeDefined();
  // From the first training message to the end: the page-side test report that follows is not training.
  const during = tl.tasks.filter((t) => t.start >= from! && t.start < to!);
  const longest = Math.max(0, ...during.map((t) => t.duration));
  test.info().annotations.push({ type: 'long tasks while training', description: `${during.length} over 50 ms in ${((to! - from!) / 1000).toFixed(1)} s of training; longest ${longest.toFixed(0)} ms` });
  expect(longest).toBeLessThanOrEqual(200);
  await snapPage(page, test.info().outputPath('train-lab-backend.png'));
});
