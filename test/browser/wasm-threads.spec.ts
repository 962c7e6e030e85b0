/**
 * Multithreaded WASM in the built (minified) site: served with COOP/COEP the page is cross-origin isolated, the wasm
 * backend runs on navigator.hardwareConcurrency threads (>= 2), and a ResNet-20's gradients equal the single-threaded
 * ones; served without the headers it falls back to one thread and still trains. The project's own WASM kernel module
 * follows: its shared-memory variant on a worker pool of the same threads when isolated, one thread otherwise.
 * Uses test/pages/wasm-threads.astro.
 */
import { expect, test, type Page } from '@playwright/test';

interface GradReport {
  crossOriginIsolated: boolean;
  backend: string;
  threadsInUse: number;
  native: string | null;
  loss: number;
  grads: Record<string, number[]>;
  leaked: number;
}

const BATCH = 4;
/** Far above a healthy start plus one batch-4 ResNet-20 gradient (about a second here), well below the test timeout. */
const START_LIMIT_MS = 90_000;

/** Opens the hook page (query e.g. '?threads=0'), runs the gradients, and fails on any console or page error. */
async function gradients(page: Page, query = ''): Promise<GradReport> {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`/test/wasm-threads${query}`);
  await expect(page.locator('body[data-hook-ready="true"]')).toBeAttached();
  const run = page.evaluate((b) => (window as unknown as { wasmThreadsTest: { gradients(b: number): Promise<GradReport> } }).wasmThreadsTest.gradients(b), BATCH);
  // A broken threaded start-up never settles (its workers die silently): fail with the reason instead of the test timeout.
  const stalled = page.waitForTimeout(START_LIMIT_MS).then((): never => {
    throw new Error(`wasm did not start within ${START_LIMIT_MS / 1000} s: the threaded workers likely failed (scripts/lib/wasm-factory-source.ts).`);
  });
  stalled.catch(() => undefined); // the page closing ends the timer too; only the race below may report it
  const r = await Promise.race([run, stalled]);
  expect(errors).toEqual([]);
  return r;
}

/** The native module's variant and threads from its description, e.g. "relaxed-shared, 2 thread(s)". */
function nativeModule(r: GradReport): { variant: string; threads: number } {
  const m = /^(relaxed|simd)(-shared)?, (\d+) thread\(s\)$/.exec(r.native ?? '');
  expect(m, `native kernels in use: ${r.native}`).not.toBeNull();
  return { variant: m![1]! + (m![2] ?? ''), threads: Number(m![3]) };
}

/** Largest |a - b| over every parameter's gradient, and the largest |a| (the scale it is judged against). */
function maxDiff(a: GradReport, b: GradReport): { diff: number; scale: number; params: number } {
  let diff = 0;
  let scale = 0;
  const ids = Object.keys(a.grads);
  expect(Object.keys(b.grads).sort()).toEqual([...ids].sort());
  for (const id of ids) {
    const ga = a.grads[id]!;
    const gb = b.grads[id]!;
    expect(gb.length, id).toBe(ga.length);
    ga.forEach((v, i) => {
      diff = Math.max(diff, Math.abs(v - gb[i]!));
      scale = Math.max(scale, Math.abs(v));
    });
  }
  return { diff, scale, params: ids.length };
}

test('the built site runs wasm on >= 2 threads when isolated, with the single-threaded gradients', async ({ browser }) => {
  const threadedPage = await browser.newPage();
  const mt = await gradients(threadedPage);
  await threadedPage.close();
  const singlePage = await browser.newPage();
  const st = await gradients(singlePage, '?threads=0');
  await singlePage.close();

  expect(mt.crossOriginIsolated).toBe(true);
  expect(mt.backend).toBe('wasm');
  expect(mt.threadsInUse).toBeGreaterThanOrEqual(2);
  expect(st.threadsInUse).toBe(1);
  // The native kernels run on the shared heap with a pool of the backend's threads, or alone on the unshared one.
  const mtNative = nativeModule(mt);
  expect(mtNative.variant).toMatch(/^(relaxed|simd)-shared$/);
  expect(mtNative.threads).toBeGreaterThanOrEqual(2);
  expect(mtNative.threads).toBe(mt.threadsInUse);
  expect(st.native).toMatch(/^(relaxed|simd), 1 thread/);
  expect(mt.leaked).toBe(0);
  expect(st.leaked).toBe(0);

  const { diff, scale, params } = maxDiff(mt, st);
  console.log(`threads ${mt.threadsInUse} (native ${mt.native}) vs 1 (native ${st.native}): ${params} gradients, max |diff| ${diff} of max |g| ${scale}; loss ${mt.loss} vs ${st.loss}`);
  expect(params).toBeGreaterThan(50);
  expect(scale).toBeGreaterThan(0);
  expect(diff).toBeLessThanOrEqual(1e-5 * scale);
  expect(Math.abs(mt.loss - st.loss)).toBeLessThanOrEqual(1e-6 * Math.abs(st.loss));
});

test('without COOP/COEP the page is not isolated and wasm falls back cleanly to one thread', async ({ page }) => {
  // Serve every response as a host without the isolation headers would.
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
  const r = await gradients(page);
  expect(r.crossOriginIsolated).toBe(false);
  expect(r.backend).toBe('wasm');
  expect(r.threadsInUse).toBe(1);
  expect(r.native).toMatch(/^(relaxed|simd), 1 thread/);
  expect(Number.isFinite(r.loss)).toBe(true);
  expect(r.leaked).toBe(0);
});

test('the training worker starts the threaded wasm binary in the isolated site', async ({ page }) => {
  const wasmFiles: string[] = [];
  const errors: string[] = [];
  // Dedicated workers' requests are reported on their page in Chromium.
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) wasmFiles.push(r.url().split('/').pop()!);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/test/train-worker');
  await page.waitForFunction(() => 'trainHarness' in window);
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  const r = await page.evaluate(() => (window as unknown as { trainHarness: { open(o: object): Promise<{ backend: string; where: string }> } }).trainHarness.open({ backend: 'wasm' }));
  expect(r).toMatchObject({ backend: 'wasm', where: 'worker' });
  expect(wasmFiles.some((f) => f.startsWith('tfjs-backend-wasm-threaded-simd'))).toBe(true);
  expect(errors).toEqual([]);
});
