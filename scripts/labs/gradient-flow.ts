/**
 * The gradient-flow lab's headline numbers: ||dL/dW|| of every 3x3 conv and ||dL/dx|| at every block input, plain
 * against residual, at the seeded initialisation (depths 20, 56, 110) and for the trained reference nets, on the
 * first N training images (no augmentation, BN with the batch's statistics as in training).
 *   npx node scripts/labs/gradient-flow.ts [N=128] [seed=1]
 * Prints JSON; src/core/labs/gradient-flow-record.ts holds the recorded run.
 */
import { readFile } from 'node:fs/promises';
import { setupBackend } from '../../src/lib/backend/index.ts';
import { loadCifar10Node } from '../lib/load-node.ts';
import { normalizeBatch } from '../../src/lib/data/normalize.ts';
import { gradientFlowOf } from '../../src/lib/inspect/gradient-flow.ts';
import { presetConfig } from '../../src/core/model/config.ts';
import { REFERENCE_MODELS } from '../../src/core/labs/reference-models.ts';

const n = Number(process.argv[2] ?? 128);
const seed = Number(process.argv[3] ?? 1);
await setupBackend('wasm');
const { train } = await loadCifar10Node(undefined, { parts: ['train'] });
if (!train) throw new Error('No training images; run `npm run data`.');
const idx = Array.from({ length: n }, (_, i) => i);
const x = normalizeBatch(train.images, idx);
const labels = train.labels.subarray(0, n);
const out: Record<string, { loss: number; firstConv: number; lastConv: number; firstInput: number; lastInput: number; convs: number[]; inputs: number[] }> = {};
const summarise = (f: Awaited<ReturnType<typeof gradientFlowOf>>) => ({
  loss: f.loss,
  firstConv: f.convs[0]!.norm,
  lastConv: f.convs.at(-1)!.norm,
  firstInput: f.inputs[0]!.norm,
  lastInput: f.inputs.at(-1)!.norm,
  convs: f.convs.map((c) => Number(c.norm.toPrecision(4))),
  inputs: f.inputs.map((c) => Number(c.norm.toPrecision(4))),
});
for (const depth of [20, 56, 110]) {
  for (const family of ['plain', 'resnet'] as const) {
    const t0 = performance.now();
    out[`${family}${depth}_init`] = summarise(await gradientFlowOf(presetConfig(`${family}${depth}`, { seed }), null, x, labels));
    console.error(`${family}${depth} init: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}
for (const m of REFERENCE_MODELS) {
  const bytes = await readFile(`public/models/${m.id}.safetensors`);
  out[m.id] = summarise(await gradientFlowOf(presetConfig(m.preset), bytes, x, labels));
}
x.dispose();
console.log(JSON.stringify({ images: n, seed, results: out }));
