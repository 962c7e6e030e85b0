/**
 * Milliseconds per training step of one racing net on the WASM backend, to size the degradation lab's defaults.
 *   npx node scripts/labs/step-cost.ts [width=8] [size=16] [batch=64] [opt=sgd] [n=1,3,9]
 */
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../src/lib/backend/index.ts';
import { createModel } from '../../src/lib/model/build.ts';
import { FlatOptimizer } from '../../src/lib/train/optimizers.ts';
import { trainStep } from '../../src/lib/train/step.ts';
import { readSettings } from '../../src/core/labs/settings.ts';
import { degradationTable } from '../../src/core/labs/degradation-settings.ts';
import { raceModelConfig, raceOptimizer } from '../../src/core/labs/race-config.ts';

const opt = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const { settings } = readSettings(degradationTable, new URLSearchParams({ width: opt.width ?? '8', size: opt.size ?? '16', batch: opt.batch ?? '64', opt: opt.opt ?? 'sgd' }).toString());
await setupBackend('wasm');
for (const n of (opt.n ?? '1,3,9').split(',').map(Number)) {
  for (const skips of ['none', 'all'] as const) {
    const model = createModel(raceModelConfig({ n, skips }, settings));
    const optimizer = new FlatOptimizer(raceOptimizer(settings), model.params);
    const x = tf.randomNormal([settings.batch, settings.size, settings.size, 3]) as tf.Tensor4D;
    const y = tf.tensor1d(Array.from({ length: settings.batch }, (_v, i) => i % 10), 'int32');
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      const r = trainStep(model, optimizer, x, y, 0.05);
      await r.loss.data();
      r.loss.dispose();
      r.wrong.dispose();
      if (i >= 2) times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`n=${n} (depth ${6 * n + 2}) ${skips === 'all' ? 'residual' : 'plain'} width ${settings.width} size ${settings.size} batch ${settings.batch}: median ${times[2]!.toFixed(0)} ms/step`);
    model.dispose();
    optimizer.dispose();
    x.dispose();
    y.dispose();
  }
}
