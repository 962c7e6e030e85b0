import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { presetConfig } from '../../src/core/model/config.ts';
import { paramSpecs } from '../../src/core/model/params.ts';
import { Rng } from '../../src/core/random.ts';
import { writeSafetensors } from '../../src/lib/weights/safetensors.ts';

const DIR = 'test/fixtures/upload';
const RESNET56 = readFileSync(`${DIR}/resnet56.safetensors`);
const PYTORCH = JSON.parse(readFileSync(`${DIR}/resnet56-pytorch.json`, 'utf8')) as { test_acc_first_1000: number };
const PLAIN20 = readFileSync('public/models/plain20_sgd15.safetensors');
const LABEL56 = 'ResNet-56, projection shortcuts, 855,786 parameters';

const file = (name: string, buffer: Buffer | Uint8Array) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(buffer) });
const zeros = (name: string, shape: number[]) => ({ name, shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
const rng = Rng.fromSeed(5);

/** Every kind of file the upload must refuse, with what its message must say. */
const BAD: [ReturnType<typeof file>, RegExp][] = [
  [file('noise.bin', Uint8Array.from({ length: 4096 }, () => Math.floor(rng.next() * 256))), /is not a weights file the site can read: it is not safetensors/],
  [file('cut.safetensors', RESNET56.subarray(0, 1_000_000)), /"cut\.safetensors" is truncated/],
  [file('model.pt', readFileSync(`${DIR}/state-dict.pt`)), /is a zip archive, which is what torch\.save writes[\s\S]*save_file\(/],
  [file('legacy.pth', readFileSync(`${DIR}/legacy.pt`)), /is a Python pickle[\s\S]*from safetensors\.torch import save_file/],
  [file('resnet18.safetensors', writeSafetensors([zeros('conv1.weight', [64, 3, 7, 7]), zeros('layer1.0.conv1.weight', [64, 64, 3, 3]), zeros('layer4.1.conv2.weight', [512, 512, 3, 3]), zeros('fc.weight', [1000, 512]), zeros('fc.bias', [1000])])), /ImageNet ResNet state dict[\s\S]*not a CIFAR-10 net/],
  [{ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ format: 'layers-model', modelTopology: {}, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [] }] })) }, /is a TensorFlow\.js model\.json/],
  [file('short.safetensors', writeSafetensors(paramSpecs(presetConfig('resnet56')).filter((s) => s.torchKey !== 'body.20.b1.weight').map((s) => zeros(s.torchKey, [...s.torchShape])))), /looks like ResNet-56.*but the tensor body\.20\.b1\.weight is missing/],
];

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

async function upload(el: Locator, f: ReturnType<typeof file>): Promise<void> {
  await el.locator('input[data-file]').setInputFiles(f);
}

