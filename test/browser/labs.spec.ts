import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { snapPage } from './snap.ts';
import { watchErrors } from './page-errors.ts';

// A tiny race: a shallow plain net, a deep plain net, the deep net with skips; few steps of small batches.
const TINY = 'nets=1p,7p,7r&width=4&size=16&train=1000&val=200&batch=32&opt=adam&lr=0.003&steps=60&every=20&seed=1';

test.describe('degradation lab', () => {
  test('races three nets, draws every curve, and the deep plain net ends above the others on training error', async ({ page }) => {
    test.setTimeout(600_000);
    const errors = watchErrors(page);
    await page.goto(`/labs/degradation?${TINY}`);
    const lab = page.locator('degradation-lab');
    await expect(lab).toHaveAttribute('data-state', 'idle');
    await expect(page.getByLabel('Depth of net 2')).toHaveValue('7');
    await page.getByRole('button', { name: 'Train' }).click();
    await expect(lab).toHaveAttribute('data-state', 'running');
    await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 540_000 });
    await expect(lab.locator('[data-status]')).toContainText('Finished after 60 steps');
    for (const panel of ['loss', 'error', 'accuracy']) {
      await expect(page.locator(`svg[data-panel="${panel}"] g.lines path`)).toHaveCount(3);
    }
    // A gradient strip per net: a column every 5 steps, a row per unit (stem, 3n blocks, fc): 12 x 5, 12 x 23, 12 x 23.
    const strips = lab.locator('[data-strips] svg');
    await expect(strips).toHaveCount(3);
    await expect(strips.nth(0).locator('g.cells rect')).toHaveCount(12 * 5);
    await expect(strips.nth(1).locator('g.cells rect')).toHaveCount(12 * 23);
    await expect(strips.nth(1)).toHaveAttribute('aria-label', /^Gradient norms per block of plain-44 at step 60: smallest/);
    await expect(lab.locator('[data-verdict]')).toContainText('on the same 1000 training images for every net');
    const errs = JSON.parse((await lab.getAttribute('data-final-errors')) ?? '[]') as number[];
    expect(errs).toHaveLength(3);
    expect(errs[1]!).toBeGreaterThan(errs[0]!);
    expect(errs[1]!).toBeGreaterThan(errs[2]!);
    await snapPage(page, 'test-results/labs-degradation.png');
    expect(errors).toEqual([]);
  });

  test('keeps earlier runs dimmed, frees every tensor after each race, and stays responsive while racing', async ({ page }) => {
    test.setTimeout(600_000);
    const errors = watchErrors(page);
    await page.goto('/labs/degradation?nets=1p,2r&width=4&train=300&val=100&batch=16&steps=10&every=5');
    const lab = page.locator('degradation-lab');
    const counts: string[] = [];
    for (let run = 1; run <= 3; run++) {
      await page.getByRole('button', { name: 'Train' }).click();
      // The page answers while the worker trains: a settings panel opens and closes.
      await page.locator('summary', { hasText: 'Data and training settings' }).click();
      await expect(page.locator('#setting-lr')).toBeVisible();
      await page.locator('summary', { hasText: 'Data and training settings' }).click();
      await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 300_000 });
      await expect(lab).toHaveAttribute('data-tensors', /\d+/);
      counts.push((await lab.getAttribute('data-tensors'))!);
      await lab.evaluate((el) => el.removeAttribute('data-tensors'));
    }
    expect(new Set(counts).size).toBe(1);
    // Two earlier runs dimmed, one live: 3 runs x 2 nets paths per panel.
    await expect(page.locator('svg[data-panel="error"] g.lines path')).toHaveCount(6);
    await expect(page.locator('svg[data-panel="error"] g.lines path[stroke-opacity="0.3"]')).toHaveCount(4);
    await page.getByRole('button', { name: 'Clear previous runs' }).click();
    await expect(page.locator('svg[data-panel="error"] g.lines path')).toHaveCount(2);
    expect(page.url()).toContain('nets=1p,2r');
    expect(errors).toEqual([]);
  });

  test('stops a race on request and keeps what it drew', async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto('/labs/degradation?nets=1p,1r&width=4&train=300&val=100&batch=16&steps=5000&every=5');
    const lab = page.locator('degradation-lab');
    await page.getByRole('button', { name: 'Train' }).click();
    await expect(page.locator('svg[data-panel="error"] g.lines path').first()).toHaveAttribute('d', /L/, { timeout: 120_000 });
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(lab.locator('[data-status]')).toContainText(/Stopped after \d+ steps/);
    await expect(page.getByRole('button', { name: 'Stop' })).toBeDisabled();
  });

  test('toggles the skip of one block from the keyboard, and the net becomes a mixed one', async ({ page }) => {
    await page.goto('/labs/degradation');
    const third = page.locator('.net-row').nth(2);
    await expect(third).toHaveAttribute('data-net', '9r');
    await third.locator('g.block[data-block="0"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect(page.locator('.net-row').nth(2)).toHaveAttribute('data-net', `9m1${'0'}${'1'.repeat(25)}`);
    await expect(page.locator('.net-row').nth(2).getByRole('switch', { name: 'stage 1, block 2: skip off' })).toHaveAttribute('aria-checked', 'false');
  });

  test('explains bad settings in the URL and falls back to the defaults', async ({ page }) => {
    await page.goto('/labs/degradation?lr=abc&nets=3x');
    await expect(page.locator('degradation-lab [data-problems]')).toContainText('"lr=abc"');
    await expect(page.locator('degradation-lab [data-problems]')).toContainText('e.g. 3p');
    await expect(page.getByLabel('Depth of net 2')).toHaveValue('9');
  });
});

