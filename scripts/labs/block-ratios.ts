/**
 * How big F(x) is against the shortcut in each block of the reference ResNet-20: median over channels of
 * ||F(x)_c|| / ||shortcut_c||, averaged over the first N test images. Checks what the block stepper's text claims.
 *   npx node scripts/labs/block-ratios.ts [N=20]
 */
import { readFile } from 'node:fs/promises';
import { setupBackend } from '../../src/lib/backend/index.ts';
import { loadCifar10Node } from '../lib/load-node.ts';
import { normalizeBatch } from '../../src/lib/data/normalize.ts';
import { blockTaps } from '../../src/lib/inspect/taps.ts';
import { createModel } from '../../src/lib/model/build.ts';
import { presetConfig } from '../../src/core/model/config.ts';
import { importTorchSafetensors } from '../../src/lib/weights/torch.ts';
import { channelNorms, medianRatio } from '../../src/viz/labs/bars.ts';

const n = Number(process.argv[2] ?? 20);
await setupBackend('wasm');
const { test } = await loadCifar10Node(undefined, { parts: ['test'] });
if (!test) throw new Error('No test images; run `npm run data`.');
const model = createModel(presetConfig('resnet20'));
importTorchSafetensors(model, await readFile('public/models/resnet20_sgd30.safetensors'));
const sums = new Array<number>(9).fill(0);
for (let i = 0; i < n; i++) {
  const x = normalizeBatch(test.images, [i]);
  for (let b = 0; b < 9; b++) {
    const taps = await blockTaps(model, x, b);
    const f = taps.find((t) => t.tap === 'bn2')!;
    const s = taps.find((t) => t.tap === 'shortcut')!;
    const shape = (t: typeof f) => t.shape.slice(1) as [number, number, number];
    sums[b]! += medianRatio({ residual: channelNorms(f.data, shape(f)), shortcut: channelNorms(s.data, shape(s)) }) ?? NaN;
  }
  x.dispose();
}
model.dispose();
console.log(`median over channels of |F(x)| / |shortcut|, mean over ${n} test images, ResNet-20 (PyTorch, 30 epochs):`);
sums.forEach((v, b) => console.log(`block ${b} (stage ${Math.floor(b / 3) + 1}.${b % 3}): ${(v / n).toFixed(2)}`));
