/**
 * Cross-framework parity: the PyTorch reference weights must give PyTorch's logits and test accuracy here
 * (values from ../shared/reference/README.md). Runs on the real CIFAR-10 test set, present after `npm run data`.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPartNode } from '../../../scripts/lib/load-node.ts';
import { normalizeBatch } from '../../../src/lib/data/normalize.ts';
import type { ImageSet } from '../../../src/core/data/types.ts';
import { evaluate } from '../../../src/lib/inspect/index.ts';
import { presetConfig } from '../../../src/core/model/index.ts';
import { createModel } from '../../../src/lib/model/index.ts';
import { importTorchSafetensors } from '../../../src/lib/weights/index.ts';
import { DATA_DIR, NODE_BACKENDS, hasData, useBackend } from '../model/helpers.ts';
import { checkManifest, publishedModel } from '../../../src/core/models/manifest.ts';
import { SAME_EXPERIMENT_IN_PYTORCH } from '../../../src/core/results.ts';
import manifestJson from '../../../src/data/models.json';

const REFERENCE = [
  {
    preset: 'resnet20', file: 'public/models/resnet20_sgd30.safetensors', accuracy: 0.8827,
    logits: [-0.2069, -2.7806, -1.1898, 11.3718, -4.1549, 3.8014, 1.8615, -1.8978, -0.4199, -5.4716],
  },
  {
    preset: 'plain20', file: 'public/models/plain20_sgd15.safetensors', accuracy: 0.7809,
    logits: [-2.0388, -1.537, -1.6423, 4.5303, -1.3357, 2.7187, 0.8304, -0.2666, -0.7225, -0.855],
  },
] as const;

let test: ImageSet;
const present = hasData();

beforeAll(async () => {
  if (present) test = await loadPartNode(DATA_DIR, 'test');
});

describe.skipIf(!present).each(NODE_BACKENDS)('reference weights on %s (needs `npm run data`)', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(REFERENCE)('$preset gives the PyTorch logits of test image 0 (a cat) within 1e-3', async (ref) => {
    expect(test.labels[0]).toBe(3);
    const m = createModel(presetConfig(ref.preset));
    importTorchSafetensors(m, readFileSync(ref.file));
    const x = normalizeBatch(test.images, [0]);
    const y = m.apply(x, { training: false });
    const got = Array.from(await y.data());
    got.forEach((v, i) => expect(Math.abs(v - ref.logits[i]!), `logit ${i}: ${v} vs ${ref.logits[i]}`).toBeLessThan(1e-3));
    [x, y, m].forEach((t) => t.dispose());
  });
});

// The full test set once, on WASM (the fast Node backend): 2 x 10,000 images.
describe.skipIf(!present)('reference test accuracy on the full CIFAR-10 test set (wasm)', () => {
  beforeAll(() => useBackend('wasm'));

  it.each(REFERENCE)('$preset reaches the PyTorch test accuracy $accuracy +- 0.001', async (ref) => {
    const m = createModel(presetConfig(ref.preset));
    importTorchSafetensors(m, readFileSync(ref.file));
    const r = await evaluate(m, test);
    m.dispose();
    expect(r.n).toBe(10_000);
    expect(Math.abs(r.accuracy - ref.accuracy)).toBeLessThanOrEqual(0.001);
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(r.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(Array(10).fill(1000));
  }, 300_000);
});

// The accuracies the site states for its own models and for FIDELITY.md's check of plain-20 (the same experiment
// trained by PyTorch fp32), from the weights committed for each.
describe.skipIf(!present)('recorded test accuracies of the site\'s own models and of the PyTorch fp32 check (wasm)', () => {
  beforeAll(() => useBackend('wasm'));
  const manifest = checkManifest(manifestJson);
  const checked = publishedModel(manifest, SAME_EXPERIMENT_IN_PYTORCH.model);
  const cases = [
    ...manifest.models.filter((m) => m.trainedBy === 'resnet-lab').map((m) => ({ name: m.id, preset: m.preset, file: `public${m.weights}`, stated: m.testAccuracy })),
    { name: 'PyTorch fp32 check', preset: checked.preset, file: 'reference-runs/plain20-paper15-torch/run/weights.safetensors', stated: SAME_EXPERIMENT_IN_PYTORCH.testAccuracy },
  ];

  it.each(cases)('$name: its weights give the stated $stated', async ({ preset, file, stated }) => {
    const m = createModel(presetConfig(preset));
    importTorchSafetensors(m, readFileSync(file));
    const r = await evaluate(m, test);
    m.dispose();
    expect(r.accuracy, file).toBeCloseTo(stated, 4);
  }, 300_000);
});
