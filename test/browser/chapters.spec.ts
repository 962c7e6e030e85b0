import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { chapters, neighbours } from '../../src/core/chapters.ts';
import { labPages } from '../../src/core/labs/lab-tables.ts';
import { RESNET20_COUNTS } from '../../src/core/model/counts.ts';
import { snapPage } from './snap.ts';
import FIRST_N from '../fixtures/reference/first-n.json' with { type: 'json' };
import MODELS from '../../src/data/models.json' with { type: 'json' };

/** Where screenshots go (test-results/ is shared with other specs and cleaned by their runs). */
const shots = process.env.SHOTS_DIR ?? 'test-results/chapters';

/** The explainer's pages (the data chapter belongs to the data engineer's spec). */
const pages = ['/', ...chapters.map((c) => c.href).filter((h) => h !== '/data-preparation'), '/tutorial-errata'];

/** Collects console errors and the JavaScript a page loads (URL and gzip size of each script). */
function watch(page: Page) {
  const errors: string[] = [];
  const scripts: { url: string; gzip: number }[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', async (r) => {
    if (r.request().resourceType() !== 'script') return;
    const body = await r.body().catch(() => Buffer.alloc(0));
    scripts.push({ url: r.url(), gzip: gzipSync(body).length });
  });
  return { errors, scripts };
}

/** Scrolls to the bottom in steps so every figure near the viewport starts. */
async function scrollThrough(page: Page) {
  const height = await page.evaluate(() => document.body.scrollHeight);
  for (let y = 0; y < height; y += 500) await page.mouse.wheel(0, 500);
  await page.waitForTimeout(200);
}

for (const path of pages) {
  test(`${path} renders with no console errors, no serious axe violations, little JS and no TensorFlow.js`, async ({ page }) => {
    const seen = watch(page);
    // The landing page's toy race is on screen at load and starts after first paint, loading TensorFlow.js in its
    // worker (toy.spec.ts checks that nothing of it loads before the figure runs). Here it stays idle (reduced motion:
    // no autoplay), so the budget below measures the page itself.
    if (path === '/') await page.emulateMedia({ reducedMotion: 'reduce' });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await scrollThrough(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `page wider than ${width}px`).toBeLessThanOrEqual(0);
      const name = path === '/' ? 'index' : path.slice(1);
      await snapPage(page, `${shots}/${name}-${width}.png`);
    }
    const axe = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(seen.errors).toEqual([]);
    const gzip = seen.scripts.reduce((s, x) => s + x.gzip, 0) / 2; // each page was loaded twice
    expect(gzip, seen.scripts.map((s) => s.url).join('\n')).toBeLessThanOrEqual(60 * 1024);
    expect(seen.scripts.filter((s) => /evaluate|tfjs|tensorflow/i.test(s.url))).toEqual([]);
    const html = await page.content();
    expect(html).not.toMatch(/katex(\.min)?\.js/);
  });
}

test('each chapter ends with a Next paragraph linking the next chapter on the reading path and a lab', async ({ page }) => {
  const labs = new Set(labPages.map((l) => l.href));
  for (const c of chapters) {
    await page.goto(c.href);
    const next = page.locator('h2#next + p');
    const hrefs = await next.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    // The last chapter hands over to the errata page, which is off the reading path.
    expect(hrefs[0], c.href).toBe(neighbours(c.href).next?.href ?? '/tutorial-errata');
    expect(hrefs.some((h) => labs.has(h.split('?')[0]!)), `${c.href} links a lab`).toBe(true);
  }
});

test('the chapters agree on H(x) = F(x) + x before the last ReLU, and on the parameter counts', async ({ page }) => {
  for (const path of [...chapters.map((c) => c.href), '/tutorial-errata', '/labs/block-stepper']) {
    await page.goto(path);
    await expect(page.locator('main'), path).not.toContainText(/H\(x\)\s*=\s*ReLU/);
  }
  await page.goto('/architecture');
  const arch = page.locator('article');
  await expect(arch).toContainText(`ResNet-20 has ${RESNET20_COUNTS.withoutProjections.toLocaleString('en-US')}, the same as plain-20`);
  await expect(arch).toContainText('identity shortcuts in all cases');
  await page.goto('/tutorial-errata');
  const errata = page.locator('article');
  await expect(errata).toContainText(`The model as listed has ${RESNET20_COUNTS.tutorialListing.toLocaleString('en-US')} parameters`);
  await expect(errata).toContainText('trainloader and validationloader are never defined');
  await expect(errata).not.toContainText('unchanged by these fixes');
  await page.goto('/data-preparation');
  await expect(page.locator('article')).toContainText('the per-pixel mean subtracted');
  await expect(page.locator('article')).not.toContainText('on the GPU as tensor operations');
});

