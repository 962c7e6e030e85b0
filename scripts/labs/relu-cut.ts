/**
 * What the ReLU after the addition cuts in the reference ResNet-20: in each block, the share of the entries of
 * x + F(x) that are negative, which that ReLU sets to zero, and where its mask D therefore blocks the gradient of the
 * shortcut path too. Over the first N test images in one batch (BatchNorm in inference mode, as the site evaluates).
 *   npx node scripts/labs/relu-cut.ts [N=100]
 * Prints one line per block and the array that src/core/labs/relu-cut-record.ts records.
 */
import { readFile } from 'node:fs/promises';
import { setupBackend } from '../../src/lib/backend/index.ts';
import { loadCifar10Node } from '../lib/load-node.ts';
import { normalizeBatch } from '../../src/lib/data/normalize.ts';
import { blockTaps } from '../../src/lib/inspect/taps.ts';
import { createModel } from '../../src/lib/model/build.ts';
import { planBlocks, presetConfig } from '../../src/core/model/index.ts';
import { importTorchSafetensors } from '../../src/lib/weights/torch.ts';

const n = Number(process.argv[2] ?? 100);
if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new Error(`N is a number of test images, 1 to 10000; got ${process.argv[2]}.`);
await setupBackend('wasm');
const { test } = await loadCifar10Node(undefined, { parts: ['test'] });
if (!test) throw new Error('No test images; run `npm run data`.');
const config = presetConfig('resnet20');
const model = createModel(config);
importTorchSafetensors(model, await readFile('public/models/resnet20_sgd30.safetensors'));
const x = normalizeBatch(test.images, Array.from({ length: n }, (_, i) => i));
const shares: number[] = [];
try {
  for (let b = 0; b < planBlocks(config).length; b++) {
    const sum = (await blockTaps(model, x, b)).find((t) => t.tap === 'sum');
    if (!sum) throw new Error(`Block ${b} has no "sum" tap.`);
    let negative = 0;
    for (const v of sum.data) if (v < 0) negative++;
    shares.push(negative / sum.data.length);
    console.log(`block ${b} (stage ${Math.floor(b / 3) + 1}.${b % 3}): ${(100 * negative / sum.data.length).toFixed(1)}% of x + F(x) below zero`);
  }
} finally {
  x.dispose();
  model.dispose();
}
console.log(`ReLU-cut shares over ${n} test images: [${shares.map((s) => s.toFixed(3)).join(', ')}]`);