test.describe('depth sweep', () => {
  test('trains plain and residual nets at each depth in turn, charts final error against depth, and keeps its depths in the URL', async ({ page }) => {
    test.setTimeout(600_000);
    const errors = watchErrors(page);
    await page.goto('/labs/degradation?width=4&train=300&val=100&batch=16&steps=10&sweep=8,14');
    const sweep = page.locator('depth-sweep');
    await expect(sweep).toHaveAttribute('data-state', 'idle');
    await expect(page.locator('#setting-sweep')).toHaveValue('8,14');
    await page.getByRole('button', { name: 'Run the depth sweep' }).click();
    await expect(sweep).toHaveAttribute('data-state', 'done', { timeout: 540_000 });
    await expect(sweep.getByRole('status')).toContainText('Finished: 4 of 4 nets');
    const points = JSON.parse((await sweep.getAttribute('data-results')) ?? '[]') as { depth: number; residual: boolean; error: number }[];
    expect(points.map((p) => `${p.residual ? 'r' : 'p'}${p.depth}`).sort()).toEqual(['p14', 'p8', 'r14', 'r8']);
    for (const p of points) expect(p.error).toBeGreaterThanOrEqual(0);
    await expect(sweep.locator('svg[data-sweep-chart] g.lines path')).toHaveCount(2);
    await expect(sweep.locator('[data-verdict]')).toContainText('plain-8');
    expect(page.url()).toContain('sweep=8,14');
    expect(page.url()).toContain('steps=10');
    expect(errors).toEqual([]);
  });

  test('explains depths that are not 6n+2', async ({ page }) => {
    await page.goto('/labs/degradation?sweep=20,30');
    await expect(page.locator('depth-sweep [data-problems]')).toContainText('depth 30 is not 6n+2');
  });
});

test.describe('block stepper', () => {
  test('steps through every stage of a chosen block, for ResNet-20 and plain-20', async ({ page }) => {
    test.setTimeout(300_000);
    const errors = watchErrors(page);
    await page.goto('/labs/block-stepper?img=0&block=3&net=resnet20&stage=0');
    const stepper = page.locator('block-stepper');
    await expect(stepper).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(page.locator('svg[data-probs]')).toHaveAttribute('aria-label', /Prediction: cat/);
    const seen: string[] = [];
    for (let i = 0; i < 9; i++) {
      seen.push((await stepper.getAttribute('data-stage'))!);
      if (i < 8) await page.getByRole('button', { name: 'Forward →' }).click();
    }
    expect(seen).toEqual(['x', 'conv1', 'bn1', 'relu1', 'conv2', 'bn2', 'shortcut', 'sum', 'out']);
    await expect(page.getByRole('button', { name: 'Forward →' })).toBeDisabled();
    // Block 3 is the first of stage 2: 32 channels of 16x16 after the stride-2 convolution.
    await expect(page.locator('[data-stage-shape]')).toContainText('16×16×32');
    await expect(page.locator('[data-grid] canvas')).toHaveCount(32);
    await snapPage(page, 'test-results/labs-stepper.png');
    await page.getByRole('combobox', { name: 'Network' }).selectOption('plain20');
    await expect(stepper).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(page.locator('[data-stages] button')).toHaveCount(7);
    await expect(page.locator('[data-stages] button[data-stage="shortcut"]')).toHaveCount(0);
    expect(page.url()).toContain('net=plain20');
    expect(errors).toEqual([]);
  });

  test('shows the same stage of plain-20 alongside, and says when plain-20 has no such stage', async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto('/labs/block-stepper?img=0&net=resnet20&block=4&stage=6&compare=on');
    const stepper = page.locator('block-stepper');
    await expect(stepper).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(stepper).toHaveAttribute('data-stage', 'shortcut');
    await expect(page.locator('[data-compare-note]')).toContainText('plain-20 has no skip connection');
    await page.getByRole('button', { name: '← Back' }).click();
    await expect(stepper).toHaveAttribute('data-stage', 'bn2');
    await expect(page.locator('[data-compare-grid] canvas')).toHaveCount(32);
    await expect(page.locator('[data-compare-note]')).toContainText('Its prediction:');
  });

  test('resizes an uploaded picture and rejects a file that is not an image', async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto('/labs/block-stepper');
    const stepper = page.locator('block-stepper');
    await expect(stepper).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    const upload = page.locator('input[data-upload]');
    await upload.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
    await expect(page.locator('[data-problems]')).toContainText('"notes.txt" is not an image');
    // A 2x2 red PNG, scaled up to 32x32.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==', 'base64');
    await upload.setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: png });
    await expect(page.locator('[data-problems]')).toBeHidden();
    await expect(page.locator('svg[data-probs]')).toHaveAttribute('aria-label', /^Prediction: \w+ with probability [\d.]+%\.$/);
  });
});

