import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { expect, test, type Locator } from '@playwright/test';
import { presetConfig } from '../../src/core/model/config.ts';
import { paramSpecs } from '../../src/core/model/params.ts';
import { Rng } from '../../src/core/random.ts';
import { writeSafetensors } from '../../src/lib/weights/safetensors.ts';
import { snapPage } from './snap.ts';
import { watchErrors } from './page-errors.ts';

const RESNET56 = readFileSync('test/fixtures/upload/resnet56.safetensors');
const LABEL56 = 'ResNet-56, projection shortcuts, 855,786 parameters';
const file = (name: string, buffer: Uint8Array) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(buffer) });
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** A ResNet-14 with projections (a depth the gradient-flow lab has no nets of): seeded small weights, unit BN variances. */
function resnet14(): Uint8Array {
  const rng = Rng.fromSeed(3);
  const config = { ...presetConfig('resnet20'), blocksPerStage: 2 };
  return writeSafetensors(paramSpecs(config).map((s) => {
    const size = s.torchShape.reduce((a, b) => a * b, 1);
    const fill = s.torchKey.endsWith('running_var') || /\.(b1|b2|1)\.weight$/.test(s.torchKey) ? () => 1 : s.torchKey.endsWith('running_mean') || s.torchKey.endsWith('bias') ? () => 0 : () => 0.2 * rng.normal();
    return { name: s.torchKey, shape: [...s.torchShape], data: Float32Array.from({ length: size }, fill) };
  }));
}

async function upload(lab: Locator, f: ReturnType<typeof file>): Promise<void> {
  await lab.locator('weights-upload input[data-file]').setInputFiles(f);
}

