/**
 * The model library on WebGL in Chromium: the PyTorch reference weights must give PyTorch's logits for test image 0
 * (../shared/reference/README.md) and PyTorch's accuracy on the first test images (test/fixtures/reference/first-n.json).
 * Uses the test-only page test/pages/model.astro; needs the data from `npm run data`.
 */
import { expect, test, type Page } from '@playwright/test';
import FIRST_N from '../fixtures/reference/first-n.json' with { type: 'json' };

const REFERENCE = [
  { preset: 'resnet20', file: 'resnet20_sgd30.safetensors', logits: [-0.2069, -2.7806, -1.1898, 11.3718, -4.1549, 3.8014, 1.8615, -1.8978, -0.4199, -5.4716] },
  { preset: 'plain20', file: 'plain20_sgd15.safetensors', logits: [-2.0388, -1.537, -1.6423, 4.5303, -1.3357, 2.7187, 0.8304, -0.2666, -0.7225, -0.855] },
];

interface Hook {
  logits(preset: string, file: string): Promise<{ backend: string; label: number; logits: number[] }>;
  indexedDbRoundTrip(preset: string, file: string): Promise<{ saved: number[]; loaded: number[]; config: boolean }>;
  accuracy(preset: string, file: string, limit: number): Promise<{ accuracy: number; n: number; confusion: number[][]; leaked: number }>;
}

async function open(page: Page, errors: string[]): Promise<void> {
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/test/model');
  await expect(page.locator('body[data-hook-ready="true"]')).toBeAttached();
}

for (const ref of REFERENCE) {
  test(`${ref.preset} reference weights give PyTorch's logits of test image 0 on WebGL (within 1e-3)`, async ({ page }) => {
    const errors: string[] = [];
    await open(page, errors);
    const r = await page.evaluate(([p, f]) => (window as unknown as { modelTest: Hook }).modelTest.logits(p!, f!), [ref.preset, ref.file]);
    expect(r.backend).toBe('webgl');
    expect(r.label).toBe(3);
    r.logits.forEach((v, i) => expect(Math.abs(v - ref.logits[i]!), `logit ${i}: ${v} vs ${ref.logits[i]}`).toBeLessThan(1e-3));
    expect(errors).toEqual([]);
  });
}

test("WebGL evaluation of the first 100 test images gives PyTorch's accuracy on them, without leaking", async ({ page }) => {
  const limit = 100;
  const errors: string[] = [];
  await open(page, errors);
  const web = await page.evaluate((n) => (window as unknown as { modelTest: Hook }).modelTest.accuracy('resnet20', 'resnet20_sgd30.safetensors', n), limit);
  expect(web.n).toBe(limit);
  // PyTorch's accuracy on the same images (test/fixtures/reference/make.sh); float rounding may flip a borderline image.
  expect(Math.abs(web.accuracy - FIRST_N.accuracy.resnet20_sgd30[String(limit) as '100'])).toBeLessThanOrEqual(1 / limit);
  expect(web.leaked).toBe(0);
  expect(errors).toEqual([]);
});

test('a model saved to IndexedDB loads back with its configuration and identical logits', async ({ page }) => {
  const errors: string[] = [];
  await open(page, errors);
  const r = await page.evaluate(() => (window as unknown as { modelTest: Hook }).modelTest.indexedDbRoundTrip('resnet20', 'resnet20_sgd30.safetensors'));
  expect(r.config).toBe(true);
  expect(r.loaded).toEqual(r.saved);
  expect(errors).toEqual([]);
});
