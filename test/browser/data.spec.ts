import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { IMAGE_FILES, TRAIN_16_FILE } from '../../src/core/data/cifar10.ts';
import { makeTar } from '../lib/data/tar-writer.ts';
import { snapPage } from './snap.ts';

/** Path of a real cifar-10-binary.tar.gz to test the own-archive picker with (optional: that test is skipped without it). */
const officialArchive = process.env.CIFAR10_BINARY_ARCHIVE;

/** Console errors and page errors collected while a test runs. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Variance of the RGB values of a canvas: near 0 for a blank or single-colour canvas, large for photographs. */
async function canvasVariance(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let s = 0, q = 0, n = 0;
    for (let i = 0; i < d.length; i += 4) for (let k = 0; k < 3; k++) { s += d[i + k]!; q += d[i + k]! ** 2; n++; }
    return q / n - (s / n) ** 2;
  });
}

test.describe('the data preparation page', () => {
  test('shows real images per class, redraws the augmentation on demand, and computes the statistics', async ({ page }) => {
    const errors = collectErrors(page);
    const scripts: string[] = [];
    page.on('request', (r) => { if (r.resourceType() === 'script') scripts.push(r.url()); });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/data-preparation');
    await expect(page.getByRole('heading', { level: 1, name: 'Data preparation: CIFAR-10' })).toBeVisible();

    const grid = page.locator('cifar-class-grid');
    await grid.scrollIntoViewIfNeeded();
    await expect(grid).toHaveAttribute('data-ready', 'true');
    for (const name of ['airplane', 'cat', 'truck']) {
      const v = await canvasVariance(page, `canvas[aria-label="The first 8 training images labelled ${name}"]`);
      expect(v, `${name} row is not blank`).toBeGreaterThan(500);
    }

    const demo = page.locator('cifar-augment-demo');
    await demo.scrollIntoViewIfNeeded();
    await expect(demo).toHaveAttribute('data-ready', 'true');
    expect(await canvasVariance(page, 'cifar-augment-demo canvas[data-panel="original"]')).toBeGreaterThan(500);
    const before = await demo.locator('canvas[data-strip]').evaluate((c: HTMLCanvasElement) => c.toDataURL());
    const text = await demo.locator('[data-draw]').textContent();
    await demo.getByRole('button', { name: 'New random flip and crop' }).click();
    await expect(demo).toHaveAttribute('data-draws', '2');
    expect(await demo.locator('[data-draw]').textContent()).not.toBe(text);
    expect(await demo.locator('canvas[data-strip]').evaluate((c: HTMLCanvasElement) => c.toDataURL())).not.toBe(before);
    // Keyboard: focus the other button and press Enter.
    await demo.getByRole('button', { name: 'Another image' }).focus();
    await page.keyboard.press('Enter');
    await expect(demo).toHaveAttribute('data-draws', '3');
    await expect(demo.locator('[data-draw]')).toContainText('(automobile)');

    const stats = page.locator('cifar-data-stats');
    await stats.scrollIntoViewIfNeeded();
    await expect(stats).toHaveAttribute('data-ready', 'true');
    await expect(stats.locator('[data-train-total]')).toHaveText('45,000');
    await expect(stats.locator('[data-val-total]')).toHaveText('5,000');
    const valCounts = await stats.locator('td[data-val]').allTextContents();
    expect(valCounts.map(Number).reduce((a, b) => a + b, 0)).toBe(5000);
    await stats.locator('[data-seed]').fill('7');
    await expect(stats).toHaveAttribute('data-seed', '7');
    expect(await stats.locator('td[data-val]').allTextContents()).not.toEqual(valCounts);
    await stats.getByRole('button', { name: /Use all 50,000/ }).click();
    await expect(stats).toHaveAttribute('data-images', '50000', { timeout: 120_000 });
    await expect(stats.locator('[data-mean="0"]')).toHaveText('0.4914');
    await expect(stats.locator('[data-std="2"]')).toHaveText('0.2616');

    const axe = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    // The page computes everything in plain JS: no TensorFlow.js is loaded.
    const tfScripts = await Promise.all(scripts.map(async (url) => ((await (await page.request.get(url)).text()).includes('tfjs-core') ? url : '')));
    expect(tfScripts.filter(Boolean)).toEqual([]);

    await snapPage(page, test.info().outputPath('data-page-1280.png'));
    for (const tag of ['cifar-class-grid', 'cifar-augment-demo', 'cifar-data-stats']) {
      await page.locator(tag).screenshot({ path: test.info().outputPath(`${tag}-1280.png`) });
    }
    expect(errors).toEqual([]);
  });

  test('fits a 375 px wide screen', async ({ page }) => {
    const errors = collectErrors(page);
    await page.setViewportSize({ width: 375, height: 800 });
    // The narrow check also covers the dark colour scheme.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/data-preparation');
    for (const tag of ['cifar-class-grid', 'cifar-augment-demo', 'cifar-data-stats']) {
      await page.locator(tag).scrollIntoViewIfNeeded();
      await expect(page.locator(tag)).toHaveAttribute('data-ready', 'true');
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await snapPage(page, test.info().outputPath('data-page-375.png'));
    for (const tag of ['cifar-class-grid', 'cifar-augment-demo', 'cifar-data-stats']) {
      await page.locator(tag).screenshot({ path: test.info().outputPath(`${tag}-375-dark.png`) });
    }
    expect(errors).toEqual([]);
  });

  test('shows a clear message instead of broken figures when the data is missing', async ({ page }) => {
    await page.route('**/data/cifar10/**', (route) => route.fulfill({ status: 404, body: 'Not found' }));
    await page.goto('/data-preparation');
    const grid = page.locator('cifar-class-grid');
    await grid.scrollIntoViewIfNeeded();
    await expect(grid).toHaveAttribute('data-ready', 'error');
    await expect(grid.getByRole('alert')).toContainText('CIFAR-10 is not on this server yet');
    await expect(grid.getByRole('alert')).toContainText('npm run data');
  });
});

test.describe('the own-archive picker', () => {
  /** Opens the picker and chooses a file; returns the picker element. */
  async function choose(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }) {
    await page.goto('/data-preparation');
    const picker = page.locator('cifar-data-source');
    await picker.getByText('Use your own copy of CIFAR-10').click();
    await picker.getByLabel('cifar-10-binary.tar.gz').setInputFiles(file);
    return picker;
  }

  test('explains a file that is not gzip and an archive of the Python version', async ({ page }) => {
    let picker = await choose(page, { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await expect(picker.getByRole('alert')).toContainText('"notes.txt" is not gzip-compressed: choose the official cifar-10-binary.tar.gz');
    const python = gzipSync(makeTar([{ name: 'cifar-10-batches-py/data_batch_1', data: new Uint8Array(64) }]));
    picker = await choose(page, { name: 'cifar-10-python.tar.gz', mimeType: 'application/gzip', buffer: python });
    await expect(picker.getByRole('alert')).toContainText('This is the Python (pickle) version of CIFAR-10, not the binary version');
  });

  test(officialArchive ? 'accepts the official archive and the figures redraw from it'
    : 'accepts the official archive (SKIPPED: set CIFAR10_BINARY_ARCHIVE=<path to cifar-10-binary.tar.gz>)', async ({ page }) => {
    test.skip(!officialArchive, 'CIFAR10_BINARY_ARCHIVE is not set');
    // Serve nothing from the site, so the figures can only draw from the reader's archive.
    await page.route('**/data/cifar10/**', (route) => route.fulfill({ status: 404, body: 'Not found' }));
    const picker = await choose(page, officialArchive!);
    await expect(picker).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
    await expect(picker.getByRole('status')).toContainText('all six md5s match');
    const grid = page.locator('cifar-class-grid');
    await grid.scrollIntoViewIfNeeded();
    await expect(grid).toHaveAttribute('data-ready', 'true');
    await expect(grid.getByRole('status')).toContainText('your cifar-10-binary.tar.gz');
    expect(await canvasVariance(page, 'canvas[aria-label="The first 8 training images labelled ship"]')).toBeGreaterThan(500);
  });
});

test.describe('the browser loader', () => {
  test('decodes every batch, and the 16x16 training file, in Chromium to their recorded sha256', async ({ page }) => {
    await page.goto('/test/cifar-decode');
    await expect(page.locator('body')).toHaveAttribute('data-hook-ready', 'true');
    const got = await page.evaluate(() => (window as unknown as { cifarTest: { hashes(): Promise<Record<string, string>> } }).cifarTest.hashes());
    for (const f of IMAGE_FILES) expect(got[f.name], f.name).toBe(f.decodedSha256);
    expect(got.firstTestLabels).toBe('3,8,8,0,6,6,1,6,3,1');
    // The size-16 race's file (npm run data's 2x2 average of the training batches), decoded as the race worker does.
    expect(got[TRAIN_16_FILE.name]).toBe(TRAIN_16_FILE.decodedSha256);
    expect(got.train16Labels).toBe('50000: 6,9,9,4,1,1,2,7,8,3');
  });

  test('names a non-PNG or truncated file and the fix', async ({ page }) => {
    await page.goto('/test/cifar-decode');
    await expect(page.locator('body')).toHaveAttribute('data-hook-ready', 'true');
    const png = await (await page.request.get('/data/cifar10/test_batch.png')).body();
    await page.route('**/html/test_batch.png', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>Not found</p>' }));
    await page.route('**/cut/test_batch.png', (r) => r.fulfill({ status: 200, contentType: 'image/png', body: png.subarray(0, 100_000) }));
    const loadError = (base: string) => page.evaluate((b) => (window as unknown as { cifarTest: { loadError(b: string): Promise<string> } }).cifarTest.loadError(b), base);
    expect(await loadError('/html/')).toMatch(/test_batch\.png is not a PNG image .*npm run data/);
    expect(await loadError('/cut/')).toMatch(/test_batch\.png is a damaged or truncated PNG.*npm run data/);
    expect(await loadError('/nowhere/')).toMatch(/CIFAR-10 is not on this server yet: \/nowhere\/test_batch\.png is missing \(404\)/);
  });
});
