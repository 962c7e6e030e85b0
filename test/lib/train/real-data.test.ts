import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupBackend } from '../../../src/lib/backend/index.ts';
import { DEFAULT_DATA_DIR, loadCifar10Node } from '../../../scripts/lib/load-node.ts';
import { createModel } from '../../../src/lib/model/index.ts';
import { CIFAR10_NORMALISATION } from '../../../src/core/data/cifar10.ts';
import { trainingSplit } from '../../../src/lib/train/data.ts';
import { tutorialRecipe } from '../../../src/core/train/recipes.ts';
import { Trainer } from '../../../src/lib/train/trainer.ts';

const present = existsSync(`${DEFAULT_DATA_DIR}/data_batch_1.png`);

beforeAll(async () => {
  await setupBackend('wasm');
});

describe.skipIf(!present)('training on real CIFAR-10 (skipped when `npm run data` has not been run)', () => {
  it("the tutorial's optimizer drives the loss down on a small subset", async () => {
    const { train } = await loadCifar10Node(DEFAULT_DATA_DIR, { parts: ['train'] });
    const data = trainingSplit(train!, { seed: 0, limit: 64 });
    expect([data.train.count, data.val.count]).toEqual([64, 64]);
    const model = createModel({ blocksPerStage: 1, widths: [8, 16, 32], skips: 'all', shortcut: 'projection', stemBias: true, bnInference: 'running', numClasses: 10, inputSize: 32, inputChannels: 3, seed: 0 });
    // Memorising 64 images without augmentation: the loss must fall well below chance (ln 10 = 2.30).
    const recipe = { ...tutorialRecipe({ epochs: 10, batchSize: 32 }), augment: false, schedule: { kind: 'constant', lr: 0.01 } as const };
    const t = Trainer.start(model, data, { recipe, seed: 0, logEvery: 4, normalisation: CIFAR10_NORMALISATION, valBatchSize: 64 });
    try {
      expect(await t.run()).toBe('completed');
      const losses = t.curves.train.map((p) => p.loss);
      expect(losses[0]).toBeGreaterThan(1.9);
      expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.6);
    } finally {
      t.dispose();
      model.dispose();
    }
  });
});
if (!present) console.warn(`Skipped the real-data training test: ${DEFAULT_DATA_DIR} has no CIFAR-10; run \`npm run data\`.`);