test.describe('weights upload', () => {
  test('evaluation chapter: a PyTorch ResNet-56 is recognised, every bad file is refused with its reason, and the kept model gives PyTorch\'s accuracy', async ({ page }) => {
    test.setTimeout(900_000);
    const errors = watchErrors(page);
    await page.goto('/evaluation');
    const figure = page.locator('confusion-matrix');
    const up = figure.locator('weights-upload');
    await expect(up).toHaveAttribute('data-ready', 'true');
    await upload(up, file('resnet56.safetensors', RESNET56));
    await expect(up.locator('[data-upload-status]')).toHaveText(`Recognised "resnet56.safetensors": ${LABEL56} (named in the file's metadata).`);
    await expect(figure.locator('select[data-model]')).toHaveValue('upload');
    for (const [bad, message] of BAD) {
      await upload(up, bad);
      await expect(up).toHaveAttribute('data-state', 'error');
      await expect(up.locator('[data-upload-error]')).toHaveText(message);
      await expect(up.locator('[data-upload-status]')).toHaveText(`Still using ${LABEL56} from "resnet56.safetensors".`);
    }
    await expect(figure.locator('select[data-model] option[value="upload"]')).toHaveText(`yours: ${LABEL56}`);
    await figure.locator('select[data-limit]').selectOption('1000');
    await figure.getByRole('button', { name: 'Evaluate in this browser' }).click();
    await expect(figure).toHaveAttribute('data-state', 'done', { timeout: 800_000 });
    await expect(figure).toHaveAttribute('data-evaluated', 'upload');
    const acc = Number(await figure.getAttribute('data-accuracy'));
    expect(Math.abs(acc - PYTORCH.test_acc_first_1000)).toBeLessThanOrEqual(0.002);
    await expect(figure.locator('figcaption')).toContainText(`your ${LABEL56}`);
    expect(errors).toEqual([]);
  });

  test('asks whether weights without projections are plain or option A, and says why', async ({ page }) => {
    await page.goto('/evaluation');
    const up = page.locator('confusion-matrix weights-upload');
    await expect(up).toHaveAttribute('data-ready', 'true');
    await upload(up, file('plain20.safetensors', PLAIN20));
    await expect(up).toHaveAttribute('data-state', 'choice');
    await expect(up.locator('[data-choice-reason]')).toContainText('fit a plain net as well as a residual net with identity + zero-padding shortcuts (option A)');
    await up.getByLabel('plain-20, no shortcuts, 269,738 parameters').check();
    await up.getByRole('button', { name: 'Use these weights' }).click();
    await expect(up.locator('[data-upload-status]')).toHaveText('Recognised "plain20.safetensors": plain-20, no shortcuts, 269,738 parameters (your choice).');
    await expect(page.locator('confusion-matrix select[data-model]')).toHaveValue('upload');
  });

  test('block stepper: an uploaded ResNet-56 lists its 27 blocks and steps through the last one', async ({ page }) => {
    test.setTimeout(300_000);
    const errors = watchErrors(page);
    await page.goto('/labs/block-stepper');
    const stepper = page.locator('block-stepper');
    await expect(stepper).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await upload(stepper.locator('weights-upload'), file('resnet56.safetensors', RESNET56));
    await expect(stepper).toHaveAttribute('data-blocks', '27', { timeout: 120_000 });
    await expect(stepper.locator('select[name="net"]')).toHaveValue('mine');
    await expect(stepper.locator('select[data-block] option')).toHaveCount(27);
    await expect(stepper.locator('svg[data-blocks] [data-block], svg[data-blocks] rect')).not.toHaveCount(0);
    for (const block of ['18', '26']) {
      await stepper.locator('select[data-block]').selectOption(block);
      await expect(stepper).toHaveAttribute('data-state', 'ready');
      await expect(stepper.locator('[data-stage-title]')).toHaveText(/^Stage 1 of 9 · x/);
    }
    await expect(stepper.locator('[data-blocks-caption]')).toHaveText('27 blocks: 3 stages of 9 (16 channels on 32×32, 32 channels on 16×16, 64 channels on 8×8).');
    const titles: string[] = [];
    for (let i = 0; i < 8; i++) {
      await stepper.getByRole('button', { name: 'Forward →' }).click();
      titles.push((await stepper.locator('[data-stage-title]').textContent()) ?? '');
    }
    expect(titles.at(-1)).toMatch(/^Stage 9 of 9 · ReLU\(F\(x\) \+ x\)/);
    await expect(stepper.getByRole('button', { name: 'Forward →' })).toBeDisabled();
    expect(new URL(page.url()).searchParams.get('block')).toBe('26');
    // A bad file leaves the stepper on ResNet-56.
    await upload(stepper.locator('weights-upload'), BAD[0]![0]);
    await expect(stepper.locator('weights-upload [data-upload-error]')).toBeVisible();
    await expect(stepper).toHaveAttribute('data-blocks', '27');
    expect(errors).toEqual([]);
  });

  test('a PyTorch run\'s curves.json overlays the train lab\'s and the race\'s charts; a bad one is refused', async ({ page }) => {
    const curves = { name: 'curves.json', mimeType: 'application/json', buffer: readFileSync(`${DIR}/pytorch-curves.json`) };
    await page.goto('/labs/train');
    const lab = page.locator('train-lab curves-file');
    await expect(lab).toHaveAttribute('data-ready', 'true');
    await lab.locator('input[data-file]').setInputFiles(curves);
    await expect(lab.locator('[data-curves-status]')).toContainText('Overlaid (dashed): resnet20, run in PyTorch, 6 training and 3 validation points');
    await expect(page.locator('svg[data-curve="train"]')).toContainText('loss, resnet20, run in PyTorch');
    await expect(page.locator('svg[data-curve="val"] path[stroke-dasharray]')).not.toHaveCount(0);
    await lab.locator('input[data-file]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"curves": {"train": [{"step": 1}], "val": []}}') });
    await expect(lab.locator('[data-curves-error]')).toHaveText(/"bad\.json" is not a run's curves: curves\.train\[0\]\.epoch is undefined, expected a number\./);
    await expect(lab.locator('[data-curves-status]')).toHaveText('Still showing resnet20, run in PyTorch.');
    await expect(page.locator('svg[data-curve="train"]')).toContainText('loss, resnet20, run in PyTorch');

    await page.goto('/labs/degradation');
    const race = page.locator('degradation-lab curves-file');
    await expect(race).toHaveAttribute('data-ready', 'true');
    await race.locator('input[data-file]').setInputFiles(curves);
    for (const panel of ['loss', 'error', 'accuracy']) await expect(page.locator(`svg[data-panel="${panel}"]`)).toContainText('resnet20, run in PyTorch');
  });

  test('train lab: uploaded weights become the next run\'s start', async ({ page }) => {
    await page.goto('/labs/train');
    const lab = page.locator('train-lab');
    const up = lab.locator('weights-upload');
    await expect(up).toHaveAttribute('data-ready', 'true');
    await upload(up, file('resnet56.safetensors', RESNET56));
    await expect(lab).toHaveAttribute('data-start-from', LABEL56);
    await expect(lab.locator('[data-start-from]')).toContainText(`continues from "resnet56.safetensors" (${LABEL56})`);
    await upload(up, BAD[2]![0]);
    await expect(lab).toHaveAttribute('data-start-from', LABEL56);
    await lab.getByRole('button', { name: 'Start from the initialisation instead' }).click();
    await expect(lab).toHaveAttribute('data-start-from', '');
  });
});
