/**
 * A page that stays responsive while the worker trains (long tasks on the main thread), and a backend change that waits
 * for the next run. It measures time on the page, so it runs alone, after every other spec (playwright.config.ts: the
 * 'quiet' project; on its own: `npx playwright test test/browser/responsiveness.spec.ts --project quiet --no-deps`).
 */
import { expect, test } from '@playwright/test';
import { snapPage } from './snap.ts';

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