test('math is rendered at build time', async ({ page }) => {
  await page.goto('/architecture');
  await expect(page.locator('.katex-display').first()).toBeVisible();
  await expect(page.locator('.katex math').first()).toBeAttached();
});

test('the block diagram switches shortcut and tells the shape and size of a focused part', async ({ page }) => {
  await page.goto('/architecture');
  const fig = page.locator('block-diagram');
  await fig.scrollIntoViewIfNeeded();
  await expect(fig).toHaveAttribute('data-ready', 'true');
  await expect(fig.locator('[data-part="add"]')).toHaveCount(1);
  await fig.getByRole('radio', { name: /Projection/ }).check();
  await expect(fig).toHaveAttribute('data-mode', 'projection');
  await fig.locator('[data-part="proj"]').focus();
  await expect(fig.locator('[data-details]')).toContainText('576 parameters');
  await page.keyboard.press('Shift+Tab');
  await expect(fig.locator('[data-details]')).toContainText('Output 16×16×32');
  await fig.getByRole('radio', { name: /No shortcut/ }).check();
  await expect(fig.locator('[data-part="add"]')).toHaveCount(0);
  await expect(fig.locator('[data-edge="skip"]')).toHaveCount(0);
  await expect(fig.locator('[data-summary]')).toContainText('no shortcut');
  await fig.screenshot({ path: `${shots}/block-diagram-plain.png` });
});

test('the shape flow follows the depth and the arrow keys, and highlights the summary rows', async ({ page }) => {
  await page.goto('/implementation');
  const fig = page.locator('shape-flow');
  await fig.scrollIntoViewIfNeeded();
  await expect(fig).toHaveAttribute('data-ready', 'true');
  await expect(fig.locator('[data-total]')).toHaveText('272,490');
  const layers = fig.locator('g.layer');
  await expect(layers).toHaveCount(24); // input, stem, 18 convs, 2 projections, pool, fc
  await fig.locator('g[data-layer="stage2.block0.shortcut"]').click();
  await expect(fig.locator('[data-details]')).toContainText('576 parameters');
  await expect(fig.locator('tr.is-selected')).toHaveCount(2);
  await page.keyboard.press('ArrowRight');
  await expect(fig.locator('[data-details]')).toContainText('stage2.block0.conv2');
  await expect(fig.locator('g[data-layer="stage2.block0.conv2"]')).toBeFocused();
  await fig.getByRole('combobox', { name: /Depth/ }).selectOption('56');
  await expect(layers).toHaveCount(60);
  await expect(fig.locator('[data-summary]')).toContainText('855,786 parameters');
  await fig.screenshot({ path: `${shots}/shape-flow-56.png` });
});

test('the reference curves switch metric and runs', async ({ page }) => {
  await page.goto('/motivation');
  const fig = page.locator('reference-curves');
  await fig.scrollIntoViewIfNeeded();
  await expect(fig).toHaveAttribute('data-ready', 'true');
  await expect(fig.locator('path.series')).toHaveCount(3);
  await fig.getByRole('checkbox', { name: 'ResNet-20 (30 epochs)', exact: true }).check();
  await expect(fig.locator('path.series')).toHaveCount(4);
  await fig.getByRole('checkbox', { name: 'ResNet-56 (15 epochs)', exact: true }).uncheck();
  await expect(fig.locator('[data-series="resnet56_sgd15"]')).toHaveCount(0);
  await fig.getByRole('radio', { name: /validation images/ }).check();
  await expect(fig).toHaveAttribute('data-metric', 'val');
  await expect(fig.locator('text.axis-label')).toContainText(['epoch', 'validation error']);
});