test.describe('train lab', () => {
  test('trains a few steps, checkpoints, resumes after a reload, evaluates, downloads and hands the model to the stepper', async ({ page }) => {
    test.setTimeout(900_000);
    const errors = watchErrors(page);
    await page.goto('/labs/train?recipe=adam&epochs=2&batch=32&train=256&test=100&seed=1');
    const lab = page.locator('train-lab');
    await expect(page.getByRole('button', { name: 'Start a new run' })).toBeEnabled({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Start a new run' }).click();
    await expect(lab).toHaveAttribute('data-checkpoint-step', /\d+/, { timeout: 600_000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(lab).toHaveAttribute('data-state', 'paused', { timeout: 120_000 });
    const pausedAt = Number(await lab.getAttribute('data-step'));
    await page.reload();
    await expect(page.getByRole('button', { name: 'Resume the saved run' })).toBeEnabled({ timeout: 120_000 });
    const saved = Number(await lab.getAttribute('data-saved-step'));
    expect(saved).toBeGreaterThanOrEqual(pausedAt);
    await page.getByRole('button', { name: 'Resume the saved run' }).click();
    await expect(lab).toHaveAttribute('data-resumed-from', String(saved), { timeout: 120_000 });
    await expect(lab).toHaveAttribute('data-state', 'ended', { timeout: 600_000 });
    await expect(lab).toHaveAttribute('data-report', 'done', { timeout: 300_000 });
    await expect(page.locator('strong[data-test-accuracy]')).toContainText('on 100 test images');
    await expect(page.locator('svg[data-confusion] g.cell')).toHaveCount(100);
    await expect(page.locator('[data-per-class] tr')).toHaveCount(10);
    await expect(page.locator('[data-log]')).toContainText(/\[epoch \d+, batch \d+\]: running train cross entropy: .* \| validation accuracy: 0\.\d{3}/);
    await snapPage(page, 'test-results/labs-train.png');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /Download weights/ }).click();
    expect((await download).suggestedFilename()).toBe('resnet20-mine.safetensors');
    await page.getByRole('button', { name: 'Send to the block stepper' }).click();
    await page.getByRole('link', { name: 'Open the block stepper with your model' }).click();
    await expect(page.locator('block-stepper')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(page.getByRole('combobox', { name: 'Network' })).toHaveValue('mine');
    await expect(page.locator('svg[data-probs]')).toHaveAttribute('aria-label', /^Prediction: /);
    expect(errors).toEqual([]);
  });
});

test('the three lab pages have no serious accessibility violations once drawn', async ({ page }) => {
  test.setTimeout(300_000);
  for (const [path, ready] of [
    ['/labs/degradation', 'degradation-lab[data-state="idle"]'],
    ['/labs/block-stepper', 'block-stepper[data-state="ready"]'],
    ['/labs/train', 'train-lab [data-action="start"]:enabled'],
  ] as const) {
    await page.goto(path);
    await expect(page.locator(ready)).toBeVisible({ timeout: 120_000 });
    const axe = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${path} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
});