test.describe('the reader\'s weights in the gradient-flow and landscape labs', () => {
  test('gradient flow: an uploaded ResNet-56 keeps the picture shown, survives a bad file, and is measured beside plain-56 and ResNet-56', async ({ page }) => {
    test.setTimeout(300_000);
    const errors = watchErrors(page);
    await page.goto('/labs/gradient-flow?depth=20&images=4&seed=1');
    const lab = page.locator('gradient-flow-lab');
    // A picture to keep: the run that started on its own, stopped once it drew a net (or done, if it finished first:
    // on a quiet machine all four nets can come between two polls).
    await expect(lab).toHaveAttribute('data-nets', /^[1-9]\d*$/, { timeout: 200_000 });
    await lab.getByRole('button', { name: 'Stop' }).click({ timeout: 2_000 }).catch(() => undefined);
    await expect(lab).toHaveAttribute('data-state', /^(stopped|done)$/, { timeout: 60_000 });
    const shown = Number(await lab.getAttribute('data-nets'));
    const weights = lab.locator('svg[data-chart="weights"] path.series');
    await expect(weights).toHaveCount(shown);

    await upload(lab, file('resnet56.safetensors', RESNET56));
    await expect(lab.locator('weights-upload [data-upload-status]')).toHaveText(`Recognised "resnet56.safetensors": ${LABEL56} (named in the file's metadata).`);
    const box = lab.getByRole('checkbox', { name: /My model/ });
    await expect(box).toBeChecked();
    await expect(lab.locator('[data-my-model-name]')).toHaveText(`: ${LABEL56}`);
    await expect(page.getByLabel('Depth (6n+2)')).toHaveValue('56');
    await expect(lab.locator('[data-status]')).toHaveText(`${LABEL56} is now "my model": press Measure to include it.`);
    await expect(weights).toHaveCount(shown);

    await upload(lab, file('model.pt', readFileSync('test/fixtures/upload/state-dict.pt')));
    await expect(lab.locator('weights-upload [data-upload-error]')).toContainText('"model.pt" is a zip archive, which is what torch.save writes');
    await expect(lab.locator('weights-upload [data-upload-status]')).toHaveText(`Still using ${LABEL56} from "resnet56.safetensors".`);
    await expect(box).toBeChecked();
    await expect(weights).toHaveCount(shown);

    await lab.getByRole('button', { name: 'Measure', exact: true }).click();
    // Waits on what only this measurement draws (the reader's net): the three nets can all come between two polls, and
    // the page's attributes still hold the earlier run's values until the new run starts.
    await expect(lab.locator('[data-summary]')).toContainText('my model (ResNet-56): ‖dL/dW‖', { timeout: 120_000 });
    await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    console.log(`gradient flow, uploaded ResNet-56, 4 images: first net after ${await lab.getAttribute('data-first-seconds')} s (load ${load()})`);
    console.log(`gradient flow, uploaded ResNet-56 + plain-56 + ResNet-56 at init: ${await lab.getAttribute('data-seconds')} s (load ${load()})`);
    await expect(weights).toHaveCount(3);
    await expect(lab.locator('svg[data-chart="inputs"]')).toContainText('my model (ResNet-56)');
    await expect(lab.locator('[data-summary]')).toContainText('my model (ResNet-56): ‖dL/dW‖');
    await expect(lab.locator('[data-summary]')).toContainText('plain-56 at initialisation');
    await expect(lab.locator('[data-plan-note]')).toBeHidden();
    expect(new URL(page.url()).searchParams.get('depth')).toBe('56');
    expect(errors).toEqual([]);
  });

  test('gradient flow: a ResNet-14 (no lab nets of that depth) is measured alone, with a note saying why', async ({ page }) => {
    test.setTimeout(120_000);
    const errors = watchErrors(page);
    await page.goto('/labs/gradient-flow?depth=20&images=4&seed=1');
    const lab = page.locator('gradient-flow-lab');
    await upload(lab, file('resnet14.safetensors', resnet14()));
    await expect(lab.locator('[data-my-model-name]')).toHaveText(': ResNet-14, projection shortcuts, 175,274 parameters');
    await lab.getByRole('button', { name: 'Measure', exact: true }).click();
    await expect(lab.locator('[data-plan-note]')).toHaveText(/^Your model \(ResNet-14, projection shortcuts, 175,274 parameters\) is measured alone: it has 14 layers/);
    await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
    await expect(lab.locator('svg[data-chart="weights"] path.series')).toHaveCount(1);
    await expect(lab.locator('[data-summary]')).toHaveText(/^my model \(ResNet-14\): ‖dL\/dW‖ [\d.e+-]+ at the first conv/);
    expect(errors).toEqual([]);
  });

  test('landscape: the uploaded ResNet-56\'s slice comes coarse first beside the shipped pair, on the images it names, and stops on request', async ({ page }) => {
    test.setTimeout(180_000);
    const errors = watchErrors(page);
    await page.goto('/labs/landscape?grid=9&images=8&seed=2&span=1');
    const lab = page.locator('landscape-lab');
    await expect(lab).toHaveAttribute('data-state', 'shipped');
    const mineBox = lab.locator('.slice[data-net="mine"]');
    await expect(mineBox).toBeHidden();
    await upload(lab, file('resnet56.safetensors', RESNET56));
    await expect(lab.getByRole('checkbox', { name: /My model/ })).toBeChecked();
    await expect(lab.getByRole('checkbox', { name: /reference pair/ })).not.toBeChecked();
    await upload(lab, file('noise.bin', Uint8Array.from({ length: 256 }, (_, i) => (i * 37) % 256)));
    await expect(lab.locator('weights-upload [data-upload-error]')).toContainText('is not a weights file the site can read');
    await expect(lab.locator('[data-my-model-name]')).toHaveText(`: ${LABEL56}`);

    await lab.getByRole('button', { name: 'Compute in this browser' }).click();
    await expect(lab).toHaveAttribute('data-stride', '4', { timeout: 120_000 });
    console.log(`landscape, uploaded ResNet-56, 9x9 grid, 8 images: 3x3 level after ${await lab.getAttribute('data-first-seconds')} s (load ${load()})`);
    await expect(mineBox).toBeVisible();
    await expect(mineBox.locator('svg[data-view="surface"] g.quad')).toHaveCount(4);
    await expect(lab.locator('[data-mine-source]')).toContainText(`My model (${LABEL56}): computed in this browser on a 9×9 grid over [−1, 1]², seed 2; the loss is the mean cross-entropy over the first 8 images of CIFAR-10's training set`);
    // The shipped pair is still shown as it was.
    await expect(lab.locator('.slice[data-net="1"] svg[data-view="surface"] g.quad')).toHaveCount(24 * 24);
    await expect(lab.locator('[data-source]')).toContainText('Precomputed');
    await expect(lab.locator('[data-summary]')).toContainText('my model (ResNet-56): contour map');
    await lab.getByRole('button', { name: 'Stop' }).click();
    await expect(lab).toHaveAttribute('data-state', 'stopped', { timeout: 60_000 });
    await snapPage(page, 'test-results/probe-upload/landscape.png');
    expect(errors).toEqual([]);
  });

  test('one "my model" for every lab: uploaded on the layer-responses lab, it is offered (not ticked) on the gradient-flow and landscape labs', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/labs/layer-responses?n=250&nets=resnet20_sgd30');
    const why = page.locator('layer-responses');
    await upload(why, file('resnet56.safetensors', RESNET56));
    await expect(why.getByRole('checkbox', { name: /my model/ })).toBeChecked();
    await expect(why.locator('[data-my-model-name]')).toHaveText(`: ${LABEL56}`);
    await expect(why).toHaveAttribute('data-my-model', 'kept');
    for (const [path, tag] of [['/labs/gradient-flow?depth=20&images=4', 'gradient-flow-lab'], ['/labs/landscape', 'landscape-lab']] as const) {
      await page.goto(path);
      const lab = page.locator(tag);
      await expect(lab.locator('[data-my-model-name]')).toHaveText(`: ${LABEL56}`);
      await expect(lab.getByRole('checkbox', { name: /My model/ })).toBeEnabled();
      await expect(lab.getByRole('checkbox', { name: /My model/ })).not.toBeChecked();
      await expect(lab).toHaveAttribute('data-my-model', 'stored');
    }
    expect(errors).toEqual([]);
  });
});