test('the training chapter draws each model this site trained, dashed, beside its PyTorch twin', async ({ page }) => {
  const own = MODELS.models.filter((m) => m.trainedBy === 'resnet-lab');
  expect(own.length, 'src/data/models.json lists no model trained by this site').toBeGreaterThan(0);
  await page.goto('/training');
  const fig = page.locator('reference-curves');
  await fig.scrollIntoViewIfNeeded();
  await expect(fig).toHaveAttribute('data-ready', 'true');
  await expect(fig.locator('path.series')).toHaveCount(2 * own.length);
  for (const m of own) {
    await expect(fig.locator(`path.series[data-series="${m.id}"]`)).toHaveAttribute('stroke-dasharray', /\d/);
    await expect(fig.locator(`path.series[data-series="${m.preset}_sgd${m.epochs}"]`)).not.toHaveAttribute('stroke-dasharray', /\d/);
    await expect(fig.locator('figcaption')).toContainText(`${m.label} `);
    await expect(fig.locator('figcaption')).toContainText(`${(100 * m.testAccuracy).toFixed(1)}% here`);
  }
});

test('the evaluation chapter classifies test images in the browser and draws the confusion matrix', async ({ page }) => {
  const seen = watch(page);
  await page.goto('/evaluation');
  // The evaluation honours the backend the reader chose on the site; in this headless Chromium WebGL is software
  // (SwiftShader), so the test picks WASM, the fastest backend here.
  await page.evaluate(() => localStorage.setItem('resnet-lab.backend', 'wasm'));
  const fig = page.locator('confusion-matrix');
  const count = fig.getByRole('combobox', { name: /Test images/ });
  await expect(count).toHaveValue('10000');
  // All 10,000 images are checked against PyTorch in Node (test/lib/weights/reference.test.ts); here the page's part,
  // on the first 1,000 (a minute less of CI on software-rendered Chromium).
  await count.selectOption('1000');
  await fig.getByRole('button', { name: 'Evaluate in this browser' }).click();
  await expect(fig).toHaveAttribute('data-state', 'done', { timeout: 170_000 });
  const accuracy = Number(await fig.getAttribute('data-accuracy'));
  // PyTorch's accuracy for these weights on these images (test/fixtures/reference/make.sh); float32 summation order
  // may flip an image or two.
  expect(Math.abs(accuracy - FIRST_N.accuracy.resnet20_sgd30['1000'])).toBeLessThanOrEqual(0.002);
  await expect(fig.locator('[data-n]')).toHaveText('1,000');
  await expect(fig).toHaveAttribute('data-leaked', '0');
  await expect(fig.locator('g.cell')).toHaveCount(100);
  await fig.locator('[data-cell="0,0"]').focus();
  await page.keyboard.press('ArrowDown');
  await expect(fig.locator('[data-cell="1,0"]')).toBeFocused();
  await expect(fig.locator('[data-cell-details]')).toContainText('True automobile, predicted airplane');
  await fig.screenshot({ path: `${shots}/confusion-1000.png` });
  await expect(fig.locator('[data-backend]')).toHaveText('wasm backend');
  await expect(fig).toHaveAttribute('data-evaluated', 'resnet20_sgd30');

  // The ResNet-20 this site trained itself, one choice away: its weights, on the same 1,000 images, give what the
  // site's library gives in Node (`npm run eval -- --weights public/models/resnet20_lab30.safetensors --model resnet20
  // --limit 1000`: 0.902), within the same two images.
  await fig.locator('select[data-model]').selectOption('resnet20_lab30');
  await fig.getByRole('button', { name: 'Evaluate in this browser' }).click();
  await expect(fig).toHaveAttribute('data-evaluated', 'resnet20_lab30', { timeout: 170_000 });
  await expect(fig).toHaveAttribute('data-state', 'done');
  expect(Math.abs(Number(await fig.getAttribute('data-accuracy')) - 0.902)).toBeLessThanOrEqual(0.002);
  await expect(fig.locator('[data-model-name]')).toHaveText("the ResNet-20 trained by this site's own engine (30 epochs)");
  await expect(fig).toHaveAttribute('data-leaked', '0');
  expect(seen.errors).toEqual([]);
  const axe = await new AxeBuilder({ page }).include('confusion-matrix').options({ resultTypes: ['violations'] }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});
